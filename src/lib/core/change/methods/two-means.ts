/** The two centroids of PCA-k-means, named by what they stand for. */
export interface TwoMeans {
  noChange: Float64Array;
  change: Float64Array;
  /** Lloyd iterations until no sample changed cluster (or the cap). */
  iterations: number;
  /** Samples in the no-change and the change cluster. */
  sizes: [number, number];
}

const MAX_ITERATIONS = 100;

function squaredDistance(f: Float64Array, at: number, c: Float64Array): number {
  let sum = 0;
  for (let s = 0; s < c.length; s++) sum += (f[at + s] - c[s]) ** 2;
  return sum;
}

/**
 * k-means with k = 2 (Lloyd 1982, doi:10.1109/TIT.1982.1056489) on `count` feature vectors of
 * dimension `dim` (row-major in `features`), deterministic: the centroids start at the features
 * of the first sample with the smallest and the first with the largest difference value d, a
 * sample joins the first centroid on a tie, and an empty cluster keeps its centroid. The change
 * cluster is the one whose members have the larger mean d — the second one when a cluster is
 * empty or the means tie. Null when there is no sample.
 */
export function twoMeans(features: Float64Array, d: Float64Array, dim: number): TwoMeans | null {
  const count = d.length;
  if (count === 0) return null;
  let lo = 0;
  let hi = 0;
  for (let i = 1; i < count; i++) {
    if (d[i] < d[lo]) lo = i;
    if (d[i] > d[hi]) hi = i;
  }
  const centroids = [features.slice(lo * dim, (lo + 1) * dim), features.slice(hi * dim, (hi + 1) * dim)];
  const assignment = new Uint8Array(count);
  const sums = [new Float64Array(dim), new Float64Array(dim)];
  const sizes: [number, number] = [0, 0];
  const dSums = [0, 0];
  let iterations = 0;
  for (let changed = true; changed && iterations < MAX_ITERATIONS; iterations++) {
    changed = iterations === 0;
    sums[0].fill(0);
    sums[1].fill(0);
    sizes[0] = sizes[1] = dSums[0] = dSums[1] = 0;
    for (let i = 0; i < count; i++) {
      const k = squaredDistance(features, i * dim, centroids[0]) <= squaredDistance(features, i * dim, centroids[1]) ? 0 : 1;
      if (k !== assignment[i]) changed = true;
      assignment[i] = k;
      sizes[k]++;
      dSums[k] += d[i];
      for (let s = 0; s < dim; s++) sums[k][s] += features[i * dim + s];
    }
    for (const k of [0, 1]) if (sizes[k] > 0) for (let s = 0; s < dim; s++) centroids[k][s] = sums[k][s] / sizes[k];
  }
  const swap = sizes[0] > 0 && sizes[1] > 0 && dSums[0] / sizes[0] > dSums[1] / sizes[1];
  return {
    noChange: centroids[swap ? 1 : 0],
    change: centroids[swap ? 0 : 1],
    iterations,
    sizes: swap ? [sizes[1], sizes[0]] : [sizes[0], sizes[1]]
  };
}
