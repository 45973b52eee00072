import { describe, expect, it } from 'vitest';
import type { MagnitudeHistogram } from '../../src/lib/core/change/summary';
import { classOverlap, normalCdf, splitModel, thresholdOverlap } from '../../src/lib/core/threshold/class-overlap';
import { thresholdOtsu } from '../../src/lib/core/threshold/otsu';
import { thresholdBySeparation } from '../../src/lib/core/threshold/separation';
import { prng } from '../helpers/prng';

const BINS = 1024;

/** Histograms of m over [min, max] and of ln(m + δ), with the count of values equal to the minimum. */
function histograms(values: number[], delta: number) {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const make = (f: (v: number) => number): MagnitudeHistogram => {
    const lo = f(min);
    const hi = f(max);
    const counts = new Uint32Array(BINS);
    for (const v of values) counts[Math.min(BINS - 1, Math.floor(((f(v) - lo) / (hi - lo)) * BINS))]++;
    return { min: lo, max: hi, counts };
  };
  return { h: make((v) => v), logH: make((v) => Math.log(v + delta)), ties: values.filter((v) => v === min).length, min, max };
}

describe('normalCdf', () => {
  it('matches known values of Φ to 1e-7', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.8413447461, 7);
    expect(normalCdf(-1.959963985)).toBeCloseTo(0.025, 7);
    expect(normalCdf(3)).toBeCloseTo(0.998650102, 7);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
  });
});

describe('classOverlap', () => {
  it('is 2Φ(−d/2) for two equal-prior, unit-σ classes d apart (hand-computed)', () => {
    // The weighted densities cross at the midpoint; each tail beyond it holds ½Φ(−d/2), twice
    // that over the smaller prior ½ gives 2Φ(−d/2): d = 2 → 0.317311.
    expect(
      classOverlap([
        { prior: 0.5, mean: 0, sd: 1 },
        { prior: 0.5, mean: 2, sd: 1 }
      ])
    ).toBeCloseTo(0.3173105, 6);
    expect(
      classOverlap([
        { prior: 0.5, mean: 10, sd: 3 },
        { prior: 0.5, mean: 16, sd: 3 }
      ])
    ).toBeCloseTo(0.3173105, 6);
  });

  it('is 1 for identical classes and about 0 for classes far apart', () => {
    expect(
      classOverlap([
        { prior: 0.3, mean: 5, sd: 2 },
        { prior: 0.3, mean: 5, sd: 2 }
      ])
    ).toBeCloseTo(1, 6);
    expect(
      classOverlap([
        { prior: 0.99, mean: 0, sd: 1 },
        { prior: 0.01, mean: 40, sd: 2 }
      ])
    ).toBeLessThan(1e-9);
  });

  it('counts both crossings when the spreads differ (numerical integration agrees)', () => {
    const a = { prior: 0.8, mean: 0, sd: 1 };
    const b = { prior: 0.2, mean: 1.5, sd: 4 };
    let sum = 0;
    const f = (c: typeof a, x: number) => (c.prior / (c.sd * Math.sqrt(2 * Math.PI))) * Math.exp(-0.5 * ((x - c.mean) / c.sd) ** 2);
    for (let x = -40; x < 40; x += 1e-3) sum += Math.min(f(a, x + 5e-4), f(b, x + 5e-4)) * 1e-3;
    expect(classOverlap([a, b])).toBeCloseTo(sum / 0.2, 5);
  });

  it('splitModel gives the priors, means and spreads of the two sides in bin units', () => {
    const [a, b] = splitModel(Uint32Array.from([1, 2, 1, 0, 0, 3, 0]), 2)!;
    expect(a).toEqual({ prior: 4 / 7, mean: 1, sd: Math.sqrt(0.5) });
    expect(b).toEqual({ prior: 3 / 7, mean: 5, sd: Math.sqrt(1 / 12) });
    expect(splitModel(Uint32Array.from([1, 2, 0]), 2)).toBeNull();
  });

  it('thresholdOverlap reads the split back from a bin upper edge', () => {
    const h: MagnitudeHistogram = { min: 0, max: 8, counts: Uint32Array.from([1, 2, 1, 0, 0, 1, 2, 1]) };
    expect(thresholdOverlap(h, 3)).toBeLessThan(0.01);
    expect(thresholdOverlap(h, 1)).toBeGreaterThan(0.2);
  });
});

describe('thresholdBySeparation', () => {
  // One-band log-ratio-like magnitudes: 25 % exact ties at 0 (equal dates), a no-change mode
  // |N(0, 0.1)| and 2 % change around 1.5.
  const random = prng(7);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const values: number[] = [];
  for (let i = 0; i < 20000; i++) values.push(0);
  for (let i = 0; i < 58400; i++) values.push(Math.abs(0.1 * gauss()) + 1e-3);
  for (let i = 0; i < 1600; i++) values.push(1.5 + 0.15 * gauss());
  const delta = 0.01 * (values.reduce((a, b) => a + b, 0) / values.length);
  const { h, logH, ties } = histograms(values, delta);

  it('reproduces the collapse it prevents: Otsu on ln(m + δ) with the tie spike marks most pixels', () => {
    const t = Math.exp(thresholdOtsu(logH)!) - delta;
    expect(values.filter((v) => v > t).length / values.length).toBeGreaterThan(0.5);
  });

  it('splits between the no-change and change modes, the ties left out', () => {
    const choice = thresholdBySeparation(h, logH, delta, ties)!;
    expect(choice.tiePixels).toBe(20000);
    expect(choice.candidates).toHaveLength(4);
    const marked = values.filter((v) => v > choice.chosen.value).length;
    expect(Math.abs(marked - 1600)).toBeLessThan(40);
    expect(choice.chosen.overlap).toBeLessThan(0.01);
    for (const c of choice.candidates) expect(choice.chosen.overlap).toBeLessThanOrEqual(c.overlap);
  });

  it('gives the same choice with or without the ties counted in (they never decide)', () => {
    const noTies = values.filter((v) => v > 0);
    const other = histograms(noTies, delta);
    const a = thresholdBySeparation(h, logH, delta, ties)!;
    const b = thresholdBySeparation(other.h, other.logH, delta, other.ties)!;
    expect(values.filter((v) => v > a.chosen.value).length).toBe(values.filter((v) => v > b.chosen.value).length);
  });

  it('marks nothing when every valid pixel is a tie, and gives null without a valid pixel', () => {
    const h1: MagnitudeHistogram = { min: 0, max: 0, counts: new Uint32Array(BINS) };
    h1.counts[0] = 50;
    expect(thresholdBySeparation(h1, h1, 1e-3, 50)!.chosen.value).toBe(0);
    expect(thresholdBySeparation({ min: 0, max: 0, counts: new Uint32Array(BINS) }, null, 0, 0)).toBeNull();
  });

  it('works on the magnitude alone when it can be negative (no log scale)', () => {
    const choice = thresholdBySeparation(h, null, 0, ties)!;
    expect(choice.candidates.map((c) => c.scale)).toEqual(['magnitude', 'magnitude']);
  });
});
