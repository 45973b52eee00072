/**
 * Kernel benchmark: median milliseconds of the SIMD and scalar WASM builds and of the plain
 * TypeScript reference on the same data. The WASM columns time the raw exports on data already in
 * WASM memory (the kernel work alone); `simdCopyMs` times the `Kernels` API with its copies in and
 * out; `cMs` is the same kernels in C (bench/c/kernels.c, gcc -O3 -march=native), null without gcc.
 */
import { instantiateCore, loadKernels, type Flavour } from '../src/lib/wasm/loader';
import type { CoreExports } from '../src/lib/wasm/kernels';
import type { Kernels } from '../src/lib/wasm/types';
import { reference } from '../src/lib/wasm/reference';
import { benchC } from './c/run';

export interface KernelTiming {
  name: string;
  elements: number;
  simdMs: number;
  scalarMs: number;
  jsMs: number;
  simdCopyMs: number;
  cMs: number | null;
}

const BINS = 256;
const RANGE = 1000;
const EPS = 1e-3;
const K = 0.5;
const T = 500;

/** before/after bands: values in [0, 1000), after = before + noise, one pixel in 1000 nodata. */
function makeData(n: number): { a: Float32Array; b: Float32Array } {
  let seed = 0x5eed;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = random() * RANGE;
    b[i] = Math.min(RANGE - 1, Math.max(0, a[i] + (random() - 0.5) * 100));
    if (random() < 0.001) a[i] = NaN;
  }
  return { a, b };
}

interface Arrays {
  out: Float32Array;
  a: Float32Array;
  b: Float32Array;
  mask: Uint8Array;
  counts: Uint32Array;
}

/** One kernel: `prepare` (untimed) resets what the run mutates; `run` is timed. */
interface Case {
  name: string;
  prepare(x: Arrays): void;
  js(x: Arrays): void;
  wasm(core: CoreExports, p: Pointers, n: number): void;
  api(k: Kernels, x: Arrays): void;
}

interface Pointers {
  out: number;
  a: number;
  b: number;
  mask: number;
  counts: number;
}

const zeroOut = (x: Arrays) => x.out.fill(0);

/** Mask kernels work on rows of MASK_WIDTH over the first maskRows(n) · MASK_WIDTH elements. */
const MASK_WIDTH = 5000;
const maskRows = (n: number) => Math.floor(n / MASK_WIDTH);
const masked = new WeakSet<Uint8Array>();
/** The change mask of `a` at T (about half change, nodata where `a` is), made once per array set. */
const ensureMask = (x: Arrays) => {
  if (masked.has(x.mask)) return;
  reference.threshold(x.mask, x.a, T);
  masked.add(x.mask);
};
/** The mask window and the u8 output (the start of `out`) of a mask kernel. */
const maskViews = (x: Arrays) => {
  const n = maskRows(x.mask.length) * MASK_WIDTH;
  return { src: x.mask.subarray(0, n), out: new Uint8Array(x.out.buffer, x.out.byteOffset, n) };
};
type MaskExport = 'morph_erode_disk_u8' | 'morph_dilate_disk_u8' | 'morph_majority_u8';
/** A mask kernel on WASM memory: output at p.out, its scratch in the rest of `out`'s bytes. */
const maskWasm = (name: MaskExport, reach: number) => (c: CoreExports, p: Pointers, n: number) => {
  const rows = maskRows(n);
  c[name](p.out, p.mask, MASK_WIDTH, rows, 0, rows, reach, (p.out + rows * MASK_WIDTH + 15) & ~15);
};
function maskCase(kernel: 'erodeDisk' | 'dilateDisk' | 'majority', arg: number): Case {
  const [name, wasmName, reach]: [string, MaskExport, number] =
    kernel === 'majority'
      ? [`majority ${arg}×${arg}`, 'morph_majority_u8', (arg - 1) / 2]
      : kernel === 'erodeDisk'
        ? [`erodeDisk r=${arg}`, 'morph_erode_disk_u8', arg]
        : [`dilateDisk r=${arg}`, 'morph_dilate_disk_u8', arg];
  return {
    name,
    prepare: ensureMask,
    js: (x) => {
      const v = maskViews(x);
      reference[kernel](v.out, v.src, MASK_WIDTH, 0, arg);
    },
    wasm: maskWasm(wasmName, reach),
    api: (k, x) => {
      const v = maskViews(x);
      k[kernel](v.out, v.src, MASK_WIDTH, 0, arg);
    }
  };
}
const copyAToOut = (x: Arrays) => x.out.set(x.a);

/**
 * weightedMoments reads MOMENT_DIM planes of momentSamples(n) values from the start of `a` (an
 * IR-MAD pair of 4 bands) with f64 weights at the start of `out`'s bytes: b / RANGE, 0 where a
 * variable is NaN. The WASM run writes its moments and scratch after the weights.
 */
const MOMENT_DIM = 8;
const momentSamples = (n: number) => Math.floor(n / MOMENT_DIM);
const momentViews = (x: Arrays) => {
  const m = momentSamples(x.a.length);
  return {
    variables: Array.from({ length: MOMENT_DIM }, (_, j) => x.a.subarray(j * m, (j + 1) * m)),
    weights: new Float64Array(x.out.buffer, x.out.byteOffset, m)
  };
};
const momentMean = new Float64Array(MOMENT_DIM);
const momentM2 = new Float64Array(MOMENT_DIM * MOMENT_DIM);
const weighted = new WeakSet<Float32Array>();
/** The weights, made once per array set: the cases before this one reset `out`, the ones after never read it as weights. */
const ensureWeights = (x: Arrays) => {
  if (weighted.has(x.out)) return;
  const { variables, weights } = momentViews(x);
  for (let p = 0; p < weights.length; p++) weights[p] = variables.some((v) => Number.isNaN(v[p])) ? 0 : x.b[p] / RANGE;
  weighted.add(x.out);
};

const CASES: Case[] = [
  {
    name: 'absDiffAccumulate',
    prepare: zeroOut,
    js: (x) => reference.absDiffAccumulate(x.out, x.a, x.b),
    wasm: (c, p, n) => c.change_absdiff_accumulate_f32(p.out, p.a, p.b, n),
    api: (k, x) => k.absDiffAccumulate(x.out, x.a, x.b)
  },
  {
    name: 'squaredDiffAccumulate',
    prepare: zeroOut,
    js: (x) => reference.squaredDiffAccumulate(x.out, x.a, x.b),
    wasm: (c, p, n) => c.change_sqdiff_accumulate_f32(p.out, p.a, p.b, n),
    api: (k, x) => k.squaredDiffAccumulate(x.out, x.a, x.b)
  },
  {
    name: 'logRatioAccumulate',
    prepare: zeroOut,
    js: (x) => reference.logRatioAccumulate(x.out, x.a, x.b, EPS),
    wasm: (c, p, n) => c.change_logratio_accumulate_f32(p.out, p.a, p.b, n, EPS),
    api: (k, x) => k.logRatioAccumulate(x.out, x.a, x.b, EPS)
  },
  {
    name: 'scale',
    prepare: copyAToOut,
    js: (x) => reference.scale(x.out, K),
    wasm: (c, p, n) => c.arith_scale_f32(p.out, n, K),
    api: (k, x) => k.scale(x.out, K)
  },
  {
    name: 'sqrt',
    prepare: copyAToOut,
    js: (x) => reference.sqrt(x.out),
    wasm: (c, p, n) => c.arith_sqrt_f32(p.out, n),
    api: (k, x) => k.sqrt(x.out)
  },
  {
    name: 'minMax',
    prepare: () => {},
    js: (x) => reference.minMax(x.a),
    wasm: (c, p, n) => c.stats_minmax_f32(p.out, p.a, n),
    api: (k, x) => k.minMax(x.a)
  },
  {
    name: 'histogram',
    prepare: (x) => x.counts.fill(0),
    js: (x) => reference.histogram(x.counts, x.a, 0, RANGE),
    wasm: (c, p, n) => c.stats_histogram_f32(p.counts, p.a, n, BINS, 0, RANGE),
    api: (k, x) => k.histogram(x.counts, x.a, 0, RANGE)
  },
  {
    name: 'threshold',
    prepare: () => {},
    js: (x) => reference.threshold(x.mask, x.a, T),
    wasm: (c, p, n) => c.threshold_gt_f32(p.mask, p.a, n, T),
    api: (k, x) => k.threshold(x.mask, x.a, T)
  },
  {
    name: `weightedMoments ${MOMENT_DIM} variables`,
    prepare: ensureWeights,
    js: (x) => {
      const v = momentViews(x);
      reference.weightedMoments(momentMean, momentM2, v.variables, v.weights);
    },
    wasm: (c, p, n) => {
      const m = momentSamples(n);
      const result = (p.out + m * 8 + 15) & ~15;
      const scratch = result + (2 + MOMENT_DIM + MOMENT_DIM * MOMENT_DIM) * 8;
      c.moments_weighted_f32(result, p.a, p.out, MOMENT_DIM, m, scratch);
    },
    api: (k, x) => {
      const v = momentViews(x);
      k.weightedMoments(momentMean, momentM2, v.variables, v.weights);
    }
  },
  maskCase('erodeDisk', 1),
  maskCase('dilateDisk', 2),
  maskCase('majority', 3)
];

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median of `repeats` timed runs after one untimed warm-up run (JIT tier-up). */
function time(repeats: number, prepare: () => void, run: () => void): number {
  const ms: number[] = [];
  for (let r = 0; r <= repeats; r++) {
    prepare();
    const start = performance.now();
    run();
    if (r > 0) ms.push(performance.now() - start);
  }
  return median(ms);
}

/** The arrays held in a fresh instance's memory, as views taken after the last allocation. */
async function wasmArrays(flavour: Flavour, n: number, src: Arrays) {
  const core = await instantiateCore(flavour);
  const p: Pointers = {
    out: core.alloc(n * 4) >>> 0,
    a: core.alloc(n * 4) >>> 0,
    b: core.alloc(n * 4) >>> 0,
    mask: core.alloc(n) >>> 0,
    counts: core.alloc(BINS * 4) >>> 0
  };
  const buffer = core.memory.buffer;
  const x: Arrays = {
    out: new Float32Array(buffer, p.out, n),
    a: new Float32Array(buffer, p.a, n),
    b: new Float32Array(buffer, p.b, n),
    mask: new Uint8Array(buffer, p.mask, n),
    counts: new Uint32Array(buffer, p.counts, BINS)
  };
  x.a.set(src.a);
  x.b.set(src.b);
  return { core, p, x };
}

export async function benchKernels(opts: { elements: number; repeats: number }): Promise<KernelTiming[]> {
  const { elements: n, repeats } = opts;
  const { a, b } = makeData(n);
  const js: Arrays = { out: new Float32Array(n), a, b, mask: new Uint8Array(n), counts: new Uint32Array(BINS) };
  const simd = await wasmArrays('simd', n, js);
  const scalar = await wasmArrays('scalar', n, js);
  const api = await loadKernels('simd');
  const c = await benchC(n, repeats);

  return CASES.map((k) => ({
    name: k.name,
    elements: n,
    simdMs: time(
      repeats,
      () => k.prepare(simd.x),
      () => k.wasm(simd.core, simd.p, n)
    ),
    scalarMs: time(
      repeats,
      () => k.prepare(scalar.x),
      () => k.wasm(scalar.core, scalar.p, n)
    ),
    jsMs: time(
      repeats,
      () => k.prepare(js),
      () => k.js(js)
    ),
    simdCopyMs: time(
      repeats,
      () => k.prepare(js),
      () => k.api(api, js)
    ),
    cMs: c?.[k.name] ?? null
  }));
}
