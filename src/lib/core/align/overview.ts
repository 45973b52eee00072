/**
 * Single-band views of a source for co-registration: the mean of its bands, block-averaged by an
 * integer factor (read strip by strip, so memory is the overview plus one strip), or a window at
 * full resolution. NaN (nodata in any band) is kept as NaN.
 */
import { throwIfAborted, type RasterSource } from '../raster';
import { stripRows, strips } from '../windows';

export interface Gray {
  data: Float32Array;
  width: number;
  height: number;
}

/** Mean over bands per pixel; NaN where any band is NaN. */
export function bandMean(bands: Float32Array[], n: number, out = new Float32Array(n)): Float32Array {
  out.fill(0, 0, n);
  for (const band of bands) for (let i = 0; i < n; i++) out[i] += band[i];
  const k = 1 / bands.length;
  for (let i = 0; i < n; i++) out[i] *= k;
  return out;
}

/**
 * The band mean of `source`, averaged over `factor` × `factor` blocks (the last partial block of
 * each row and column is dropped). A block with any NaN pixel is NaN.
 */
export async function overview(source: RasterSource, factor: number, signal?: AbortSignal): Promise<Gray> {
  const { width, height, bands } = source.info;
  const ow = Math.max(1, Math.floor(width / factor));
  const oh = Math.max(1, Math.floor(height / factor));
  const data = new Float32Array(ow * oh);
  const all = Array.from({ length: bands }, (_, b) => b);
  let rows = stripRows(width, height, source.info.blockHeight);
  rows = Math.max(factor, rows - (rows % factor));
  for (const { y0, rows: n } of strips(Math.min(height, oh * factor), rows)) {
    throwIfAborted(signal);
    const mean = bandMean(await source.readRows(y0, n, all, signal), n * width);
    for (let r = 0; r < n; r++) {
      const orow = Math.floor((y0 + r) / factor);
      for (let c = 0; c < ow * factor; c++) data[orow * ow + Math.floor(c / factor)] += mean[r * width + c];
    }
  }
  const k = 1 / (factor * factor);
  for (let i = 0; i < data.length; i++) data[i] *= k;
  return { data, width: ow, height: oh };
}

/** Columns [x0, x0 + w) of rows read from a source, as one band-mean image. */
export function cropColumns(rows: Float32Array[], width: number, height: number, x0: number, w: number): Gray {
  const mean = bandMean(rows, width * height);
  const data = new Float32Array(w * height);
  for (let r = 0; r < height; r++) data.set(mean.subarray(r * width + x0, r * width + x0 + w), r * w);
  return { data, width: w, height };
}
