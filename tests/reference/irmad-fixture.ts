/**
 * The synthetic IR-MAD pair of tests/reference/irmad.py, evaluated by the same formula: integer
 * hashing (lowbias32), IEEE float64 arithmetic in the same order, then rounding to float32. 64×48,
 * 4 bands, 5 materials in 8×8 blocks, an illumination ramp, a 16×16 block of changed material,
 * gains and offsets between the dates, and ~3.5 % nodata (NaN in one band of one image).
 */

import { lowbias32 } from '../../src/lib/core/scene/prng';

export const WIDTH = 64;
export const HEIGHT = 48;
export const BANDS = 4;
const SPECTRA = [
  [40, 35, 30, 90],
  [60, 58, 62, 70],
  [25, 30, 20, 15],
  [80, 85, 95, 100],
  [50, 45, 55, 40]
];
const GAIN = [1.2, 0.9, 1.1, 0.8];
const OFFSET = [5, -3, 8, 12];
const NOISE = [2, 3, 4, 5];

const uniform = (i: number): number => (lowbias32(i) >>> 8) / 16777216;

/** Irwin–Hall: the sum of four uniforms, centred; exact in float64, so both languages agree bit for bit. */
function noise(i: number): number {
  const j = i * 4;
  return uniform(j) + uniform(j + 1) + uniform(j + 2) + uniform(j + 3) - 2;
}

/** Band-separate before and after images, NaN = nodata. */
export function syntheticPair(): { before: Float32Array[]; after: Float32Array[] } {
  const before = Array.from({ length: BANDS }, () => new Float32Array(WIDTH * HEIGHT));
  const after = Array.from({ length: BANDS }, () => new Float32Array(WIDTH * HEIGHT));
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const p = y * WIDTH + x;
      const cls = lowbias32(1000000 + (y >> 3) * 8 + (x >> 3)) % 5;
      const changed = x >= 40 && x < 56 && y >= 8 && y < 24;
      const clsAfter = changed ? (cls + 2) % 5 : cls;
      const light = (x + y) / 4;
      for (let k = 0; k < BANDS; k++) {
        before[k][p] = SPECTRA[cls][k] + light + NOISE[k] * noise(p * 16 + k);
        after[k][p] = (SPECTRA[clsAfter][k] + light) * GAIN[k] + OFFSET[k] + NOISE[k] * 1.5 * noise(p * 16 + 8 + k);
      }
      if ((x * 7 + y * 13) % 61 === 0) before[2][p] = NaN;
      if ((x * 3 + y * 5) % 53 === 0) after[0][p] = NaN;
    }
  }
  return { before, after };
}

export { memorySource } from '../helpers/memory-source';
