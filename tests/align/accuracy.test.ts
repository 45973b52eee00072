/**
 * Alignment accuracy against known transforms: shifts made by bilinear and cubic resampling, and
 * (optional, on real imagery where /work/shared/data is present) rotated, rescaled, cropped
 * copies of a real Landsat scene brought back onto the original's grid. Measured errors are
 * printed for the README.
 */
import { existsSync, openAsBlob } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyAffine, invertAffine, similarityAbout, type Affine } from '../../src/lib/core/align/affine';
import { alignPair } from '../../src/lib/core/align/align';
import { alignedSource } from '../../src/lib/core/align/aligned-source';
import { affineMapping } from '../../src/lib/core/align/mapping';
import type { Resampling } from '../../src/lib/core/align/resample';
import { openRaster } from '../../src/lib/core/io/open-raster';
import type { RasterSource } from '../../src/lib/core/raster';
import { memorySource } from '../helpers/memory-source';
import { continuousScene, render } from './imagery';

/** `source` seen through `toSource` (copy pixel → source pixel), materialized, without georeferencing. */
async function transformedCopy(source: RasterSource, toSource: Affine, width: number, height: number, kind: Resampling): Promise<RasterSource> {
  const grid = { ...source.info, width, height, geo: null };
  const bands = Array.from({ length: source.info.bands }, (_, b) => b);
  const rows = await alignedSource(grid, source, affineMapping(toSource), kind).readRows(0, height, bands);
  return memorySource('after.tif', width, height, rows);
}

/** RMS difference of band 1 over pixels valid in both. */
async function rmsDifference(a: RasterSource, b: RasterSource): Promise<number> {
  const [x] = await a.readRows(0, a.info.height, [0]);
  const [y] = await b.readRows(0, b.info.height, [0]);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === x[i] && y[i] === y[i]) {
      sum += (x[i] - y[i]) ** 2;
      n++;
    }
  }
  return Math.sqrt(sum / n);
}

describe('shifts made by resampling, found within 0.1 px', () => {
  const size = 384;
  const before = memorySource('before.tif', size, size, [render(continuousScene(5, 600, 1200), size, size)]);
  it.each([
    ['bilinear', 2.3, -1.6],
    ['cubic', -0.45, 3.7]
  ] as const)('%s, (%f, %f)', async (kind, dx, dy) => {
    const after = await transformedCopy(before, [dx, 1, 0, dy, 0, 1], size, size, kind);
    const { alignment } = await alignPair(before, after, { mode: 'auto' });
    console.log(`accuracy: ${kind} shift error ${Math.abs(alignment.shiftPx[0] - dx).toFixed(3)}, ${Math.abs(alignment.shiftPx[1] - dy).toFixed(3)} px`);
    expect(alignment.reliable).toBe(true);
    expect(Math.abs(alignment.shiftPx[0] - dx)).toBeLessThan(0.1);
    expect(Math.abs(alignment.shiftPx[1] - dy)).toBeLessThan(0.1);
  });
});

const REAL = '/work/shared/data/geotiff/RGB.byte.tif';
const present = existsSync(REAL);
if (!present) console.log(`align accuracy: real-image checks skipped, ${REAL} is absent (optional real data)`);

describe.skipIf(!present)('a real Landsat scene (RGB.byte.tif) transformed by known amounts', () => {
  it.each([
    ['shift', 0, 1, 4.25, -2.75],
    ['rotation', 7.5, 1, 0, 0],
    ['rotation + scale + crop', -20, 1.3, 12, 8]
  ] as const)('%s: %f°, ×%f, (%f, %f) px', async (_, rotation, scale, tx, ty) => {
    const before = await openRaster(await openAsBlob(REAL), 'RGB.byte.tif');
    const { width, height } = before.info;
    const t = similarityAbout(rotation, scale, [width / 2, height / 2], tx, ty);
    const [w, h] = scale === 1 && rotation === 0 ? [width, height] : [Math.round(width * 0.8), Math.round(height * 0.8)];
    const after = await transformedCopy(before, invertAffine(t), w, h, 'cubic');
    const { alignment, after: aligned } = await alignPair({ ...before, info: { ...before.info, geo: null } }, after, { mode: 'auto', resampling: 'cubic' });
    const [cx, cy] = applyAffine(alignment.transform!, width / 2, height / 2);
    const [ex, ey] = applyAffine(t, width / 2, height / 2);
    const exact = alignedSource(before.info, after, affineMapping(t), 'cubic');
    const [ours, best] = [await rmsDifference(before, aligned), await rmsDifference(before, exact)];
    console.log(
      `accuracy (RGB.byte.tif, ${rotation}°, ×${scale}): rotation error ${Math.abs(alignment.rotationDeg - rotation).toFixed(4)}°, scale error ${(100 * Math.abs(alignment.scale / scale - 1)).toFixed(4)} %, centre error ${Math.hypot(cx - ex, cy - ey).toFixed(3)} px, RMS vs before ${ours.toFixed(3)} (exact inverse ${best.toFixed(3)}), reliability ${alignment.reliability}`
    );
    expect(alignment.reliable).toBe(true);
    expect(Math.abs(alignment.rotationDeg - rotation)).toBeLessThan(0.1);
    expect(Math.abs(alignment.scale / scale - 1)).toBeLessThan(0.001);
    expect(Math.hypot(cx - ex, cy - ey)).toBeLessThan(0.1);
    expect(ours).toBeLessThan(best * 1.1 + 0.05);
  });
});
