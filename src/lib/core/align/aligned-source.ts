/**
 * *After* presented on *before*'s pixel grid: a RasterSource whose rows are after resampled
 * through a pixel mapping, so every method, threshold, cleaning step and export works on an
 * aligned pair unchanged. Strip by strip: for each requested block of rows only the after rows
 * that cover its footprint are read; when a footprint spans too many after rows (a strong
 * rotation of a wide image) the block is split into column blocks, so memory stays bounded.
 */
import { throwIfAborted, type RasterInfo, type RasterSource } from '../raster';
import { STRIP_PIXELS } from '../windows';
import { mapRows, type PixelMapping } from './mapping';
import { KERNEL_REACH, resample, type Resampling } from './resample';

/** Most after pixels (per band) read at once for one block of output rows. */
export const AFTER_WINDOW_PIXELS = 4 * STRIP_PIXELS;
/** Column blocks are not split below this width. */
const MIN_BLOCK_WIDTH = 64;

export interface AlignedSource extends RasterSource {
  readonly mapping: PixelMapping;
  readonly resampling: Resampling;
  readonly original: RasterSource;
}

/**
 * `after` resampled onto the grid of `grid` (before's info: size and georeferencing) through
 * `mapping` (before pixel → after pixel). Pixels outside after, or touching its nodata, are NaN.
 */
export function alignedSource(grid: RasterInfo, after: RasterSource, mapping: PixelMapping, resampling: Resampling): AlignedSource {
  const width = grid.width;
  const info: RasterInfo = { ...after.info, width, height: grid.height, geo: grid.geo, blockHeight: grid.blockHeight };
  const reach = KERNEL_REACH[resampling];
  const aw = after.info.width;
  const ah = after.info.height;

  async function readBlock(u: Float64Array, v: Float64Array, n: number, bands: readonly number[], out: Float32Array[], signal?: AbortSignal) {
    let vmin = Infinity;
    let vmax = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = u[i];
      const y = v[i];
      if (x >= 0 && x < aw && y >= 0 && y < ah) {
        if (y < vmin) vmin = y;
        if (y > vmax) vmax = y;
      }
    }
    if (vmin > vmax) {
      for (const band of out) band.fill(NaN, 0, n);
      return;
    }
    const r0 = Math.max(0, Math.floor(vmin - 0.5) - reach);
    const r1 = Math.min(ah - 1, Math.floor(vmax - 0.5) + reach + 1);
    throwIfAborted(signal);
    const rows = await after.readRows(r0, r1 - r0 + 1, bands, signal);
    resample({ y0: r0, rows: r1 - r0 + 1, width: aw, height: ah, bands: rows }, u, v, n, resampling, out);
  }

  /** After's rows a column block's points span (an estimate from its corners' rows). */
  function span(u: Float64Array, v: Float64Array, rows: number, c0: number, c1: number): number {
    let lo = Infinity;
    let hi = -Infinity;
    for (let r = 0; r < rows; r++) {
      for (let c = c0; c < c1; c++) {
        const y = v[r * width + c];
        if (y >= -reach && y < ah + reach && u[r * width + c] >= 0 && u[r * width + c] < aw) {
          if (y < lo) lo = y;
          if (y > hi) hi = y;
        }
      }
    }
    return hi >= lo ? Math.min(ah, hi - lo + 2 * reach + 2) : 0;
  }

  return {
    info,
    mapping,
    resampling,
    original: after,
    async readRows(y0, rows, bands, signal) {
      if (y0 < 0 || rows < 1 || y0 + rows > grid.height) throw new RangeError(`rows ${y0}+${rows} are outside ${width}×${grid.height}`);
      throwIfAborted(signal);
      const n = rows * width;
      const u = new Float64Array(n);
      const v = new Float64Array(n);
      mapRows(mapping, y0, rows, width, u, v);
      const out = bands.map(() => new Float32Array(n));
      const blocks: [number, number][] = [];
      const split = (c0: number, c1: number) => {
        if (c1 - c0 > MIN_BLOCK_WIDTH && span(u, v, rows, c0, c1) * aw > AFTER_WINDOW_PIXELS) {
          const mid = (c0 + c1) >> 1;
          split(c0, mid);
          split(mid, c1);
        } else blocks.push([c0, c1]);
      };
      split(0, width);
      if (blocks.length === 1) {
        await readBlock(u, v, n, bands, out, signal);
        return out;
      }
      for (const [c0, c1] of blocks) {
        const bw = c1 - c0;
        const bu = new Float64Array(rows * bw);
        const bv = new Float64Array(rows * bw);
        for (let r = 0; r < rows; r++) {
          bu.set(u.subarray(r * width + c0, r * width + c1), r * bw);
          bv.set(v.subarray(r * width + c0, r * width + c1), r * bw);
        }
        const part = bands.map(() => new Float32Array(rows * bw));
        await readBlock(bu, bv, rows * bw, bands, part, signal);
        for (let b = 0; b < bands.length; b++) {
          for (let r = 0; r < rows; r++) out[b].set(part[b].subarray(r * bw, (r + 1) * bw), r * width + c0);
        }
      }
      return out;
    }
  };
}
