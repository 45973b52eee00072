import type { Kernels } from '../../wasm/types';
import { cleanMask } from '../clean/clean';
import { mmuPixels, type CleanStep } from '../clean/spec';
import { removeSmallObjects } from '../objects/label';
import { throwIfAborted, type RunContext } from '../raster';
import type { BandStore } from '../store';
import { stripRows, strips } from '../windows';

export interface MaskStores {
  magnitude: BandStore<Float32Array>;
  /** The final (cleaned) change mask. */
  mask: BandStore<Uint8Array>;
}

/**
 * Thresholds the magnitude into the change mask — 1 where magnitude > t, 0 otherwise, 255 for
 * nodata; t = null (no valid pixel) marks nothing — then cleans it in place. Returns the number of
 * changed pixels before and after cleaning. Used for a run and for every move of the threshold.
 */
export async function classify(
  stores: MaskStores,
  t: number | null,
  clean: readonly CleanStep[],
  pixelAreaM2: number | null,
  kernels: Kernels,
  ctx: RunContext = {}
): Promise<{ thresholded: number; changed: number }> {
  const { width, height } = stores.magnitude;
  const rows = stripRows(width, height);
  const buf = new Float32Array(rows * width);
  const mask = new Uint8Array(rows * width);
  let thresholded = 0;
  for (const s of strips(height, rows)) {
    throwIfAborted(ctx.signal);
    const n = s.rows * width;
    const data = await stores.magnitude.read(s.y0, s.rows, buf.subarray(0, n));
    const m = mask.subarray(0, n);
    thresholded += kernels.threshold(m, data, t ?? Infinity);
    await stores.mask.write(s.y0, m);
    ctx.onProgress?.({ stage: 'threshold', done: s.y0 + s.rows, total: height });
  }
  if (clean.length === 0) return { thresholded, changed: thresholded };
  const changed = await cleanMask(stores.mask, stores.mask, clean, kernels, ctx, {
    applyMmu: async (store, step) => {
      await removeSmallObjects(store, store, mmuPixels(step, pixelAreaM2), ctx);
      return countChanged(store, ctx);
    }
  });
  return { thresholded, changed };
}

/** Number of change (1) pixels in a mask. */
export async function countChanged(mask: BandStore<Uint8Array>, ctx: RunContext = {}): Promise<number> {
  const rows = stripRows(mask.width, mask.height);
  const buf = new Uint8Array(rows * mask.width);
  let n = 0;
  for (const s of strips(mask.height, rows)) {
    throwIfAborted(ctx.signal);
    const m = await mask.read(s.y0, s.rows, buf.subarray(0, s.rows * mask.width));
    for (let i = 0; i < m.length; i++) if (m[i] === 1) n++;
  }
  return n;
}
