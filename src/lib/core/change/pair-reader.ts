import { throwIfAborted, type RasterSource, type RunContext } from '../raster';
import { stripRows, strips, type Strip } from '../windows';

/** One strip of a co-registered pair: selected bands of both images, with halo rows around it. */
export interface PairStrip {
  width: number;
  /** First core row and number of core rows (the rows this strip is responsible for). */
  y0: number;
  rows: number;
  /** Rows of context included above and below the core rows (fewer at the image edges). */
  haloTop: number;
  haloBottom: number;
  /** One array per selected band, (haloTop + rows + haloBottom) · width values, NaN = nodata. */
  a: Float32Array[];
  b: Float32Array[];
}

/**
 * A per-strip step applied before any method sees the pixels (speckle prefilter, normalization).
 * It consumes `halo` rows of context on each side and returns the strip with that much less halo.
 */
export interface StripPreparation {
  halo: number;
  /** True when `apply` changes the pixels in place (the cache then hands out copies). */
  inPlace: boolean;
  apply(strip: PairStrip): PairStrip;
}

export interface PassOptions {
  /** Progress stage name of this pass. */
  stage: string;
  /** Rows of context a neighbourhood operation needs on each side of a strip. */
  halo?: number;
}

/**
 * Decoded pixels of both images kept in memory when they fit this budget, so methods with many
 * passes (IR-MAD iterations, normalization statistics) decode each file once. Larger images are
 * decoded again on every pass and memory stays bounded by one strip.
 */
export const PAIR_CACHE_BYTES = 512 * 2 ** 20;

/**
 * Reads a before/after pair strip by strip, as many times as a method needs (global statistics
 * first, then the per-pixel pass), so memory stays bounded by one strip of both images (or by
 * PAIR_CACHE_BYTES for a pair small enough to keep decoded).
 */
export class PairReader {
  readonly width: number;
  readonly height: number;
  readonly rows: number;
  /** Milliseconds spent reading (decoding) so far, over all passes. */
  readMs = 0;
  /** Steps applied, in order, to every strip of every later pass. */
  readonly preparations: StripPreparation[] = [];
  private readonly zeroBased: number[];
  private cache: { a: Float32Array[]; b: Float32Array[] } | null = null;
  private cacheable = false;

  constructor(
    readonly before: RasterSource,
    readonly after: RasterSource,
    /** 1-based band numbers. */
    readonly bands: readonly number[],
    private readonly ctx: RunContext = {}
  ) {
    this.width = before.info.width;
    this.height = before.info.height;
    this.rows = stripRows(this.width, this.height, before.info.blockHeight);
    this.zeroBased = bands.map((b) => b - 1);
  }

  /**
   * Keeps the decoded pair in memory from the first pass on, when it fits PAIR_CACHE_BYTES: for
   * analyses that read the pair more than once. A single pass never needs it.
   */
  keepDecoded(): void {
    this.cacheable = 2 * this.bands.length * this.width * this.height * 4 <= PAIR_CACHE_BYTES;
  }

  /** Rows [y, y + n) of the selected bands of both images, from the cache or decoded. */
  private async read(y: number, n: number): Promise<{ a: Float32Array[]; b: Float32Array[] }> {
    const decode = () => Promise.all([this.before.readRows(y, n, this.zeroBased, this.ctx.signal), this.after.readRows(y, n, this.zeroBased, this.ctx.signal)]);
    if (!this.cacheable) {
      const [a, b] = await decode();
      return { a, b };
    }
    if (!this.cache) this.cache = await this.fill();
    // Views, or copies when a preparation (z-score) works in place and would touch the cache.
    const copy = this.preparations.some((p) => p.inPlace);
    const rows = (bands: Float32Array[]) =>
      bands.map((band) => (copy ? band.slice(y * this.width, (y + n) * this.width) : band.subarray(y * this.width, (y + n) * this.width)));
    return { a: rows(this.cache.a), b: rows(this.cache.b) };
  }

  private async fill(): Promise<{ a: Float32Array[]; b: Float32Array[] }> {
    const size = this.width * this.height;
    const a = this.bands.map(() => new Float32Array(size));
    const b = this.bands.map(() => new Float32Array(size));
    for (const s of strips(this.height, this.rows)) {
      throwIfAborted(this.ctx.signal);
      const [sa, sb] = await Promise.all([
        this.before.readRows(s.y0, s.rows, this.zeroBased, this.ctx.signal),
        this.after.readRows(s.y0, s.rows, this.zeroBased, this.ctx.signal)
      ]);
      sa.forEach((band, i) => a[i].set(band, s.y0 * this.width));
      sb.forEach((band, i) => b[i].set(band, s.y0 * this.width));
      this.ctx.onProgress?.({ stage: 'read', done: s.y0 + s.rows, total: this.height });
    }
    return { a, b };
  }

  /**
   * Visits every strip in order. The next strip is already being read while `visit` works on the
   * current one, so decoding (inflate runs off the main thread) overlaps computing; at most two
   * strips are held at once.
   */
  async pass(visit: (s: PairStrip) => void | Promise<void>, opts: PassOptions): Promise<void> {
    const halo = (opts.halo ?? 0) + this.preparations.reduce((h, p) => h + p.halo, 0);
    const list = [...strips(this.height, this.rows)];
    const readStrip = (s: Strip): Promise<PairStrip> => {
      const top = Math.min(halo, s.y0);
      const bottom = Math.min(halo, this.height - s.y0 - s.rows);
      return this.read(s.y0 - top, top + s.rows + bottom).then(({ a, b }) => ({
        width: this.width,
        y0: s.y0,
        rows: s.rows,
        haloTop: top,
        haloBottom: bottom,
        a,
        b
      }));
    };
    let next: Promise<PairStrip> | null = list.length > 0 ? readStrip(list[0]) : null;
    try {
      for (let k = 0; k < list.length; k++) {
        throwIfAborted(this.ctx.signal);
        const t0 = performance.now();
        let strip = await next!;
        this.readMs += performance.now() - t0;
        next = k + 1 < list.length ? readStrip(list[k + 1]) : null;
        for (const p of this.preparations) strip = p.apply(strip);
        await visit(strip);
        this.ctx.onProgress?.({ stage: opts.stage, done: list[k].y0 + list[k].rows, total: this.height });
      }
    } finally {
      // A read still in flight when a visit fails or the run is cancelled must not go unhandled.
      next?.catch(() => undefined);
    }
  }
}
