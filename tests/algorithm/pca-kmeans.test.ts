import { describe, expect, it } from 'vitest';
import { pcaKMeans, sampleStep } from '../../src/lib/core/change/methods/pca-kmeans';
import reference from '../reference/ssim_pca.json';
import { HEIGHT, syntheticPair, WIDTH, withNodata } from '../reference/ssim-pca-fixture';
import { expectIdentical, memorySource, runStatistic } from './method-harness';

/** Margins against numpy (tests/reference/ssim_pca.py): float32 output, relative 1e-6; eigenvalues 1e-9. */
const MARGIN_REL_TOL = 1e-6;

const source = (name: string, w: number, h: number, bands: ArrayLike<number>[]) => memorySource(name, w, h, bands);

describe('pcaKMeans (hand-computed)', () => {
  it('separates one changed 3 × 3 block of a 6 × 6 image', async () => {
    // d = 9 on the top-left block, 0 elsewhere; h = 3 gives 4 blocks: Ψ = 2.25·1 and a rank-one
    // covariance 15.1875·11ᵀ, eigenvalue 9·15.1875 = 136.6875 on the axis 1/3·1 (S = 1). A pixel's
    // feature is f = (Σ window d − 20.25)/3 = 3·ry·rx − 6.75, where ry, rx = 3, 3, 2, 1, 0, 0 count
    // the (reflected) window rows/columns inside the block. Lloyd from f(min d) = 2.25 (pixel (0,3))
    // and f(max d) = 20.25 ends at c_nochange = −4.5 and c_change = 15.75 (whichever side the first
    // assignment puts f = 11.25, equidistant from the starts, on), so the
    // margin |f + 4.5| − |f − 15.75| is 20.25, 11.25, −0.75, −6.75, −12.75, −18.75, −20.25 for
    // ry·rx = 9, 6, 4, 3, 2, 1, 0.
    const d = new Float32Array(36);
    for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) d[y * 6 + x] = 9;
    const run = await runStatistic(pcaKMeans({ blockSize: 3 }), source('a', 6, 6, [new Float32Array(36)]), source('b', 6, 6, [d]));
    expect(run.fit).toMatchObject({ blocks: 4, components: 1, explainedVariance: expect.closeTo(1, 12), clusterSizes: [28, 8] });
    expect((run.fit as { eigenvalues: number[] }).eigenvalues[0]).toBeCloseTo(136.6875, 9);
    const inside = [3, 3, 2, 1, 0, 0];
    const margin: Record<number, number> = { 9: 20.25, 6: 11.25, 4: -0.75, 3: -6.75, 2: -12.75, 1: -18.75, 0: -20.25 };
    for (let y = 0; y < 6; y++) {
      for (let x = 0; x < 6; x++) expect(run.magnitude[y * 6 + x], `(${y}, ${x})`).toBeCloseTo(margin[inside[y] * inside[x]], 5);
    }
  });

  it('has a halo of (h − 1)/2 and samples on a grid of about sampleSize pixels', () => {
    expect(pcaKMeans().halo).toBe(2);
    expect(pcaKMeans({ blockSize: 9 }).halo).toBe(4);
    expect(sampleStep(1000, 1000, 65536)).toBe(4);
    expect(sampleStep(10, 10, 65536)).toBe(1);
  });
});

describe('pcaKMeans (numpy reference)', () => {
  const cases = [
    { name: 'absdiff, S by 90 %, every pixel', expected: reference.pcaAbsdiff, pair: syntheticPair, options: {} },
    {
      name: 'CVA, S = 3, nodata, sampled every 3rd row and column',
      expected: reference.pcaCvaNodataSampled,
      pair: () => withNodata(syntheticPair()),
      options: { components: 3, difference: 'cva', sampleSize: 300 } as const
    }
  ];
  for (const { name, expected, pair, options } of cases) {
    it(`matches: ${name}`, async () => {
      const { before, after } = pair();
      const run = await runStatistic(pcaKMeans(options), source('a', WIDTH, HEIGHT, before), source('b', WIDTH, HEIGHT, after));
      const fit = run.fit as { eigenvalues: number[]; centroidDistance: number };
      expect(run.fit).toMatchObject({
        blocks: expected.blocks,
        components: expected.components,
        sampleStep: expected.sampleStep,
        samples: expected.samples,
        iterations: expected.iterations,
        clusterSizes: expected.clusterSizes
      });
      fit.eigenvalues.slice(0, 4).forEach((v, i) => expect(v / expected.eigenvalues[i]).toBeCloseTo(1, 9));
      expect(fit.centroidDistance / expected.centroidDistance).toBeCloseTo(1, 9);
      expect(run.magnitude.filter((v) => v > 0)).toHaveLength(expected.changedPixels);
      expected.margin.forEach((v, k) => {
        const actual = run.magnitude[k * reference.stride];
        if (v === null) expect(actual, `pixel ${k * reference.stride}`).toBeNaN();
        else expect(Math.abs(actual - v), `pixel ${k * reference.stride}`).toBeLessThanOrEqual(MARGIN_REL_TOL * Math.max(1, Math.abs(v)));
      });
    });
  }

  it('does not depend on the strip height', async () => {
    const { before, after } = withNodata(syntheticPair());
    const a = source('a', WIDTH, HEIGHT, before);
    const b = source('b', WIDTH, HEIGHT, after);
    const options = { sampleSize: 300 };
    const whole = await runStatistic(pcaKMeans(options), a, b);
    for (const stripRows of [1, 2, 3, 5, 7, 31]) {
      const run = await runStatistic(pcaKMeans(options), a, b, { stripRows });
      expect(run.fit).toEqual(whole.fit);
      expectIdentical(run.magnitude, whole.magnitude);
    }
  });
});

describe('pcaKMeans (edge cases)', () => {
  it('gives NaN everywhere without a whole valid block: all nodata, or smaller than h × h, or one pixel', async () => {
    for (const [w, h, v] of [
      [8, 8, NaN],
      [4, 4, 1],
      [1, 1, 1]
    ]) {
      const a = source('a', w, h, [new Float32Array(w * h).fill(v)]);
      const run = await runStatistic(pcaKMeans(), a, source('b', w, h, [new Float32Array(w * h).fill(3)]));
      expect(run.fit).toEqual({ blocks: 0 });
      expect(run.magnitude.every(Number.isNaN)).toBe(true);
    }
  });

  it('gives margin 0 everywhere (no change at threshold 0) when the difference is constant', async () => {
    const run = await runStatistic(pcaKMeans(), source('a', 12, 10, [new Float32Array(120).fill(5)]), source('b', 12, 10, [new Float32Array(120).fill(8)]));
    expect(run.magnitude.every((v) => v === 0)).toBe(true);
  });

  it('marks NaN and ±Infinity pixels NaN and only those', async () => {
    const { before, after } = syntheticPair();
    before[0][7 * WIDTH + 7] = NaN;
    after[1][25 * WIDTH + 30] = -Infinity;
    const run = await runStatistic(pcaKMeans(), source('a', WIDTH, HEIGHT, before), source('b', WIDTH, HEIGHT, after));
    expect(run.magnitude[7 * WIDTH + 7]).toBeNaN();
    expect(run.magnitude[25 * WIDTH + 30]).toBeNaN();
    expect(run.magnitude.filter(Number.isNaN)).toHaveLength(2);
  });

  it('rejects a bad block size, component count or sample size, and a magnitude before fit', () => {
    expect(() => pcaKMeans({ blockSize: 4 })).toThrow(/odd integer/);
    expect(() => pcaKMeans({ blockSize: 3, components: 10 })).toThrow(/from 1 to 9/);
    expect(() => pcaKMeans({ sampleSize: 1 })).toThrow(/sample size/);
    const one = new Float32Array(1);
    expect(() => pcaKMeans().magnitude({ width: 1, y0: 0, rows: 1, haloTop: 0, haloBottom: 0, a: [one], b: [one] }, one, [])).toThrow(/fit/);
  });
});
