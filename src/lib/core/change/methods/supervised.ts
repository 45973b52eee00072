/**
 * Analyst-taught (supervised) change detection: a random forest (Breiman 2001,
 * doi:10.1023/A:1010933404324; supervised/forest.ts) learns change / no change from pixels the
 * analyst labelled, on multi-scale features of both dates (supervised/features.ts); the magnitude
 * is the forest's change probability, so thresholds (0.5 = the trees' majority), cleaning,
 * objects, accuracy and exports work on it as on any other magnitude. The same samples and seed
 * give the same trees and the same bytes; summary.json records the samples and the trained trees.
 *
 * Nodata: a sample on a nodata pixel is left out (and counted); nodata pixels get NaN.
 */
import { InputError } from '../../raster';
import type { Kernels } from '../../../wasm/types';
import { DEFAULT_FOREST, packForest, trainForest, type Forest } from '../../supervised/forest';
import { computeFeatures, FEATURE_HALO, featureNames } from '../../supervised/features';
import type { ChangeStatistic, MethodContext } from '../method';
import type { SupervisedOptions } from '../options';

export function supervised(options: SupervisedOptions | null, kernels: Kernels): ChangeStatistic {
  const samples = options?.samples ?? [];
  if (!options || samples.length === 0) {
    throw new InputError(
      'training samples',
      'supervised detection needs labelled pixels: give --train FILE (CSV x,y,label or GeoJSON with a "label" property)'
    );
  }
  for (const label of [1, 0] as const) {
    if (!samples.some((s) => s.label === label)) {
      throw new InputError('training samples', `no ${label ? '"change"' : '"no-change"'} sample: label at least one pixel of each class`);
    }
  }
  let forest: Forest | null = null;
  let packed: ReturnType<typeof packForest> | null = null;
  let buffer = new Float32Array(0);

  const features = (count: number, nf: number) => {
    if (buffer.length !== count * nf) buffer = new Float32Array(count * nf);
    return buffer;
  };

  return {
    halo: FEATURE_HALO,
    unit: 'P(change)',
    fitReadsPixels: true,
    async fit({ pair }: MethodContext) {
      const { width, height } = pair;
      for (const s of samples) {
        if (!Number.isInteger(s.x) || !Number.isInteger(s.y) || s.x < 0 || s.y < 0 || s.x >= width || s.y >= height) {
          throw new InputError('training samples', `pixel (${s.x}, ${s.y}) lies outside the ${width} × ${height} image`);
        }
      }
      const names = featureNames(pair.bands.length);
      const nf = names.length;
      const rows = new Map<number, number[]>();
      samples.forEach((s, k) => rows.set(s.y, [...(rows.get(s.y) ?? []), k]));
      const vectors = new Float32Array(samples.length * nf);
      const usable = new Uint8Array(samples.length);
      await pair.pass(
        (strip) => {
          const wanted: number[] = [];
          for (let y = strip.y0; y < strip.y0 + strip.rows; y++) wanted.push(...(rows.get(y) ?? []));
          if (wanted.length === 0) return;
          const core = strip.rows * width;
          const stack = features(core, nf);
          computeFeatures(strip, stack);
          for (const k of wanted) {
            const i = (samples[k].y - strip.y0) * width + samples[k].x;
            if (!(stack[i * nf] === stack[i * nf])) continue;
            vectors.set(stack.subarray(i * nf, (i + 1) * nf), k * nf);
            usable[k] = 1;
          }
        },
        { stage: 'training features', halo: FEATURE_HALO }
      );
      const kept = samples.map((_, k) => k).filter((k) => usable[k]);
      const labels = Uint8Array.from(kept, (k) => samples[k].label);
      const change = labels.reduce((a, b) => a + b, 0);
      if (change === 0 || change === kept.length) {
        throw new InputError('training samples', 'after leaving out samples on nodata pixels, one class has no sample left');
      }
      const x = new Float32Array(kept.length * nf);
      kept.forEach((k, j) => x.set(vectors.subarray(k * nf, (k + 1) * nf), j * nf));
      const settings = { ...DEFAULT_FOREST, seed: options.seed, trees: options.trees };
      forest = trainForest(x, labels, nf, settings);
      packed = packForest(forest);
      return {
        classifier: 'random forest (Breiman 2001), Gini, bootstrap, ⌈√F⌉ features per split',
        seed: settings.seed,
        trees: settings.trees,
        maxDepth: settings.maxDepth,
        minLeaf: settings.minLeaf,
        samples: { change, noChange: kept.length - change, onNodata: samples.length - kept.length },
        features: names,
        training: samples.map((s) => [s.x, s.y, s.label]),
        model: {
          roots: Array.from(forest.roots),
          feature: Array.from(forest.feature),
          threshold: Array.from(forest.threshold),
          left: Array.from(forest.left),
          right: Array.from(forest.right),
          value: Array.from(forest.value)
        }
      };
    },
    magnitude(strip, out) {
      const core = strip.rows * strip.width;
      const stack = features(core, forest!.features);
      computeFeatures(strip, stack);
      kernels.forestPredict(out, stack, forest!.features, packed!.nodes, packed!.roots);
    }
  };
}
