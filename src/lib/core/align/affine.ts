/**
 * Affine maps between pixel grids. Coordinates are continuous pixel coordinates with pixel
 * corners at integers (the centre of pixel (i, j) is (i + 0.5, j + 0.5)), the convention of GDAL
 * geotransforms, so an affine between two grids composes with their geotransforms directly.
 */

/** x' = a[0] + a[1]·x + a[2]·y; y' = a[3] + a[4]·x + a[5]·y (GDAL geotransform order). */
export type Affine = [number, number, number, number, number, number];

export const IDENTITY: Affine = [0, 1, 0, 0, 0, 1];

export function applyAffine(a: Affine, x: number, y: number): [number, number] {
  return [a[0] + a[1] * x + a[2] * y, a[3] + a[4] * x + a[5] * y];
}

/** a ∘ b: first b, then a. */
export function composeAffine(a: Affine, b: Affine): Affine {
  return [
    a[0] + a[1] * b[0] + a[2] * b[3],
    a[1] * b[1] + a[2] * b[4],
    a[1] * b[2] + a[2] * b[5],
    a[3] + a[4] * b[0] + a[5] * b[3],
    a[4] * b[1] + a[5] * b[4],
    a[4] * b[2] + a[5] * b[5]
  ];
}

export function invertAffine(a: Affine): Affine {
  const det = a[1] * a[5] - a[2] * a[4];
  if (!(Math.abs(det) > 0) || !Number.isFinite(det)) throw new RangeError('the affine transform is singular');
  const i1 = a[5] / det;
  const i2 = -a[2] / det;
  const i4 = -a[4] / det;
  const i5 = a[1] / det;
  return [-(i1 * a[0] + i2 * a[3]), i1, i2, -(i4 * a[0] + i5 * a[3]), i4, i5];
}

/**
 * The similarity that rotates by `rotationDeg` (counter-clockwise as seen on screen, i.e. with y
 * pointing down), scales by `scale` about `centre`, then translates by (tx, ty).
 */
export function similarityAbout(rotationDeg: number, scale: number, centre: [number, number], tx = 0, ty = 0): Affine {
  const r = (rotationDeg * Math.PI) / 180;
  // y points down, so an on-screen counter-clockwise turn is a clockwise one in (x, y).
  const c = scale * Math.cos(r);
  const s = scale * Math.sin(r);
  const [cx, cy] = centre;
  return [cx + tx - c * cx - s * cy, c, s, cy + ty + s * cx - c * cy, -s, c];
}

/** Rotation (degrees, as in similarityAbout) and scale of the linear part, by its nearest similarity. */
export function rotationScaleOf(a: Affine): { rotationDeg: number; scale: number } {
  // Nearest similarity [[c, s], [−s, c]] to [[a1, a2], [a4, a5]] in the least-squares sense.
  const c = (a[1] + a[5]) / 2;
  const s = (a[2] - a[4]) / 2;
  return { rotationDeg: (Math.atan2(s, c) * 180) / Math.PI, scale: Math.hypot(c, s) };
}

/**
 * Least-squares affine from point pairs p → q (weights optional), or null when the points are
 * collinear or fewer than three. Solved in f64 by the 3 × 3 normal equations, centred for conditioning.
 */
export function fitAffine(p: readonly [number, number][], q: readonly [number, number][], w?: readonly number[]): Affine | null {
  const n = p.length;
  if (n < 3) return null;
  let sw = 0;
  let mx = 0;
  let my = 0;
  let mu = 0;
  let mv = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    sw += wi;
    mx += wi * p[i][0];
    my += wi * p[i][1];
    mu += wi * q[i][0];
    mv += wi * q[i][1];
  }
  if (!(sw > 0)) return null;
  mx /= sw;
  my /= sw;
  mu /= sw;
  mv /= sw;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let sxu = 0;
  let syu = 0;
  let sxv = 0;
  let syv = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    const x = p[i][0] - mx;
    const y = p[i][1] - my;
    const u = q[i][0] - mu;
    const v = q[i][1] - mv;
    sxx += wi * x * x;
    sxy += wi * x * y;
    syy += wi * y * y;
    sxu += wi * x * u;
    syu += wi * y * u;
    sxv += wi * x * v;
    syv += wi * y * v;
  }
  const det = sxx * syy - sxy * sxy;
  if (!(det > 1e-12 * (sxx * syy + 1e-300))) return null;
  const a1 = (sxu * syy - syu * sxy) / det;
  const a2 = (syu * sxx - sxu * sxy) / det;
  const a4 = (sxv * syy - syv * sxy) / det;
  const a5 = (syv * sxx - sxv * sxy) / det;
  return [mu - a1 * mx - a2 * my, a1, a2, mv - a4 * mx - a5 * my, a4, a5];
}
