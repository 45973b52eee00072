import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareQuantile, chiSquareSf, chiSquareSfInteger, chiSquareUpperQuantile } from '../../src/lib/core/stats/chi-square';
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

describe('chiSquareSfInteger: the closed forms for whole degrees of freedom', () => {
  /** Both are ~1e-13 relative or better where Q > 1e-300; 1e-12 leaves room for the conditioning h·ε at x ≈ 1400. */
  const REL_TOL = 1e-12;
  const rel = (a: number, b: number) => Math.abs(a / b - 1);

  it('is e^(−x/2), (1 + x/2)e^(−x/2), erfc(√(x/2)) and erfc(√h) + 2√(h/π)e^(−h) for k = 2, 4, 1, 3 (hand-computed)', () => {
    for (const x of [1e-9, 0.3, 1, 2, 7.5, 40, 700]) {
      expect(rel(chiSquareSfInteger(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-15);
      expect(rel(chiSquareSfInteger(x, 4), (1 + x / 2) * Math.exp(-x / 2))).toBeLessThan(1e-15);
    }
    // χ²(1): P(|N(0, 1)| > 1.959963984540054) = 0.05; χ²(3) at x = 2: erfc(1) + 2e^(−1)/√π.
    expect(rel(chiSquareSfInteger(1.959963984540054 ** 2, 1), 0.05)).toBeLessThan(1e-14);
    expect(rel(chiSquareSfInteger(2, 3), 0.15729920705028513 + (2 * Math.exp(-1)) / Math.sqrt(Math.PI))).toBeLessThan(1e-15);
  });

  it('matches chiSquareSf to 1e-12 relative for k = 1 … 40, 63, 64, 100, 101 wherever Q > 1e-300', () => {
    for (const k of [...Array.from({ length: 40 }, (_, i) => i + 1), 63, 64, 100, 101]) {
      for (let e = -8; e <= 3.5; e += 0.01) {
        const x = 10 ** e;
        const q = chiSquareSf(x, k);
        if (!(q > 1e-300)) break;
        expect(rel(chiSquareSfInteger(x, k), q), `Q(${x}, ${k}) = ${q}`).toBeLessThanOrEqual(REL_TOL);
      }
    }
  });

  it('matches scipy.stats.chi2.sf to 1e-12 relative (tests/reference/thresholds.json, whole df)', () => {
    for (const { x, df, sf } of reference.chiSquareCdf) {
      if (!Number.isInteger(df)) continue;
      if (sf > 1e-300) expect(rel(chiSquareSfInteger(x, df), sf), `sf(${x}, ${df})`).toBeLessThanOrEqual(REL_TOL);
      else expect(chiSquareSfInteger(x, df)).toBeLessThan(1e-290);
    }
  });

  it('keeps the far tail where e^(−x/2) underflows (summed from the last term, in logs)', () => {
    // e^(−715) and e^(−750) are below the smallest normal double; these Q run from 4e-291 to 1e-22.
    for (const [x, k] of [
      [1430, 20],
      [1430, 21],
      [1500, 60],
      [1500, 61],
      [1500, 1001]
    ]) {
      const q = chiSquareSf(x, k);
      expect(q).toBeGreaterThan(1e-300);
      expect(rel(chiSquareSfInteger(x, k), q), `Q(${x}, ${k})`).toBeLessThanOrEqual(REL_TOL);
    }
    expect(chiSquareSfInteger(1e6, 5)).toBe(0);
  });

  it('is 1 at and below 0, 0 at +∞, NaN for NaN, and rejects k that is not a positive integer', () => {
    expect(chiSquareSfInteger(0, 3)).toBe(1);
    expect(chiSquareSfInteger(-2, 4)).toBe(1);
    expect(chiSquareSfInteger(Infinity, 3)).toBe(0);
    expect(chiSquareSfInteger(Infinity, 4)).toBe(0);
    expect(chiSquareSfInteger(NaN, 4)).toBeNaN();
    for (const k of [0, -1, 2.5, NaN, Infinity]) expect(() => chiSquareSfInteger(1, k)).toThrow(RangeError);
  });
});
