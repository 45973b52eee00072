import { describe, expect, it } from 'vitest';
import { applyAffine, invertAffine, similarityAbout } from '../../src/lib/core/align/affine';
import { coregister } from '../../src/lib/core/align/coregister';
import { memorySource } from '../helpers/memory-source';
import { continuousScene, render } from './imagery';

const scene = continuousScene(3, 700, 1500);
const size = 512;
const before = memorySource('before.tif', size, size, [render(scene, size, size)]);

describe('automatic co-registration (unreferenced pairs, exact transformed copies)', () => {
  it('finds a sub-pixel translation within 0.05 px', async () => {
    const after = memorySource('after.tif', size, size, [render(scene, size, size, (x, y) => [x + 3.37, y - 5.81])]);
    const r = await coregister(before, after, null);
    expect(r.reliable).toBe(true);
    expect(Math.abs(r.shiftPx[0] - 3.37)).toBeLessThan(0.05);
    expect(Math.abs(r.shiftPx[1] + 5.81)).toBeLessThan(0.05);
    expect(Math.abs(r.rotationDeg)).toBeLessThan(0.05);
    expect(Math.abs(r.scale - 1)).toBeLessThan(0.001);
  });

  it.each([
    [12, 1.25],
    [-30, 0.8],
    [44, 1.6]
  ])('recovers rotation %f° and scale %f of a cropped copy within 0.1° and 0.1 percent', async (rotation, scale) => {
    const t = similarityAbout(rotation, scale, [size / 2, size / 2], 20, -15);
    const inverse = invertAffine(t);
    const after = memorySource('after.tif', 420, 380, [render(scene, 420, 380, (x, y) => applyAffine(inverse, x, y))]);
    const r = await coregister(before, after, null);
    expect(r.reliable).toBe(true);
    expect(Math.abs(r.rotationDeg - rotation)).toBeLessThan(0.1);
    expect(Math.abs(r.scale / scale - 1)).toBeLessThan(0.001);
    // Where before's centre lands in after, to a tenth of a pixel.
    const [u, v] = applyAffine(r.correction, 256, 256);
    const [eu, ev] = applyAffine(t, 256, 256);
    expect(Math.hypot(u - eu, v - ev)).toBeLessThan(0.1);
  });

  it('calls a pair of unrelated images unreliable', async () => {
    const other = continuousScene(77, 700, 1500);
    const after = memorySource('after.tif', size, size, [render(other, size, size)]);
    const r = await coregister(before, after, null);
    expect(r.reliable).toBe(false);
    expect(r.reason).toMatch(/windows/);
  });
});
