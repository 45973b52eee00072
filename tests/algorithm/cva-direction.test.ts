import { describe, expect, it } from 'vitest';
import { presetMapping, type BandMapping } from '../../src/lib/core/bands';
import { cvaDirection, DIRECTION_CLASSES } from '../../src/lib/core/change/methods/cva-direction';
import reference from '../reference/ssim_pca.json';
import { INDEX_HEIGHT, INDEX_WIDTH, indexPair } from '../reference/ssim-pca-fixture';
import { expectIdentical, memorySource, runStatistic } from './method-harness';

/** Against numpy (tests/reference/ssim_pca.py); angles near 0 are ill-conditioned (acos′ → ∞), hence 1e-7. */
const MAGNITUDE_REL_TOL = 1e-6;
const ANGLE_TOL = 1e-7;

const RGBN: BandMapping = { blue: 1, green: 2, red: 3, nir: 4 };

/** Five pixels of blue, green, red, NIR: built-up gain, vegetation loss, ×2, ×½, opposite moves. */
const BEFORE = memorySource('a', 5, 1, [
  [10, 10, 10, 10, 10],
  [20, 20, 20, 20, 20],
  [30, 30, 30, 30, 30],
  [90, 90, 40, 40, 40]
]);
const AFTER = memorySource('b', 5, 1, [
  [30, 10, 20, 5, 20],
  [40, 15, 40, 10, 10],
  [60, 25, 60, 15, 30],
  [60, 60, 80, 20, 40]
]);

async function run(mapping: BandMapping | null, before = BEFORE, after = AFTER, opts: { bands?: number[]; stripRows?: number } = {}) {
  const { magnitude, extras, fit } = await runStatistic(cvaDirection(mapping), before, after, opts);
  return { magnitude: Array.from(magnitude), angle: Array.from(extras[0]), cls: Array.from(extras[1]), fit };
}

describe('cvaDirection (hand-computed)', () => {
  it('classifies by NDVI and visible brightness without SWIR', async () => {
    // 0: NDVI 0.5 → 0, visible Σ Δ = 70 > 0 → built-up gain; 1: NDVI 0.5 → 35/85, Σ Δ = −20 → vegetation
    // loss; 2: every band ×2 (same NDVI) → brightening; 3: every band ×½ → darkening; 4: blue +10,
    // green −10 → other.
    const r = await run(RGBN);
    expect(r.cls).toEqual([3, 4, 1, 2, 0]);
    expect(r.fit).toEqual({ classRules: 'NDVI and visible brightness', mapping: 'blue = band 1, green = band 2, red = band 3, nir = band 4' });
  });

  it('gives ‖Δ‖ and the spectral angle', async () => {
    const r = await run(RGBN);
    expect(r.magnitude[0]).toBeCloseTo(Math.sqrt(400 + 400 + 900 + 900), 4);
    expect(r.magnitude[4]).toBeCloseTo(Math.sqrt(200), 5);
    // pixel 4: a·b = 200 + 200 + 900 + 1600 = 2900, ‖a‖² = ‖b‖² = 3000
    expect(r.angle[4]).toBeCloseTo(Math.acos(29 / 30), 7);
    expect(r.angle[2]).toBe(0);
    expect(r.angle[3]).toBe(0);
  });

  it('uses NDBI for built-up gain when SWIR1 is mapped and selected', async () => {
    // SWIR1 pixel 0: 90 → 140 (NDBI 0 → 0.4, rises) → built-up; pixel 1: 90 → 30 (falls) → vegetation loss
    const before = memorySource('a', 2, 1, [
      [10, 10],
      [20, 20],
      [30, 30],
      [90, 90],
      [90, 90]
    ]);
    const after = memorySource('b', 2, 1, [
      [30, 30],
      [40, 40],
      [60, 60],
      [60, 60],
      [140, 30]
    ]);
    const r = await run({ ...RGBN, swir1: 5 }, before, after);
    expect(r.cls).toEqual([3, 4]);
    expect(r.fit).toMatchObject({ classRules: 'NDVI and NDBI' });
  });

  it('keeps to brightening/darkening/other without a mapping or without red and NIR selected', async () => {
    // pixel 0: NIR falls while the visible bands rise → other; pixel 1: nothing rises → darkening
    expect((await run(null)).cls).toEqual([0, 2, 1, 2, 0]);
    const partial = await run(RGBN, BEFORE, AFTER, { bands: [1, 2, 3] });
    expect(partial.cls).toEqual([1, 2, 1, 2, 0]);
    expect(partial.fit).toMatchObject({ classRules: 'brightness only' });
  });

  it('lists the classes with unique ids, names and colours', () => {
    expect(DIRECTION_CLASSES.map((c) => c.id)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(DIRECTION_CLASSES.map((c) => c.colour)).size).toBe(5);
    expect(DIRECTION_CLASSES[3].name).toBe('built-up gain');
  });
});

describe('cvaDirection (numpy reference)', () => {
  const { before, after } = indexPair();
  const a = memorySource('a', INDEX_WIDTH, INDEX_HEIGHT, before);
  const b = memorySource('b', INDEX_WIDTH, INDEX_HEIGHT, after);
  const cases: [string, BandMapping, (number | null)[]][] = [
    ['with SWIR1 (Landsat TM)', presetMapping('landsat457', 6)!, reference.indices.classSwir],
    ['without SWIR1', RGBN, reference.indices.classVnir]
  ];
  for (const [name, mapping, classes] of cases) {
    it(`matches magnitude, angle and class ${name}`, async () => {
      const r = await run(mapping, a, b);
      const ref = reference.indices;
      for (let i = 0; i < classes.length; i++) {
        const [m, t, c] = [ref.cvaMagnitude[i], ref.cvaAngle[i], classes[i]];
        if (m === null || t === null || c === null) {
          expect([r.magnitude[i], r.angle[i], r.cls[i]], `pixel ${i}`).toEqual([NaN, NaN, NaN]);
          continue;
        }
        expect(Math.abs(r.magnitude[i] - m), `pixel ${i}`).toBeLessThan(MAGNITUDE_REL_TOL * Math.max(1, m));
        expect(Math.abs(r.angle[i] - t), `pixel ${i}`).toBeLessThan(ANGLE_TOL);
        expect(r.cls[i], `pixel ${i}`).toBe(c);
      }
    });
  }

  it('does not depend on the strip height', async () => {
    const whole = await runStatistic(cvaDirection(RGBN), a, b);
    const strips = await runStatistic(cvaDirection(RGBN), a, b, { stripRows: 1 });
    expectIdentical(strips.magnitude, whole.magnitude);
    whole.extras.forEach((e, k) => expectIdentical(strips.extras[k], e));
  });
});

describe('cvaDirection (edge cases)', () => {
  it('gives NaN in every output for nodata and ±Infinity', async () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const r = await run(RGBN, memorySource('a', 1, 1, [[1], [bad], [1], [1]]), memorySource('b', 1, 1, [[1], [1], [1], [1]]));
      expect([r.magnitude[0], r.angle[0], r.cls[0]]).toEqual([NaN, NaN, NaN]);
    }
  });

  it('gives magnitude 0, angle 0, class 0 for no change; angle NaN for a zero vector; one pixel works', async () => {
    const same = await run(RGBN, memorySource('a', 1, 1, [[5], [6], [7], [8]]), memorySource('b', 1, 1, [[5], [6], [7], [8]]));
    expect([same.magnitude[0], same.angle[0], same.cls[0]]).toEqual([0, 0, 0]);
    const zero = await run(null, memorySource('a', 1, 1, [[0], [0]]), memorySource('b', 1, 1, [[3], [4]]));
    expect(zero.magnitude[0]).toBe(5);
    expect(zero.angle[0]).toBeNaN();
    expect(zero.cls[0]).toBe(1);
  });

  it('refuses a magnitude before fit', () => {
    const one = new Float32Array(1);
    expect(() => cvaDirection(null).magnitude({ width: 1, y0: 0, rows: 1, haloTop: 0, haloBottom: 0, a: [one], b: [one] }, one, [one, one])).toThrow(/fit/);
  });
});
