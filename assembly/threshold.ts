/**
 * Turns a change magnitude into a change mask: 1 where the magnitude exceeds the threshold, 0
 * where it does not, and 255 (nodata, as in the exported masks) where it is NaN. The count of 1s
 * comes back so changed area needs no second pass.
 */

/** mask[i] = data[i] is NaN ? 255 : data[i] > t ? 1 : 0; returns the number of 1s. */
export function threshold_gt_f32(mask: usize, data: usize, n: usize, t: f32): u32 {
  const end = mask + n;
  let count: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    const vend = mask + (n & ~15);
    const vt = f32x4.splat(t);
    let vcount = i32x4.splat(0);
    for (; mask < vend; mask += 16, data += 64) {
      const v0 = v128.load(data);
      const v1 = v128.load(data, 16);
      const v2 = v128.load(data, 32);
      const v3 = v128.load(data, 48);
      const g0 = f32x4.gt(v0, vt);
      const g1 = f32x4.gt(v1, vt);
      const g2 = f32x4.gt(v2, vt);
      const g3 = f32x4.gt(v3, vt);
      vcount = i32x4.sub(i32x4.sub(vcount, g0), g1); // gt lanes are −1
      vcount = i32x4.sub(i32x4.sub(vcount, g2), g3);
      const lo = i16x8.narrow_i32x4_u(maskLanes(v0, g0), maskLanes(v1, g1));
      const hi = i16x8.narrow_i32x4_u(maskLanes(v2, g2), maskLanes(v3, g3));
      v128.store(mask, i8x16.narrow_i16x8_u(lo, hi));
    }
    count = <u32>(i32x4.extract_lane(vcount, 0) + i32x4.extract_lane(vcount, 1) + i32x4.extract_lane(vcount, 2) + i32x4.extract_lane(vcount, 3));
  }
  for (; mask < end; mask++, data += 4) {
    const v = load<f32>(data);
    const above = <u32>(v > t);
    store<u8>(mask, v != v ? 255 : above);
    count += above;
  }
  return count;
}

/** Per i32 lane: 255 for NaN, 1 where `gt` is set, else 0. */
// @ts-ignore: decorator
@inline function maskLanes(v: v128, gt: v128): v128 {
  return v128.or(v128.and(f32x4.ne(v, v), i32x4.splat(255)), v128.and(gt, i32x4.splat(1)));
}
