import { beforeAll, describe, expect, it } from 'vitest';
import { WeightedMoments } from '../../src/lib/core/linalg/moments';
import { loadKernels } from '../../src/lib/wasm/loader';
import { reference } from '../../src/lib/wasm/reference';
import type { Kernels } from '../../src/lib/wasm/types';

/** 0, a partial group, one and a few 4-sample groups ± 1 (the SIMD pass takes four samples), a large odd length. */
const LENGTHS = [0, 1, 3, 4, 5, 15, 16, 17, 100_003];
/** Odd and even dimensions: the SIMD rows run in column pairs, with a lane below the diagonal for odd rows. */
const DIMS = [1, 2, 3, 5, 8];

/** mulberry32: a seeded uniform [0, 1) stream. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A window of `dim` correlated digital-number-like variables (means of a few thousand, spread of
 * tens) and weights with the awkward values mixed in: ~10 % zero, a few negative and NaN, the rest
 * in (0, 1]. Every sample that is skipped holds NaN in one variable, to show it never leaks in.
 */
function window(dim: number, n: number, seed: number): { variables: Float32Array[]; weights: Float64Array } {
  const random = prng(seed);
  const variables = Array.from({ length: dim }, () => new Float32Array(n));
  const weights = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const common = random() * 100;
    for (let j = 0; j < dim; j++) variables[j][p] = 2000 + 300 * j + common * (j % 2 ? -1 : 1) + random() * 20;
    const r = random();
    weights[p] = r < 0.1 ? 0 : r < 0.12 ? -0.5 : r < 0.14 ? NaN : random() || 1;
    if (!(weights[p] > 0)) variables[Math.floor(random() * dim)][p] = NaN;
  }
  return { variables, weights };
}

function moments(k: Pick<Kernels, 'weightedMoments'>, variables: Float32Array[], weights: Float64Array) {
  const dim = variables.length;
  const [mean, m2] = [new Float64Array(dim).fill(7), new Float64Array(dim * dim).fill(7)];
  const { weight, count } = k.weightedMoments(mean, m2, variables, weights);
  return { weight, count, mean, m2 };
}

/** Per element Object.is; reports the first difference. */
function expectIdentical(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect({ i, value: actual[i] }).toEqual({ i, value: expected[i] });
  }
}

const builds = {} as Record<'simd' | 'scalar', Kernels>;

beforeAll(async () => {
  builds.simd = await loadKernels('simd');
  builds.scalar = await loadKernels('scalar');
});

describe.each(['simd', 'scalar'] as const)('%s build: weightedMoments vs the TypeScript reference', (flavour) => {
  const k = () => builds[flavour];

  it.each(LENGTHS)('bit-identical Σw, count, means and cross-products at length %i', (n) => {
    for (const dim of DIMS) {
      const { variables, weights } = window(dim, n, 100 * n + dim);
      const [got, want] = [moments(k(), variables, weights), moments(reference, variables, weights)];
      expect([got.weight, got.count]).toEqual([want.weight, want.count]);
      expectIdentical(got.mean, want.mean);
      expectIdentical(got.m2, want.m2);
    }
  });

  it('computes a hand-worked case: x = 1, 2, 4 with weights 1, 2, 1 and y = 2x, NaN under weight 0', () => {
    // mean x = 9/4; Σw(x − x̄)² = 1.5625 + 2·0.0625 + 3.0625 = 4.75; y = 2x doubles and quadruples.
    const x = Float32Array.of(1, NaN, 2, 4, 3);
    const y = Float32Array.of(2, 5, 4, 8, NaN);
    const got = moments(k(), [x, y], Float64Array.of(1, 0, 2, 1, -1));
    expect([got.weight, got.count]).toEqual([4, 3]);
    expectIdentical(got.mean, [2.25, 4.5]);
    expectIdentical(got.m2, [4.75, 9.5, 9.5, 19]);
  });

  it('gives zeros when no weight is positive, and for an empty window', () => {
    const { variables } = window(3, 9, 1);
    for (const weights of [new Float64Array(9), Float64Array.from({ length: 9 }, (_, i) => (i % 2 ? NaN : -1)), new Float64Array(0)]) {
      const vars = weights.length ? variables : variables.map(() => new Float32Array(0));
      const got = moments(k(), vars, weights);
      expect([got.weight, got.count]).toEqual([0, 0]);
      expect([...got.mean, ...got.m2].every((v) => Object.is(v, 0))).toBe(true);
    }
  });

  it('rejects variables of another length than the weights, and output arrays of the wrong size', () => {
    const [a, b] = [new Float32Array(4), new Float32Array(5)];
    expect(() => k().weightedMoments(new Float64Array(2), new Float64Array(4), [a, b], new Float64Array(4))).toThrow(RangeError);
    expect(() => k().weightedMoments(new Float64Array(2), new Float64Array(3), [a, a], new Float64Array(4))).toThrow(RangeError);
  });
});

describe('weightedMoments: SIMD and scalar builds', () => {
  it('agree bit for bit on a large window of many variables', () => {
    const { variables, weights } = window(13, 100_003, 7);
    const [simd, scalar] = [moments(builds.simd, variables, weights), moments(builds.scalar, variables, weights)];
    expect([simd.weight, simd.count]).toEqual([scalar.weight, scalar.count]);
    expectIdentical(simd.mean, scalar.mean);
    expectIdentical(simd.m2, scalar.m2);
  });
});

describe('WeightedMoments with the WASM kernel', () => {
  it('merges kernel windows to the same bits as its own loop, window for window', () => {
    const { variables, weights } = window(6, 10_007, 11);
    const [js, wasm] = [new WeightedMoments(6), new WeightedMoments(6, builds.simd)];
    for (let start = 0; start < weights.length; start += 1_000) {
      const end = Math.min(start + 1_000, weights.length);
      const vars = variables.map((v) => v.subarray(start, end + 3)); // longer than n: only the first n count
      const w = weights.subarray(start, end + 3);
      js.add(vars, w, end - start);
      wasm.add(vars, w, end - start);
    }
    expect([wasm.weight, wasm.count]).toEqual([js.weight, js.count]);
    expectIdentical(wasm.mean, js.mean);
    expectIdentical(wasm.covariance().data, js.covariance().data);
  });

  it('takes its own loop for windows the kernel does not take (f64 variables, number[] weights)', () => {
    const m = new WeightedMoments(2, builds.simd);
    m.add([Float64Array.of(1, 2, 4), [2, 4, 8]], [1, 2, 1], 3);
    expect(Array.from(m.mean)).toEqual([2.25, 4.5]);
    expect(m.covariance().data[0]).toBe(1.1875);
  });
});
