/** Small dense linear algebra: hand-computed factorizations and eigen-decompositions, then identities on random matrices. */
import { describe, expect, it } from 'vitest';
import { cholesky, NotPositiveDefiniteError, solveLower, solveLowerTransposed } from '../../src/lib/core/linalg/cholesky';
import { generalizedSymmetricEigen, symmetricEigen } from '../../src/lib/core/linalg/eigen';
import { at, block, fromRows, identity, matrix, multiply, symmetrize, transpose, type Matrix } from '../../src/lib/core/linalg/matrix';
import { WeightedMoments } from '../../src/lib/core/linalg/moments';

function expectMatrixClose(actual: Matrix, expected: Matrix, tol: number): void {
  expect([actual.rows, actual.cols]).toEqual([expected.rows, expected.cols]);
  actual.data.forEach((v, i) => expect(Math.abs(v - expected.data[i]), `element ${i}: ${v} vs ${expected.data[i]}`).toBeLessThanOrEqual(tol));
}

/** A random symmetric positive definite n×n matrix MᵀM + n·I from a seeded generator. */
function randomSpd(n: number, seed: number): Matrix {
  let s = seed;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const m = matrix(n, n, Array.from({ length: n * n }, random));
  const spd = multiply(transpose(m), m);
  for (let i = 0; i < n; i++) spd.data[i * n + i] += n;
  return spd;
}

describe('matrix helpers', () => {
  it('multiplies, transposes and cuts blocks (hand-computed)', () => {
    const a = fromRows([
      [1, 2, 3],
      [4, 5, 6]
    ]);
    expectMatrixClose(
      multiply(a, transpose(a)),
      fromRows([
        [14, 32],
        [32, 77]
      ]),
      0
    );
    expectMatrixClose(
      block(a, 0, 1, 2, 2),
      fromRows([
        [2, 3],
        [5, 6]
      ]),
      0
    );
    expectMatrixClose(
      symmetrize(
        fromRows([
          [1, 2],
          [4, 1]
        ])
      ),
      fromRows([
        [1, 3],
        [3, 1]
      ]),
      0
    );
    expect(at(a, 1, 2)).toBe(6);
    expect(() => multiply(a, a)).toThrow(RangeError);
    expect(() => matrix(2, 2, [1, 2, 3])).toThrow(RangeError);
  });
});

describe('Cholesky', () => {
  it('factors [[4, 2], [2, 3]] as [[2, 0], [1, √2]] (hand-computed)', () => {
    expectMatrixClose(
      cholesky(
        fromRows([
          [4, 2],
          [2, 3]
        ])
      ),
      fromRows([
        [2, 0],
        [1, Math.SQRT2]
      ]),
      1e-15
    );
  });

  it('factors the 3×3 textbook case exactly', () => {
    // [[4, 12, −16], [12, 37, −43], [−16, −43, 98]] = L·Lᵀ with L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]].
    const a = fromRows([
      [4, 12, -16],
      [12, 37, -43],
      [-16, -43, 98]
    ]);
    expectMatrixClose(
      cholesky(a),
      fromRows([
        [2, 0, 0],
        [6, 1, 0],
        [-8, 5, 3]
      ]),
      0
    );
  });

  it('solves with L and Lᵀ', () => {
    const a = randomSpd(6, 3);
    const l = cholesky(a);
    const b = matrix(6, 2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expectMatrixClose(multiply(l, solveLower(l, b)), b, 1e-12);
    expectMatrixClose(multiply(transpose(l), solveLowerTransposed(l, b)), b, 1e-12);
    expectMatrixClose(multiply(l, transpose(l)), a, 1e-12);
  });

  it('rejects indefinite, singular and rounding-level singular matrices', () => {
    expect(() =>
      cholesky(
        fromRows([
          [1, 2],
          [2, 1]
        ])
      )
    ).toThrow(NotPositiveDefiniteError);
    expect(() =>
      cholesky(
        fromRows([
          [1, 0],
          [0, 0]
        ])
      )
    ).toThrow('the pivot of row 1 vanishes');
    // Exactly collinear "bands": the covariance of (x, 3x + 1) is singular; its rounding must not pass for a pivot.
    const x = [0.1, 0.7, 0.3, 0.9, 0.5];
    const y = x.map((v) => 3 * v + 1);
    const m = new WeightedMoments(2);
    m.add([x, y], [1, 1, 1, 1, 1], 5);
    expect(() => cholesky(m.covariance())).toThrow(NotPositiveDefiniteError);
    expect(() => cholesky(matrix(2, 3))).toThrow(RangeError);
  });
});

describe('Jacobi eigen-decomposition', () => {
  it('[[2, 1], [1, 2]] has eigenvalues 1, 3 with vectors (1, −1)/√2, (1, 1)/√2 (hand-computed)', () => {
    const { values, vectors } = symmetricEigen(
      fromRows([
        [2, 1],
        [1, 2]
      ])
    );
    expect(Array.from(values)).toEqual([1, 3].map((v) => expect.closeTo(v, 14)));
    const r = Math.SQRT1_2;
    expect(Math.abs(at(vectors, 0, 0) + at(vectors, 1, 0))).toBeLessThan(1e-15);
    expect(Math.abs(at(vectors, 0, 0))).toBeCloseTo(r, 14);
    expect(at(vectors, 0, 1) * at(vectors, 1, 1)).toBeCloseTo(0.5, 14);
  });

  it('sorts a diagonal matrix ascending and handles 1×1, zero and repeated eigenvalues', () => {
    expect(
      Array.from(
        symmetricEigen(
          fromRows([
            [3, 0, 0],
            [0, -1, 0],
            [0, 0, 2]
          ])
        ).values
      )
    ).toEqual([-1, 2, 3]);
    expect(Array.from(symmetricEigen(fromRows([[5]])).values)).toEqual([5]);
    const zero = symmetricEigen(matrix(3, 3));
    expect(Array.from(zero.values)).toEqual([0, 0, 0]);
    expectMatrixClose(zero.vectors, identity(3), 0);
    expect(
      Array.from(
        symmetricEigen(
          fromRows([
            [2, 0],
            [0, 2]
          ])
        ).values
      )
    ).toEqual([2, 2]);
  });

  it.each([2, 5, 12])('reconstructs a random symmetric matrix (n = %i) with orthonormal vectors', (n) => {
    const a = randomSpd(n, n);
    for (let i = 0; i < n; i++) a.data[i * n + i] -= 2 * n; // indefinite too
    const { values, vectors: v } = symmetricEigen(a);
    const lambda = matrix(n, n);
    values.forEach((x, i) => (lambda.data[i * n + i] = x));
    expectMatrixClose(multiply(multiply(v, lambda), transpose(v)), a, 1e-12 * n);
    expectMatrixClose(multiply(transpose(v), v), identity(n), 1e-13 * n);
    for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  });
});

describe('generalized symmetric-definite eigenproblem A·v = λ·B·v', () => {
  it('diag(2, 3) against diag(1, 2): λ = 1.5, 2 with B-normalised vectors (hand-computed)', () => {
    const { values, vectors } = generalizedSymmetricEigen(
      fromRows([
        [2, 0],
        [0, 3]
      ]),
      fromRows([
        [1, 0],
        [0, 2]
      ])
    );
    expect(Array.from(values)).toEqual([1.5, 2].map((v) => expect.closeTo(v, 14)));
    // λ = 1.5 belongs to e₂ scaled to e₂ᵀBe₂ = 1 → 1/√2; λ = 2 to e₁.
    expect(Math.abs(at(vectors, 1, 0))).toBeCloseTo(Math.SQRT1_2, 14);
    expect(Math.abs(at(vectors, 0, 1))).toBeCloseTo(1, 14);
  });

  it('[[2, 1], [1, 2]] against [[2, 0], [0, 1]]: the roots of det(A − λB) = 2λ² − 6λ + 3 (hand-computed)', () => {
    const { values } = generalizedSymmetricEigen(
      fromRows([
        [2, 1],
        [1, 2]
      ]),
      fromRows([
        [2, 0],
        [0, 1]
      ])
    );
    expect(values[0]).toBeCloseTo((3 - Math.sqrt(3)) / 2, 14);
    expect(values[1]).toBeCloseTo((3 + Math.sqrt(3)) / 2, 14);
  });

  it.each([3, 8])('satisfies A·V = B·V·Λ and Vᵀ·B·V = I on random matrices (n = %i)', (n) => {
    const a = randomSpd(n, 100 + n);
    const b = randomSpd(n, 200 + n);
    const { values, vectors: v } = generalizedSymmetricEigen(a, b);
    const lambda = matrix(n, n);
    values.forEach((x, i) => (lambda.data[i * n + i] = x));
    expectMatrixClose(multiply(a, v), multiply(multiply(b, v), lambda), 1e-11);
    expectMatrixClose(multiply(multiply(transpose(v), b), v), identity(n), 1e-12);
  });

  it('rejects a singular B', () => {
    expect(() =>
      generalizedSymmetricEigen(
        identity(2),
        fromRows([
          [1, 1],
          [1, 1]
        ])
      )
    ).toThrow(NotPositiveDefiniteError);
  });
});

describe('WeightedMoments', () => {
  it('weighted mean and covariance of a hand-computed case', () => {
    // x = 1, 2, 4 with weights 1, 2, 1: mean (1 + 4 + 4)/4 = 2.25; var = (1.5625 + 2·0.0625 + 3.0625)/4 = 1.1875.
    const m = new WeightedMoments(2);
    m.add(
      [
        [1, 2, 4],
        [2, 4, 8]
      ],
      [1, 2, 1],
      3
    );
    expect(Array.from(m.mean)).toEqual([2.25, 4.5]);
    expectMatrixClose(
      m.covariance(),
      fromRows([
        [1.1875, 2.375],
        [2.375, 4.75]
      ]),
      1e-15
    );
    expect([m.weight, m.count]).toEqual([4, 3]);
  });

  it('skips weight-0 samples (which may hold NaN) and gives zeros when empty', () => {
    const m = new WeightedMoments(1);
    m.add([[NaN, 5, NaN]], [0, 1, 0], 3);
    expect(Array.from(m.mean)).toEqual([5]);
    expect(m.covariance().data[0]).toBe(0);
    expect(new WeightedMoments(2).covariance().data.every((v) => v === 0)).toBe(true);
  });

  it('merges windows stably: digital numbers near 1e9 with unit spread, in windows of 1 or all at once', () => {
    const x = Array.from({ length: 1000 }, (_, i) => 1e9 + (i % 7) - 3);
    const y = x.map((v, i) => -v + (i % 3));
    const w = x.map((_, i) => 1 + (i % 2));
    const whole = new WeightedMoments(2);
    whole.add([x, y], w, x.length);
    const pieces = new WeightedMoments(2);
    for (let i = 0; i < x.length; i++) pieces.add([[x[i]], [y[i]]], [w[i]], 1);
    // Two-pass reference in exact-enough arithmetic: deviations are small integers.
    const sw = w.reduce((a, b) => a + b, 0);
    const dx = x.map((v) => v - 1e9);
    const mx = dx.reduce((s, v, i) => s + w[i] * v, 0) / sw;
    const varX = dx.reduce((s, v, i) => s + w[i] * (v - mx) ** 2, 0) / sw;
    for (const m of [whole, pieces]) {
      expect(m.mean[0] - 1e9).toBeCloseTo(mx, 5); // a few ulps of 1e9
      // Running sums of x and x² would be off by ~1e18·ε ≈ 100 here; 1000 one-sample merges keep ~1e-9 relative.
      expect(at(m.covariance(), 0, 0)).toBeCloseTo(varX, 7);
    }
    expectMatrixClose(pieces.covariance(), whole.covariance(), 1e-7);
  });
});
