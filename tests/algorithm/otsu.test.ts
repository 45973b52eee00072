import { describe, expect, it } from 'vitest';
import type { MagnitudeHistogram } from '../../src/lib/core/change/summary';
import { thresholdOtsu } from '../../src/lib/core/threshold/otsu';

const hist = (counts: number[], min: number, max: number): MagnitudeHistogram => ({ min, max, counts: Uint32Array.from(counts) });

/** Between-class variance of a split after bin k, computed the long way from the bin centres. */
function betweenClassVariance(counts: number[], k: number): number {
  const centres = counts.map((_, i) => i + 0.5);
  const lo = counts.slice(0, k + 1);
  const hi = counts.slice(k + 1);
  const n0 = lo.reduce((a, b) => a + b, 0);
  const n1 = hi.reduce((a, b) => a + b, 0);
  if (n0 === 0 || n1 === 0) return 0;
  const m0 = lo.reduce((a, c, i) => a + c * centres[i], 0) / n0;
  const m1 = hi.reduce((a, c, i) => a + c * centres[k + 1 + i], 0) / n1;
  const n = n0 + n1;
  return (n0 / n) * (n1 / n) * (m0 - m1) ** 2;
}

describe('thresholdOtsu', () => {
  it('splits two separated spikes at the first best split (hand-computed)', () => {
    // Splits after bins 0, 1 and 2 all give w0·w1·(μ0 − μ1)² = 2·2·3² = 36; the lowest wins.
    expect(thresholdOtsu(hist([2, 0, 0, 2], 0, 4))).toBe(1);
  });

  it('returns the upper edge of the last no-change bin in magnitude units (hand-computed)', () => {
    // counts 3,1 | 0,4 over [10, 18): split after bin 1 maximises the between-class variance
    // (w0 = 4, μ0 = 0.25, w1 = 4, μ1 = 3 → 4·4·2.75² = 121 vs 3·5·2.6² = 101.4 after bin 0; the
    // split after the empty bin 2 ties and the lower one wins).
    expect(thresholdOtsu(hist([3, 1, 0, 4], 10, 18))).toBe(14);
  });

  it('maximises the between-class variance on an uneven histogram', () => {
    const counts = [5, 9, 14, 20, 12, 6, 3, 2, 4, 9, 15, 11, 5, 2, 1, 1];
    const t = thresholdOtsu(hist(counts, 0, 16))!;
    const k = t - 1;
    const best = Math.max(...counts.map((_, i) => betweenClassVariance(counts, i)));
    expect(betweenClassVariance(counts, k)).toBeCloseTo(best, 12);
  });

  it('lands between the modes of a bimodal image', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    const values = Array.from({ length: 20000 }, (_, i) => (i % 5 === 0 ? 60 + 5 * gauss() : 10 + 4 * gauss()));
    const min = Math.min(...values);
    const max = Math.max(...values);
    const counts = new Array(1024).fill(0);
    for (const v of values) counts[Math.min(1023, Math.floor(((v - min) * 1024) / (max - min)))]++;
    const t = thresholdOtsu(hist(counts, min, max))!;
    expect(t).toBeGreaterThan(25);
    expect(t).toBeLessThan(45);
  });

  it('marks nothing on a constant image: the threshold is the maximum', () => {
    const counts = new Array(1024).fill(0);
    counts[0] = 500;
    expect(thresholdOtsu(hist(counts, 3, 3))).toBe(3);
  });

  it('returns null when there is no valid pixel', () => {
    expect(thresholdOtsu(hist(new Array(1024).fill(0), 0, 0))).toBeNull();
  });
});
