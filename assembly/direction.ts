/**
 * Change vector analysis, magnitude and direction in one pass per pixel (Malila 1980; Bovolo &
 * Bruzzone 2007, doi:10.1109/TGRS.2006.885408): the definition and the class rules are those of
 * src/lib/core/change/methods/cva-direction.ts, whose TypeScript twin (src/lib/wasm/reference.ts)
 * this matches bit for bit.
 *
 * `a` and `b` hold `bands` planes of n f32 each (band k at a + 4·k·n). Per pixel:
 * - mag: √Σ (b − a)², accumulated in f32 band by band (as the squared-difference kernel does);
 * - angle: arccos(a·b / (‖a‖ ‖b‖)) with the sums in f64, NaN when either vector is zero;
 * - cls: 3 built-up gain, 4 vegetation loss, 1 brightening, 2 darkening, 0 other (f32);
 * all three NaN when any band of either vector is NaN or ±Inf. `red`, `nir`, `swir1` are band
 * positions (−1: not mapped; the vegetation rules need red and NIR); `vis0..2` the visible bands
 * (blue, green, red) in that order, −1 when absent. Scalar in both builds: arccos has no v128 form.
 */

// @ts-ignore: decorator
@inline
function normalizedDifference(x: f64, y: f64): f64 {
  const sum = x + y;
  return sum == 0 || !isFinite(sum) ? NaN : (x - y) / sum;
}

// @ts-ignore: decorator
@inline
function plane(p: usize, k: i32, n: usize, i: usize): f64 {
  return <f64>load<f32>(p + ((<usize>k * n + i) << 2));
}

export function change_cva_direction_f32(
  mag: usize,
  angle: usize,
  cls: usize,
  a: usize,
  b: usize,
  bands: i32,
  n: usize,
  red: i32,
  nir: i32,
  swir1: i32,
  vis0: i32,
  vis1: i32,
  vis2: i32
): void {
  const vegetation = red >= 0 && nir >= 0;
  for (let i: usize = 0; i < n; i++) {
    let sq: f32 = 0;
    let dot: f64 = 0;
    let na: f64 = 0;
    let nb: f64 = 0;
    let rising = 0;
    let falling = 0;
    for (let k = 0; k < bands; k++) {
      const va = load<f32>(a + ((<usize>k * n + i) << 2));
      const vb = load<f32>(b + ((<usize>k * n + i) << 2));
      const d = vb - va;
      sq = sq + d * d;
      const fa = <f64>va;
      const fb = <f64>vb;
      dot += fa * fb;
      na += fa * fa;
      nb += fb * fb;
      const delta = fb - fa;
      if (delta > 0) rising++;
      else if (delta < 0) falling++;
    }
    const o = i << 2;
    if (!(na - na == 0 && nb - nb == 0)) {
      store<f32>(mag + o, NaN);
      store<f32>(angle + o, NaN);
      store<f32>(cls + o, NaN);
      continue;
    }
    store<f32>(mag + o, Mathf.sqrt(sq));
    store<f32>(angle + o, na > 0 && nb > 0 ? <f32>Math.acos(Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb)))) : NaN);
    let c = rising > 0 && falling == 0 ? 1 : falling > 0 && rising == 0 ? 2 : 0;
    if (vegetation) {
      const loss = normalizedDifference(plane(a, nir, n, i), plane(a, red, n, i)) - normalizedDifference(plane(b, nir, n, i), plane(b, red, n, i));
      if (loss > 0) {
        let builtUp: bool;
        if (swir1 >= 0) {
          builtUp = normalizedDifference(plane(b, swir1, n, i), plane(b, nir, n, i)) > normalizedDifference(plane(a, swir1, n, i), plane(a, nir, n, i));
        } else {
          let gain: f64 = 0;
          if (vis0 >= 0) gain += plane(b, vis0, n, i) - plane(a, vis0, n, i);
          if (vis1 >= 0) gain += plane(b, vis1, n, i) - plane(a, vis1, n, i);
          if (vis2 >= 0) gain += plane(b, vis2, n, i) - plane(a, vis2, n, i);
          builtUp = gain > 0;
        }
        c = builtUp ? 3 : 4;
      }
    }
    store<f32>(cls + o, <f32>c);
  }
}
