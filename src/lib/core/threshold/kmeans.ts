import type { MagnitudeHistogram } from '../change/summary';
import { binUpperEdge } from './otsu';

/**
 * Two-class k-means (Lloyd's algorithm) on the magnitude histogram: each bin, weighted by its
 * count, goes to the nearer of two means (ties to the low one); the means are recomputed; repeat
 * until the assignment no longer changes. The means start at the centres of the lowest and the
 * highest occupied bin (for a histogram spanning [min, max] of the data, the first and last bin).
 *
 * Lloyd, S. P. (1982). Least squares quantization in PCM. IEEE Trans. Inf. Theory 28(2),
 * 129–137. doi:10.1109/TIT.1982.1056489
 *
 * @param h magnitude histogram of the valid pixels (nodata is already left out of it).
 * @returns the UPPER edge of the last occupied bin of the low cluster in magnitude units, so
 *   change = magnitude > threshold, the same rule as Otsu.
 *
 * In one dimension the clusters are the bins either side of the midpoint of the two means, and
 * both stay non-empty once the means differ. A single occupied bin puts every pixel in the low
 * cluster, so the threshold is that bin's upper edge and nothing is marked (the maximum for a
 * constant image). No valid pixel → null. Bin indices stand in for centres: the assignment is
 * invariant to the affine map to magnitude units.
 */
export function thresholdKMeans(h: MagnitudeHistogram): number | null {
  const bins = h.counts.length;
  let first = -1;
  let last = -1;
  for (let i = 0; i < bins; i++) {
    if (h.counts[i] === 0) continue;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return null;
  let low = first;
  let high = last;
  let split = -1;
  // Each change of the split lowers the within-cluster sum of squares, so the loop ends; the
  // bound only stops a round-off cycle between two near-equal splits.
  for (let iter = 0; iter < bins; iter++) {
    const mid = (low + high) / 2;
    let next = first;
    for (let i = first; i <= last && i <= mid; i++) if (h.counts[i] > 0) next = i;
    if (next === split) break;
    split = next;
    low = meanIndex(h.counts, first, split);
    if (split < last) high = meanIndex(h.counts, split + 1, last);
  }
  return binUpperEdge(h, split);
}

/** Count-weighted mean bin index over bins [from, to]. */
function meanIndex(counts: Uint32Array, from: number, to: number): number {
  let n = 0;
  let s = 0;
  for (let i = from; i <= to; i++) {
    n += counts[i];
    s += i * counts[i];
  }
  return s / n;
}
