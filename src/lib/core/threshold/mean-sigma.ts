/** Running sums of the valid magnitudes; they merge across windows by addition. */
export interface MagnitudeStats {
  count: number;
  sum: number;
  sumSquares: number;
}

/**
 * Mean + k·σ threshold: the classic "k standard deviations above the mean" rule for a change
 * magnitude whose no-change part dominates, with σ the population standard deviation.
 *
 * Singh, A. (1989). Digital change detection techniques using remotely-sensed data. Int. J. Remote
 * Sensing 10(6), 989–1003. doi:10.1080/01431168908903939
 *
 * @param stats count, Σm and Σm² over the valid pixels (nodata left out).
 * @param k number of standard deviations (finite; may be negative or zero).
 * @returns mean + k·σ in magnitude units, change = magnitude > threshold; null when count = 0.
 *
 * A constant image has σ = 0 and gets its own value, which marks nothing. σ² is Σm²/n − mean²,
 * clamped at 0 against round-off; fine for magnitudes, whose mean is not far above σ.
 */
export function thresholdMeanSigma(stats: MagnitudeStats, k: number): number | null {
  if (!Number.isFinite(k)) throw new RangeError(`k of a mean + k·σ threshold must be a finite number, not ${k}`);
  if (stats.count === 0) return null;
  const mean = stats.sum / stats.count;
  const variance = Math.max(0, stats.sumSquares / stats.count - mean * mean);
  return mean + k * Math.sqrt(variance);
}
