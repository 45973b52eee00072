import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareQuantile, chiSquareSf, chiSquareUpperQuantile } from '../../src/lib/core/stats/chi-square';
import reference from '../reference/thresholds.json';

describe('chi-square distribution, hand-computed', () => {
  it('has the closed form 1 − e^(−x/2) for df = 2', () => {
    for (const x of [0.001, 0.3, 1, 2, 7.5, 40]) {
      expect(chiSquareCdf(x, 2)).toBeCloseTo(1 - Math.exp(-x / 2), 14);
      expect(chiSquareSf(x, 2) / Math.exp(-x / 2)).toBeCloseTo(1, 13);
      expect(chiSquareUpperQuantile(Math.exp(-x / 2), 2) / x).toBeCloseTo(1, 12);
    }
    for (const p of [1e-9, 0.1, 0.5, 0.9, 0.999]) expect(chiSquareQuantile(p, 2) / (-2 * Math.log1p(-p))).toBeCloseTo(1, 12);
  });

  it('has the closed form 1 − (1 + x/2)e^(−x/2) for df = 4', () => {
    for (const x of [0.01, 1, 4, 9.487729036781154, 30]) expect(chiSquareCdf(x, 4)).toBeCloseTo(1 - (1 + x / 2) * Math.exp(-x / 2), 14);
  });

  it('gives the textbook 95 % point of χ²(1), 3.841458820694124 (= 1.959963984540054²)', () => {
    expect(chiSquareUpperQuantile(0.05, 1)).toBeCloseTo(1.959963984540054 ** 2, 12);
    expect(chiSquareQuantile(0.95, 1)).toBeCloseTo(1.959963984540054 ** 2, 12);
  });
});

describe('chi-square distribution against scipy.stats.chi2 (tests/reference/thresholds.json)', () => {
  it('CDF and SF agree to 1e-10 absolute (SF to 1e-9 relative in the tail)', () => {
    for (const { x, df, cdf, sf } of reference.chiSquareCdf) {
      expect(Math.abs(chiSquareCdf(x, df) - cdf), `cdf(${x}, ${df})`).toBeLessThanOrEqual(1e-10);
      expect(Math.abs(chiSquareSf(x, df) - sf), `sf(${x}, ${df})`).toBeLessThanOrEqual(1e-10);
      if (sf < 1e-3 && sf > 0) expect(Math.abs(chiSquareSf(x, df) / sf - 1), `sf(${x}, ${df}) rel`).toBeLessThanOrEqual(1e-9);
    }
  });

  it('quantiles agree to 1e-10 relative', () => {
    for (const { p, df, x } of reference.chiSquareQuantile) {
      expect(Math.abs(chiSquareQuantile(p, df) / x - 1), `ppf(${p}, ${df})`).toBeLessThanOrEqual(1e-10);
    }
    for (const { alpha, df, x } of reference.chiSquareUpperQuantile) {
      expect(Math.abs(chiSquareUpperQuantile(alpha, df) / x - 1), `isf(${alpha}, ${df})`).toBeLessThanOrEqual(1e-10);
    }
  });

  it('inverts its own CDF', () => {
    for (const df of [0.5, 3, 17, 250]) {
      for (const p of [1e-8, 0.2, 0.5, 0.8, 1 - 1e-9]) expect(chiSquareCdf(chiSquareQuantile(p, df), df)).toBeCloseTo(p, 13);
    }
  });
});

describe('chi-square distribution, edge cases', () => {
  it('is 0 at and below 0, 1 at +∞, NaN for NaN', () => {
    expect(chiSquareCdf(0, 3)).toBe(0);
    expect(chiSquareCdf(-5, 3)).toBe(0);
    expect(chiSquareSf(-5, 3)).toBe(1);
    expect(chiSquareCdf(Infinity, 3)).toBe(1);
    expect(chiSquareSf(Infinity, 3)).toBe(0);
    expect(chiSquareCdf(NaN, 3)).toBeNaN();
  });

  it('maps the probabilities 0 and 1 to the ends of the support', () => {
    expect(chiSquareQuantile(0, 4)).toBe(0);
    expect(chiSquareQuantile(1, 4)).toBe(Infinity);
    expect(chiSquareUpperQuantile(0, 4)).toBe(Infinity);
    expect(chiSquareUpperQuantile(1, 4)).toBe(0);
  });

  it('keeps the digits of a tiny alpha that 1 − alpha would lose', () => {
    const x = chiSquareUpperQuantile(1e-15, 6);
    expect(chiSquareSf(x, 6) / 1e-15).toBeCloseTo(1, 10);
  });

  it('rejects impossible degrees of freedom and probabilities', () => {
    for (const df of [0, -1, NaN, Infinity]) expect(() => chiSquareCdf(1, df)).toThrow(RangeError);
    for (const p of [-0.1, 1.5, NaN]) expect(() => chiSquareQuantile(p, 2)).toThrow(RangeError);
  });
});
