/**
 * Supervised detection speed on one core: the random forest's prediction through the `Kernels`
 * API (SIMD and scalar WASM builds, copies in and out included) and the plain TypeScript reference,
 * in megapixels per second, for forests trained on 50 (25 + 25, the DSIFN protocol) and 300 samples
 * (an analyst's session); and the feature stack (TypeScript) on a three-band strip, which every
 * predicted pixel needs first.
 */
import type { PairStrip } from '../src/lib/core/change/pair-reader';
import { computeFeatures, FEATURE_HALO, featureNames } from '../src/lib/core/supervised/features';
import { DEFAULT_FOREST, packForest, trainForest } from '../src/lib/core/supervised/forest';
import { loadKernels } from '../src/lib/wasm/loader';
import { reference } from '../src/lib/wasm/reference';

export interface ForestTiming {
  samples: number;
  trees: number;
  features: number;
  nodes: number;
  simdMPs: number;
  scalarMPs: number;
  jsMPs: number;
}

function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function best(repeats: number, run: () => void): number {
  let ms = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    run();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

export async function benchForest(opts: { pixels: number; repeats: number }): Promise<{ prediction: ForestTiming[]; featuresMPs: number }> {
  const nf = featureNames(3).length;
  const rnd = random(77);
  // Pixels whose features are mixtures of a few smooth signals, so trees split on many of them.
  const pixels = Float32Array.from({ length: opts.pixels * nf }, () => rnd() * 255);
  const simd = await loadKernels('simd');
  const scalar = await loadKernels('scalar');
  const prediction: ForestTiming[] = [];
  for (const samples of [50, 300]) {
    const x = Float32Array.from({ length: samples * nf }, () => rnd() * 255);
    const y = Uint8Array.from({ length: samples }, (_, i) => (x[i * nf + 3] + x[i * nf + 40] > 255 === x[i * nf + 77] > 100 ? 1 : 0));
    const forest = trainForest(x, y, nf, DEFAULT_FOREST);
    const { nodes, roots } = packForest(forest);
    const out = new Float32Array(opts.pixels);
    const mps = (ms: number) => opts.pixels / 1000 / ms;
    prediction.push({
      samples,
      trees: roots.length,
      features: nf,
      nodes: nodes.length / 4,
      simdMPs: mps(best(opts.repeats, () => simd.forestPredict(out, pixels, nf, nodes, roots))),
      scalarMPs: mps(best(opts.repeats, () => scalar.forestPredict(out, pixels, nf, nodes, roots))),
      jsMPs: mps(best(1, () => reference.forestPredict(out, pixels, nf, nodes, roots)))
    });
  }
  // Features of a 1024-wide, 64-row three-band strip with its halo.
  const width = 1024;
  const rows = 64;
  const total = rows + 2 * FEATURE_HALO;
  const band = () => Float32Array.from({ length: total * width }, () => Math.round(rnd() * 255));
  const strip: PairStrip = {
    width,
    y0: FEATURE_HALO,
    rows,
    haloTop: FEATURE_HALO,
    haloBottom: FEATURE_HALO,
    a: [band(), band(), band()],
    b: [band(), band(), band()]
  };
  const stack = new Float32Array(rows * width * nf);
  const featuresMs = best(2, () => computeFeatures(strip, stack));
  return { prediction, featuresMPs: (rows * width) / 1000 / featuresMs };
}
