import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPair, sitewatch } from '../helpers/cli';
import { gdalBand, gdalinfo, requireGdal } from '../helpers/gdal';

let pair: ReturnType<typeof demoPair>;
const bandsOf = (path: string, n: number) => Array.from({ length: n }, (_, i) => gdalBand(path, i + 1));

/** Runs `sitewatch change` into a fresh directory and returns the directory and its summary. */
function change(...args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'sitewatch-cli-'));
  const r = sitewatch('change', pair.before, pair.after, '--out', out, ...args);
  expect(r.code, r.stderr).toBe(0);
  return { out, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) };
}

beforeAll(() => {
  requireGdal();
  pair = demoPair();
});

describe('sitewatch change on the demo pair', () => {
  it('writes magnitude.tif and mask.tif on the before image’s grid, as GDAL reads them', () => {
    const { out } = change();
    const src = gdalinfo(pair.before);
    const mag = gdalinfo(join(out, 'magnitude.tif'));
    const mask = gdalinfo(join(out, 'mask.tif'));
    for (const info of [mag, mask]) {
      expect(info.size).toEqual(src.size);
      expect(info.geoTransform).toEqual(src.geoTransform);
      expect(info.coordinateSystem.wkt).toBe(src.coordinateSystem.wkt);
      expect(info.bands).toHaveLength(1);
    }
    expect(mag.bands[0].type).toBe('Float32');
    expect(mag.bands[0].noDataValue).toBe('NaN');
    expect(mask.bands[0].type).toBe('Byte');
    expect(mask.bands[0].noDataValue).toBe(255);
  });

  it('writes a summary with every documented field', () => {
    const { summary } = change();
    expect(summary).toMatchObject({ version: expect.any(String), method: 'irmad', threshold: { method: 'ki', value: expect.any(Number), rule: 'ki' } });
    expect(summary.recipe).toMatchObject({ requested: 'auto', method: 'irmad', normalize: 'none', clean: 'median:3' });
    expect(summary.recipe.reasons.length).toBeGreaterThan(2);
    expect(summary.objects).toBeGreaterThan(0);
    expect(summary.width).toBe(1600);
    expect(summary.height).toBe(1000);
    expect(summary.bands).toEqual([1, 2, 3, 4]);
    expect(summary.validPixels).toBe(1600 * 1000);
    expect(summary.changedFraction).toBeCloseTo(summary.changedPixels / summary.validPixels, 12);
    expect(summary.pixelAreaM2).toBeCloseTo(16, 9);
    expect(summary.changedAreaM2).toBeCloseTo(summary.changedPixels * 16, 6);
    expect(summary.inputs).toHaveLength(2);
    expect(summary.inputs[0]).toMatchObject({ path: pair.before, width: 1600, height: 1000, bands: 4, dtype: 'uint8' });
    expect(summary.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.timingsMs.total).toBeGreaterThan(0);
  });

  it('finds about as much change as the truth mask holds', () => {
    const { out, summary } = change();
    const truth = gdalBand(pair.truth, 1);
    const mask = gdalBand(join(out, 'mask.tif'), 1);
    let truthChanged = 0;
    let agree = 0;
    for (let i = 0; i < truth.length; i++) {
      truthChanged += truth[i] > 0 ? 1 : 0;
      agree += (truth[i] > 0 ? 1 : 0) === mask[i] ? 1 : 0;
    }
    const truthFraction = truthChanged / truth.length;
    // The default (auto: IR-MAD + Kittler–Illingworth + 3 × 3 majority) on a pair with a global
    // light change: within 15 % of the true changed fraction and ≥ 99 % of pixels right.
    expect(Math.abs(summary.changedFraction - truthFraction)).toBeLessThan(0.15 * truthFraction);
    expect(agree / truth.length).toBeGreaterThan(0.99);
  });

  it.each([
    ['cva', (d: number[]) => Math.hypot(...d)],
    ['absdiff', (d: number[]) => d.reduce((s, x) => s + Math.abs(x), 0) / d.length],
    ['logratio', (d: number[], a: number[], b: number[]) => d.reduce((s, _, i) => s + Math.abs(Math.log((b[i] + 1) / (a[i] + 1))), 0) / d.length]
  ] as const)('%s magnitude agrees with the definition applied to GDAL-decoded bands (rel. 1e-5)', (method, define) => {
    const { out, summary } = change('--method', method, '--bands', '1,3,4');
    expect(summary.bands).toEqual([1, 3, 4]);
    const a = bandsOf(pair.before, 4);
    const b = bandsOf(pair.after, 4);
    const mag = gdalBand(join(out, 'magnitude.tif'), 1);
    const mask = gdalBand(join(out, 'mask.tif'), 1);
    for (let i = 0; i < mag.length; i += 97) {
      const av = [a[0][i], a[2][i], a[3][i]];
      const bv = [b[0][i], b[2][i], b[3][i]];
      const expected = define(
        bv.map((v, k) => v - av[k]),
        av,
        bv
      );
      expect(Math.abs(mag[i] - expected)).toBeLessThanOrEqual(1e-5 * Math.max(1, expected));
      expect(mask[i]).toBe(mag[i] > summary.threshold.value ? 1 : 0);
    }
  });

  it('applies a manual threshold in magnitude units', () => {
    const { out, summary } = change('--method', 'cva', '--threshold', '40');
    expect(summary.threshold).toMatchObject({ method: 'manual', value: 40, rule: '40' });
    const mag = gdalBand(join(out, 'magnitude.tif'), 1);
    const changed = mag.reduce((n, v) => n + (v > 40 ? 1 : 0), 0);
    expect(summary.changedPixels).toBe(changed);
  });

  it('gives the same bytes on every run and with the scalar kernels', () => {
    const a = change();
    const b = change('--kernels', 'scalar');
    for (const f of ['magnitude.tif', 'mask.tif']) {
      expect(readFileSync(join(a.out, f)).equals(readFileSync(join(b.out, f))), f).toBe(true);
    }
    expect(b.summary.changedPixels).toBe(a.summary.changedPixels);
  });
});

describe('sitewatch change on bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-bad-'));

  function fails(before: string, after: string, ...expected: (string | RegExp)[]) {
    failsWith([], before, after, ...expected);
  }

  function failsWith(options: string[], before: string, after: string, ...expected: (string | RegExp)[]) {
    const r = sitewatch('change', before, after, '--out', join(dir, 'out'), ...options);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    for (const e of expected) expect(lines[0]).toMatch(e);
  }

  it('names a missing file', () => fails(join(dir, 'nope.tif'), pair.after, 'nope.tif', /no such file/));

  it('names a file that is not an image', () => {
    const txt = join(dir, 'notes.tif');
    writeFileSync(txt, 'these are my notes, not an image\n');
    fails(pair.before, txt, 'notes.tif');
  });

  it('names a truncated GeoTIFF', () => {
    const cut = join(dir, 'cut.tif');
    const bytes = readFileSync(pair.after);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 3)));
    fails(pair.before, cut, 'cut.tif');
  });

  it('names an image of a different size without georeferencing that cannot be aligned', () => {
    const png = join(dir, 'small.png');
    execFileSync('gdal_translate', ['-q', '-of', 'PNG', '-b', '1', '-b', '2', '-b', '3', '-srcwin', '0', '0', '64', '48', pair.after, png]);
    failsWith(['--bands', '1,2,3'], pair.before, png, 'small.png', /automatic alignment is unreliable/);
    failsWith(['--align', 'none', '--bands', '1,2,3'], pair.before, png, 'small.png', /64 × 48/);
  });

  it('names georeferenced images that do not overlap', () => {
    const far = join(dir, 'far.tif');
    execFileSync('gdal_translate', ['-q', '-a_ullr', '0', '1000', '6400', '-3000', pair.after, far]);
    fails(pair.before, far, 'far.tif', /does not overlap/);
  });

  it('exits 2 with the usage on a bad option', () => {
    const r = sitewatch('change', pair.before, pair.after, '--out', dir, '--method', 'magic');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--method: must be one of/);
    const t = sitewatch('change', pair.before, pair.after, '--out', dir, '--threshold', 'chi2:2');
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/--threshold: threshold must be/);
  });
});
