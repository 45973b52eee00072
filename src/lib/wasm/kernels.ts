import type { instantiate } from './build/core-simd.js';
import type { CvaRules, Kernels } from './types';

/** The exports of core-simd.wasm and core-scalar.wasm, typed by the bindings asc generates. */
export type CoreExports = Awaited<ReturnType<typeof instantiate>>;

type BinaryKernel = (out: number, a: number, b: number, n: number) => void;
/** A mask neighbourhood kernel of assembly/morphology.ts: (out, src, width, rows, top, outRows, reach, scratch) → 1s. */
type MaskKernel = (out: number, src: number, width: number, rows: number, top: number, outRows: number, reach: number, scratch: number) => number;

const PAGE = 65536;
/** Bytes one stub-heap block adds: a 4-byte header, then 16-byte alignment. */
const BLOCK_SLACK = 16;
/** The stub runtime's largest block (1 GiB − 4 bytes), so at most 256 Mi f32 per array. */
const MAX_ARRAY_BYTES = 2 ** 30 - 4;

/**
 * `Kernels` over one instance of the WASM core. Each call lays its arrays out from the heap base
 * (reset + alloc, both O(1) on the stub runtime), copies the inputs in with `set`, runs the kernel
 * and copies the results out with `set`. Memory grows only when a call needs more than any call
 * before it — by exactly what it needs, from the host, instead of the runtime's doubling — and
 * typed views are taken after that growth.
 */
export class WasmKernels implements Kernels {
  readonly flavour: 'simd' | 'scalar';
  readonly #core: CoreExports;
  readonly #heapBase: number;

  constructor(flavour: 'simd' | 'scalar', core: CoreExports) {
    this.flavour = flavour;
    this.#core = core;
    core.reset();
    this.#heapBase = core.alloc(0) >>> 0;
  }

  absDiffAccumulate(out: Float32Array, a: Float32Array, b: Float32Array): void {
    this.#binary(this.#core.change_absdiff_accumulate_f32, out, a, b);
  }

  squaredDiffAccumulate(out: Float32Array, a: Float32Array, b: Float32Array): void {
    this.#binary(this.#core.change_sqdiff_accumulate_f32, out, a, b);
  }

  logRatioAccumulate(out: Float32Array, a: Float32Array, b: Float32Array, eps: number): void {
    const kernel = this.#core.change_logratio_accumulate_f32;
    this.#binary((po, pa, pb, n) => kernel(po, pa, pb, n, eps), out, a, b);
  }

  cvaDirection(
    magnitude: Float32Array,
    angle: Float32Array,
    cls: Float32Array,
    a: readonly Float32Array[],
    b: readonly Float32Array[],
    rules: CvaRules | null
  ): void {
    const n = magnitude.length;
    const bands = a.length;
    if (angle.length !== n || cls.length !== n || b.length !== bands || [...a, ...b].some((band) => band.length !== n)) {
      throw new RangeError(`cvaDirection: outputs and ${bands} + ${b.length} band planes must all have ${n} elements`);
    }
    if (bands * n * 4 > MAX_ARRAY_BYTES) throw new RangeError(`WASM kernels take at most ${MAX_ARRAY_BYTES} bytes per array, got ${bands * n * 4}`);
    const [pm, pg, pc, pa, pb] = this.#layout(n * 4, n * 4, n * 4, bands * n * 4, bands * n * 4);
    a.forEach((band, k) => this.#f32(pa + k * n * 4, n).set(band));
    b.forEach((band, k) => this.#f32(pb + k * n * 4, n).set(band));
    const at = (i: number | null | undefined) => i ?? -1;
    const v = rules?.visible ?? [];
    this.#core.change_cva_direction_f32(pm, pg, pc, pa, pb, bands, n, at(rules?.red), at(rules?.nir), at(rules?.swir1), at(v[0]), at(v[1]), at(v[2]));
    magnitude.set(this.#f32(pm, n));
    angle.set(this.#f32(pg, n));
    cls.set(this.#f32(pc, n));
  }

  scale(out: Float32Array, k: number): void {
    const [p] = this.#layout(out.byteLength);
    this.#f32(p, out.length).set(out);
    this.#core.arith_scale_f32(p, out.length, k);
    out.set(this.#f32(p, out.length));
  }

  sqrt(out: Float32Array): void {
    const [p] = this.#layout(out.byteLength);
    this.#f32(p, out.length).set(out);
    this.#core.arith_sqrt_f32(p, out.length);
    out.set(this.#f32(p, out.length));
  }

  minMax(data: Float32Array): { min: number; max: number; count: number } {
    const [pr, pd] = this.#layout(12, data.byteLength);
    this.#f32(pd, data.length).set(data);
    this.#core.stats_minmax_f32(pr, pd, data.length);
    const [min, max] = this.#f32(pr, 2);
    const count = new Uint32Array(this.#core.memory.buffer, pr + 8, 1)[0];
    return { min, max, count };
  }

  histogram(counts: Uint32Array, data: Float32Array, min: number, max: number): void {
    const [pc, pd] = this.#layout(counts.byteLength, data.byteLength);
    const wasmCounts = new Uint32Array(this.#core.memory.buffer, pc, counts.length);
    wasmCounts.set(counts);
    this.#f32(pd, data.length).set(data);
    this.#core.stats_histogram_f32(pc, pd, data.length, counts.length, min, max);
    counts.set(wasmCounts);
  }

  threshold(mask: Uint8Array, data: Float32Array, t: number): number {
    if (mask.length !== data.length) throw new RangeError(`threshold: mask has ${mask.length} elements, data ${data.length}`);
    const [pm, pd] = this.#layout(mask.byteLength, data.byteLength);
    this.#f32(pd, data.length).set(data);
    const ones = this.#core.threshold_gt_f32(pm, pd, data.length, largestF32AtOrBelow(t));
    mask.set(new Uint8Array(this.#core.memory.buffer, pm, mask.length));
    return ones >>> 0;
  }

  erodeDisk(out: Uint8Array, src: Uint8Array, width: number, top: number, radius: number): number {
    return this.#disk(this.#core.morph_erode_disk_u8, out, src, width, top, radius);
  }

  dilateDisk(out: Uint8Array, src: Uint8Array, width: number, top: number, radius: number): number {
    return this.#disk(this.#core.morph_dilate_disk_u8, out, src, width, top, radius);
  }

  majority(out: Uint8Array, src: Uint8Array, width: number, top: number, size: number): number {
    if (!Number.isInteger(size) || size < 3 || size > 11 || size % 2 === 0) {
      throw new RangeError(`majority: size must be odd, 3 to 11, got ${size}`);
    }
    const h = (size - 1) / 2;
    return this.#mask(this.#core.morph_majority_u8, this.#core.morph_majority_scratch_bytes, out, src, width, top, h);
  }

  weightedMoments(mean: Float64Array, m2: Float64Array, variables: readonly Float32Array[], weights: Float64Array): { weight: number; count: number } {
    const dim = variables.length;
    const n = weights.length;
    if (mean.length !== dim || m2.length !== dim * dim || variables.some((v) => v.length !== n)) {
      throw new RangeError(`weightedMoments: ${dim} variables of ${n} samples need mean of ${dim} and m2 of ${dim * dim} values`);
    }
    const core = this.#core;
    const size = 2 + dim + dim * dim;
    const [po, pd, pw, ps] = this.#layout(size * 8, dim * n * 4, n * 8, core.moments_weighted_scratch_bytes(dim) >>> 0);
    const planes = this.#f32(pd, dim * n);
    variables.forEach((v, j) => planes.set(v, j * n));
    new Float64Array(core.memory.buffer, pw, n).set(weights);
    core.moments_weighted_f32(po, pd, pw, dim, n, ps);
    const out = new Float64Array(core.memory.buffer, po, size);
    mean.set(out.subarray(2, 2 + dim));
    m2.set(out.subarray(2 + dim));
    return { weight: out[0], count: out[1] };
  }

  /**
   * Every radius from ⌈hypot(width − 1, rows − 1)⌉ on reaches all of `src` from every pixel and
   * gives the same result, so the radius is clamped there to bound the scratch.
   */
  forestPredict(out: Float32Array, features: Float32Array, featureCount: number, nodes: Int32Array, roots: Int32Array): void {
    const n = out.length;
    const [po, pf, pn, pr] = this.#layout(out.byteLength, n * featureCount * 4, nodes.byteLength, roots.byteLength);
    this.#f32(pf, n * featureCount).set(features.subarray(0, n * featureCount));
    new Int32Array(this.#core.memory.buffer, pn, nodes.length).set(nodes);
    new Int32Array(this.#core.memory.buffer, pr, roots.length).set(roots);
    this.#core.forest_predict_f32(po, pf, n, featureCount, pn, pr, roots.length);
    out.set(this.#f32(po, n));
  }

  #disk(kernel: MaskKernel, out: Uint8Array, src: Uint8Array, width: number, top: number, radius: number): number {
    if (!Number.isInteger(radius) || radius < 0) throw new RangeError(`disk kernel: radius must be a whole number ≥ 0, got ${radius}`);
    const reach = Math.min(radius, Math.ceil(Math.hypot(width - 1, src.length / width - 1)));
    return this.#mask(kernel, this.#core.morph_disk_scratch_bytes, out, src, width, top, reach);
  }

  #mask(
    kernel: MaskKernel,
    scratchBytes: (width: number, reach: number) => number,
    out: Uint8Array,
    src: Uint8Array,
    width: number,
    top: number,
    reach: number
  ): number {
    if (!Number.isInteger(width) || width < 1 || src.length % width !== 0 || out.length % width !== 0) {
      throw new RangeError(`mask kernel: width ${width} does not divide src (${src.length}) and out (${out.length}) into rows`);
    }
    const rows = src.length / width;
    const outRows = out.length / width;
    if (!Number.isInteger(top) || top < 0 || top + outRows > rows) {
      throw new RangeError(`mask kernel: output rows ${top} to ${top + outRows} lie outside the ${rows} source rows`);
    }
    if ((reach + 1) * (width + 2 * reach + 32) > MAX_ARRAY_BYTES) {
      throw new RangeError(`mask kernel: a reach of ${reach} pixels needs too much scratch for rows of ${width}`);
    }
    const [po, ps, pt] = this.#layout(out.byteLength, src.byteLength, scratchBytes(width, reach) >>> 0);
    new Uint8Array(this.#core.memory.buffer, ps, src.length).set(src);
    const ones = kernel(po, ps, width, rows, top, outRows, reach, pt);
    out.set(new Uint8Array(this.#core.memory.buffer, po, out.length));
    return ones >>> 0;
  }

  #binary(kernel: BinaryKernel, out: Float32Array, a: Float32Array, b: Float32Array): void {
    const n = out.length;
    if (a.length !== n || b.length !== n) {
      throw new RangeError(`change kernel: out, a and b have ${n}, ${a.length} and ${b.length} elements`);
    }
    const [po, pa, pb] = this.#layout(out.byteLength, a.byteLength, b.byteLength);
    const wasmOut = this.#f32(po, n);
    wasmOut.set(out);
    this.#f32(pa, n).set(a);
    this.#f32(pb, n).set(b);
    kernel(po, pa, pb, n);
    out.set(wasmOut);
  }

  /** Addresses of fresh arrays of the given byte sizes, 16-byte aligned, after growing memory to fit. */
  #layout(...sizes: number[]): number[] {
    const core = this.#core;
    const tooBig = sizes.find((size) => size > MAX_ARRAY_BYTES);
    if (tooBig !== undefined) throw new RangeError(`WASM kernels take at most ${MAX_ARRAY_BYTES} bytes per array, got ${tooBig}`);
    const end = sizes.reduce((sum, size) => sum + size + BLOCK_SLACK, this.#heapBase);
    const have = core.memory.buffer.byteLength;
    if (end > have) {
      try {
        core.memory.grow(Math.ceil((end - have) / PAGE));
      } catch (cause) {
        throw new RangeError(`WASM memory cannot grow from ${have} to ${end} bytes; use smaller windows`, { cause });
      }
    }
    core.reset();
    return sizes.map((size) => core.alloc(size) >>> 0);
  }

  #f32(pointer: number, length: number): Float32Array {
    return new Float32Array(this.#core.memory.buffer, pointer, length);
  }
}

const f32Bits = new Float32Array(1);
const u32Bits = new Uint32Array(f32Bits.buffer);

/**
 * The largest f32 ≤ t. The kernel compares in f32, the contract in f64: for every f32 v,
 * v > t ⟺ v > largestF32AtOrBelow(t) (round-to-nearest may land above t, e.g. t = 0.1).
 */
function largestF32AtOrBelow(t: number): number {
  const r = Math.fround(t);
  if (!(r > t)) return r;
  f32Bits[0] = r;
  u32Bits[0] += r > 0 ? -1 : 1; // one ulp towards −Inf; −0 becomes the negative smallest subnormal
  return f32Bits[0];
}
