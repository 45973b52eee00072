/**
 * The synthetic pairs of tests/reference/ssim_pca.py, rebuilt by the same integer arithmetic.
 * `syntheticPair`: 40 × 32, two bands, a ramp texture, in the after image a shifted block
 * (brightness change) and a checkerboard block (structural change), hashed noise of ±5.
 * `indexPair`: 8 × 6, six bands in Landsat TM order, hashed values with planted special pixels.
 */
export const WIDTH = 40;
export const HEIGHT = 32;

function hash32(i: number, seed: number): number {
  let x = (Math.imul(i, 0x9e3779b1) + Math.imul(seed, 0x85ebca77) + 0x165667b1) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d) >>> 0;
  x ^= x >>> 12;
  x = Math.imul(x, 0x297a2d39) >>> 0;
  x ^= x >>> 15;
  return x >>> 0;
}

const noise = (i: number, seed: number) => (hash32(i, seed) % 11) - 5;
const clamp = (v: number) => Math.min(255, Math.max(0, v));

/** Band-separate before and after images (integers 0–255). */
export function syntheticPair(): { before: Float32Array[]; after: Float32Array[] } {
  const before = [0, 1].map(() => new Float32Array(WIDTH * HEIGHT));
  const after = [0, 1].map(() => new Float32Array(WIDTH * HEIGHT));
  for (let b = 0; b < 2; b++) {
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const i = y * WIDTH + x;
        const base = 60 + 30 * b + ((3 * x + 5 * y) % 40);
        let afterBase = base;
        if (y >= 6 && y < 16 && x >= 8 && x < 20) afterBase = base + (b === 0 ? 70 : -35);
        if (y >= 18 && y < 28 && x >= 24 && x < 36) afterBase = 100 + 30 * b + ((x + y) % 2) * 60;
        before[b][i] = clamp(base + noise(i, 1 + b));
        after[b][i] = clamp(afterBase + noise(i, 11 + b));
      }
    }
  }
  return { before, after };
}

/** The pair with the nodata pixels of `with_nodata` in ssim_pca.py. */
export function withNodata(pair: { before: Float32Array[]; after: Float32Array[] }): { before: Float32Array[]; after: Float32Array[] } {
  const before = pair.before.map((b) => b.slice());
  const after = pair.after.map((b) => b.slice());
  for (const [y, x] of [
    [3, 4],
    [20, 30],
    [31, 39]
  ])
    before[0][y * WIDTH + x] = NaN;
  after[1][10 * WIDTH + 10] = NaN;
  return { before, after };
}

export const INDEX_WIDTH = 8;
export const INDEX_HEIGHT = 6;

/** The six-band pair of `index_pair` in ssim_pca.py (blue, green, red, NIR, SWIR1, SWIR2). */
export function indexPair(): { before: Float32Array[]; after: Float32Array[] } {
  const n = INDEX_WIDTH * INDEX_HEIGHT;
  const before = Array.from({ length: 6 }, (_, b) => Float32Array.from({ length: n }, (_, i) => 20 + (hash32(i, 100 + b) % 200)));
  const after = Array.from({ length: 6 }, (_, b) => Float32Array.from({ length: n }, (_, i) => 20 + (hash32(i, 200 + b) % 200)));
  before[2][0] = before[3][0] = 0;
  after[4][1] = after[3][1] = 0;
  after[2][2] = NaN;
  for (const [i, factor] of [
    [3, 2],
    [4, 0.5],
    [5, 1]
  ])
    for (let b = 0; b < 6; b++) after[b][i] = before[b][i] * factor;
  return { before, after };
}
