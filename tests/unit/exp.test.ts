import { describe, expect, it } from 'vitest';
import { exp } from '../../src/lib/core/stats/exp';
import { prng } from '../helpers/prng';

describe('exp (fdlibm)', () => {
  it('gives exact values at the special points', () => {
    expect(exp(0)).toBe(1);
    expect(exp(1)).toBe(Math.E);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(NaN)).toBeNaN();
    expect(exp(710)).toBe(Infinity);
    expect(exp(-746)).toBe(0);
  });

  it('is within one ulp of the true value and, in Node 20, equal to its fdlibm Math.exp bit for bit', () => {
    const rand = prng(11);
    for (let i = 0; i < 200_000; i++) {
      const x = (rand() - 0.5) * 1400;
      const e = exp(x);
      expect(Math.abs(e - Math.exp(x))).toBeLessThanOrEqual(Math.abs(Math.exp(x)) * 2.3e-16);
      if (e !== Math.exp(x)) throw new Error(`exp(${x}) = ${e}, Node's Math.exp = ${Math.exp(x)}`);
    }
  });
});
