import { matrix, type Matrix } from './matrix';

/** A matrix that should be symmetric positive definite is not (numerically). */
export class NotPositiveDefiniteError extends Error {
  constructor(readonly row: number) {
    super(`the matrix is not positive definite (the pivot of row ${row} vanishes at working precision)`);
    this.name = 'NotPositiveDefiniteError';
  }
}

/**
 * The Cholesky factor L (lower triangular, A = L·Lᵀ) of a symmetric positive definite A, by the
 * Cholesky–Banachiewicz order (Golub & Van Loan, Matrix Computations, 4th ed., alg. 4.2.1). Only
 * the lower triangle of A is read. A pivot at or below n·ε·a_jj — the rounding level of its own
 * elimination — counts as zero, so a singular covariance (a constant band, exactly collinear
 * bands) throws NotPositiveDefiniteError instead of returning a factor full of noise.
 */
export function cholesky(a: Matrix): Matrix {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`Cholesky needs a square matrix, not ${a.rows}×${a.cols}`);
  const l = matrix(n, n);
  const A = a.data;
  const L = l.data;
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (!(d > n * Number.EPSILON * A[j * n + j])) throw new NotPositiveDefiniteError(j);
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** X = L⁻¹·B for lower-triangular L (forward substitution, every column of B at once). */
export function solveLower(l: Matrix, b: Matrix): Matrix {
  const n = l.rows;
  const m = b.cols;
  const x = matrix(n, m, b.data);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const lik = l.data[i * n + k];
      for (let j = 0; j < m; j++) x.data[i * m + j] -= lik * x.data[k * m + j];
    }
    const lii = l.data[i * n + i];
    for (let j = 0; j < m; j++) x.data[i * m + j] /= lii;
  }
  return x;
}

/** X = L⁻ᵀ·B for lower-triangular L (back substitution with Lᵀ, every column of B at once). */
export function solveLowerTransposed(l: Matrix, b: Matrix): Matrix {
  const n = l.rows;
  const m = b.cols;
  const x = matrix(n, m, b.data);
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const lki = l.data[k * n + i];
      for (let j = 0; j < m; j++) x.data[i * m + j] -= lki * x.data[k * m + j];
    }
    const lii = l.data[i * n + i];
    for (let j = 0; j < m; j++) x.data[i * m + j] /= lii;
  }
  return x;
}
