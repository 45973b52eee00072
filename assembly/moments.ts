/**
 * Weighted first and second moments of `dim` variables over one window: the per-window summary
 * that the host merges across windows with the pairwise update of Chan, Golub & LeVeque (1983),
 * "Algorithms for computing the sample variance: analysis and recommendations", Am. Stat. 37(3),
 * 242–247, doi:10.1080/00031305.1983.10483115. Two passes — the weighted means, then the centred
 * cross-products — keep full precision when the means are large against the spread.
 *
 * Every sum runs over the samples in order with one f64 rounding per product and per addition, so
 * the SIMD build, the scalar build and the host's reference give the same bits. SIMD lanes
 * therefore run along a row of the cross-product matrix (f64x2: columns k, k + 1 of one sample),
 * never across samples, which would reorder the sums.
 */

/** Scratch bytes `moments_weighted_f32` needs: d and w·d of four samples, `dim` f64 each. */
export function moments_weighted_scratch_bytes(dim: usize): usize {
  return (8 * dim) << 3;
}

/**
 * The weighted moments of `n` samples of `dim` f32 variables stored as planes (variable j of
 * sample p at data + 4·(j·n + p)), with f64 weights at `weights`. Writes f64s to `out`: Σw, the
 * number of samples, the `dim` weighted means, then the `dim` × `dim` row-major symmetric matrix of
 * centred cross-products Σ w·(xⱼ − x̄ⱼ)(xₖ − x̄ₖ). A sample whose weight is not > 0 (0, negative or
 * NaN) is skipped, so its variables may be NaN; with no sample left every output is 0. `scratch`
 * holds `moments_weighted_scratch_bytes(dim)` bytes.
 */
export function moments_weighted_f32(out: usize, data: usize, weights: usize, dim: usize, n: usize, scratch: usize): void {
  const mean = out + 16;
  const m2 = mean + (dim << 3);
  memory.fill(out, 0, (2 + dim + dim * dim) << 3);
  let total: f64 = 0;
  let count: f64 = 0;
  for (let p: usize = 0; p < n; p++) {
    const w = load<f64>(weights + (p << 3));
    if (w > 0) {
      total += w;
      count += 1;
    }
  }
  if (count == 0) return;
  store<f64>(out, total);
  store<f64>(out, count, 8);
  weightedMeans(mean, data, weights, dim, n, total);
  let p: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; p + 4 <= n; p += 4) crossProducts4(m2, mean, data, weights, dim, n, p, scratch);
  }
  for (; p < n; p++) crossProducts1(m2, mean, data, weights, dim, n, p, scratch);
  const row = dim << 3;
  for (let j: usize = 1; j < dim; j++) {
    for (let k: usize = 0; k < j; k++) store<f64>(m2 + j * row + (k << 3), load<f64>(m2 + k * row + (j << 3)));
  }
}

/** Pass 1, four planes at a time so that four independent sums overlap. */
// @ts-ignore: decorator
@inline function weightedMeans(mean: usize, data: usize, weights: usize, dim: usize, n: usize, total: f64): void {
  const plane = n << 2;
  let j: usize = 0;
  for (; j + 4 <= dim; j += 4) {
    const x = data + j * plane;
    let s0: f64 = 0;
    let s1: f64 = 0;
    let s2: f64 = 0;
    let s3: f64 = 0;
    for (let p: usize = 0; p < n; p++) {
      const w = load<f64>(weights + (p << 3));
      if (w > 0) {
        const o = x + (p << 2);
        s0 += w * <f64>load<f32>(o);
        s1 += w * <f64>load<f32>(o + plane);
        s2 += w * <f64>load<f32>(o + 2 * plane);
        s3 += w * <f64>load<f32>(o + 3 * plane);
      }
    }
    const o = mean + (j << 3);
    store<f64>(o, s0 / total);
    store<f64>(o, s1 / total, 8);
    store<f64>(o, s2 / total, 16);
    store<f64>(o, s3 / total, 24);
  }
  for (; j < dim; j++) {
    const x = data + j * plane;
    let s: f64 = 0;
    for (let p: usize = 0; p < n; p++) {
      const w = load<f64>(weights + (p << 3));
      if (w > 0) s += w * <f64>load<f32>(x + (p << 2));
    }
    store<f64>(mean + (j << 3), s / total);
  }
}

/** Pass 2 for sample p: row j of the upper triangle += w·dⱼ·d with d = x − x̄. */
// @ts-ignore: decorator
@inline function crossProducts1(m2: usize, mean: usize, data: usize, weights: usize, dim: usize, n: usize, p: usize, d: usize): void {
  const w = load<f64>(weights + (p << 3));
  if (!(w > 0)) return;
  const plane = n << 2;
  for (let j: usize = 0; j < dim; j++) {
    store<f64>(d + (j << 3), <f64>load<f32>(data + j * plane + (p << 2)) - load<f64>(mean + (j << 3)));
  }
  const row = dim << 3;
  for (let j: usize = 0; j < dim; j++) {
    const wd = w * load<f64>(d + (j << 3));
    const r = m2 + j * row;
    for (let k = j; k < dim; k++) {
      const a = r + (k << 3);
      store<f64>(a, load<f64>(a) + wd * load<f64>(d + (k << 3)));
    }
  }
}

/**
 * Pass 2 for samples p … p + 3 in order, without branches: a skipped sample gets w = d = 0 and
 * adds +0, which leaves every sum as it was (a sum that starts at +0 never becomes −0). Scratch:
 * d of the four samples (`dim` f64 each), then their w·d.
 */
// @ts-ignore: decorator
@inline function crossProducts4(m2: usize, mean: usize, data: usize, weights: usize, dim: usize, n: usize, p: usize, scratch: usize): void {
  const plane = n << 2;
  const row = dim << 3;
  const d = scratch;
  const wd = scratch + 4 * row;
  const zero = f64x2.splat(0);
  const w01 = v128.load(weights + (p << 3));
  const w23 = v128.load(weights + (p << 3), 16);
  const keep01 = f64x2.gt(w01, zero); // false for NaN
  const keep23 = f64x2.gt(w23, zero);
  const v01 = v128.and(w01, keep01);
  const v23 = v128.and(w23, keep23);
  for (let j: usize = 0; j < dim; j++) {
    const x = v128.load(data + j * plane + (p << 2));
    const mj = v128.load64_splat(mean + (j << 3));
    const d01 = v128.and(f64x2.sub(f64x2.promote_low_f32x4(x), mj), keep01);
    const d23 = v128.and(f64x2.sub(f64x2.promote_low_f32x4(v128.shuffle<i32>(x, x, 2, 3, 2, 3)), mj), keep23);
    const e01 = f64x2.mul(v01, d01);
    const e23 = f64x2.mul(v23, d23);
    const o = j << 3;
    v128.store64_lane(d + o, d01, 0);
    v128.store64_lane(d + row + o, d01, 1);
    v128.store64_lane(d + 2 * row + o, d23, 0);
    v128.store64_lane(d + 3 * row + o, d23, 1);
    v128.store64_lane(wd + o, e01, 0);
    v128.store64_lane(wd + row + o, e01, 1);
    v128.store64_lane(wd + 2 * row + o, e23, 0);
    v128.store64_lane(wd + 3 * row + o, e23, 1);
  }
  for (let j: usize = 0; j < dim; j++) {
    const o = j << 3;
    const a0 = v128.load64_splat(wd + o);
    const a1 = v128.load64_splat(wd + row + o);
    const a2 = v128.load64_splat(wd + 2 * row + o);
    const a3 = v128.load64_splat(wd + 3 * row + o);
    const r = m2 + j * row;
    let k = j & ~1; // for odd j one lane falls below the diagonal, which the final mirror overwrites
    for (; k + 2 <= dim; k += 2) {
      const a = r + (k << 3);
      const c = k << 3;
      let acc = v128.load(a);
      acc = f64x2.add(acc, f64x2.mul(a0, v128.load(d + c)));
      acc = f64x2.add(acc, f64x2.mul(a1, v128.load(d + row + c)));
      acc = f64x2.add(acc, f64x2.mul(a2, v128.load(d + 2 * row + c)));
      acc = f64x2.add(acc, f64x2.mul(a3, v128.load(d + 3 * row + c)));
      v128.store(a, acc);
    }
    if (k < dim) {
      const a = r + (k << 3);
      const c = k << 3;
      let acc = load<f64>(a);
      acc += load<f64>(wd + o) * load<f64>(d + c);
      acc += load<f64>(wd + row + o) * load<f64>(d + row + c);
      acc += load<f64>(wd + 2 * row + o) * load<f64>(d + 2 * row + c);
      acc += load<f64>(wd + 3 * row + o) * load<f64>(d + 3 * row + c);
      store<f64>(a, acc);
    }
  }
}
