/** Percentile stretch of display values: robust to the few saturated or dark outliers every scene has. */

/** Values kept for a percentile estimate: enough for ±0.1 % precision, cheap to sort. */
const MAX_SAMPLES = 1 << 18;

export interface StretchRange {
  low: number;
  high: number;
}

/**
 * The [lowPct, highPct] percentiles of the non-NaN values at data[offset + k·stride], estimated on
 * an evenly spaced sample. Null when there is no valid value.
 */
export function percentileRange(data: Float32Array, offset: number, stride: number, lowPct = 2, highPct = 98): StretchRange | null {
  const n = Math.floor((data.length - offset + stride - 1) / stride);
  const step = Math.max(1, Math.ceil(n / MAX_SAMPLES));
  const sample = new Float32Array(Math.ceil(n / step));
  let m = 0;
  for (let k = 0; k < n; k += step) {
    const v = data[offset + k * stride];
    if (v === v) sample[m++] = v;
  }
  if (m === 0) return null;
  const sorted = sample.subarray(0, m).sort();
  const at = (p: number) => sorted[Math.min(m - 1, Math.max(0, Math.round((p / 100) * (m - 1))))];
  return { low: at(lowPct), high: at(highPct) };
}

/** Maps v to 0…255 over the range; a flat range (constant band) shows as mid-grey, not black. */
export function stretchByte(v: number, r: StretchRange): number {
  if (r.high <= r.low) return 128;
  return ((v - r.low) / (r.high - r.low)) * 255;
}
