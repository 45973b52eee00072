/**
 * Contrast stretches of display values, computed from one pass of moments and one 4096-bin
 * histogram of the band (never by sorting): min–max, percent clip (2 → the 2nd to 98th
 * percentile) and mean ± k standard deviations (clamped to the band's range). Robust stretches
 * matter: every scene has a few saturated or dark outliers, and 16-bit data fills little of its range.
 */

/** Bins of the histogram the percentiles are read from: 1/4096 of the band's range is far below one grey level. */
const BINS = 4096;

export type StretchKind = 'minmax' | 'percent' | 'stddev';

export interface Stretch {
  kind: StretchKind;
  /** percent: the share clipped at each end, in % (0 < amount < 50); stddev: k, σ either side of the mean (> 0); minmax: ignored. */
  amount: number;
}

export const DEFAULT_STRETCH: Stretch = { kind: 'percent', amount: 2 };

export interface StretchRange {
  low: number;
  high: number;
}

/**
 * The display range of the non-NaN values at data[offset + k·stride] for a stretch; null when
 * there is no valid value. A constant band gives low = high (drawn mid-grey by stretchByte).
 */
export function stretchRange(data: Float32Array, stretch: Stretch = DEFAULT_STRETCH, offset = 0, stride = 1): StretchRange | null {
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = offset; i < data.length; i += stride) {
    const v = data[i];
    if (v !== v) continue;
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return null;
  if (stretch.kind === 'minmax' || max === min) return { low: min, high: max };
  if (stretch.kind === 'stddev') {
    const mean = sum / n;
    let ss = 0;
    for (let i = offset; i < data.length; i += stride) {
      const v = data[i];
      if (v === v) ss += (v - mean) * (v - mean);
    }
    const sd = Math.sqrt(ss / n);
    return { low: Math.max(min, mean - stretch.amount * sd), high: Math.min(max, mean + stretch.amount * sd) };
  }
  const counts = new Float64Array(BINS);
  const scale = BINS / (max - min);
  for (let i = offset; i < data.length; i += stride) {
    const v = data[i];
    if (v === v) counts[Math.min(BINS - 1, Math.floor((v - min) * scale))]++;
  }
  const p = stretch.amount / 100;
  return { low: histogramQuantile(counts, n, p, min, max), high: histogramQuantile(counts, n, 1 - p, min, max) };
}

/**
 * The value below which a share q of the n counted values lie, interpolated linearly inside the bin
 * where the cumulative count reaches q·n.
 */
export function histogramQuantile(counts: Float64Array, n: number, q: number, min: number, max: number): number {
  const target = q * n;
  const w = (max - min) / counts.length;
  let below = 0;
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b];
    if (c > 0 && below + c >= target) return min + (b + (target - below) / c) * w;
    below += c;
  }
  return max;
}

/** Maps v to 0…255 over the range; a flat range (constant band) shows as mid-grey, not black. */
export function stretchByte(v: number, r: StretchRange): number {
  if (r.high <= r.low) return 128;
  return ((v - r.low) / (r.high - r.low)) * 255;
}
