import { WeightedMoments } from '../../linalg/moments';
import { InputError } from '../../raster';
import type { ChangeStatistic, MethodContext } from '../method';
import type { PairStrip } from '../pair-reader';
import { addBlocks, blockBasis, differenceImage, forEachFeature, type BlockBasis, type DifferenceKind } from './block-pca';
import { twoMeans, type TwoMeans } from './two-means';

export interface PcaKMeansOptions {
  /** Block (and neighbourhood) size h, odd, ≥ 3 (default 5). */
  blockSize?: number;
  /** Number S of principal components; absent or null = the fewest holding ≥ 90 % of the variance. */
  components?: number | null;
  /** How the bands are merged into one difference image: mean |Δ| (default) or the CVA magnitude. */
  difference?: DifferenceKind;
  /** About this many pixels, on a regular grid, train the k-means (default 65 536). */
  sampleSize?: number;
}

/** Grid step of the k-means sample: every step-th row and column, about `sampleSize` pixels in all. */
export function sampleStep(width: number, height: number, sampleSize: number): number {
  return Math.max(1, Math.ceil(Math.sqrt((width * height) / sampleSize)));
}

/**
 * PCA-k-means (Celik 2009, "Unsupervised change detection in satellite images using principal
 * component analysis and k-means clustering", IEEE GRSL 6(4), doi:10.1109/LGRS.2009.2025059).
 *
 * 1. Difference image d: mean |after − before| over the selected bands (Celik's |X₂ − X₁|), or
 *    the CVA magnitude.
 * 2. `fit`, pass 1: the non-overlapping h × h blocks of d (aligned at 0, h, 2h, …; whole blocks
 *    only, blocks with nodata left out) give the mean block Ψ and the h² × h² covariance, merged
 *    strip by strip; its eigenvectors (symmetric Jacobi) are the axes, the first S kept.
 * 3. Every pixel's feature is the projection of its h × h neighbourhood (edges reflected,
 *    scipy's mode 'reflect') onto the S axes, after subtracting Ψ.
 * 4. `fit`, pass 2: k-means, k = 2, on the features of the pixels on a regular grid (see
 *    `sampleStep`; Celik clusters every pixel — the grid bounds memory and time), started at the
 *    features of the smallest and the largest d (see `twoMeans`). The cluster with the larger mean
 *    d is change.
 *
 * Magnitude: the signed margin ‖f − c_nochange‖ − ‖f − c_change‖ (in units of d): > 0 exactly
 * where the nearest centroid is the change one, so the natural threshold is a manual 0, which
 * reproduces the k-means decision (ties, margin 0, are no change). `halo` = (h − 1) / 2.
 *
 * Nodata: NaN/±Infinity in any selected band of either image makes d nodata; such a pixel's
 * magnitude is NaN, and in a neighbour's window it counts as the mean block value. Degenerate
 * input: with no whole valid block (all nodata, or an image smaller than h × h) the magnitude is
 * NaN everywhere; when d is constant both centroids coincide and the margin is 0 everywhere.
 */
export function pcaKMeans(options: PcaKMeansOptions = {}): ChangeStatistic {
  const h = options.blockSize ?? 5;
  const components = options.components ?? null;
  const kind = options.difference ?? 'absdiff';
  const sampleSize = options.sampleSize ?? 65536;
  if (!(Number.isInteger(h) && h >= 3 && h % 2 === 1)) throw new InputError('pca-kmeans', `the block size must be an odd integer ≥ 3, not ${h}`);
  if (components !== null && !(Number.isInteger(components) && components >= 1 && components <= h * h)) {
    throw new InputError('pca-kmeans', `the number of components must be an integer from 1 to ${h * h}, not ${components}`);
  }
  if (!(Number.isInteger(sampleSize) && sampleSize >= 2)) throw new InputError('pca-kmeans', `the sample size must be an integer ≥ 2, not ${sampleSize}`);
  let model: { basis: BlockBasis; centroids: TwoMeans } | null = null;
  let fitted = false;

  return {
    halo: (h - 1) / 2,
    fitReadsPixels: true,
    unit: kind === 'cva' ? 'PCA-k-means margin (‖Δ‖)' : 'PCA-k-means margin (mean |Δ|)',
    async fit(m: MethodContext) {
      const moments = new WeightedMoments(h * h);
      await m.pair.pass((s) => addBlocks(moments, differenceImage(s, kind), s, h, m.pair.height), { stage: 'pca blocks', halo: h - 1 });
      fitted = true;
      model = null;
      if (moments.count === 0) return { blocks: 0 };
      const basis = blockBasis(moments, h, components);
      const step = sampleStep(m.pair.width, m.pair.height, sampleSize);
      const features: number[] = [];
      const sampleD: number[] = [];
      await m.pair.pass(
        (s) => {
          const d = differenceImage(s, kind);
          forEachFeature(d, s, basis, step, (c, x, f) => {
            features.push(...f);
            sampleD.push(d[(s.haloTop + c) * s.width + x]);
          });
        },
        { stage: 'pca-kmeans sample', halo: (h - 1) / 2 }
      );
      const centroids = twoMeans(Float64Array.from(features), Float64Array.from(sampleD), basis.components);
      if (centroids) model = { basis, centroids };
      const total = basis.eigenvalues.reduce((a, v) => a + Math.max(0, v), 0);
      const leading = basis.eigenvalues.subarray(0, basis.components);
      return {
        blocks: moments.count,
        components: basis.components,
        eigenvalues: Array.from(leading),
        explainedVariance: total > 0 ? leading.reduce((a, v) => a + Math.max(0, v), 0) / total : 0,
        sampleStep: step,
        samples: sampleD.length,
        iterations: centroids?.iterations ?? 0,
        clusterSizes: centroids?.sizes ?? [0, 0],
        centroidDistance: centroids ? Math.hypot(...centroids.change.map((v, s) => v - centroids.noChange[s])) : null
      };
    },
    magnitude(strip: PairStrip, out: Float32Array) {
      if (!fitted) throw new Error('pcaKMeans: fit() must run before magnitude()');
      out.fill(NaN);
      if (!model) return;
      const { noChange, change } = model.centroids;
      forEachFeature(differenceImage(strip, kind), strip, model.basis, 1, (c, x, f) => {
        let toNoChange = 0;
        let toChange = 0;
        for (let s = 0; s < f.length; s++) {
          toNoChange += (f[s] - noChange[s]) ** 2;
          toChange += (f[s] - change[s]) ** 2;
        }
        out[c * strip.width + x] = Math.sqrt(toNoChange) - Math.sqrt(toChange);
      });
    }
  };
}
