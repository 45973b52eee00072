import type { Kernels } from '../../wasm/types';
import { matrix, type Matrix } from './matrix';

/**
 * Weighted means and covariance of `dim` variables, accumulated window by window in f64.
 *
 * Each window is summarised exactly by two passes over its own samples (weighted mean, then
 * centred cross-products), and the window summaries are merged with the pairwise update of
 * Chan, Golub & LeVeque (1983), "Algorithms for computing the sample variance: analysis and
 * recommendations", Am. Stat. 37(3), 242–247, doi:10.1080/00031305.1983.10483115. Unlike running
 * sums of x and x², this keeps full precision when the means are large against the spread (digital
 * numbers of a few thousand varying by a few units), and the result does not depend on the window
 * size beyond rounding.
 *
 * Given `kernels`, a window of Float32Array variables with Float64Array weights is summarised by
 * the WASM kernel (`Kernels.weightedMoments`), which runs the same two passes in the same order and
 * so gives the same bits as the loop below; any other window takes the loop.
 */
export class WeightedMoments {
  /** Sum of the weights. */
  weight = 0;
  /** Number of samples with a positive weight. */
  count = 0;
  readonly mean: Float64Array;
  /** Σ w·(x − mean)(x − mean)ᵀ, upper triangle (row ≤ column) only. */
  private readonly m2: Float64Array;
  private readonly windowMean: Float64Array;
  private readonly windowM2: Float64Array;
  private readonly centred: Float64Array;

  constructor(
    readonly dim: number,
    private readonly kernels?: Pick<Kernels, 'weightedMoments'>
  ) {
    this.mean = new Float64Array(dim);
    this.m2 = new Float64Array(dim * dim);
    this.windowMean = new Float64Array(dim);
    this.windowM2 = new Float64Array(dim * dim);
    this.centred = new Float64Array(dim);
  }

  /**
   * Adds the first n samples of a window: variable j of sample p is variables[j][p] with weight
   * weights[p]. Samples with weight ≤ 0 are skipped, so nodata samples (given weight 0) may hold NaN.
   */
  add(variables: readonly ArrayLike<number>[], weights: ArrayLike<number>, n: number): void {
    if (this.kernels && weights instanceof Float64Array && variables.every((v) => v instanceof Float32Array)) {
      const window = variables.map((v) => v.subarray(0, n));
      const { weight, count } = this.kernels.weightedMoments(this.windowMean, this.windowM2, window, weights.subarray(0, n));
      if (count > 0) this.merge(weight, count, this.windowMean, this.windowM2);
      return;
    }
    const dim = this.dim;
    const mean = this.windowMean.fill(0);
    const d = this.centred;
    let w = 0;
    let count = 0;
    for (let p = 0; p < n; p++) {
      const wp = weights[p];
      if (!(wp > 0)) continue;
      w += wp;
      count++;
      for (let j = 0; j < dim; j++) mean[j] += wp * variables[j][p];
    }
    if (count === 0) return;
    for (let j = 0; j < dim; j++) mean[j] /= w;
    const m2 = this.windowM2.fill(0);
    for (let p = 0; p < n; p++) {
      const wp = weights[p];
      if (!(wp > 0)) continue;
      for (let j = 0; j < dim; j++) d[j] = variables[j][p] - mean[j];
      for (let j = 0; j < dim; j++) {
        const wd = wp * d[j];
        for (let k = j; k < dim; k++) m2[j * dim + k] += wd * d[k];
      }
    }
    this.merge(w, count, mean, m2);
  }

  /** Chan et al.'s pairwise update with one window's weight, mean and centred cross-products. */
  private merge(w: number, count: number, mean: Float64Array, m2: Float64Array): void {
    const dim = this.dim;
    const total = this.weight + w;
    const f = (this.weight * w) / total;
    const d = this.centred;
    for (let j = 0; j < dim; j++) d[j] = mean[j] - this.mean[j];
    for (let j = 0; j < dim; j++) {
      for (let k = j; k < dim; k++) this.m2[j * dim + k] += m2[j * dim + k] + f * d[j] * d[k];
      this.mean[j] += (d[j] * w) / total;
    }
    this.weight = total;
    this.count += count;
  }

  /**
   * The weighted covariance Σ w·(x − x̄)(x − x̄)ᵀ / Σ w (the maximum-likelihood normalisation; it
   * differs from a "sample" one only by a factor near 1 that no correlation depends on). Zero
   * when no sample had a positive weight.
   */
  covariance(): Matrix {
    const dim = this.dim;
    const c = matrix(dim, dim);
    if (this.weight === 0) return c;
    for (let j = 0; j < dim; j++) {
      for (let k = j; k < dim; k++) c.data[j * dim + k] = c.data[k * dim + j] = this.m2[j * dim + k] / this.weight;
    }
    return c;
  }
}
