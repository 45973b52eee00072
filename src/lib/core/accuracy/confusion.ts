import { MASK_NODATA } from '../export';

/** The 2 × 2 confusion matrix of a change mask against a reference, in pixels. */
export interface Confusion {
  /** Change in the mask and in the truth. */
  tp: number;
  /** Change in the mask, no change in the truth (false alarm). */
  fp: number;
  /** No change in the mask, change in the truth (missed change). */
  fn: number;
  /** No change in both. */
  tn: number;
}

export function emptyConfusion(): Confusion {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

/**
 * Adds the pixels of one window to `acc` (in place). All arrays cover the same pixels.
 *
 * @param mask the change mask: 1 change, 0 no change; 255 or NaN (nodata) is not scored. Any other
 *   value throws a RangeError: a mask holding it was not written as a change mask.
 * @param truth the reference: any value > 0 is change; NaN (nodata) is not scored; ≤ 0 is no change
 *   when the truth is complete (`unchanged` null).
 * @param unchanged for PARTIAL truth, as benchmarks publish it (a changed mask and a separate
 *   unchanged mask): a pixel is no change only where unchanged > 0; a pixel in neither is not
 *   scored, and a pixel in both counts as change. Null for complete truth.
 */
export function accumulateConfusion(acc: Confusion, mask: Float32Array, truth: Float32Array, unchanged: Float32Array | null): void {
  let { tp, fp, fn, tn } = acc;
  for (let i = 0; i < mask.length; i++) {
    const m = mask[i];
    if (Number.isNaN(m) || m === MASK_NODATA) continue;
    if (m !== 0 && m !== 1) throw new RangeError(`mask value ${m} is neither 0 (no change), 1 (change) nor ${MASK_NODATA} (nodata)`);
    const t = truth[i];
    if (Number.isNaN(t)) continue;
    const changed = t > 0;
    if (!changed && unchanged !== null && !(unchanged[i] > 0)) continue;
    if (m === 1) {
      if (changed) tp++;
      else fp++;
    } else if (changed) fn++;
    else tn++;
  }
  Object.assign(acc, { tp, fp, fn, tn });
}
