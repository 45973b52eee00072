/**
 * The pieces of Celik's PCA-k-means that walk strips: the difference image, the covariance of its
 * non-overlapping h × h blocks, the eigenvector basis, and the projection of every pixel's h × h
 * neighbourhood onto it.
 */
import { symmetricEigen } from '../../linalg/eigen';
import type { WeightedMoments } from '../../linalg/moments';
import type { PairStrip } from '../pair-reader';
import { reflectedOffsets, windowRows } from './reflect';

export type DifferenceKind = 'absdiff' | 'cva';

/**
 * The difference image over a strip's whole buffer (halo included): mean |after − before| over
 * the selected bands, or the CVA magnitude √Σ (after − before)²; NaN where any selected value of
 * either image is NaN or ±Infinity.
 */
export function differenceImage(strip: PairStrip, kind: DifferenceKind): Float64Array {
  const n = strip.a[0].length;
  const d = new Float64Array(n);
  for (let band = 0; band < strip.a.length; band++) {
    const a = strip.a[band];
    const b = strip.b[band];
    for (let i = 0; i < n; i++) {
      const delta = b[i] - a[i];
      d[i] += Number.isFinite(a[i]) && Number.isFinite(b[i]) ? (kind === 'cva' ? delta * delta : Math.abs(delta)) : NaN;
    }
  }
  for (let i = 0; i < n; i++) d[i] = kind === 'cva' ? Math.sqrt(d[i]) : d[i] / strip.a.length;
  return d;
}

/**
 * Adds to `moments` (dimension h²) the non-overlapping h × h blocks of the difference image that
 * start in this strip's core rows: blocks are aligned at rows and columns 0, h, 2h, … and only
 * whole blocks inside the image count, each one exactly once whatever the strip height (the pass
 * must carry a halo of h − 1 rows). A block is a vector in row-major order; a block holding
 * nodata is left out.
 */
export function addBlocks(moments: WeightedMoments, d: Float64Array, strip: PairStrip, h: number, imageHeight: number): void {
  const { width: w, y0, rows, haloTop } = strip;
  const firstBlockRow = Math.ceil(y0 / h);
  const tops: number[] = [];
  for (let top = firstBlockRow * h; top < y0 + rows && top + h <= imageHeight; top += h) tops.push(top);
  const across = Math.floor(w / h);
  if (across === 0) return;
  const variables = Array.from({ length: h * h }, () => new Float64Array(across));
  const weights = new Float64Array(across);
  // One merge per block row: the same grouping, hence the same rounding, for any strip height.
  for (const top of tops) {
    weights.fill(1);
    for (let bx = 0; bx < across; bx++) {
      for (let dy = 0; dy < h; dy++) {
        const base = (top - y0 + haloTop + dy) * w + bx * h;
        for (let dx = 0; dx < h; dx++) {
          const v = d[base + dx];
          variables[dy * h + dx][bx] = v;
          if (Number.isNaN(v)) weights[bx] = 0;
        }
      }
    }
    moments.add(variables, weights, across);
  }
}

/** The first S principal axes of the h²-dimensional block vectors. */
export interface BlockBasis {
  /** Block size h (odd). */
  h: number;
  /** Mean block vector Ψ (h² values). */
  mean: Float64Array;
  /** S eigenvectors of the block covariance, largest eigenvalue first, row-major S × h². */
  axes: Float64Array;
  components: number;
  /** All h² eigenvalues, largest first. */
  eigenvalues: Float64Array;
}

/** The smallest S whose (descending) eigenvalues hold ≥ 90 % of the variance; 1 when it is 0. */
function componentsFor90(eigenvalues: Float64Array): number {
  let total = 0;
  for (const v of eigenvalues) total += Math.max(0, v);
  if (!(total > 0)) return 1;
  let held = 0;
  let S = 0;
  while (S < eigenvalues.length && held < 0.9 * total) held += Math.max(0, eigenvalues[S++]);
  return S;
}

/**
 * The basis from the block moments. `components` fixes S; null takes the smallest S whose
 * eigenvalues hold at least 90 % of the total variance (S = 1 when the variance is 0).
 */
export function blockBasis(moments: WeightedMoments, h: number, components: number | null): BlockBasis {
  const p = h * h;
  const { values, vectors } = symmetricEigen(moments.covariance());
  const order = Array.from({ length: p }, (_, i) => p - 1 - i);
  const eigenvalues = Float64Array.from(order, (i) => values[i]);
  const S = components ?? componentsFor90(eigenvalues);
  const axes = new Float64Array(S * p);
  for (let s = 0; s < S; s++) for (let j = 0; j < p; j++) axes[s * p + j] = vectors.data[j * p + order[s]];
  return { h, mean: Float64Array.from(moments.mean), axes, components: S, eigenvalues };
}

/**
 * Calls `visit` with the feature vector f = Eᵀ (x − Ψ) of the h × h neighbourhood x (row-major,
 * edges reflected) of every core pixel on the grid y ≡ 0, x ≡ 0 (mod step) whose own difference
 * value is valid. A nodata neighbour takes the mean block value Ψⱼ (a centred value of 0), so one
 * nodata pixel does not erase an h × h patch. The strip's halo must be at least (h − 1) / 2.
 * `f` is reused between calls.
 */
export function forEachFeature(
  d: Float64Array,
  strip: PairStrip,
  basis: BlockBasis,
  step: number,
  visit: (c: number, x: number, f: Float64Array) => void
): void {
  const { width: w, y0, rows, haloTop } = strip;
  const { h, mean, axes, components: S } = basis;
  const p = h * h;
  const r = (h - 1) / 2;
  const n = haloTop + rows + strip.haloBottom;
  const cols = reflectedOffsets(w, r);
  const centred = new Float64Array(p);
  const f = new Float64Array(S);
  for (let c = (step - (y0 % step)) % step; c < rows; c += step) {
    const wr = windowRows(c, haloTop, n, r);
    for (let x = 0; x < w; x += step) {
      if (Number.isNaN(d[(haloTop + c) * w + x])) continue;
      for (let dy = 0; dy < h; dy++) {
        const base = wr[dy] * w;
        for (let dx = 0; dx < h; dx++) {
          const j = dy * h + dx;
          const v = d[base + cols[dx * w + x]];
          centred[j] = Number.isNaN(v) ? 0 : v - mean[j];
        }
      }
      for (let s = 0; s < S; s++) {
        let sum = 0;
        for (let j = 0; j < p; j++) sum += axes[s * p + j] * centred[j];
        f[s] = sum;
      }
      visit(c, x, f);
    }
  }
}
