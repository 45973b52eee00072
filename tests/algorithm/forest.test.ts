import { describe, expect, it } from 'vitest';
import { packForest, predictPacked, trainForest, type Forest } from '../../src/lib/core/supervised/forest';
import { prng } from '../helpers/prng';

function predict(forest: Forest, samples: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n);
  const { nodes, roots } = packForest(forest);
  predictPacked(out, samples, forest.features, nodes, roots);
  return out;
}

describe('trainForest / predictForest', () => {
  it('separates two classes on one feature at the f32 cut between them (hand-computed)', () => {
    // One feature, values 1, 2 (no change) and 4, 5 (change): a tree cuts midway between the
    // largest no-change and the smallest change value its bootstrap sample drew: 2.5, 3 or 3.5.
    const samples = Float32Array.from([1, 2, 4, 5]);
    const forest = trainForest(samples, Uint8Array.from([0, 0, 1, 1]), 1, { trees: 16, maxDepth: 4, minLeaf: 1, seed: 3 });
    for (let i = 0; i < forest.feature.length; i++) if (forest.feature[i] >= 0) expect([2.5, 3, 3.5]).toContain(forest.threshold[i]);
    const p = predict(forest, Float32Array.from([0, 2, 4, 100]), 4);
    expect(p[0]).toBeLessThan(0.2);
    expect(p[1]).toBeLessThan(0.2);
    expect(p[2]).toBeGreaterThan(0.8);
    expect(p[3]).toBeGreaterThan(0.8);
  });

  it('cuts so that the f32 rule equals the f64 midpoint rule when the midpoint is not an f32', () => {
    const x0 = Math.fround(0.1);
    const x1 = Math.fround(0.1 + 2 ** -26); // the next few f32 above 0.1: their midpoint needs more bits
    const forest = trainForest(Float32Array.from([x0, x1]), Uint8Array.from([0, 1]), 1, { trees: 1, maxDepth: 2, minLeaf: 1, seed: 1 });
    const root = forest.roots[0];
    if (forest.feature[root] >= 0) {
      const t = forest.threshold[root];
      expect(x0 < t && !(x1 < t)).toBe(true);
      expect(t).toBeGreaterThanOrEqual((x0 + x1) / 2);
    }
  });

  it('gives the same trees for the same samples and seed, and other trees for another seed', () => {
    const random = prng(11);
    const n = 200;
    const f = 6;
    const samples = Float32Array.from({ length: n * f }, () => random());
    const labels = Uint8Array.from({ length: n }, (_, i) => (samples[i * f] + samples[i * f + 3] > 1 ? 1 : 0));
    const a = trainForest(samples, labels, f, { trees: 8, maxDepth: 8, minLeaf: 1, seed: 5 });
    const b = trainForest(samples, labels, f, { trees: 8, maxDepth: 8, minLeaf: 1, seed: 5 });
    const c = trainForest(samples, labels, f, { trees: 8, maxDepth: 8, minLeaf: 1, seed: 6 });
    expect(b).toEqual(a);
    expect(c.threshold).not.toEqual(a.threshold);
  });

  it('learns a noisy two-feature rule well enough to score unseen pixels', () => {
    const random = prng(4);
    const f = 5;
    const make = (n: number) => {
      const x = Float32Array.from({ length: n * f }, () => random());
      const y = Uint8Array.from({ length: n }, (_, i) => (x[i * f + 1] > 0.6 && x[i * f + 2] < 0.5 ? 1 : 0));
      return { x, y };
    };
    const train = make(300);
    const test = make(2000);
    const forest = trainForest(train.x, train.y, f, { trees: 32, maxDepth: 12, minLeaf: 1, seed: 1 });
    const p = predict(forest, test.x, 2000);
    let right = 0;
    for (let i = 0; i < 2000; i++) right += (p[i] > 0.5 ? 1 : 0) === test.y[i] ? 1 : 0;
    expect(right / 2000).toBeGreaterThan(0.93);
  });

  it('gives NaN for nodata pixels and a constant answer when only one class was labelled', () => {
    const forest = trainForest(Float32Array.from([1, 2, 3]), Uint8Array.from([1, 1, 1]), 1, { trees: 4, maxDepth: 4, minLeaf: 1, seed: 1 });
    expect(forest.feature.every((v) => v === -1)).toBe(true);
    const out = predict(forest, Float32Array.from([NaN, 7]), 2);
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out[1]).toBe(1);
  });

  it('rejects an empty training set and a feature array of the wrong size', () => {
    expect(() => trainForest(new Float32Array(0), new Uint8Array(0), 3)).toThrow(RangeError);
    expect(() => trainForest(new Float32Array(5), new Uint8Array(2), 3)).toThrow(/expected 6/);
  });
});
