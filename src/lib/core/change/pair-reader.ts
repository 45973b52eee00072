import { throwIfAborted, type RasterSource, type RunContext } from '../raster';
import { stripRows, strips } from '../windows';

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
  apply(strip: PairStrip): PairStrip;
}

export interface PassOptions {
  /** Progress stage name of this pass. */
  stage: string;
  /** Rows of context a neighbourhood operation needs on each side of a strip. */
  halo?: number;
}

/**
 * Reads a before/after pair strip by strip, as many times as a method needs (global statistics
 * first, then the per-pixel pass), so memory stays bounded by one strip of both images.
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

  async pass(visit: (s: PairStrip) => void | Promise<void>, opts: PassOptions): Promise<void> {
    const halo = (opts.halo ?? 0) + this.preparations.reduce((h, p) => h + p.halo, 0);
    for (const s of strips(this.height, this.rows)) {
      throwIfAborted(this.ctx.signal);
      const top = Math.min(halo, s.y0);
      const bottom = Math.min(halo, this.height - s.y0 - s.rows);
      const y = s.y0 - top;
      const n = top + s.rows + bottom;
      const t0 = performance.now();
      const [a, b] = await Promise.all([
        this.before.readRows(y, n, this.zeroBased, this.ctx.signal),
        this.after.readRows(y, n, this.zeroBased, this.ctx.signal)
      ]);
      this.readMs += performance.now() - t0;
      let strip: PairStrip = { width: this.width, y0: s.y0, rows: s.rows, haloTop: top, haloBottom: bottom, a, b };
      for (const p of this.preparations) strip = p.apply(strip);
      await visit(strip);
      this.ctx.onProgress?.({ stage: opts.stage, done: s.y0 + s.rows, total: this.height });
    }
  }
}
