import { describe, expect, it } from 'vitest';
import { ssim } from '../../src/lib/core/change/methods/ssim';
import reference from '../reference/ssim_pca.json';
import { HEIGHT, syntheticPair, WIDTH, withNodata } from '../reference/ssim-pca-fixture';
import { expectIdentical, memorySource, runStatistic } from './method-harness';

/** Against scipy (tests/reference/ssim_pca.py): float64 throughout there, float32 output here. */
const REFERENCE_TOL = 1e-6;

const fill = (n: number, v: number) => new Float32Array(n).fill(v);

function expectMatchesReference(actual: Float32Array, expected: (number | null)[]): void {
  const sampled = Array.from({ length: expected.length }, (_, k) => actual[k * reference.stride]);
  expected.forEach((v, k) => {
    if (v === null) expect(sampled[k], `pixel ${k * reference.stride}`).toBeNaN();
    else expect(Math.abs(sampled[k] - v), `pixel ${k * reference.stride}`).toBeLessThan(REFERENCE_TOL);
  });
}

describe('ssim (hand-computed)', () => {
  it('gives exactly 0 for identical images', async () => {
    const { before } = syntheticPair();
    const a = memorySource('a', WIDTH, HEIGHT, before, { dtype: 'uint8' });
    const run = await runStatistic(ssim(), a, a);
    expect(run.magnitude.every((v) => v === 0)).toBe(true);
  });

  it('reduces to the luminance term on constant images', async () => {
    // σx = σy = σxy = 0 everywhere: SSIM = (2·100·150 + C₁) / (100² + 150² + C₁), C₁ = (0.01·255)² = 6.5025
    // = 30006.5025 / 32506.5025, so 1 − SSIM = 2500 / 32506.5025 = 0.076907541…
    const run = await runStatistic(
      ssim(),
      memorySource('a', 4, 3, [fill(12, 100)], { dtype: 'uint8' }),
      memorySource('b', 4, 3, [fill(12, 150)], { dtype: 'uint8' })
    );
    for (const v of run.magnitude) expect(v).toBeCloseTo(2500 / 32506.5025, 7);
    expect(run.fit).toMatchObject({ dynamicRange: 255, dynamicRangeBasis: 'data type', window: 11, c1: expect.closeTo(6.5025, 12) });
  });

  it('compares a one-pixel image with itself alone (reflected edges)', async () => {
    const run = await runStatistic(ssim({ dynamicRange: 100 }), memorySource('a', 1, 1, [[10], [20]]), memorySource('b', 1, 1, [[10], [30]]));
    // band 1 identical → 0; band 2: 1 − (2·20·30 + 1) / (400 + 900 + 1) = 100 / 1301; mean over bands
    expect(run.magnitude[0]).toBeCloseTo(100 / 1301 / 2, 7);
  });

  it('has a halo of the kernel radius ⌊3.5σ + 0.5⌋', () => {
    expect(ssim().halo).toBe(5);
    expect(ssim({ sigma: 1 }).halo).toBe(4);
    expect(ssim({ sigma: 0.5 }).halo).toBe(2);
  });
});

describe('ssim (scipy.ndimage reference)', () => {
  it('matches on the uint8 pair with L = 255 from the data type', async () => {
    const { before, after } = syntheticPair();
    const run = await runStatistic(
      ssim(),
      memorySource('a', WIDTH, HEIGHT, before, { dtype: 'uint8' }),
      memorySource('b', WIDTH, HEIGHT, after, { dtype: 'uint8' })
    );
    expectMatchesReference(run.magnitude, reference.ssimUint8.magnitude);
    expect(run.magnitude.reduce((s, v) => s + v, 0) / run.magnitude.length).toBeCloseTo(reference.ssimUint8.mean, 6);
  });

  it('matches on the float pair with nodata (normalized convolution, L measured)', async () => {
    const { before, after } = withNodata(syntheticPair());
    const scaled = (bands: Float32Array[]) => bands.map((b) => b.map((v) => v * 0.01));
    const run = await runStatistic(ssim(), memorySource('a', WIDTH, HEIGHT, scaled(before)), memorySource('b', WIDTH, HEIGHT, scaled(after)));
    expect(run.fit).toMatchObject({ dynamicRangeBasis: 'data range' });
    expect((run.fit as { dynamicRange: number }).dynamicRange).toBeCloseTo(reference.ssimFloatNodata.L, 12);
    expectMatchesReference(run.magnitude, reference.ssimFloatNodata.magnitude);
  });

  it('does not depend on the strip height', async () => {
    const { before, after } = withNodata(syntheticPair());
    const a = memorySource('a', WIDTH, HEIGHT, before, { dtype: 'uint8' });
    const b = memorySource('b', WIDTH, HEIGHT, after, { dtype: 'uint8' });
    const whole = await runStatistic(ssim(), a, b);
    for (const stripRows of [1, 2, 3, 7, 31]) expectIdentical((await runStatistic(ssim(), a, b, { stripRows })).magnitude, whole.magnitude);
  });
});

describe('ssim (edge cases)', () => {
  it('gives NaN everywhere for an all-nodata pair, with L = 1', async () => {
    const a = memorySource('a', 5, 4, [fill(20, NaN)]);
    const run = await runStatistic(ssim(), a, a);
    expect(run.magnitude.every(Number.isNaN)).toBe(true);
    expect(run.fit).toMatchObject({ dynamicRange: 1 });
  });

  it('gives 0 for identical constant float images (measured range 0 → L = 1)', async () => {
    const a = memorySource('a', 6, 6, [fill(36, 0)]);
    const run = await runStatistic(ssim(), a, a);
    expect(run.magnitude.every((v) => v === 0)).toBe(true);
  });

  it('marks nodata and ±Infinity pixels NaN and leaves them out of their neighbours', async () => {
    const { before, after } = syntheticPair();
    const holed = before.map((b) => b.slice());
    holed[0][5 * WIDTH + 5] = NaN;
    holed[1][20 * WIDTH + 20] = Infinity;
    const run = await runStatistic(
      ssim(),
      memorySource('a', WIDTH, HEIGHT, holed, { dtype: 'uint8' }),
      memorySource('b', WIDTH, HEIGHT, after, { dtype: 'uint8' })
    );
    expect(run.magnitude[5 * WIDTH + 5]).toBeNaN();
    expect(run.magnitude[20 * WIDTH + 20]).toBeNaN();
    expect(run.magnitude.filter(Number.isNaN)).toHaveLength(2);
  });

  it('uses the larger integer range when the data types differ, 65535 for int16', async () => {
    const a = memorySource('a', 2, 2, [fill(4, 1)], { dtype: 'uint8' });
    const b = memorySource('b', 2, 2, [fill(4, 1)], { dtype: 'int16' });
    expect((await runStatistic(ssim(), a, b)).fit).toMatchObject({ dynamicRange: 65535 });
  });

  it('measures the data range of integer files whose values were standardized (integer = false)', async () => {
    const a = memorySource('a', 2, 1, [[-1.5, 0.5]], { dtype: 'uint8' });
    const b = memorySource('b', 2, 1, [[0, 2]], { dtype: 'uint8' });
    expect((await runStatistic(ssim(), a, b, { integer: false })).fit).toMatchObject({ dynamicRange: 3.5, dynamicRangeBasis: 'data range' });
  });

  it('rejects a bad σ or L, and a magnitude before fit', () => {
    expect(() => ssim({ sigma: 0 })).toThrow(/σ must be/);
    expect(() => ssim({ dynamicRange: -1 })).toThrow(/dynamic range/);
    expect(() => ssim().magnitude({ width: 1, y0: 0, rows: 1, haloTop: 0, haloBottom: 0, a: [fill(1, 1)], b: [fill(1, 1)] }, fill(1, 0), [])).toThrow(/fit/);
  });
});
