import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPair, sitewatch } from '../helpers/cli';
import { gdalBand, requireGdal } from '../helpers/gdal';

let pair: ReturnType<typeof demoPair>;
let dir: string;
let maskPath: string;
let mask: Float64Array;
let truth: Float64Array;
const W = 1600;
const H = 1000;

/** Writes bytes as a one-band raster through GDAL (raw ENVI → `format`), independent of our writer. */
function writeByteRaster(path: string, data: Uint8Array, format: 'GTiff' | 'PNG'): string {
  const raw = join(dir, 'tmp.raw');
  writeFileSync(raw, data);
  writeFileSync(
    `${raw.slice(0, -4)}.hdr`,
    `ENVI\nsamples = ${W}\nlines = ${H}\nbands = 1\nheader offset = 0\ndata type = 1\ninterleave = bsq\nbyte order = 0\n`
  );
  execFileSync('gdal_translate', ['-q', '-of', format, raw, path]);
  return path;
}

/** Counts and scores computed here from GDAL-decoded rasters, the long way. */
function expected(m: ArrayLike<number>, scored: (i: number) => boolean, changed: (i: number) => boolean) {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < m.length; i++) {
    if (m[i] === 255 || !scored(i)) continue;
    const key = m[i] === 1 ? (changed(i) ? 'tp' : 'fp') : changed(i) ? 'fn' : 'tn';
    c[key]++;
  }
  const { tp, fp, fn, tn } = c;
  const n = tp + fp + fn + tn;
  const pe = (((tp + fp) / n) * (tp + fn)) / n + (((fn + tn) / n) * (fp + tn)) / n;
  return {
    ...c,
    precision: tp / (tp + fp),
    recall: tp / (tp + fn),
    f1: (2 * tp) / (2 * tp + fp + fn),
    iou: tp / (tp + fp + fn),
    overallAccuracy: (tp + tn) / n,
    kappa: ((tp + tn) / n - pe) / (1 - pe)
  };
}

function evaluate(...args: string[]) {
  const out = join(dir, `metrics-${Math.random().toString(36).slice(2)}.json`);
  const r = sitewatch('evaluate', ...args, '--json', out);
  expect(r.code, r.stderr).toBe(0);
  return { stdout: r.stdout, json: JSON.parse(readFileSync(out, 'utf8')) };
}

function expectMetrics(json: Record<string, number>, want: Record<string, number>) {
  expect(Object.keys(json)).toEqual(['tp', 'fp', 'fn', 'tn', 'precision', 'recall', 'f1', 'iou', 'overallAccuracy', 'kappa']);
  for (const [k, v] of Object.entries(want)) expect(json[k], k).toBeCloseTo(v, 12);
}

beforeAll(() => {
  requireGdal();
  pair = demoPair();
  dir = mkdtempSync(join(tmpdir(), 'sitewatch-evaluate-'));
  const r = sitewatch('change', pair.before, pair.after, '--out', dir, '--quiet');
  if (r.code !== 0) throw new Error(r.stderr);
  maskPath = join(dir, 'mask.tif');
  mask = gdalBand(maskPath, 1);
  truth = gdalBand(pair.truth, 1);
});

describe('sitewatch evaluate', () => {
  it('scores the demo change mask against its truth, as counted from GDAL-decoded rasters', () => {
    const { stdout, json } = evaluate('--mask', maskPath, '--truth', pair.truth);
    const want = expected(
      mask,
      () => true,
      (i) => truth[i] > 0
    );
    expectMetrics(json, want);
    expect(json.tp + json.fp + json.fn + json.tn).toBe(W * H);
    expect(json.tp).toBeGreaterThan(0);
    expect(stdout).toMatch(new RegExp(`mask change\\s+${want.tp}\\s+${want.fp}`));
    expect(stdout).toMatch(new RegExp(`mask no change\\s+${want.fn}\\s+${want.tn}`));
    expect(stdout).toContain(`kappa             ${want.kappa.toFixed(4)}`);
    expect(stdout).toContain(`F1                ${want.f1.toFixed(4)}`);
  });

  it('accepts PNG masks and truth and gives the same numbers', () => {
    const png = (tif: string, name: string) => {
      const out = join(dir, name);
      execFileSync('gdal_translate', ['-q', '-of', 'PNG', tif, out]);
      return out;
    };
    const tif = evaluate('--mask', maskPath, '--truth', pair.truth).json;
    expect(evaluate('--mask', png(maskPath, 'mask.png'), '--truth', png(pair.truth, 'truth.png')).json).toEqual(tif);
  });

  it('scores only the labelled pixels of partial truth (changed + unchanged masks)', () => {
    // Changed: the true change in the top 550 rows (255 = labelled, as benchmark PNGs often are);
    // unchanged: every third row of the true no change. Everything else is unlabelled. The demo
    // mask has no false alarm, so the left 100 columns are marked as change to get some.
    const changed = (i: number) => truth[i] > 0 && i < 550 * W;
    const same = (i: number) => truth[i] === 0 && Math.floor(i / W) % 3 === 0;
    const changedPng = writeByteRaster(
      join(dir, 'changed.png'),
      Uint8Array.from(truth, (_, i) => (changed(i) ? 255 : 0)),
      'PNG'
    );
    const unchangedTif = writeByteRaster(
      join(dir, 'unchanged.tif'),
      Uint8Array.from(truth, (_, i) => (same(i) ? 1 : 0)),
      'GTiff'
    );
    const alarmed = Uint8Array.from(mask, (v, i) => (i % W < 100 ? 1 : v));
    const alarmedTif = writeByteRaster(join(dir, 'alarmed.tif'), alarmed, 'GTiff');
    const { json } = evaluate('--mask', alarmedTif, '--truth', changedPng, '--unchanged', unchangedTif);
    const want = expected(alarmed, (i) => changed(i) || same(i), changed);
    expect(want.tp * want.fp * want.fn).toBeGreaterThan(0);
    expectMetrics(json, want);
    expect(json.tp + json.fp + json.fn + json.tn).toBeLessThan((W * H) / 2);
  });

  it('leaves nodata mask pixels unscored', () => {
    const holes = Uint8Array.from(mask, (v, i) => (i % 7 === 0 ? 255 : v));
    const withHoles = writeByteRaster(join(dir, 'holes.tif'), holes, 'GTiff');
    const { json } = evaluate('--mask', withHoles, '--truth', pair.truth);
    expectMetrics(
      json,
      expected(
        holes,
        () => true,
        (i) => truth[i] > 0
      )
    );
    expect(json.tp + json.fp + json.fn + json.tn).toBe(W * H - Math.ceil((W * H) / 7));
  });
});

describe('sitewatch evaluate on bad input', () => {
  function fails(code: number, args: string[], ...expectedText: (string | RegExp)[]) {
    const r = sitewatch('evaluate', ...args);
    expect(r.code, r.stderr).toBe(code);
    const first = r.stderr.trim().split('\n');
    if (code === 1) expect(first).toHaveLength(1);
    for (const e of expectedText) expect(first[0]).toMatch(e);
  }

  it('names a missing file', () => fails(1, ['--mask', join(dir, 'nope.tif'), '--truth', pair.truth], 'nope.tif', /no such file/));

  it('names a truth of a different size', () => {
    const small = join(dir, 'small.png');
    execFileSync('gdal_translate', ['-q', '-of', 'PNG', '-srcwin', '0', '0', '64', '48', pair.truth, small]);
    fails(1, ['--mask', maskPath, '--truth', small], 'small.png', /64 × 48 px/, /1600 × 1000 px/);
    fails(1, ['--mask', maskPath, '--truth', pair.truth, '--unchanged', small], 'small.png');
  });

  it('names a mask that is not a change mask', () =>
    fails(1, ['--mask', pair.before, '--truth', pair.truth], 'before.tif', /is neither 0 \(no change\), 1 \(change\) nor 255/));

  it('exits 2 with the usage when --truth is missing or an option is unknown', () => {
    fails(2, ['--mask', maskPath], /--truth TRUTH is required/);
    fails(2, ['--mask', maskPath, '--truth', pair.truth, '--magic'], /--magic/);
    expect(sitewatch('evaluate', '--mask', maskPath).stderr).toMatch(/sitewatch evaluate --mask MASK --truth TRUTH/);
  });
});
