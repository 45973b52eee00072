/**
 * In-place f32 arithmetic that finishes a change magnitude: `scale` averages an accumulated sum
 * over bands (or converts units), `sqrt` turns an accumulated squared difference into the
 * Euclidean change-vector magnitude. NaN stays NaN; sqrt of a negative value is NaN.
 */

/** out[i] *= k */
export function arith_scale_f32(out: usize, n: usize, k: f32): void {
  const end = out + (n << 2);
  if (ASC_FEATURE_SIMD) {
    const vend = out + ((n & ~3) << 2);
    const vk = f32x4.splat(k);
    for (; out < vend; out += 16) v128.store(out, f32x4.mul(v128.load(out), vk));
  }
  for (; out < end; out += 4) store<f32>(out, load<f32>(out) * k);
}

/** out[i] = √out[i] */
export function arith_sqrt_f32(out: usize, n: usize): void {
  const end = out + (n << 2);
  if (ASC_FEATURE_SIMD) {
    const vend = out + ((n & ~3) << 2);
    for (; out < vend; out += 16) v128.store(out, f32x4.sqrt(v128.load(out)));
  }
  for (; out < end; out += 4) store<f32>(out, Mathf.sqrt(load<f32>(out)));
}
