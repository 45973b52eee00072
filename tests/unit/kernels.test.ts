import { beforeAll, describe, expect, it } from 'vitest';
import { WasmKernels } from '../../src/lib/wasm/kernels';
import { instantiateCore, loadKernels, simdSupported } from '../../src/lib/wasm/loader';
import { reference } from '../../src/lib/wasm/reference';
import type { Kernels } from '../../src/lib/wasm/types';
import { prng } from '../helpers/prng';

/** 0, a partial vector, one and a few vectors ± 1 (the SIMD loops take 4 or 16 lanes), a large odd length. */
const LENGTHS = [0, 1, 3, 4, 5, 15, 16, 17, 100_003];
/** Log-ratio: the polynomial ln is within about an ulp of Math.log; 1e-6 is ~8 f32 ulps. */
const LOG_RATIO_REL_TOL = 1e-6;

/** A band with the awkward values mixed in: ~5 % NaN, zeros of both signs, negatives, ties. */
function band(n: number, seed: number): Float32Array {
  const random = prng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.05) out[i] = NaN;
    else if (r < 0.07) out[i] = random() < 0.5 ? 0 : -0;
    else if (r < 0.1) out[i] = Math.round(random() * 10);
    else out[i] = random() * 1100 - 100;
  }
  return out;
}

/** Per element Object.is (NaN equals NaN, +0 differs from −0); reports the first difference. */
function expectIdentical(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect({ i, value: actual[i] }).toEqual({ i, value: expected[i] });
  }
}

function expectLogRatioClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const [w, r] = [actual[i], expected[i]];
    const close = Number.isFinite(r) ? Math.abs(w - r) <= LOG_RATIO_REL_TOL * Math.abs(r) : Object.is(w, r);
    if (!close) expect({ i, value: w }).toEqual({ i, value: r });
  }
}

/** Distance in f32 steps between two finite floats of the same sign. */
function ulps(x: number, y: number): number {
  const bits = new Int32Array(new Float32Array([x, y]).buffer);
  return Math.abs(bits[0] - bits[1]);
}

const builds: Record<'simd' | 'scalar', Kernels> = {} as Record<'simd' | 'scalar', Kernels>;

beforeAll(async () => {
  builds.simd = await loadKernels('simd');
  builds.scalar = await loadKernels('scalar');
});

describe('loadKernels', () => {
  it('picks the SIMD build where the engine validates v128 (Node does)', async () => {
    expect(simdSupported()).toBe(true);
    expect((await loadKernels()).flavour).toBe('simd');
    expect(builds.scalar.flavour).toBe('scalar');
  });
});

describe.each(['simd', 'scalar'] as const)('%s build vs the TypeScript reference', (flavour) => {
  const k = () => builds[flavour];

  it.each(LENGTHS)('absDiffAccumulate, squaredDiffAccumulate: bit-identical at length %i', (n) => {
    const [a, b, init] = [band(n, 1), band(n, 2), band(n, 3)];
    for (const name of ['absDiffAccumulate', 'squaredDiffAccumulate'] as const) {
      const [got, want] = [init.slice(), init.slice()];
      k()[name](got, a, b);
      reference[name](want, a, b);
      expectIdentical(got, want);
    }
  });

  it.each(LENGTHS)('logRatioAccumulate: within 1e-6 relative at length %i', (n) => {
    const [a, b] = [band(n, 4), band(n, 5)];
    for (const eps of [1e-3, 1, 0, -0]) {
      const init = band(n, 6).map(Math.abs);
      const [got, want] = [init.slice(), init.slice()];
      k().logRatioAccumulate(got, a, b, eps);
      reference.logRatioAccumulate(want, a, b, eps);
      expectLogRatioClose(got, want);
    }
  });

  it.each(LENGTHS)('cvaDirection: magnitude, angle and class bit-identical at length %i, with and without vegetation rules', (n) => {
    const a = [0, 1, 2, 3].map((i) => band(n, 20 + i));
    const b = [0, 1, 2, 3].map((i) => band(n, 30 + i));
    // Some infinities, and pixels with no change in one band (ties for the brightening rules).
    if (n > 10) {
      a[1][7] = Infinity;
      b[2][9] = -Infinity;
      b[0].set(a[0].subarray(0, 5));
    }
    const rules = [
      null,
      { red: 2, nir: 3, swir1: null, visible: [0, 1, 2] },
      { red: 2, nir: 3, swir1: 1, visible: [2] },
      { red: 0, nir: 1, swir1: null, visible: [] }
    ];
    for (const r of rules) {
      const got = [0, 1, 2].map(() => new Float32Array(n).fill(7));
      const want = [0, 1, 2].map(() => new Float32Array(n).fill(7));
      k().cvaDirection(got[0], got[1], got[2], a, b, r);
      reference.cvaDirection(want[0], want[1], want[2], a, b, r);
      got.forEach((g, i) => expectIdentical(g, want[i]));
    }
  });

  it('cvaDirection refuses planes of different lengths', () => {
    const x = new Float32Array(4);
    expect(() => k().cvaDirection(x, x, x, [x, new Float32Array(3)], [x, x], null)).toThrow(RangeError);
  });

  it.each(LENGTHS)('scale and sqrt: bit-identical at length %i', (n) => {
    const data = band(n, 7);
    for (const factor of [0.37, -3, 1 / 3]) {
      const [got, want] = [data.slice(), data.slice()];
      k().scale(got, factor);
      reference.scale(want, factor);
      expectIdentical(got, want);
    }
    const [got, want] = [data.slice(), data.slice()];
    k().sqrt(got);
    reference.sqrt(want);
    expectIdentical(got, want);
  });

  it.each(LENGTHS)('minMax: identical at length %i', (n) => {
    const data = band(n, 8);
    expect(k().minMax(data)).toEqual(reference.minMax(data));
  });

  it.each(LENGTHS)('histogram: identical counts at length %i', (n) => {
    const data = band(n, 9);
    for (const [bins, min, max] of [
      [256, -100, 1000],
      [7, 0, 500],
      [1, 0, 1],
      [64, 3, 3],
      [10, 1000, -100]
    ]) {
      const init = Uint32Array.from({ length: bins }, (_, i) => i * 3);
      const [got, want] = [init.slice(), init.slice()];
      k().histogram(got, data, min, max);
      reference.histogram(want, data, min, max);
      expectIdentical(got, want);
    }
  });

  it.each(LENGTHS)('threshold: identical mask and count at length %i', (n) => {
    const data = band(n, 10);
    for (const t of [500, 0, -0, Math.fround(0.1), 0.1, -1e-300, 1e300, -Infinity, NaN]) {
      const [got, want] = [new Uint8Array(n), new Uint8Array(n)];
      expect(k().threshold(got, data, t)).toBe(reference.threshold(want, data, t));
      expectIdentical(got, want);
    }
  });

  it('computes the hand-worked cases', () => {
    const out = new Float32Array([1, 0, 0, 0]);
    k().absDiffAccumulate(out, new Float32Array([1, 2, 3, 0]), new Float32Array([4, -1, NaN, 0]));
    expectIdentical(out, [4, 3, NaN, 0]);

    const sq = new Float32Array([1, 0]);
    k().squaredDiffAccumulate(sq, new Float32Array([1, 2]), new Float32Array([4, -1]));
    expectIdentical(sq, [10, 9]);

    // eps = 1: (1+1)/(1+1) = 1, (3+1)/(1+1) = 2, (0+1)/(1+1) = ½, (−5 → 0, +1)/(0+1) = 1, NaN
    const lr = new Float32Array(5);
    k().logRatioAccumulate(lr, new Float32Array([1, 1, 1, 0, 1]), new Float32Array([1, 3, 0, -5, NaN]), 1);
    expectIdentical(lr, [0, Math.fround(Math.LN2), Math.fround(Math.LN2), 0, NaN]);
    // eps = 0: a zero after becomes |ln 0| = Inf, zero before and after 0/0 = NaN
    const lr0 = new Float32Array(2);
    k().logRatioAccumulate(lr0, new Float32Array([2, 0]), new Float32Array([0, 0]), 0);
    expectIdentical(lr0, [Infinity, NaN]);

    const s = new Float32Array([1, -2, NaN]);
    k().scale(s, 0.5);
    expectIdentical(s, [0.5, -1, NaN]);
    const r = new Float32Array([4, 2.25, -1, NaN, Infinity]);
    k().sqrt(r);
    expectIdentical(r, [2, 1.5, NaN, NaN, Infinity]);

    expect(k().minMax(new Float32Array([3, NaN, -2, 7]))).toEqual({ min: -2, max: 7, count: 3 });
    expect(k().minMax(new Float32Array([NaN, NaN]))).toEqual({ min: Infinity, max: -Infinity, count: 0 });
    expect(Object.is(k().minMax(new Float32Array([-0, 0, -0, 0, -0])).min, 0)).toBe(true);

    const counts = new Uint32Array(10);
    k().histogram(counts, new Float32Array([0, 0.5, 1, 2, 9.99, 10, 11, -1, NaN]), 0, 10);
    expectIdentical(counts, [3, 1, 1, 0, 0, 0, 0, 0, 0, 3]);
    const flat = new Uint32Array([5, 0]);
    k().histogram(flat, new Float32Array([5, NaN, 7]), 5, 5);
    expectIdentical(flat, [7, 0]);

    const mask = new Uint8Array(4);
    expect(k().threshold(mask, new Float32Array([0, 1, 2, NaN]), 1)).toBe(1);
    expectIdentical(mask, [0, 0, 1, 255]);
    // 0.1 is not an f32: fround(0.1) = 0.10000000149 lies above it, so it counts as above 0.1
    expect(k().threshold(new Uint8Array(1), new Float32Array([0.1]), 0.1)).toBe(1);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => k().absDiffAccumulate(new Float32Array(3), new Float32Array(3), new Float32Array(4))).toThrow(RangeError);
    expect(() => k().threshold(new Uint8Array(2), new Float32Array(3), 0)).toThrow(RangeError);
  });

  it('grows memory for a window larger than it, and keeps working for smaller ones after', async () => {
    const core = await instantiateCore(flavour);
    const kernels = new WasmKernels(flavour, core);
    const n = 3_000_001; // 3 × 12 MB arrays, more than the initial memory
    expect(core.memory.buffer.byteLength).toBeLessThan(3 * 4 * n);
    for (const size of [17, n, 2 * n + 5, 33]) {
      const [a, b] = [band(size, 11), band(size, 12)];
      const [got, want] = [new Float32Array(size).fill(0.5), new Float32Array(size).fill(0.5)];
      kernels.squaredDiffAccumulate(got, a, b);
      reference.squaredDiffAccumulate(want, a, b);
      expectIdentical(got, want);
    }
    expect(core.memory.buffer.byteLength).toBeGreaterThanOrEqual(3 * 4 * (2 * n + 5));
    expect(core.memory.buffer.byteLength).toBeLessThan(3 * 4 * (2 * n + 5) + 2 * 65536); // grown to fit, not doubled
  });
});

describe('SIMD and scalar builds', () => {
  it('give bit-identical results on every kernel', () => {
    const n = 100_003;
    const [a, b, init] = [band(n, 13), band(n, 14), band(n, 15)];
    const run = (k: Kernels) => {
      const outs = [init.slice(), init.slice(), init.slice(), init.slice(), init.slice()];
      k.absDiffAccumulate(outs[0], a, b);
      k.squaredDiffAccumulate(outs[1], a, b);
      k.logRatioAccumulate(outs[2], a, b, 1e-3);
      k.scale(outs[3], 0.3);
      k.sqrt(outs[4]);
      const counts = new Uint32Array(100);
      k.histogram(counts, a, -50, 900);
      const mask = new Uint8Array(n);
      const ones = k.threshold(mask, a, 250);
      return { outs, counts, mask, ones, minMax: k.minMax(a) };
    };
    const [simd, scalar] = [run(builds.simd), run(builds.scalar)];
    simd.outs.forEach((out, i) => expectIdentical(out, scalar.outs[i]));
    expectIdentical(simd.counts, scalar.counts);
    expectIdentical(simd.mask, scalar.mask);
    expect(simd.ones).toBe(scalar.ones);
    expect(simd.minMax).toEqual(scalar.minMax);
  });

  it('share one ln: identical bits, and within 1 ulp of Math.log, from subnormals to the largest f32', () => {
    const random = prng(16);
    const n = 200_003;
    const q = new Float32Array(n);
    for (let i = 0; i < n; i++) q[i] = Math.fround(2 ** (random() * 277 - 149)); // 2^-149 … 2^128
    q.set([1, 2, 0.5, Math.SQRT1_2, Math.SQRT2, 2 ** -149, 2 ** -126, 3.4028234663852886e38, 0, Infinity]);
    const ones = new Float32Array(n).fill(1);
    const [simd, scalar] = [new Float32Array(n), new Float32Array(n)];
    builds.simd.logRatioAccumulate(simd, ones, q, 0); // |ln(q / 1)|
    builds.scalar.logRatioAccumulate(scalar, ones, q, 0);
    expectIdentical(simd, scalar);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const want = Math.fround(Math.abs(Math.log(q[i])));
      if (Number.isFinite(want)) worst = Math.max(worst, ulps(simd[i], want));
      else expect(simd[i]).toBe(want);
    }
    expect(worst).toBeLessThanOrEqual(1);
  });
});
