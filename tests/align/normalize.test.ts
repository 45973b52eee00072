/** Radiometric normalization: RADCAL recovers known gains and offsets despite real change; histogram matching. */
import { beforeAll, describe, expect, it } from 'vitest';
import { PairReader, type PairStrip } from '../../src/lib/core/change/pair-reader';
import { histogramMatch, histogramMatchPreparation } from '../../src/lib/core/normalize/histogram-matching';
import { orthogonalRegression, radcal, radcalPreparation } from '../../src/lib/core/normalize/radcal';
import { loadKernels } from '../../src/lib/wasm/loader';
import type { Kernels } from '../../src/lib/wasm/types';
import { memorySource } from '../helpers/memory-source';
import { prng } from '../helpers/prng';

let kernels: Kernels;
beforeAll(async () => {
  kernels = await loadKernels();
});

const W = 200;
const H = 150;
const GAINS = [1.3, 0.7, 2.1];
const OFFSETS = [-12, 30, 5];

/** Three correlated bands; after = (before − offset)/gain + noise, with a changed block where the bands swap. */
function pair(): { before: Float32Array[]; after: Float32Array[] } {
  const rand = prng(42);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const before = GAINS.map(() => new Float32Array(W * H));
  const after = GAINS.map(() => new Float32Array(W * H));
  for (let i = 0; i < W * H; i++) {
    const base = 80 + 40 * normal();
    const tint = 10 * normal();
    const values = [base + tint, 0.8 * base - tint, 0.5 * base + 2 * tint];
    const changed = i % W > 120 && Math.floor(i / W) > 80;
    for (let k = 0; k < 3; k++) {
      before[k][i] = values[k] + normal();
      const seen = changed ? values[(k + 1) % 3] + 60 : values[k];
      after[k][i] = (seen - OFFSETS[k]) / GAINS[k] + normal() * 0.5;
    }
  }
  before[0][5] = NaN;
  after[1][7] = NaN;
  return { before, after };
}

function reader(before: Float32Array[], after: Float32Array[]): PairReader {
  return new PairReader(memorySource('before', W, H, before), memorySource('after', W, H, after), [1, 2, 3]);
}

async function normalizedAfter(p: PairReader, apply: (s: PairStrip) => PairStrip): Promise<Float32Array[]> {
  const out = p.bands.map(() => new Float32Array(W * H));
  await p.pass(
    (s) => {
      const t = apply(s);
      t.b.forEach((band, k) => out[k].set(band, s.y0 * W));
    },
    { stage: 'test' }
  );
  return out;
}

describe('orthogonal regression', () => {
  it('is symmetric in its noise: y = 2x + 1 exactly gives gain 2, offset 1', () => {
    // x = 0, 1, 2 → y = 1, 3, 5: sxx = 2/3, syy = 8/3, sxy = 4/3.
    expect(orthogonalRegression(2 / 3, 8 / 3, 4 / 3, 1, 3)).toEqual({ gain: expect.closeTo(2, 12), offset: expect.closeTo(1, 12) });
  });
});

describe('RADCAL', () => {
  it('recovers the gains and offsets from the invariant pixels, ignoring the changed block', async () => {
    const { before, after } = pair();
    const fit = await radcal(reader(before, after), kernels, false);
    // p > 0.95 keeps by design only the most certainly unchanged few per cent.
    expect(fit.invariantPixels).toBeGreaterThan(100);
    for (let k = 0; k < 3; k++) {
      expect(fit.gains[k]).toBeCloseTo(GAINS[k], 1);
      expect(Math.abs(fit.offsets[k] - OFFSETS[k])).toBeLessThan(3);
      expect(fit.correlations[k]).toBeGreaterThan(0.99);
    }
    const fitted = fit;
    const normalized = await normalizedAfter(reader(before, after), (s) => radcalPreparation(fitted).apply(s));
    // Outside the changed block, normalized after ≈ before (noise ≈ 1 + gain·0.5).
    let sum = 0;
    let n = 0;
    for (let i = 0; i < W * H; i++) {
      if (i % W > 120 && Math.floor(i / W) > 80) continue;
      if (Number.isNaN(before[0][i])) continue;
      sum += (normalized[0][i] - before[0][i]) ** 2;
      n++;
    }
    expect(Math.sqrt(sum / n)).toBeLessThan(2);
  });
});

describe('histogram matching', () => {
  it('gives after the histogram of before (quantiles within a bin width), NaN stays NaN', async () => {
    const { before, after } = pair();
    const match = await histogramMatch(reader(before, after));
    const matched = await normalizedAfter(reader(before, after), (s) => histogramMatchPreparation(match).apply(s));
    expect(matched[1][7]).toBeNaN();
    for (let k = 0; k < 3; k++) {
      const valid = (band: Float32Array) => Array.from(band).filter((v, i) => !Number.isNaN(v) && !Number.isNaN(before[0][i]));
      const a = valid(before[k]).sort((x, y) => x - y);
      const b = valid(matched[k]).sort((x, y) => x - y);
      const bin = (a.at(-1)! - a[0]) / 4096;
      for (const q of [0.05, 0.25, 0.5, 0.75, 0.95]) {
        const i = Math.floor(q * (a.length - 1));
        expect(Math.abs(a[i] - b[i])).toBeLessThan(2 * bin + 0.2);
      }
    }
  });
});
