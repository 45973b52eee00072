/**
 * The typed face of the WASM core. Every call is pure math over one window; arrays are copied
 * into WASM memory, processed, and copied out into the caller's arrays. NaN means nodata and
 * propagates through every per-pixel kernel.
 */
export interface Kernels {
  readonly flavour: 'simd' | 'scalar';
  /** out[i] += |b[i] − a[i]| */
  absDiffAccumulate(out: Float32Array, a: Float32Array, b: Float32Array): void;
  /** out[i] += (b[i] − a[i])² */
  squaredDiffAccumulate(out: Float32Array, a: Float32Array, b: Float32Array): void;
  /** out[i] += |ln((max(b[i],0) + eps) / (max(a[i],0) + eps))| */
  logRatioAccumulate(out: Float32Array, a: Float32Array, b: Float32Array, eps: number): void;
  /** out[i] *= k */
  scale(out: Float32Array, k: number): void;
  /** out[i] = √out[i] */
  sqrt(out: Float32Array): void;
  /** Minimum, maximum and count of the non-NaN values (min = +Inf, max = −Inf when count = 0). */
  minMax(data: Float32Array): { min: number; max: number; count: number };
  /**
   * Adds the non-NaN values to `counts` (length = bin count): bin = floor((v − min) · counts.length / (max − min))
   * computed in f64, clamped to [0, bins − 1]; when max = min every value goes to bin 0.
   */
  histogram(counts: Uint32Array, data: Float32Array, min: number, max: number): void;
  /** mask[i] = NaN ? 255 : (data[i] > t ? 1 : 0); returns the number of 1s. */
  threshold(mask: Uint8Array, data: Float32Array, t: number): number;
}
