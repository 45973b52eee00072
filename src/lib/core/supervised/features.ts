/**
 * The per-pixel features an analyst-taught classifier sees, computed strip by strip from both
 * dates (a = before, b = after, per selected band): the values a, b and b − a; at three scales
 * (3 × 3, 7 × 7, 15 × 15) the local means of a and b, their difference and the local standard
 * deviations of a and b; the Sobel gradient magnitude of each date's mean over bands and its
 * difference; as texture, the local mean of those gradients (edge density, 7 × 7) and its
 * difference; the change vector magnitude √Σ(b − a)² and its local means; and the local
 * correlation of the two dates' band means (the structure term of SSIM, Wang et al. 2004,
 * doi:10.1109/TIP.2003.819861) at the three scales. Trees split on order only, so no feature
 * needs scaling.
 *
 * Windows are clipped to the image and average over their valid pixels; a pixel that is nodata in
 * any band of either date gets NaN in every feature. Window sums come from integral images (f64)
 * of the strip with its halo, so a feature does not depend on where the strips break.
 */
import type { PairStrip } from '../change/pair-reader';

/** Half-widths of the three windows. */
export const FEATURE_RADII = [1, 3, 7, 15, 31] as const;
/** Rows of context the features need on each side of a strip. */
export const FEATURE_HALO = 31;
/** Half-width of the edge-density window. */
const EDGE_RADIUS = 3;

/** Names of the features for `bands` bands, in the order of the feature stack. */
export function featureNames(bands: number): string[] {
  const names: string[] = [];
  for (let c = 1; c <= bands; c++) names.push(`a${c}`, `b${c}`, `d${c}`);
  for (let c = 1; c <= bands; c++) {
    for (const r of FEATURE_RADII) {
      const w = 2 * r + 1;
      names.push(`mean${w}_a${c}`, `mean${w}_b${c}`, `mean${w}_d${c}`, `std${w}_a${c}`, `std${w}_b${c}`);
    }
  }
  names.push('grad_a', 'grad_b', 'grad_d', 'edges7_a', 'edges7_b', 'edges7_d', 'cva');
  for (const r of FEATURE_RADII) names.push(`mean${2 * r + 1}_cva`);
  for (const r of FEATURE_RADII) names.push(`corr${2 * r + 1}`);
  return names;
}

/**
 * Box sums over a strip buffer of `rows` × `width` values, through an integral image; sums of
 * valid pixels and their count, for windows clipped to the buffer.
 */
class BoxSums {
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  constructor(
    readonly width: number,
    readonly rows: number
  ) {
    this.sums = new Float64Array((width + 1) * (rows + 1));
    this.counts = new Float64Array((width + 1) * (rows + 1));
  }

  /** Integrates `map` (NaN = not counted). */
  load(map: Float64Array | Float32Array): void {
    const w1 = this.width + 1;
    const { sums, counts } = this;
    for (let y = 0; y < this.rows; y++) {
      let rowSum = 0;
      let rowCount = 0;
      const above = y * w1;
      const here = (y + 1) * w1;
      for (let x = 0; x < this.width; x++) {
        const v = map[y * this.width + x];
        if (v === v) {
          rowSum += v;
          rowCount++;
        }
        sums[here + x + 1] = sums[above + x + 1] + rowSum;
        counts[here + x + 1] = counts[above + x + 1] + rowCount;
      }
    }
  }

  /** Mean over the window of half-width r around (x, y), clipped; NaN when it holds no valid pixel. */
  mean(x: number, y: number, r: number): number {
    const w1 = this.width + 1;
    const x0 = Math.max(0, x - r);
    const x1 = Math.min(this.width, x + r + 1);
    const y0 = Math.max(0, y - r) * w1;
    const y1 = Math.min(this.rows, y + r + 1) * w1;
    const n = this.counts[y1 + x1] - this.counts[y0 + x1] - this.counts[y1 + x0] + this.counts[y0 + x0];
    if (n === 0) return NaN;
    return (this.sums[y1 + x1] - this.sums[y0 + x1] - this.sums[y1 + x0] + this.sums[y0 + x0]) / n;
  }
}

/**
 * Fills `out` (rows·width × F, pixel-major: feature f of core pixel i at i·F + f, so a tree walk
 * reads one pixel's features from a few cache lines) with the features of the strip's core rows.
 * F = featureNames(bands).length.
 */
export function computeFeatures(strip: PairStrip, out: Float32Array): void {
  const { width } = strip;
  const bands = strip.a.length;
  const total = strip.haloTop + strip.rows + strip.haloBottom;
  const n = total * width;
  const core = strip.rows * width;
  const nf = featureNames(bands).length;
  const y0 = strip.haloTop;
  const valid = new Uint8Array(n).fill(1);
  for (const band of [...strip.a, ...strip.b]) for (let i = 0; i < n; i++) if (!(band[i] === band[i])) valid[i] = 0;
  const masked = (src: Float32Array | Float64Array) => {
    const m = new Float64Array(n);
    for (let i = 0; i < n; i++) m[i] = valid[i] ? src[i] : NaN;
    return m;
  };
  const box = new BoxSums(width, total);
  let f = 0;
  const put = (value: (i: number, x: number, y: number) => number) => {
    for (let y = 0; y < strip.rows; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y0 + y) * width + x;
        out[(y * width + x) * nf + f] = valid[i] ? value(i, x, y0 + y) : NaN;
      }
    }
    f++;
  };
  const diff = (c: number) => {
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = valid[i] ? strip.b[c][i] - strip.a[c][i] : NaN;
    return d;
  };
  for (let c = 0; c < bands; c++) {
    const a = strip.a[c];
    const b = strip.b[c];
    put((i) => a[i]);
    put((i) => b[i]);
    put((i) => b[i] - a[i]);
  }
  // Local means and spreads per band and scale.
  const means = new Float64Array(core);
  for (let c = 0; c < bands; c++) {
    const maps = [masked(strip.a[c]), masked(strip.b[c])];
    for (const r of FEATURE_RADII) {
      const stack: Float64Array[] = [];
      for (const m of maps) {
        box.load(m);
        const mu = new Float64Array(core);
        for (let y = 0; y < strip.rows; y++) for (let x = 0; x < width; x++) mu[y * width + x] = box.mean(x, y0 + y, r);
        stack.push(mu);
      }
      const [ma, mb] = stack;
      put((_i, x, y) => ma[(y - y0) * width + x]);
      put((_i, x, y) => mb[(y - y0) * width + x]);
      put((_i, x, y) => mb[(y - y0) * width + x] - ma[(y - y0) * width + x]);
      for (let k = 0; k < 2; k++) {
        const m = maps[k];
        const sq = new Float64Array(n);
        for (let i = 0; i < n; i++) sq[i] = m[i] * m[i];
        box.load(sq);
        for (let y = 0; y < strip.rows; y++) for (let x = 0; x < width; x++) means[y * width + x] = box.mean(x, y0 + y, r);
        const mu = stack[k];
        put((_i, x, y) => {
          const j = (y - y0) * width + x;
          return Math.sqrt(Math.max(0, means[j] - mu[j] * mu[j]));
        });
      }
    }
  }
  // Gradients of the band means (Sobel, edges replicated), and edge density.
  const lumA = new Float64Array(n);
  const lumB = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!valid[i]) {
      lumA[i] = NaN;
      lumB[i] = NaN;
      continue;
    }
    let sa = 0;
    let sb = 0;
    for (let c = 0; c < bands; c++) {
      sa += strip.a[c][i];
      sb += strip.b[c][i];
    }
    lumA[i] = sa / bands;
    lumB[i] = sb / bands;
  }
  const gradA = sobel(lumA, width, total);
  const gradB = sobel(lumB, width, total);
  put((i) => gradA[i]);
  put((i) => gradB[i]);
  put((i) => gradB[i] - gradA[i]);
  box.load(gradA);
  const edgesA = new Float64Array(core);
  for (let y = 0; y < strip.rows; y++) for (let x = 0; x < width; x++) edgesA[y * width + x] = box.mean(x, y0 + y, EDGE_RADIUS);
  box.load(gradB);
  const edgesB = new Float64Array(core);
  for (let y = 0; y < strip.rows; y++) for (let x = 0; x < width; x++) edgesB[y * width + x] = box.mean(x, y0 + y, EDGE_RADIUS);
  put((_i, x, y) => edgesA[(y - y0) * width + x]);
  put((_i, x, y) => edgesB[(y - y0) * width + x]);
  put((_i, x, y) => edgesB[(y - y0) * width + x] - edgesA[(y - y0) * width + x]);
  // Change vector magnitude and its local means.
  const cva = new Float64Array(n);
  for (let c = 0; c < bands; c++) {
    const d = diff(c);
    for (let i = 0; i < n; i++) cva[i] += d[i] * d[i];
  }
  for (let i = 0; i < n; i++) cva[i] = Math.sqrt(cva[i]);
  put((i) => cva[i]);
  box.load(cva);
  for (const r of FEATURE_RADII) put((_i, x, y) => box.mean(x, y, r));
  // Local correlation of the two dates' band means.
  const products = [lumA, lumB, lumA.map((v) => v * v), lumB.map((v) => v * v), lumA.map((v, i) => v * lumB[i])];
  const local = products.map(() => new Float64Array(core * FEATURE_RADII.length));
  products.forEach((p, k) => {
    box.load(p);
    FEATURE_RADII.forEach((r, s) => {
      for (let y = 0; y < strip.rows; y++) for (let x = 0; x < width; x++) local[k][s * core + y * width + x] = box.mean(x, y0 + y, r);
    });
  });
  FEATURE_RADII.forEach((_r, s) =>
    put((_i, x, y) => {
      const j = s * core + (y - y0) * width + x;
      const [ma, mb, maa, mbb, mab] = local.map((l) => l[j]);
      const va = Math.max(0, maa - ma * ma);
      const vb = Math.max(0, mbb - mb * mb);
      const cov = mab - ma * mb;
      // Flat windows correlate perfectly when both are flat, not at all when one is.
      const denom = Math.sqrt(va * vb);
      return denom > 1e-9 ? cov / denom : va === vb ? 1 : 0;
    })
  );
}

/** Sobel gradient magnitude of a band over `rows` × `width`, with replicated edges; NaN stays NaN. */
function sobel(v: Float64Array, width: number, rows: number): Float64Array {
  const g = new Float64Array(v.length);
  for (let y = 0; y < rows; y++) {
    const up = Math.max(0, y - 1) * width;
    const mid = y * width;
    const down = Math.min(rows - 1, y + 1) * width;
    for (let x = 0; x < width; x++) {
      if (!(v[mid + x] === v[mid + x])) {
        g[mid + x] = NaN;
        continue;
      }
      const l = Math.max(0, x - 1);
      const r = Math.min(width - 1, x + 1);
      // A nodata neighbour counts as the centre (no edge across nodata).
      const at = (i: number) => (v[i] === v[i] ? v[i] : v[mid + x]);
      const gx = at(up + r) + 2 * at(mid + r) + at(down + r) - at(up + l) - 2 * at(mid + l) - at(down + l);
      const gy = at(down + l) + 2 * at(down + x) + at(down + r) - at(up + l) - 2 * at(up + x) - at(up + r);
      g[mid + x] = Math.sqrt(gx * gx + gy * gy);
    }
  }
  return g;
}
