import { describe, expect, it } from 'vitest';
import { presetMapping, type BandMapping } from '../../src/lib/core/bands';
import { spectralIndex, spectralIndexBands, type SpectralIndexKind } from '../../src/lib/core/change/methods/spectral-index';
import { InputError } from '../../src/lib/core/raster';
import reference from '../reference/ssim_pca.json';
import { INDEX_HEIGHT, INDEX_WIDTH, indexPair } from '../reference/ssim-pca-fixture';
import { expectIdentical, memorySource, runStatistic } from './method-harness';

/** Against numpy (tests/reference/ssim_pca.py), float64 there, float32 output here. */
const REFERENCE_TOL = 1e-6;

const RGBN: BandMapping = { blue: 1, green: 2, red: 3, nir: 4 };
const TM = presetMapping('landsat457', 6)!;

/** Two pixels of blue, green, red, NIR (and optionally SWIR1) before and after. */
const twoPixels = (bands: number[][]) => memorySource('p', 2, 1, bands);
const BEFORE = twoPixels([
  [10, 10],
  [20, 20],
  [30, 50],
  [90, 50]
]);
const AFTER = twoPixels([
  [30, 10],
  [40, 20],
  [60, 20],
  [60, 80]
]);

async function run(kind: SpectralIndexKind, mapping: BandMapping, before = BEFORE, after = AFTER, bands?: number[]) {
  const stat = spectralIndex(kind, mapping);
  const { magnitude, extras, fit } = await runStatistic(stat, before, after, { bands });
  return { stat, magnitude: Array.from(magnitude), delta: Array.from(extras[0]), fit };
}

describe('spectralIndex (hand-computed)', () => {
  it('ΔNDVI of two pixels', async () => {
    // pixel 0: NDVI (90 − 30)/120 = 0.5 → (60 − 60)/120 = 0, Δ = −0.5; pixel 1: 0 → (80 − 20)/100 = 0.6
    const r = await run('ndvi', RGBN);
    expect(r.delta[0]).toBeCloseTo(-0.5, 7);
    expect(r.delta[1]).toBeCloseTo(0.6, 7);
    expect(r.magnitude[0]).toBeCloseTo(0.5, 7);
    expect(r.magnitude[1]).toBeCloseTo(0.6, 7);
    expect(r.stat.unit).toBe('Δ NDVI');
    expect(r.stat.outputs).toEqual(['delta']);
    expect(r.fit).toEqual({ bands: { nir: 4, red: 3 } });
  });

  it('ΔNDWI (McFeeters) of two pixels', async () => {
    // pixel 0: (20 − 90)/110 → (40 − 60)/100: Δ = −0.2 + 7/11; pixel 1: (20 − 50)/70 → (20 − 80)/100
    const r = await run('ndwi', RGBN);
    expect(r.delta[0]).toBeCloseTo(-0.2 + 70 / 110, 7);
    expect(r.delta[1]).toBeCloseTo(-0.6 + 30 / 70, 7);
  });

  it('built-up gain from visible and NIR: −ΔNDVI + brightness gain, magnitude max(0, G)', async () => {
    // pixel 0: −ΔNDVI = 0.5; B = 20 → 130/3, ΔB = (130 − 60)/(130 + 60) = 7/19; G = 0.5 + 7/19
    // pixel 1: −ΔNDVI = −0.6; B = 80/3 → 50/3, ΔB = −30/130; G = −0.6 − 3/13 < 0 → magnitude 0
    const r = await run('builtup', RGBN);
    expect(r.delta[0]).toBeCloseTo(0.5 + 7 / 19, 7);
    expect(r.magnitude[0]).toBeCloseTo(0.5 + 7 / 19, 7);
    expect(r.delta[1]).toBeCloseTo(-0.6 - 3 / 13, 7);
    expect(r.magnitude[1]).toBe(0);
    expect(r.stat.unit).toBe('built-up gain (−ΔNDVI + Δbrightness)');
  });

  it('ΔNDBI and built-up gain ΔNDBI − ΔNDVI with SWIR1', async () => {
    // SWIR1 pixel 0: 90 → 140: NDBI 0 → 80/200 = 0.4; pixel 1: 50 → 20: 0 → −60/100 = −0.6
    const before = twoPixels([
      [10, 10],
      [20, 20],
      [30, 50],
      [90, 50],
      [90, 50]
    ]);
    const after = twoPixels([
      [30, 10],
      [40, 20],
      [60, 20],
      [60, 80],
      [140, 20]
    ]);
    const mapping = { ...RGBN, swir1: 5 };
    const ndbi = await run('ndbi', mapping, before, after);
    expect(ndbi.delta[0]).toBeCloseTo(0.4, 7);
    expect(ndbi.delta[1]).toBeCloseTo(-0.6, 7);
    const builtup = await run('builtup', mapping, before, after);
    expect(builtup.delta[0]).toBeCloseTo(0.9, 7);
    expect(builtup.delta[1]).toBeCloseTo(-1.2, 7);
    expect(builtup.magnitude).toEqual([expect.closeTo(0.9, 7), 0]);
    expect(builtup.stat.unit).toBe('built-up gain (ΔNDBI − ΔNDVI)');
  });
});

describe('spectralIndex (numpy reference)', () => {
  const { before, after } = indexPair();
  const a = memorySource('a', INDEX_WIDTH, INDEX_HEIGHT, before);
  const b = memorySource('b', INDEX_WIDTH, INDEX_HEIGHT, after);
  const cases: [SpectralIndexKind, BandMapping, (number | null)[]][] = [
    ['ndvi', TM, reference.indices.ndvi],
    ['ndwi', TM, reference.indices.ndwi],
    ['ndbi', TM, reference.indices.ndbi],
    ['builtup', TM, reference.indices.builtupSwir],
    ['builtup', RGBN, reference.indices.builtupVnir]
  ];
  for (const [kind, mapping, expected] of cases) {
    it(`matches ${kind} (${mapping.swir1 ? 'with' : 'without'} SWIR1)`, async () => {
      const r = await run(kind, mapping, a, b);
      expected.forEach((v, i) => {
        if (v === null) {
          expect(r.delta[i], `pixel ${i}`).toBeNaN();
          expect(r.magnitude[i], `pixel ${i}`).toBeNaN();
        } else {
          expect(Math.abs(r.delta[i] - v), `pixel ${i}`).toBeLessThan(REFERENCE_TOL);
          expect(Math.abs(r.magnitude[i] - (kind === 'builtup' ? Math.max(0, v) : Math.abs(v))), `pixel ${i}`).toBeLessThan(REFERENCE_TOL);
        }
      });
    });
  }

  it('reads only the bands it needs, in any selection order, and does not depend on the strip height', async () => {
    const all = await runStatistic(spectralIndex('builtup', TM), a, b);
    const needed = spectralIndexBands('builtup', TM);
    expect(needed).toEqual([5, 4, 3]);
    const some = await runStatistic(spectralIndex('builtup', TM), a, b, { bands: [3, 5, 4], stripRows: 2 });
    expectIdentical(some.magnitude, all.magnitude);
    expectIdentical(some.extras[0], all.extras[0]);
  });
});

describe('spectralIndex (edge cases)', () => {
  it('throws an InputError naming the missing roles', () => {
    expect(() => spectralIndex('ndbi', RGBN)).toThrow(InputError);
    expect(() => spectralIndex('ndbi', RGBN)).toThrow(
      'bands: ΔNDBI needs SWIR1 and NIR; the band mapping has blue = band 1, green = band 2, red = band 3, nir = band 4'
    );
    expect(() => spectralIndex('ndvi', { red: 1 })).toThrow('ΔNDVI needs NIR and RED; the band mapping has red = band 1');
    expect(() => spectralIndex('builtup', {})).toThrow('Built-up gain needs NIR and RED; the band mapping has no bands');
  });

  it('throws when a needed band is not among the selected bands', async () => {
    await expect(run('ndvi', RGBN, BEFORE, AFTER, [1, 2, 3])).rejects.toThrow('ΔNDVI needs band 4 (nir), which is not among the selected bands 1, 2, 3');
  });

  it('gives NaN for zero denominators, nodata and ±Infinity; 0 for constant images', async () => {
    const before = twoPixels([
      [0, 5],
      [0, 5],
      [0, 5],
      [0, 5]
    ]);
    const after = twoPixels([
      [1, 5],
      [1, 5],
      [1, 5],
      [1, 5]
    ]);
    const r = await run('ndvi', RGBN, before, after);
    expect(r.magnitude[0]).toBeNaN(); // red + NIR = 0 before
    expect(r.magnitude[1]).toBe(0);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const holed = twoPixels([
        [1, 1],
        [1, 1],
        [bad, 1],
        [1, 1]
      ]);
      const h = await run('ndvi', RGBN, holed, after);
      expect([h.magnitude[0], h.delta[0]]).toEqual([NaN, NaN]);
      expect(h.magnitude[1]).toBe(0);
    }
  });

  it('works on one pixel, and an all-nodata pair gives NaN', async () => {
    const one = await run('ndvi', RGBN, memorySource('a', 1, 1, [[1], [1], [10], [30]]), memorySource('b', 1, 1, [[1], [1], [30], [10]]));
    expect(one.delta[0]).toBeCloseTo(-1, 7);
    const nan = memorySource('n', 2, 1, [
      [NaN, NaN],
      [NaN, NaN],
      [NaN, NaN],
      [NaN, NaN]
    ]);
    expect((await run('builtup', RGBN, nan, nan)).magnitude).toEqual([NaN, NaN]);
  });

  it('refuses a magnitude before fit', () => {
    const one = new Float32Array(1);
    expect(() => spectralIndex('ndvi', RGBN).magnitude({ width: 1, y0: 0, rows: 1, haloTop: 0, haloBottom: 0, a: [one], b: [one] }, one, [])).toThrow(/fit/);
  });
});
