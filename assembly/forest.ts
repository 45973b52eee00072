/**
 * Random-forest prediction over pixels whose features lie contiguous (pixel-major). Nodes are
 * packed four i32 to a node: feature (−1 for a leaf), the f32 bits of the threshold (the leaf's
 * value for a leaf), left, right. A pixel goes left when feature < threshold. The trees' leaf
 * values are summed in f32 in tree order and scaled by f32(1 / trees); a NaN first feature
 * (nodata) gives NaN. Four pixels walk the trees together so their loads overlap.
 */

/** out[i] = mean over trees of the leaf reached by pixel i (n pixels, `features` values each). */
export function forest_predict_f32(out: usize, data: usize, n: usize, features: usize, nodes: usize, roots: usize, trees: usize): void {
  const scale = <f32>(1.0 / <f64>trees);
  const stride = features << 2;
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) {
    const p0 = data + i * stride;
    const p1 = p0 + stride;
    const p2 = p1 + stride;
    const p3 = p2 + stride;
    let s0: f32 = 0;
    let s1: f32 = 0;
    let s2: f32 = 0;
    let s3: f32 = 0;
    for (let t: usize = 0; t < trees; t++) {
      const root = nodes + (<usize>load<i32>(roots + (t << 2)) << 4);
      s0 += walk(root, nodes, p0);
      s1 += walk(root, nodes, p1);
      s2 += walk(root, nodes, p2);
      s3 += walk(root, nodes, p3);
    }
    store<f32>(out + (i << 2), nan(p0) ? NaN : s0 * scale);
    store<f32>(out + ((i + 1) << 2), nan(p1) ? NaN : s1 * scale);
    store<f32>(out + ((i + 2) << 2), nan(p2) ? NaN : s2 * scale);
    store<f32>(out + ((i + 3) << 2), nan(p3) ? NaN : s3 * scale);
  }
  for (; i < n; i++) {
    const p = data + i * stride;
    let s: f32 = 0;
    for (let t: usize = 0; t < trees; t++) s += walk(nodes + (<usize>load<i32>(roots + (t << 2)) << 4), nodes, p);
    store<f32>(out + (i << 2), nan(p) ? NaN : s * scale);
  }
}

/** The value of the leaf a pixel (features at `p`) reaches from `node`. NaN features go right. */
// @ts-ignore: decorator
@inline function walk(node: usize, nodes: usize, p: usize): f32 {
  let f = load<i32>(node);
  while (f >= 0) {
    const go = load<f32>(p + (<usize>f << 2)) < load<f32>(node, 4) ? load<i32>(node, 8) : load<i32>(node, 12);
    node = nodes + (<usize>go << 4);
    f = load<i32>(node);
  }
  return load<f32>(node, 4);
}

// @ts-ignore: decorator
@inline function nan(p: usize): bool {
  const v = load<f32>(p);
  return v != v;
}
