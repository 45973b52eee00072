import { describe, expect, it } from 'vitest';
import { Sfc32 } from '../../src/lib/core/scene/prng';
import { generateSpeckleScene, speckle, SPECKLE_LESSON } from '../../src/lib/core/scene/speckle';

describe('speckle scene', () => {
  it('is the same bytes for the same options and differs for another seed', () => {
    const a = generateSpeckleScene({ ...SPECKLE_LESSON, width: 96, height: 80 });
    const b = generateSpeckleScene({ ...SPECKLE_LESSON, width: 96, height: 80 });
    const c = generateSpeckleScene({ ...SPECKLE_LESSON, width: 96, height: 80, seed: SPECKLE_LESSON.seed + 1 });
    expect(a.before).toEqual(b.before);
    expect(a.after).toEqual(b.after);
    expect(a.truth).toEqual(b.truth);
    expect(c.before).not.toEqual(a.before);
  });

  it('marks a minority of the pixels as changed', () => {
    const s = generateSpeckleScene(SPECKLE_LESSON);
    const changed = s.truth.reduce((n, v) => n + v, 0);
    expect(changed / s.truth.length).toBeGreaterThan(0.03);
    expect(changed / s.truth.length).toBeLessThan(0.2);
    expect(s.before.length).toBe(SPECKLE_LESSON.width * SPECKLE_LESSON.height);
  });

  it('gives L-look Gamma intensity statistics: mean 1 and variance 1/L relative to the reflectivity', () => {
    for (const looks of [1, 4]) {
      const level = 100;
      const out = speckle(new Float64Array(200_000).fill(level), looks, new Sfc32(5, looks));
      let sum = 0;
      let sum2 = 0;
      for (const a of out) {
        const g = (a / level) ** 2;
        sum += g;
        sum2 += g * g;
      }
      const mean = sum / out.length;
      const variance = sum2 / out.length - mean * mean;
      // 8-bit quantisation and saturation at 255 shift the moments slightly.
      expect(mean).toBeCloseTo(1, 1);
      expect(variance).toBeCloseTo(1 / looks, 1);
    }
  });

  it('rejects sizes below 64 px and looks outside 1–16', () => {
    expect(() => generateSpeckleScene({ ...SPECKLE_LESSON, width: 63 })).toThrow(RangeError);
    expect(() => generateSpeckleScene({ ...SPECKLE_LESSON, looks: 0 })).toThrow(/looks/);
    expect(() => generateSpeckleScene({ ...SPECKLE_LESSON, looks: 2.5 })).toThrow(/looks/);
  });
});
