import { throwIfAborted, type RasterInfo, type RasterSource, type RunContext } from '../raster';
import { stripRows, strips } from '../windows';
import { decimatedSize, decimationFactor, type RenderedImage } from './image';
import { DEFAULT_STRETCH, stretchByte, stretchRange, type Stretch, type StretchRange } from './stretch';

export interface PreviewOptions extends RunContext {
  /** Longest side of the result in pixels. */
  maxSize: number;
  /** 0-based bands: three for red, green, blue, or one for grey. */
  bands: readonly number[];
  /** How the block means are stretched to 0–255 (default: 2–98 %). */
  stretch?: Stretch;
}

export interface PreviewImage extends RenderedImage {
  bands: number[];
  /** Per displayed band, the stretch's range in data units (null: no valid value). */
  stretch: (StretchRange | null)[];
  /** Source pixels per displayed pixel, along each axis. */
  factor: number;
}

const NAMED_RGB = [/^(red|r)$/i, /^(green|g)$/i, /^(blue|b)$/i];

/** Bands shown by default: the named red/green/blue bands, else the first three, else the first. */
export function defaultDisplayBands(info: RasterInfo): number[] {
  const named = NAMED_RGB.map((re) => info.bandNames.findIndex((n) => n !== null && re.test(n.trim())));
  if (named.every((i) => i >= 0)) return named;
  return info.bands >= 3 ? [0, 1, 2] : [0];
}

/**
 * A display image of a raster: block-averaged (integer factor, so it reads every pixel once, strip
 * by strip, in bounded memory) to ≤ maxSize, then stretched per band from 2 % to 98 % of the
 * decimated values (or the stretch asked for, from a histogram of them). Blocks without a valid
 * pixel are transparent.
 */
export async function renderPreview(source: RasterSource, opts: PreviewOptions): Promise<PreviewImage> {
  const { width: W, height: H } = source.info;
  const bands = [...opts.bands];
  const nb = bands.length;
  const f = decimationFactor(W, H, opts.maxSize);
  const { width: w, height: h } = decimatedSize(W, H, f);
  const outX = new Int32Array(W);
  for (let x = 0; x < W; x++) outX[x] = Math.floor(x / f);

  // Band-sequential block means; a row of sums is flushed whenever the output row advances.
  const means = new Float32Array(w * h * nb).fill(NaN);
  const sum = new Float64Array(w * nb);
  const cnt = new Uint32Array(w * nb);
  let oy = 0;
  const flush = () => {
    for (let b = 0; b < nb; b++) {
      const dst = b * w * h + oy * w;
      for (let x = 0; x < w; x++) {
        const c = cnt[b * w + x];
        if (c > 0) means[dst + x] = sum[b * w + x] / c;
      }
    }
    sum.fill(0);
    cnt.fill(0);
  };

  const rows = stripRows(W, H, source.info.blockHeight);
  for (const s of strips(H, rows)) {
    throwIfAborted(opts.signal);
    const data = await source.readRows(s.y0, s.rows, bands, opts.signal);
    for (let r = 0; r < s.rows; r++) {
      const y = s.y0 + r;
      if (Math.floor(y / f) !== oy) {
        flush();
        oy = Math.floor(y / f);
      }
      for (let b = 0; b < nb; b++) {
        const src = data[b];
        const off = r * W;
        const base = b * w;
        for (let x = 0; x < W; x++) {
          const v = src[off + x];
          if (v === v) {
            sum[base + outX[x]] += v;
            cnt[base + outX[x]]++;
          }
        }
      }
    }
    opts.onProgress?.({ stage: 'preview', done: s.y0 + s.rows, total: H });
  }
  flush();

  const stretch = bands.map((_, b) => stretchRange(means.subarray(b * w * h, (b + 1) * w * h), opts.stretch ?? DEFAULT_STRETCH));
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    let valid = true;
    for (let c = 0; c < 3; c++) {
      const b = nb === 1 ? 0 : c;
      const v = means[b * w * h + i];
      const range = stretch[b];
      if (v !== v || !range) {
        valid = false;
        break;
      }
      rgba[i * 4 + c] = stretchByte(v, range);
    }
    rgba[i * 4 + 3] = valid ? 255 : 0;
  }
  return { width: w, height: h, rgba, bands, stretch, factor: f };
}
