import { describe, expect, it } from 'vitest';
import type { MagnitudeHistogram } from '../../src/lib/core/change/summary';
import { thresholdChiSquare } from '../../src/lib/core/threshold/chi-square';
import { thresholdKittlerIllingworth } from '../../src/lib/core/threshold/kittler-illingworth';
import { thresholdKMeans } from '../../src/lib/core/threshold/kmeans';
import { thresholdMeanSigma } from '../../src/lib/core/threshold/mean-sigma';
import { thresholdOtsu } from '../../src/lib/core/threshold/otsu';
import { formatThresholdSpec, parseThresholdSpec, resolveThreshold, type ThresholdSpec } from '../../src/lib/core/threshold/spec';
import reference from '../reference/thresholds.json';

const hist = (counts: number[], min: number, max: number): MagnitudeHistogram => ({ min, max, counts: Uint32Array.from(counts) });
const spike = (bin: number, n = 500) => Array.from({ length: 1024 }, (_, i) => (i === bin ? n : 0));
const empty = hist(new Array(1024).fill(0), 0, 0);
const noStats = { count: 0, sum: 0, sumSquares: 0 };

/** Kittler–Illingworth J of the split after bin k, the long way, over centres in magnitude units; null if invalid. */
function criterionJ(counts: number[], min: number, width: number, k: number): number | null {
  const cls = (lo: number, hi: number) => {
    const idx = counts.map((_, i) => i).filter((i) => i >= lo && i < hi && counts[i] > 0);
    const n = idx.reduce((a, i) => a + counts[i], 0);
    const mean = idx.reduce((a, i) => a + counts[i] * (min + (i + 0.5) * width), 0) / n;
    const variance = idx.reduce((a, i) => a + counts[i] * (min + (i + 0.5) * width - mean) ** 2, 0) / n;
    return { n, variance, bins: idx.length };
  };
  const a = cls(0, k + 1);
  const b = cls(k + 1, counts.length);
  if (a.bins < 2 || b.bins < 2) return null;
  const p1 = a.n / (a.n + b.n);
  const p2 = b.n / (a.n + b.n);
  return 1 + 2 * (p1 * Math.log(Math.sqrt(a.variance)) + p2 * Math.log(Math.sqrt(b.variance))) - 2 * (p1 * Math.log(p1) + p2 * Math.log(p2));
}

describe('thresholdKittlerIllingworth', () => {
  it('splits two equal three-bin classes in the gap (hand-computed)', () => {
    // counts 1,2,1 | 0,0 | 1,2,1 over [10, 26), bin width 2. After bin 2: both classes have
    // P = 1/2 and σ² = 0.5 bin², J = 1 + ln 0.5 − 2 ln 0.5 = 1 + ln 2 ≈ 1.693. After bin 1:
    // P = 3/8, σ² = 2/9 vs P = 5/8, σ² = 2.96 → J ≈ 2.437 (after bin 5 mirrors it); after bins 0
    // and 6 one class is a single bin (σ = 0), skipped. Splits after bins 3, 4 tie; the lowest wins.
    expect(thresholdKittlerIllingworth(hist([1, 2, 1, 0, 0, 1, 2, 1], 10, 26))).toBe(16);
  });

  it('minimises J on an uneven histogram', () => {
    const counts = [5, 9, 14, 20, 12, 6, 3, 2, 4, 9, 15, 11, 5, 2, 1, 1];
    const t = thresholdKittlerIllingworth(hist(counts, 3, 11))!;
    const k = (t - 3) / 0.5 - 1;
    const js = counts.map((_, i) => criterionJ(counts, 3, 0.5, i)).filter((j) => j !== null);
    expect(criterionJ(counts, 3, 0.5, k)).toBeCloseTo(Math.min(...js), 12);
  });

  it('skips a zero-variance class instead of taking its J = −∞', () => {
    // After bin 0 the low class is one bin (σ = 0, ln σ = −∞): that split must not win.
    const counts = [50, 1, 2, 1, 0, 1, 2, 1];
    const t = thresholdKittlerIllingworth(hist(counts, 0, 8))!;
    expect(t).not.toBe(1);
    const js = counts.map((_, i) => criterionJ(counts, 0, 1, i));
    expect(criterionJ(counts, 0, 1, t - 1)).toBe(Math.min(...js.filter((j) => j !== null)));
  });

  it('falls back to Otsu when every split leaves a zero-variance class (two or three occupied bins)', () => {
    const two = hist([0, 3, 0, 0, 5, 0], 0, 6);
    expect(thresholdKittlerIllingworth(two)).toBe(thresholdOtsu(two));
    expect(thresholdKittlerIllingworth(two)).toBe(2);
    // Three bins: after bin 0 the low class, after bin 2 the high class is a single bin.
    const three = hist([4, 0, 1, 0, 0, 6], 0, 6);
    expect(thresholdKittlerIllingworth(three)).toBe(thresholdOtsu(three));
  });

  it('marks nothing on a constant image and gives null with no valid pixel', () => {
    expect(thresholdKittlerIllingworth(hist(spike(0), 3, 3))).toBe(3);
    expect(thresholdKittlerIllingworth(hist(spike(700), 0, 1024))).toBe(1024);
    expect(thresholdKittlerIllingworth(empty)).toBeNull();
  });
});

describe('thresholdKMeans', () => {
  it('iterates to convergence from the extreme bins (hand-computed)', () => {
    // counts 4 at bin 0, 1 at 4, 4 at 6, 1 at 10 over [0, 11). Means 0 and 10 → midpoint 5 →
    // low {0, 4}; means 0.8 and 6.8 → midpoint 3.8 → low {0}; means 0 and 38/6 → midpoint 3.17 →
    // low {0} again: converged, threshold = upper edge of bin 0.
    expect(thresholdKMeans(hist([4, 0, 0, 0, 1, 0, 4, 0, 0, 0, 1], 0, 11))).toBe(1);
  });

  it('splits two spikes between them, at the upper edge of the low one', () => {
    expect(thresholdKMeans(hist([0, 3, 0, 0, 5, 0], 0, 6))).toBe(2);
  });

  it('marks nothing on a single occupied bin and gives null with no valid pixel', () => {
    expect(thresholdKMeans(hist(spike(0), 3, 3))).toBe(3);
    expect(thresholdKMeans(hist(spike(300), 0, 1024))).toBe(301);
    expect(thresholdKMeans(empty)).toBeNull();
  });
});

describe('thresholdMeanSigma', () => {
  it('is mean + k·σ with the population σ (hand-computed)', () => {
    // magnitudes 1..5: mean 3, σ² = 55/5 − 9 = 2.
    const stats = { count: 5, sum: 15, sumSquares: 55 };
    expect(thresholdMeanSigma(stats, 2)).toBe(3 + 2 * Math.SQRT2);
    expect(thresholdMeanSigma(stats, 0)).toBe(3);
  });

  it('gives the constant itself for a constant image, null without valid pixels, and rejects k = ±∞/NaN', () => {
    expect(thresholdMeanSigma({ count: 2, sum: 8, sumSquares: 32 }, 3)).toBe(4);
    expect(thresholdMeanSigma(noStats, 2)).toBeNull();
    for (const k of [NaN, Infinity]) expect(() => thresholdMeanSigma(noStats, k)).toThrow(RangeError);
  });
});

describe('thresholdChiSquare', () => {
  it('is the (1 − alpha) quantile of χ²(df)', () => {
    expect(thresholdChiSquare(0.05, 1)).toBeCloseTo(1.959963984540054 ** 2, 12);
    expect(thresholdChiSquare(0.01, 2)).toBeCloseTo(-2 * Math.log(0.01), 12);
  });

  it('rejects alpha outside (0, 1)', () => {
    for (const a of [0, 1, -0.5, NaN]) expect(() => thresholdChiSquare(a, 3)).toThrow(RangeError);
  });
});

describe('thresholds against an independent numpy implementation (tests/reference/thresholds.json)', () => {
  // The same bin edge must be chosen, so the tolerance is round-off only: 1e-12 relative.
  it.each(reference.histograms)('$name', ({ counts, min, max, otsu, ki, kmeans }) => {
    const h = hist(counts, min, max);
    expect(thresholdOtsu(h)! / otsu - 1).toBeCloseTo(0, 12);
    expect(thresholdKittlerIllingworth(h)! / ki - 1).toBeCloseTo(0, 12);
    expect(thresholdKMeans(h)! / kmeans - 1).toBeCloseTo(0, 12);
  });

  it('mean + 2σ agrees with numpy mean() + 2·std() to 1e-12 relative', () => {
    const { k, threshold, ...stats } = reference.meanSigma;
    expect(thresholdMeanSigma(stats, k)! / threshold - 1).toBeCloseTo(0, 12);
  });
});

describe('threshold specs', () => {
  const specs: [string, ThresholdSpec][] = [
    ['otsu', { method: 'otsu' }],
    ['ki', { method: 'ki' }],
    ['kmeans', { method: 'kmeans' }],
    ['chi2:0.01', { method: 'chi2', alpha: 0.01 }],
    ['sigma:2', { method: 'sigma', k: 2 }],
    ['sigma:-0.5', { method: 'sigma', k: -0.5 }],
    ['40', { method: 'manual', value: 40 }],
    ['0.125', { method: 'manual', value: 0.125 }]
  ];

  it.each(specs)('parses and formats "%s"', (text, spec) => {
    expect(parseThresholdSpec(text)).toEqual(spec);
    expect(formatThresholdSpec(spec)).toBe(text);
  });

  it.each(['', 'OTSU', 'chi2', 'chi2:', 'chi2:0', 'chi2:1', 'chi2:x', 'sigma:', 'sigma:inf', 'sigma:1:2', 'Infinity', '1e400', 'foo:1'])(
    'rejects "%s" with a RangeError naming the accepted forms',
    (text) => expect(() => parseThresholdSpec(text)).toThrow(/threshold must be otsu, ki, kmeans, chi2:ALPHA .*sigma:K or a number/)
  );

  it('resolves each method with the same function as calling it directly', () => {
    const h = hist([3, 5, 9, 4, 1, 0, 2, 6, 3, 1], 0, 20);
    const stats = { count: 10, sum: 50, sumSquares: 400 };
    expect(resolveThreshold({ method: 'otsu' }, h, stats, null)).toBe(thresholdOtsu(h));
    expect(resolveThreshold({ method: 'ki' }, h, stats, null)).toBe(thresholdKittlerIllingworth(h));
    expect(resolveThreshold({ method: 'kmeans' }, h, stats, null)).toBe(thresholdKMeans(h));
    expect(resolveThreshold({ method: 'sigma', k: 1 }, h, stats, null)).toBe(5 + Math.sqrt(15));
    expect(resolveThreshold({ method: 'manual', value: 7 }, h, stats, null)).toBe(7);
    expect(resolveThreshold({ method: 'chi2', alpha: 0.05 }, h, stats, 1)).toBe(thresholdChiSquare(0.05, 1));
  });

  it('gives null for data-driven rules without valid pixels, but a value for chi2 and manual', () => {
    for (const method of ['otsu', 'ki', 'kmeans'] as const) expect(resolveThreshold({ method }, empty, noStats, null)).toBeNull();
    expect(resolveThreshold({ method: 'sigma', k: 2 }, empty, noStats, null)).toBeNull();
    expect(resolveThreshold({ method: 'manual', value: 3 }, empty, noStats, null)).toBe(3);
    expect(resolveThreshold({ method: 'chi2', alpha: 0.01 }, empty, noStats, 4)).toBeCloseTo(13.276704135987622, 10);
  });

  it('refuses chi2 on a magnitude that is not a chi-square statistic', () => {
    expect(() => resolveThreshold({ method: 'chi2', alpha: 0.01 }, empty, noStats, null)).toThrow(
      new RangeError('chi2 thresholds need a chi-square statistic (IR-MAD)')
    );
  });
});
