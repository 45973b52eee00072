import { cholesky, solveLower, solveLowerTransposed } from './cholesky';
import { identity, matrix, symmetrize, transpose, type Matrix } from './matrix';

/** Eigenvalues in ascending order and the matching eigenvectors as the columns of `vectors`. */
export interface EigenDecomposition {
  values: Float64Array;
  vectors: Matrix;
}

/** Cyclic Jacobi converges quadratically; a handful of sweeps suffices for the sizes used here. */
const MAX_SWEEPS = 64;

/**
 * Eigen-decomposition A = V·Λ·Vᵀ of a real symmetric matrix by the cyclic Jacobi method
 * (Golub & Van Loan, Matrix Computations, 4th ed., §8.5; rotation formulas as in Press et al.,
 * Numerical Recipes, 3rd ed., §11.1). Accurate to working precision for small matrices, including
 * tiny eigenvalues relative to the large ones, and V is orthogonal to working precision. Only the
 * values of A are used, not its symmetry being exact: pass a symmetric matrix.
 */
export function symmetricEigen(a: Matrix): EigenDecomposition {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`an eigen-decomposition needs a square matrix, not ${a.rows}×${a.cols}`);
  const A = Float64Array.from(a.data);
  const V = identity(n).data;
  let norm2 = 0;
  for (const x of A) norm2 += x * x;
  const stop = (Number.EPSILON * Number.EPSILON * norm2) / 4;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q] * A[p * n + q];
    if (off <= stop) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) rotate(A, V, n, p, q);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A[i * n + i] - A[j * n + j] || i - j);
  const values = Float64Array.from(order, (i) => A[i * n + i]);
  const vectors = matrix(n, n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) vectors.data[r * n + c] = V[r * n + order[c]];
  return { values, vectors };
}

/** One Jacobi rotation in the (p, q) plane that zeroes A[p][q], applied to A and accumulated in V. */
function rotate(A: Float64Array, V: Float64Array, n: number, p: number, q: number): void {
  const apq = A[p * n + q];
  if (apq === 0) return;
  const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  A[p * n + p] -= t * apq;
  A[q * n + q] += t * apq;
  A[p * n + q] = A[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    if (k !== p && k !== q) {
      const akp = A[k * n + p];
      const akq = A[k * n + q];
      A[k * n + p] = A[p * n + k] = c * akp - s * akq;
      A[k * n + q] = A[q * n + k] = s * akp + c * akq;
    }
    const vkp = V[k * n + p];
    const vkq = V[k * n + q];
    V[k * n + p] = c * vkp - s * vkq;
    V[k * n + q] = s * vkp + c * vkq;
  }
}

/**
 * The symmetric-definite generalized eigenproblem A·v = λ·B·v (A symmetric, B symmetric positive
 * definite) by Cholesky reduction: B = L·Lᵀ, C = L⁻¹·A·L⁻ᵀ, C = W·Λ·Wᵀ, V = L⁻ᵀ·W (Golub & Van
 * Loan, §8.7.2). Eigenvalues ascending; the eigenvectors are B-orthonormal: Vᵀ·B·V = I. Throws
 * NotPositiveDefiniteError when B is singular at working precision.
 */
export function generalizedSymmetricEigen(a: Matrix, b: Matrix): EigenDecomposition {
  const l = cholesky(b);
  const c = symmetrize(solveLower(l, transpose(solveLower(l, a))));
  const { values, vectors } = symmetricEigen(c);
  return { values, vectors: solveLowerTransposed(l, vectors) };
}
