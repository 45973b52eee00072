/**
 * `auto` on one band, regression for the collapse on quantized SAR: on an 8-bit speckled pair
 * with about 1 % flooded, the 3 × 3 median leaves a fifth of the pixels equal on both dates; with
 * that spike at 0, Otsu on ln(magnitude) flagged ~79 % of the pixels (κ ≈ 0.01). Checked against
 * the generated truth with a stated minimum κ, over looks, change sizes and water cover.
 */
import { describe, expect, it } from 'vitest';
import { accuracyMetrics } from '../../src/lib/core/accuracy/metrics';
import { detectChange } from '../../src/lib/core/change/detect';
import { DEFAULT_CHANGE_OPTIONS, type ChangeOptions } from '../../src/lib/core/change/options';
import { MemoryStore } from '../../src/lib/core/store';
import { reference } from '../../src/lib/wasm/reference';
import { memorySource } from '../helpers/memory-source';
import { specklePair, type SpeckleOptions } from '../helpers/speckle-pair';

async function run(cfg: SpeckleOptions, options: Partial<ChangeOptions> = {}) {
  const p = specklePair(cfg);
  const before = memorySource('before.tif', p.width, p.height, [p.before], { dtype: 'uint8' });
  const after = memorySource('after.tif', p.width, p.height, [p.after], { dtype: 'uint8' });
  const magnitude = new MemoryStore(p.width, p.height, Float32Array);
  const mask = new MemoryStore(p.width, p.height, Uint8Array);
  const extra = async () => new MemoryStore(p.width, p.height, Float32Array);
  const kernels = { flavour: 'scalar' as const, ...reference };
  const { summary } = await detectChange(before, after, { ...DEFAULT_CHANGE_OPTIONS, ...options }, { magnitude, mask, extra }, kernels, []);
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < p.truth.length; i++) {
    const m = mask.data[i] === 1;
    const t = p.truth[i] === 1;
    if (m && t) c.tp++;
    else if (m) c.fp++;
    else if (t) c.fn++;
    else c.tn++;
  }
  const ties = magnitude.data.filter((v) => v === 0).length / magnitude.data.length;
  return { summary, kappa: accuracyMetrics(c).kappa!, ties };
}

describe('auto on 8-bit speckled one-band pairs with many ties', () => {
  it.each<[string, number, SpeckleOptions]>([
    ['3 looks, 1 % flooded', 0.95, { seed: 1 }],
    ['2 looks, 1 % flooded', 0.95, { seed: 7, looks: 2 }],
    ['8 looks, darker land, 1 % flooded', 0.95, { seed: 6, looks: 8, landDn: 30 }],
    ['4 looks, 0.5 % flooded', 0.95, { seed: 8, looks: 4, changed: 0.005 }],
    ['3 looks, 20 % flooded, little water', 0.95, { seed: 4, changed: 0.2, water: 0.1 }],
    ['single look, 1 % flooded', 0.85, { seed: 2, looks: 1 }]
  ])('%s: κ ≥ %s against the truth', async (_name, minKappa, cfg) => {
    const { summary, kappa, ties } = await run(cfg);
    expect(summary.recipe).toMatchObject({ method: 'logratio', prefilter: 'median3' });
    expect(ties).toBeGreaterThan(cfg.water === 0.1 ? 0.05 : 0.15); // the spike is there
    expect(summary.threshold.tiePixels).toBe(Math.round(ties * summary.validPixels));
    expect(summary.threshold.candidates).toHaveLength(4);
    expect(kappa).toBeGreaterThanOrEqual(minKappa);
    expect(summary.warnings.filter((w: string) => w.includes('more than half'))).toEqual([]);
  });

  it('records which rule won and why in summary.json', async () => {
    const { summary } = await run({ seed: 1 });
    expect(['otsu', 'ki']).toContain(summary.threshold.method);
    expect(summary.threshold.rule).toBe(summary.threshold.method);
    expect(summary.recipe.threshold).toBe(summary.threshold.rule);
    const chosen = summary.threshold.candidates!.find((c) => c.value === summary.threshold.value)!;
    expect(chosen.overlap).toBe(summary.threshold.classOverlap);
    expect(summary.recipe.reasons.join(' ')).toMatch(/ties\) left out/);
  });

  it('warns, with what to try, when a threshold marks more than half of the pixels', async () => {
    const { summary } = await run({ seed: 1 }, { threshold: { method: 'sigma', k: -0.5 } });
    expect(summary.changedFraction).toBeGreaterThan(0.5);
    expect(summary.warnings.some((w: string) => /more than half/.test(w) && /raise it/.test(w))).toBe(true);
  });
});
