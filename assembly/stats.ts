/**
 * Global statistics of a magnitude window, accumulated per window and merged by the host:
 * min/max/count to fix a histogram range, then the histogram for automatic thresholds (Otsu,
 * Kittler–Illingworth). NaN (nodata) is skipped by both.
 */

/**
 * Writes the minimum (f32 at out), maximum (f32 at out + 4) and count (u32 at out + 8) of the
 * non-NaN values; min = +Inf and max = −Inf when none. A zero extreme is reported as +0: the
 * SIMD lanes meet ±0 in a different order than the scalar loop, and +0 makes both builds agree.
 */
export function stats_minmax_f32(out: usize, data: usize, n: usize): void {
  const end = data + (n << 2);
  let lo = Infinity as f32;
  let hi = -Infinity as f32;
  let count: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    const vend = data + ((n & ~3) << 2);
    let vlo = f32x4.splat(Infinity);
    let vhi = f32x4.splat(-Infinity);
    let vcount = i32x4.splat(0);
    for (; data < vend; data += 16) {
      const v = v128.load(data);
      vlo = f32x4.pmin(vlo, v); // v < lo ? v : lo — false for NaN, so NaN is skipped
      vhi = f32x4.pmax(vhi, v);
      vcount = i32x4.sub(vcount, f32x4.eq(v, v)); // eq is −1 for non-NaN lanes
    }
    lo = Mathf.min(Mathf.min(f32x4.extract_lane(vlo, 0), f32x4.extract_lane(vlo, 1)), Mathf.min(f32x4.extract_lane(vlo, 2), f32x4.extract_lane(vlo, 3)));
    hi = Mathf.max(Mathf.max(f32x4.extract_lane(vhi, 0), f32x4.extract_lane(vhi, 1)), Mathf.max(f32x4.extract_lane(vhi, 2), f32x4.extract_lane(vhi, 3)));
    count = <u32>(i32x4.extract_lane(vcount, 0) + i32x4.extract_lane(vcount, 1) + i32x4.extract_lane(vcount, 2) + i32x4.extract_lane(vcount, 3));
  }
  for (; data < end; data += 4) {
    const v = load<f32>(data);
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
    count += <u32>(v == v);
  }
  store<f32>(out, lo + 0);
  store<f32>(out, hi + 0, 4);
  store<u32>(out, count, 8);
}

/**
 * Adds the non-NaN values to `bins` u32 counters at `counts`: bin = floor((v − min) · bins /
 * (max − min)) evaluated in f64 in exactly that order, clamped to [0, bins − 1] (a NaN bin, from
 * an infinite range, goes to 0); every value goes to bin 0 when max = min. The bin is computed
 * with f64x2 lanes when built with SIMD; the scatter is scalar in both builds.
 */
export function stats_histogram_f32(counts: usize, data: usize, n: usize, bins: u32, min: f64, max: f64): void {
  if (bins == 0) return;
  const end = data + (n << 2);
  if (max == min) {
    let count: u32 = 0;
    for (; data < end; data += 4) {
      const v = load<f32>(data);
      count += <u32>(v == v);
    }
    store<u32>(counts, load<u32>(counts) + count);
    return;
  }
  const range = max - min;
  const nb = <f64>bins;
  const last = nb - 1;
  if (ASC_FEATURE_SIMD) {
    const vend = data + ((n & ~3) << 2);
    const vmin = f64x2.splat(min);
    const vnb = f64x2.splat(nb);
    const vrange = f64x2.splat(range);
    const vlast = f64x2.splat(last);
    const zero = f64x2.splat(0);
    const magic = f64x2.splat(4503599627370496.0); // 2^52: adding it leaves an integer < 2^32 in the low word
    for (; data < vend; data += 16) {
      const v = v128.load(data);
      const f01 = f64x2.floor(f64x2.div(f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(v), vmin), vnb), vrange));
      const v23 = v128.shuffle<i32>(v, v, 2, 3, 2, 3);
      const f23 = f64x2.floor(f64x2.div(f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(v23), vmin), vnb), vrange));
      // pmax(0, f) = 0 < f ? f : 0 (NaN → 0), then pmin(last, ·) = · < last ? · : last
      const c01 = f64x2.add(f64x2.pmin(vlast, f64x2.pmax(zero, f01)), magic);
      const c23 = f64x2.add(f64x2.pmin(vlast, f64x2.pmax(zero, f23)), magic);
      const bin = v128.shuffle<i32>(c01, c23, 0, 2, 4, 6);
      const valid = i32x4.shr_u(f32x4.eq(v, v), 31); // 1 for non-NaN lanes
      increment(counts, i32x4.extract_lane(bin, 0), i32x4.extract_lane(valid, 0));
      increment(counts, i32x4.extract_lane(bin, 1), i32x4.extract_lane(valid, 1));
      increment(counts, i32x4.extract_lane(bin, 2), i32x4.extract_lane(valid, 2));
      increment(counts, i32x4.extract_lane(bin, 3), i32x4.extract_lane(valid, 3));
    }
  }
  for (; data < end; data += 4) {
    const v = <f64>load<f32>(data);
    const f = Math.floor(((v - min) * nb) / range);
    const bin = f >= last ? last : f > 0 ? f : 0; // NaN → 0
    increment(counts, <i32>bin, <i32>(v == v));
  }
}

// @ts-ignore: decorator
@inline function increment(counts: usize, bin: i32, by: i32): void {
  const p = counts + (<usize>bin << 2);
  store<u32>(p, load<u32>(p) + by);
}
