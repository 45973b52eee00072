import type { MagnitudeHistogram } from '../change/summary';
import { binUpperEdge, thresholdOtsu } from './otsu';

/**
 * Kittler–Illingworth minimum error threshold: models the histogram as a mixture of two normal
 * classes and picks the split t minimising
 *   J(t) = 1 + 2[P₁ ln σ₁ + P₂ ln σ₂] − 2[P₁ ln P₁ + P₂ ln P₂],
 * with the class priors P, means and standard deviations σ taken over bin centres.
 *
 * Kittler, J. & Illingworth, J. (1986). Minimum error thresholding. Pattern Recognition 19(1),
 * 41–47. doi:10.1016/0031-3203(86)90030-0
 *
 * @param h magnitude histogram of the valid pixels (nodata is already left out of it).
 * @returns the UPPER edge of the last "no change" bin in magnitude units, so change =
 *   magnitude > threshold, the same rule as {@link thresholdOtsu}; ties resolve to the lowest split.
 *
 * Splits that leave a class empty or with zero variance (all its pixels in one bin) are skipped:
 * ln σ is −∞ there and J has no meaning. When no split is left — fewer than four occupied bins,
 * e.g. a constant image — this falls back to Otsu, which gives the histogram maximum for a single
 * occupied bin and its own split otherwise.
 * No valid pixel → null. J is invariant to the affine map from bin index to magnitude, so bin
 * indices stand in for centres.
 */
export function thresholdKittlerIllingworth(h: MagnitudeHistogram): number | null {
  const bins = h.counts.length;
  let total = 0;
  let sumAll = 0;
  let sqAll = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < bins; i++) {
    const c = h.counts[i];
    if (c === 0) continue;
    if (first < 0) first = i;
    last = i;
    total += c;
    sumAll += i * c;
    sqAll += i * i * c;
  }
  if (total === 0) return null;
  let n1 = 0;
  let sum1 = 0;
  let sq1 = 0;
  let lastLow = -1;
  let best = -1;
  let bestJ = Infinity;
  for (let k = first; k < last; k++) {
    const c = h.counts[k];
    n1 += c;
    sum1 += k * c;
    sq1 += k * k * c;
    if (c > 0) lastLow = k;
    // Zero-variance classes: the low class holds only bin `first`, or the high class only `last`.
    if (lastLow === first || h.counts[last] === total - n1) continue;
    const n2 = total - n1;
    const var1 = sq1 / n1 - (sum1 / n1) ** 2;
    const var2 = (sqAll - sq1) / n2 - ((sumAll - sum1) / n2) ** 2;
    const p1 = n1 / total;
    const p2 = n2 / total;
    const j = 1 + p1 * Math.log(var1) + p2 * Math.log(var2) - 2 * (p1 * Math.log(p1) + p2 * Math.log(p2));
    if (j < bestJ) {
      bestJ = j;
      best = k;
    }
  }
  if (best < 0) return thresholdOtsu(h);
  return binUpperEdge(h, best);
}
