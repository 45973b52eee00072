/**
 * One IR-MAD step: the MAD transformation from the weighted covariance of a pair, by canonical
 * correlation analysis (Nielsen 2007, doi:10.1109/TIP.2006.888195; conventions of Canty, "Image
 * Analysis, Classification and Change Detection in Remote Sensing", 4th ed., ch. 9, and his iMad.py).
 */
import { cholesky, NotPositiveDefiniteError, solveLower } from '../../linalg/cholesky';
import { generalizedSymmetricEigen } from '../../linalg/eigen';
import { at, block, matrix, multiply, transpose, type Matrix } from '../../linalg/matrix';
import { InputError } from '../../raster';

/** The MAD transformation of one iteration: MADᵢ = aᵢᵀ(x − x̄) − bᵢᵀ(y − ȳ). */
export interface MadTransform {
  readonly bands: number;
  /** Weighted means of the before bands, then of the after bands (2N values). */
  readonly mean: Float64Array;
  /** N×N; column i is aᵢ (before) or bᵢ (after), scaled so var(aᵢᵀX) = var(bᵢᵀY) = 1. */
  readonly a: Matrix;
  readonly b: Matrix;
  /** Canonical correlations ρᵢ = corr(aᵢᵀX, bᵢᵀY), ascending: MAD1 is the least correlated pair. */
  readonly rho: Float64Array;
  /** 1/σᵢ, σᵢ² = var(MADᵢ) = 2(1 − ρᵢ); 0 for a MAD variate that is identically 0 (identical images). */
  readonly invSigma: Float64Array;
}

/**
 * A variate whose own variance is under half its ridge-regularised variance is mostly ridge: the
 * band combination has (almost) no variance — a constant band or exactly collinear bands.
 */
const DEGENERATE_VARIANCE = 0.5;
/** Below this, var(MADᵢ) (in units of var(Uᵢ) = 1) is the rounding noise of identical inputs. */
const ZERO_VARIANCE = 1e-12;

/**
 * The MAD transformation of a 2N×2N covariance [[Σxx, Σxy], [Σyx, Σyy]] of N before and N after
 * bands. The canonical vectors solve Σxy·Σyy⁻¹·Σyx·a = ρ²·Σxx·a and Σyx·Σxx⁻¹·Σxy·b = ρ²·Σyy·b,
 * sorted by ascending ρ², with `lambda`·(mean band variance) added to the diagonals of Σxx and Σyy
 * (a ridge: collinear bands stay solvable; 0 gives the textbook problem). Signs follow Canty: the
 * correlations of aᵢᵀX with the before bands sum to ≥ 0, and aᵢᵀΣxy·bᵢ ≥ 0. Each vector is then
 * rescaled to unit variance under the unregularised covariance, so ρᵢ is the correlation of the
 * variates actually used. A degenerate variate (see DEGENERATE_VARIANCE) gets ρᵢ = 0 and
 * σᵢ² = var(Uᵢ) + var(Vᵢ) − 2·cov(Uᵢ, Vᵢ) without rescaling. Throws an InputError when a band
 * covariance is singular even after the ridge (e.g. every band constant, or lambda = 0 with a
 * constant or collinear band).
 */
export function madTransform(cov: Matrix, mean: Float64Array, lambda: number): MadTransform {
  const n = mean.length / 2;
  const sxx = block(cov, 0, 0, n, n);
  const syy = block(cov, n, n, n, n);
  const sxy = block(cov, 0, n, n, n);
  const rxx = ridge(sxx, lambda);
  const ryy = ridge(syy, lambda);
  // Σxy·Σyy⁻¹·Σyx = GᵀG with G = Lyy⁻¹·Σyx: symmetric positive semi-definite by construction.
  const g = solveLower(factor(ryy, 'after'), transpose(sxy));
  const h = solveLower(factor(rxx, 'before'), sxy);
  const a = generalizedSymmetricEigen(multiply(transpose(g), g), rxx).vectors;
  const b = generalizedSymmetricEigen(multiply(transpose(h), h), ryy).vectors;

  const rho = new Float64Array(n);
  const invSigma = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (correlationSum(rxx, a, i) < 0) scaleColumn(a, i, -1);
    if (bilinear(sxy, a, b, i) < 0) scaleColumn(b, i, -1);
    const va = bilinear(sxx, a, a, i);
    const vb = bilinear(syy, b, b, i);
    let sigma2: number;
    if (va < DEGENERATE_VARIANCE || vb < DEGENERATE_VARIANCE) {
      sigma2 = va + vb - 2 * bilinear(sxy, a, b, i);
    } else {
      scaleColumn(a, i, 1 / Math.sqrt(va));
      scaleColumn(b, i, 1 / Math.sqrt(vb));
      rho[i] = Math.min(1, bilinear(sxy, a, b, i));
      sigma2 = 2 * (1 - rho[i]);
    }
    invSigma[i] = sigma2 > ZERO_VARIANCE ? 1 / Math.sqrt(sigma2) : 0;
  }
  return { bands: n, mean, a, b, rho, invSigma };
}

/**
 * The MAD variates of one pixel into `mads` and its chi-square statistic Z = Σ (MADᵢ/σᵢ)².
 * `x` holds the before bands then the after bands and is centred in place.
 */
export function madChiSquare(t: MadTransform, x: Float64Array, mads: Float64Array): number {
  const n = t.bands;
  const A = t.a.data;
  const B = t.b.data;
  for (let k = 0; k < 2 * n; k++) x[k] -= t.mean[k];
  let z = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let k = 0; k < n; k++) m += A[k * n + i] * x[k] - B[k * n + i] * x[n + k];
    mads[i] = m;
    const s = m * t.invSigma[i];
    z += s * s;
  }
  return z;
}

/**
 * `madChiSquare` of every sample of a window into `z` (variable k of sample p is variables[k][p],
 * before bands then after bands): the same operations in the same order, so the same bits, but four
 * samples at a time so that every coefficient loaded serves four pixels — the fit evaluates this
 * for every pixel in every iteration. NaN (nodata) in any band of a sample makes its Z NaN.
 */
export function madChiSquareWindow(t: MadTransform, variables: readonly Float32Array[], z: Float64Array, count: number): void {
  const n = t.bands;
  const { mean, invSigma } = t;
  const A = t.a.data;
  const B = t.b.data;
  const d = new Float64Array(8 * n); // d[4k + s]: centred variable k of sample s of the four
  const last = count - 1;
  for (let p = 0; p < count; p += 4) {
    // Past the end, the last sample stands in; its Z is written again, unchanged.
    const p1 = Math.min(p + 1, last);
    const p2 = Math.min(p + 2, last);
    const p3 = Math.min(p + 3, last);
    for (let k = 0; k < 2 * n; k++) {
      const x = variables[k];
      const m = mean[k];
      d[4 * k] = x[p] - m;
      d[4 * k + 1] = x[p1] - m;
      d[4 * k + 2] = x[p2] - m;
      d[4 * k + 3] = x[p3] - m;
    }
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    for (let i = 0; i < n; i++) {
      let m0 = 0;
      let m1 = 0;
      let m2 = 0;
      let m3 = 0;
      for (let k = 0; k < n; k++) {
        const a = A[k * n + i];
        const b = B[k * n + i];
        const x = 4 * k;
        const y = 4 * (n + k);
        m0 += a * d[x] - b * d[y];
        m1 += a * d[x + 1] - b * d[y + 1];
        m2 += a * d[x + 2] - b * d[y + 2];
        m3 += a * d[x + 3] - b * d[y + 3];
      }
      const s = invSigma[i];
      m0 *= s;
      m1 *= s;
      m2 *= s;
      m3 *= s;
      z0 += m0 * m0;
      z1 += m1 * m1;
      z2 += m2 * m2;
      z3 += m3 * m3;
    }
    z[p] = z0;
    z[p1] = z1;
    z[p2] = z2;
    z[p3] = z3;
  }
}

function ridge(s: Matrix, lambda: number): Matrix {
  const n = s.rows;
  let trace = 0;
  for (let k = 0; k < n; k++) trace += at(s, k, k);
  const r = matrix(n, n, s.data);
  for (let k = 0; k < n; k++) r.data[k * n + k] += (lambda * trace) / n;
  return r;
}

function factor(s: Matrix, image: 'before' | 'after'): Matrix {
  try {
    return cholesky(s);
  } catch (e) {
    if (!(e instanceof NotPositiveDefiniteError)) throw e;
    throw new InputError(
      'IR-MAD',
      `the band covariance of the ${image} image is singular (a constant band or exactly collinear bands); set lambda > 0 or drop that band`
    );
  }
}

/** Σₖ cov(Xₖ, aᵢᵀX)/sd(Xₖ): the sum of the correlations of variate i with the bands, up to a positive factor. */
function correlationSum(s: Matrix, a: Matrix, i: number): number {
  let sum = 0;
  for (let k = 0; k < s.rows; k++) {
    let c = 0;
    for (let j = 0; j < s.cols; j++) c += at(s, k, j) * at(a, j, i);
    sum += c / Math.sqrt(at(s, k, k));
  }
  return sum;
}

/** (column i of u)ᵀ·M·(column i of v). */
function bilinear(m: Matrix, u: Matrix, v: Matrix, i: number): number {
  let s = 0;
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) s += at(u, r, i) * at(m, r, c) * at(v, c, i);
  return s;
}

function scaleColumn(m: Matrix, i: number, f: number): void {
  for (let r = 0; r < m.rows; r++) m.data[r * m.cols + i] *= f;
}
