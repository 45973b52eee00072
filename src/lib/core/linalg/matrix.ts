/**
 * Small dense matrices in f64 for the statistics of a change analysis (covariances of a few
 * bands, canonical correlations, principal components): sizes of a few tens at most, so plain
 * loops over a row-major Float64Array are the right tool.
 */

/** A dense row-major matrix: element (i, j) is data[i · cols + j]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A rows × cols matrix, zero-filled or copied from row-major `values`. */
export function matrix(rows: number, cols: number, values?: ArrayLike<number>): Matrix {
  const data = new Float64Array(rows * cols);
  if (values) {
    if (values.length !== rows * cols) throw new RangeError(`a ${rows}×${cols} matrix needs ${rows * cols} values, not ${values.length}`);
    data.set(values);
  }
  return { rows, cols, data };
}

/** A matrix from nested rows, e.g. fromRows([[4, 2], [2, 3]]). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  return matrix(rows.length, rows[0]?.length ?? 0, rows.flat());
}

export function identity(n: number): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** Element (i, j). */
export function at(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

export function transpose(m: Matrix): Matrix {
  const t = matrix(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) t.data[j * m.rows + i] = m.data[i * m.cols + j];
  return t;
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`cannot multiply ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  const c = matrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      for (let j = 0; j < b.cols; j++) c.data[i * b.cols + j] += aik * b.data[k * b.cols + j];
    }
  }
  return c;
}

/** The rows × cols block of m whose top-left element is (r0, c0), copied. */
export function block(m: Matrix, r0: number, c0: number, rows: number, cols: number): Matrix {
  const out = matrix(rows, cols);
  for (let i = 0; i < rows; i++) out.data.set(m.data.subarray((r0 + i) * m.cols + c0, (r0 + i) * m.cols + c0 + cols), i * cols);
  return out;
}

/** (m + mᵀ) / 2: removes the rounding asymmetry of a product that is symmetric in exact arithmetic. */
export function symmetrize(m: Matrix): Matrix {
  const n = m.rows;
  const s = matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s.data[i * n + j] = (m.data[i * n + j] + m.data[j * n + i]) / 2;
  return s;
}
