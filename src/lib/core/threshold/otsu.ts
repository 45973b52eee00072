import type { MagnitudeHistogram } from '../change/summary';

/**
 * Otsu's threshold: the split of the histogram that maximises the between-class variance
 * w₀·w₁·(μ₀ − μ₁)², with class means taken at bin centres.
 *
 * Otsu, N. (1979). A threshold selection method from gray-level histograms.
 * IEEE Trans. SMC 9(1), 62–66. doi:10.1109/TSMC.1979.4310076
 *
 * Returns the threshold in magnitude units as the UPPER edge of the last "no change" bin, so
 * change = magnitude > threshold. Ties between splits resolve to the lowest split.
 * Degenerate input: no valid pixel → null; a single occupied bin (e.g. a constant image) → the
 * histogram maximum, which marks nothing as change.
 */
export function thresholdOtsu(h: MagnitudeHistogram): number | null {
  const bins = h.counts.length;
  let total = 0;
  let sumAll = 0;
  for (let i = 0; i < bins; i++) {
    total += h.counts[i];
    sumAll += i * h.counts[i];
  }
  if (total === 0) return null;
  let w0 = 0;
  let sum0 = 0;
  let best = -1;
  let bestScore = 0;
  for (let k = 0; k < bins - 1; k++) {
    w0 += h.counts[k];
    sum0 += k * h.counts[k];
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const mu0 = sum0 / w0;
    const mu1 = (sumAll - sum0) / w1;
    const score = w0 * w1 * (mu0 - mu1) * (mu0 - mu1);
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  if (best < 0) return h.max;
  return binUpperEdge(h, best);
}

/** Upper edge of bin k in magnitude units. */
export function binUpperEdge(h: MagnitudeHistogram, k: number): number {
  return h.min + ((k + 1) * (h.max - h.min)) / h.counts.length;
}
