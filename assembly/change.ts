/**
 * Change magnitude between a *before* (a) and an *after* (b) band, accumulated into `out` so a
 * multi-band magnitude is one pass per band: sum of |b − a| (L1), sum of (b − a)² (squared L2,
 * take `arith_sqrt_f32` after the last band for the Euclidean change-vector magnitude), and the
 * sum of |ln(b / a)| — the log-ratio operator for multiplicative (SAR-like) signals, where a
 * ratio is more meaningful than a difference (Bazi, Bruzzone & Melgani 2005,
 * IEEE TGRS 43(4), doi:10.1109/TGRS.2004.842441).
 *
 * All arithmetic is f32; NaN (nodata) in either input makes the output NaN. Each kernel has a
 * v128 loop when built with SIMD and finishes (or, in the scalar build, does all the work) with a
 * scalar loop performing the same operations, so both builds give the same bits.
 */
import { lnf, lnf4 } from './logf';

/** out[i] += |b[i] − a[i]| */
export function change_absdiff_accumulate_f32(out: usize, a: usize, b: usize, n: usize): void {
  const end = out + (n << 2);
  if (ASC_FEATURE_SIMD) {
    const vend = out + ((n & ~3) << 2);
    for (; out < vend; out += 16, a += 16, b += 16) {
      const d = f32x4.abs(f32x4.sub(v128.load(b), v128.load(a)));
      v128.store(out, f32x4.add(v128.load(out), d));
    }
  }
  for (; out < end; out += 4, a += 4, b += 4) {
    store<f32>(out, load<f32>(out) + Mathf.abs(load<f32>(b) - load<f32>(a)));
  }
}

/** out[i] += (b[i] − a[i])² */
export function change_sqdiff_accumulate_f32(out: usize, a: usize, b: usize, n: usize): void {
  const end = out + (n << 2);
  if (ASC_FEATURE_SIMD) {
    const vend = out + ((n & ~3) << 2);
    for (; out < vend; out += 16, a += 16, b += 16) {
      const d = f32x4.sub(v128.load(b), v128.load(a));
      v128.store(out, f32x4.add(v128.load(out), f32x4.mul(d, d)));
    }
  }
  for (; out < end; out += 4, a += 4, b += 4) {
    const d = load<f32>(b) - load<f32>(a);
    store<f32>(out, load<f32>(out) + d * d);
  }
}

/**
 * out[i] += |ln((max(b[i], 0) + eps) / (max(a[i], 0) + eps))|. Negative values are clamped to 0
 * (as v < 0 ? 0 : v, one pmax, which keeps NaN) and `eps` > 0 keeps a zero from giving Inf
 * (with eps = 0: |ln(0/x)| = Inf, 0/0 = NaN).
 */
export function change_logratio_accumulate_f32(out: usize, a: usize, b: usize, n: usize, eps: f32): void {
  const end = out + (n << 2);
  if (ASC_FEATURE_SIMD) {
    const vend = out + ((n & ~3) << 2);
    const veps = f32x4.splat(eps);
    const zero = f32x4.splat(0);
    for (; out < vend; out += 16, a += 16, b += 16) {
      const num = f32x4.add(f32x4.pmax(v128.load(b), zero), veps);
      const den = f32x4.add(f32x4.pmax(v128.load(a), zero), veps);
      const l = lnf4(f32x4.div(num, den));
      v128.store(out, f32x4.add(v128.load(out), f32x4.abs(l)));
    }
  }
  for (; out < end; out += 4, a += 4, b += 4) {
    const vb = load<f32>(b);
    const va = load<f32>(a);
    const num = select<f32>(0, vb, vb < 0) + eps;
    const den = select<f32>(0, va, va < 0) + eps;
    store<f32>(out, load<f32>(out) + Mathf.abs(lnf(num / den)));
  }
}
