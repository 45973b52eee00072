/**
 * The forest prediction kernel (SIMD and scalar builds) against the TypeScript reference, bit for
 * bit, at awkward pixel counts, on a forest trained on random samples, with nodata pixels.
 */
import { beforeAll, describe, it } from 'vitest';
import { packForest, trainForest } from '../../src/lib/core/supervised/forest';
import { loadKernels } from '../../src/lib/wasm/loader';
import { reference } from '../../src/lib/wasm/reference';
import type { Kernels } from '../../src/lib/wasm/types';
import { expectIdentical } from '../algorithm/method-harness';
import { prng } from '../helpers/prng';

const LENGTHS = [0, 1, 3, 4, 5, 15, 16, 17, 10007];
const F = 7;

describe.each(['simd', 'scalar'] as const)('forestPredict, %s build vs the TypeScript reference', (flavour) => {
  let kernels: Kernels;
  const random = prng(21);
  const train = Float32Array.from({ length: 400 * F }, () => random() * 100 - 20);
  const labels = Uint8Array.from({ length: 400 }, (_, i) => (train[i * F + 2] > 30 === train[i * F + 5] < 10 ? 1 : 0));
  const packed = packForest(trainForest(train, labels, F, { trees: 13, maxDepth: 10, minLeaf: 1, seed: 4 }));

  beforeAll(async () => {
    kernels = await loadKernels(flavour);
  });

  it.each(LENGTHS)('bit-identical at %i pixels (with nodata)', (n) => {
    const features = Float32Array.from({ length: n * F }, () => random() * 120 - 30);
    for (let i = 0; i < n; i += 7) features.fill(NaN, i * F, (i + 1) * F);
    const got = new Float32Array(n).fill(-1);
    const want = new Float32Array(n).fill(-2);
    kernels.forestPredict(got, features, F, packed.nodes, packed.roots);
    reference.forestPredict(want, features, F, packed.nodes, packed.roots);
    expectIdentical(got, want);
  });
});
