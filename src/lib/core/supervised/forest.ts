/**
 * A random forest of CART classification trees for change / no change, trained on a few hundred
 * labelled pixels: each tree grows on a bootstrap sample, and each split considers a fresh random
 * subset of ⌈√F⌉ of the F features, choosing the cut with the largest decrease of Gini impurity.
 * A leaf holds the fraction of change among its training samples; the forest's output is the mean
 * of its trees' leaves, a change probability in [0, 1].
 *
 * Breiman, L. (2001). Random forests. Machine Learning 45(1), 5–32. doi:10.1023/A:1010933404324
 * Breiman, Friedman, Olshen & Stone (1984). Classification and Regression Trees. Wadsworth.
 *
 * Written here rather than taken from ml-random-forest: that library bags features once per tree
 * instead of per split, and its split search allocates and rescans the node's samples for every
 * candidate cut (quadratic in the samples), which makes a few hundred samples take seconds; this one
 * sorts once per feature and node and sweeps. Determinism: all randomness comes from one seeded
 * sfc32 stream, ties resolve to the first candidate, so the same samples and seed give the same trees.
 *
 * Trees are stored flat, ready for a prediction kernel: `feature[i]` (−1 for a leaf), `threshold[i]`
 * (go left when x < threshold; an f32 chosen so that the rule on f32 features equals the rule on the
 * f64 midpoint between the two training values), `left[i]`, `right[i]` and `value[i]` (a leaf's
 * change fraction). Degenerate input: one class only → every tree is a single leaf with that class.
 */
import { Sfc32, unit } from '../scene/prng';

export interface ForestOptions {
  trees: number;
  maxDepth: number;
  /** Fewest samples a leaf may hold. */
  minLeaf: number;
  seed: number;
}

export const DEFAULT_FOREST: ForestOptions = { trees: 48, maxDepth: 12, minLeaf: 1, seed: 1 };

export interface Forest {
  /** Number of features each sample has. */
  features: number;
  /** Node index of each tree's root. */
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  value: Float32Array;
}

/**
 * Trains the forest on `samples` (n × F, row-major, all finite) with labels 1 = change, 0 = no change.
 */
export function trainForest(samples: Float32Array, labels: Uint8Array, features: number, options: ForestOptions = DEFAULT_FOREST): Forest {
  const n = labels.length;
  if (n === 0) throw new RangeError('a forest needs at least one training sample');
  if (samples.length !== n * features) throw new RangeError(`expected ${n * features} feature values, got ${samples.length}`);
  const rng = new Sfc32(options.seed, 0x5eed);
  const nodes = new NodeList();
  const roots = new Int32Array(options.trees);
  const perSplit = Math.max(1, Math.ceil(Math.sqrt(features)));
  const order = Int32Array.from({ length: features }, (_, i) => i);
  for (let t = 0; t < options.trees; t++) {
    const bag = new Int32Array(n);
    for (let i = 0; i < n; i++) bag[i] = Math.floor(unit(rng.next()) * n);
    roots[t] = grow(bag, 0);
  }
  return { features, roots, ...nodes.finish() };

  function grow(idx: Int32Array, depth: number): number {
    let positives = 0;
    for (let i = 0; i < idx.length; i++) positives += labels[idx[i]];
    const value = positives / idx.length;
    if (depth >= options.maxDepth || positives === 0 || positives === idx.length || idx.length < 2 * options.minLeaf) return nodes.leaf(value);
    const split = bestSplit(idx, positives);
    if (!split) return nodes.leaf(value);
    const lo: number[] = [];
    const hi: number[] = [];
    for (let i = 0; i < idx.length; i++) (samples[idx[i] * features + split.feature] < split.threshold ? lo : hi).push(idx[i]);
    const node = nodes.split(split.feature, split.threshold);
    nodes.setChildren(node, grow(Int32Array.from(lo), depth + 1), grow(Int32Array.from(hi), depth + 1));
    return node;
  }

  function bestSplit(idx: Int32Array, positives: number): { feature: number; threshold: number } | null {
    const m = idx.length;
    // A partial Fisher–Yates shuffle draws the features this split may use.
    for (let k = 0; k < perSplit; k++) {
      const j = k + Math.floor(unit(rng.next()) * (features - k));
      const tmp = order[k];
      order[k] = order[j];
      order[j] = tmp;
    }
    let bestGain = 1e-12;
    let best: { feature: number; threshold: number } | null = null;
    const parent = gini(positives, m);
    const sorted = Array.from(idx);
    for (let k = 0; k < perSplit; k++) {
      const f = order[k];
      sorted.sort((a, b) => samples[a * features + f] - samples[b * features + f] || a - b);
      let leftPos = 0;
      for (let i = 0; i + 1 < m; i++) {
        leftPos += labels[sorted[i]];
        const x0 = samples[sorted[i] * features + f];
        const x1 = samples[sorted[i + 1] * features + f];
        if (x0 === x1 || i + 1 < options.minLeaf || m - i - 1 < options.minLeaf) continue;
        const nl = i + 1;
        const nr = m - nl;
        const gain = parent - (nl * gini(leftPos, nl) + nr * gini(positives - leftPos, nr)) / m;
        if (gain > bestGain) {
          bestGain = gain;
          best = { feature: f, threshold: f32Cut(x0, x1) };
        }
      }
    }
    return best;
  }
}

/** Gini impurity of a node with `pos` change samples out of `n`. */
function gini(pos: number, n: number): number {
  const p = pos / n;
  return 2 * p * (1 - p);
}

/**
 * The smallest f32 t ≥ (x0 + x1)/2: for every f32 x, x < t exactly when x < the f64 midpoint, so
 * x0 goes left and x1 right (x0 < x1, both f32).
 */
function f32Cut(x0: number, x1: number): number {
  const mid = (x0 + x1) / 2;
  const t = Math.fround(mid);
  if (t >= mid) return t;
  const buf = new Float32Array([t]);
  const bits = new Int32Array(buf.buffer);
  bits[0] += t >= 0 ? 1 : -1; // the next f32 towards +∞ (t is finite and not −0 here)
  return buf[0];
}

class NodeList {
  private feature: number[] = [];
  private threshold: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private value: number[] = [];

  leaf(value: number): number {
    return this.push(-1, 0, value);
  }
  split(feature: number, threshold: number): number {
    return this.push(feature, threshold, 0);
  }
  setChildren(node: number, left: number, right: number): void {
    this.left[node] = left;
    this.right[node] = right;
  }
  private push(feature: number, threshold: number, value: number): number {
    this.feature.push(feature);
    this.threshold.push(threshold);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(value);
    return this.feature.length - 1;
  }
  finish() {
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float32Array.from(this.threshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float32Array.from(this.value)
    };
  }
}

/**
 * The forest packed for the prediction kernel: four i32 per node — feature (−1 for a leaf), the
 * f32 bits of the threshold (of the leaf's value for a leaf), left, right — so one node is one
 * 16-byte load; `roots` the root node of each tree.
 */
export function packForest(forest: Forest): { nodes: Int32Array; roots: Int32Array } {
  const n = forest.feature.length;
  const nodes = new Int32Array(4 * n);
  const bits = new Int32Array(1);
  const f32 = new Float32Array(bits.buffer);
  for (let i = 0; i < n; i++) {
    const leaf = forest.feature[i] < 0;
    f32[0] = leaf ? forest.value[i] : forest.threshold[i];
    nodes.set([forest.feature[i], bits[0], forest.left[i], forest.right[i]], 4 * i);
  }
  return { nodes, roots: forest.roots.slice() };
}

/**
 * The scalar reference of the prediction kernel: for each pixel (its `featureCount` features
 * contiguous, pixel-major), the mean over the trees of the leaf it reaches (x < threshold → left),
 * summed in f32 in the order of the trees and scaled by f32(1 / trees); NaN for nodata, which the
 * feature stack marks by NaN in every feature (the first is checked).
 */
export function predictPacked(out: Float32Array, features: Float32Array, featureCount: number, nodes: Int32Array, roots: Int32Array): void {
  const f32 = new Float32Array(nodes.buffer, nodes.byteOffset, nodes.length);
  const trees = roots.length;
  const scale = Math.fround(1 / trees);
  for (let i = 0; i < out.length; i++) {
    const base = i * featureCount;
    if (!(features[base] === features[base])) {
      out[i] = NaN;
      continue;
    }
    let sum = 0;
    for (let t = 0; t < trees; t++) {
      let node = 4 * roots[t];
      while (nodes[node] >= 0) node = 4 * (features[base + nodes[node]] < f32[node + 1] ? nodes[node + 2] : nodes[node + 3]);
      sum = Math.fround(sum + f32[node + 1]);
    }
    out[i] = Math.fround(sum * scale);
  }
}
