import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPair, sitewatch } from '../helpers/cli';
import { gdalBand, requireGdal } from '../helpers/gdal';
import { prng } from '../helpers/prng';

let pair: ReturnType<typeof demoPair>;
let samples: string;
const WIDTH = 240;
const HEIGHT = 160;

/** `sitewatch change --method supervised` into a fresh directory. */
function change(...args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'sitewatch-supervised-'));
  const r = sitewatch('change', pair.before, pair.after, '--out', out, '--method', 'supervised', '--quiet', ...args);
  return { ...r, out, summary: r.code === 0 ? JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) : null };
}

beforeAll(() => {
  requireGdal();
  pair = demoPair('demo-supervised', '--width', String(WIDTH), '--height', String(HEIGHT));
  // 30 change and 30 no-change pixels drawn from the truth, as an analyst's clicks would be.
  const truth = gdalBand(pair.truth, 1);
  const random = prng(3);
  const lines = ['x,y,label'];
  for (const [want, name] of [
    [1, 'change'],
    [0, 'no-change']
  ] as const) {
    let n = 0;
    while (n < 30) {
      const i = Math.floor(random() * truth.length);
      if ((truth[i] > 0 ? 1 : 0) !== want) continue;
      lines.push(`${i % WIDTH},${Math.floor(i / WIDTH)},${name}`);
      n++;
    }
  }
  samples = join(mkdtempSync(join(tmpdir(), 'sitewatch-samples-')), 'samples.csv');
  writeFileSync(samples, lines.join('\n') + '\n');
});

describe('sitewatch change --method supervised', () => {
  it('maps the change the samples teach, with the probability as magnitude and 0.5 as threshold', () => {
    const r = change('--train', samples);
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary).toMatchObject({ method: 'supervised', magnitudeUnit: 'P(change)', threshold: { method: 'manual', value: 0.5 } });
    const truth = gdalBand(pair.truth, 1);
    const mask = gdalBand(join(r.out, 'mask.tif'), 1);
    const magnitude = gdalBand(join(r.out, 'magnitude.tif'), 1);
    expect(Math.min(...magnitude)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...magnitude)).toBeLessThanOrEqual(1);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i] > 0;
      const m = mask[i] === 1;
      if (t && m) tp++;
      else if (m) fp++;
      else if (t) fn++;
    }
    expect((2 * tp) / (2 * tp + fp + fn)).toBeGreaterThan(0.7);
  });

  it('records the samples and the trained trees, and gives the same bytes for the same samples and seed', () => {
    const a = change('--train', samples, '--seed', '7');
    const b = change('--train', samples, '--seed', '7');
    const c = change('--train', samples, '--seed', '8');
    for (const f of ['magnitude.tif', 'mask.tif']) expect(readFileSync(join(a.out, f)).equals(readFileSync(join(b.out, f))), f).toBe(true);
    expect(readFileSync(join(a.out, 'magnitude.tif')).equals(readFileSync(join(c.out, 'magnitude.tif')))).toBe(false);
    const fit = a.summary.fit;
    expect(fit).toMatchObject({ seed: 7, trees: 48, samples: { change: 30, noChange: 30, onNodata: 0 } });
    expect(fit.training).toHaveLength(60);
    expect(fit.model.roots).toHaveLength(48);
    expect(fit.model.feature.length).toBe(fit.model.threshold.length);
    expect(fit.features.length).toBeGreaterThan(50);
  });

  it('names the problem when the samples are missing or bad', () => {
    const none = change();
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/needs labelled pixels: give --train FILE/);
    const bad = join(mkdtempSync(join(tmpdir(), 'sitewatch-samples-')), 'bad.csv');
    writeFileSync(bad, 'x,y,label\n5,5,change\n9999,3,no-change\n');
    const outside = change('--train', bad);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/pixel \(9999, 3\) lies outside the 240 × 160 image/);
  });
});
