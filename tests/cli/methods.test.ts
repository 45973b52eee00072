import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPair, sitewatch } from '../helpers/cli';
import { gdalBand, gdalinfo, requireGdal } from '../helpers/gdal';

let pair: ReturnType<typeof demoPair>;

function change(...args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'sitewatch-methods-'));
  const r = sitewatch('change', pair.before, pair.after, '--out', out, '--quiet', ...args);
  expect(r.code, r.stderr).toBe(0);
  return { out, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) };
}

beforeAll(() => {
  requireGdal();
  pair = demoPair();
});

describe('sitewatch change: methods, recipe, cleaning and objects', () => {
  it('runs every method and records what ran', () => {
    for (const method of ['absdiff', 'cva', 'logratio', 'irmad', 'pcakmeans', 'ssim', 'ndvi', 'ndbi', 'ndwi', 'builtup']) {
      if (method === 'ndbi') {
        const r = sitewatch('change', pair.before, pair.after, '--out', mkdtempSync(join(tmpdir(), 'sw-')), '--method', 'ndbi');
        expect(r.code, 'the demo has no SWIR band').toBe(1);
        expect(r.stderr).toMatch(/SWIR1/);
        continue;
      }
      const { summary } = change('--method', method);
      expect(summary.method, method).toBe(method);
      expect(summary.recipe).toMatchObject({ requested: method, normalize: 'none', clean: 'none' });
      expect(summary.validPixels, method).toBe(1600 * 1000);
      expect(summary.changedPixels, method).toBe(summary.thresholdedPixels);
    }
  });

  it('auto on one band chooses log-ratio with a median prefilter and says why', () => {
    const { summary } = change('--bands', '3');
    expect(summary.recipe).toMatchObject({ requested: 'auto', method: 'logratio', prefilter: 'median3', threshold: 'otsu' });
    expect(summary.recipe.reasons.join(' ')).toMatch(/one band/);
  });

  it('IR-MAD reports ascending canonical correlations and writes its variates', () => {
    const { out, summary } = change('--method', 'irmad', '--threshold', 'chi2:0.001');
    const rho: number[] = summary.irmad.canonicalCorrelations;
    expect(rho).toHaveLength(4);
    expect([...rho].sort((a, b) => a - b)).toEqual(rho);
    expect(summary.irmad).toMatchObject({ converged: true, lambda: 1e-6 });
    expect(summary.magnitudeUnit).toBe('χ² (Z)');
    // χ²(4) upper 0.1 % quantile.
    expect(summary.threshold.value).toBeCloseTo(18.4668, 3);
    for (const f of ['mad1', 'mad2', 'mad3', 'mad4', 'pNoChange']) expect(existsSync(join(out, `${f}.tif`)), f).toBe(true);
    const p = gdalBand(join(out, 'pNoChange.tif'), 1);
    expect(Math.min(...p.slice(0, 5000))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...p.slice(0, 5000))).toBeLessThanOrEqual(1);
  });

  it('IR-MAD honours --irmad-max-iter, --irmad-tol and --irmad-lambda 0', () => {
    const one = change('--method', 'irmad', '--irmad-max-iter', '1').summary.irmad;
    expect(one).toMatchObject({ iterations: 1, converged: false });
    const textbook = change('--method', 'irmad', '--irmad-lambda', '0', '--irmad-tol', '0.01').summary.irmad;
    expect(textbook.lambda).toBe(0);
    expect(textbook.converged).toBe(true);
  });

  it('normalizes on request and says so in the unit', () => {
    const { summary } = change('--method', 'cva', '--normalize', 'zscore');
    expect(summary.recipe.normalize).toBe('zscore');
    expect(summary.magnitudeUnit).toBe('σ (‖Δ‖)');
  });

  it('cleans with the steps given and records them', () => {
    const raw = change('--method', 'cva', '--clean', 'none').summary;
    const cleaned = change('--method', 'cva', '--clean', 'median:3,open:1,mmu:20px').summary;
    expect(cleaned.recipe.clean).toBe('median:3,open:1,mmu:20px');
    expect(cleaned.thresholdedPixels).toBe(raw.changedPixels);
    expect(cleaned.changedPixels).toBeLessThan(raw.changedPixels);
    expect(cleaned.objects).toBeLessThan(raw.objects);
  });

  it('writes the change objects as GeoJSON that GDAL reads, in WGS 84 and the image CRS, and as CSV', () => {
    const { out, summary } = change();
    // ogrinfo's summary (text: GDAL before 3.7 has no -json for vectors).
    const ogr = (f: string) => execFileSync('ogrinfo', ['-ro', '-so', '-al', join(out, f)], { encoding: 'utf8' });
    const wgs = ogr('objects.geojson');
    expect(wgs).toContain(`Feature Count: ${summary.objects}`);
    expect(wgs).toMatch(/Geometry: Multi Polygon/);
    expect(wgs).toMatch(/GEOGCRS\["WGS 84"/);
    // The demo lies near Albukamal: about 40.9° E, 34.4° N.
    const [, lon0, lat0] = /Extent: \(([\d.]+), ([\d.]+)\)/.exec(wgs)!;
    expect(Number(lon0)).toBeCloseTo(40.96, 1);
    expect(Number(lat0)).toBeCloseTo(34.43, 1);
    const img = ogr('objects-crs.geojson');
    expect(img).toContain(`Feature Count: ${summary.objects}`);
    expect(img).toContain('UTM zone 37N');
    expect(gdalinfo(pair.before).coordinateSystem.wkt).toContain('UTM zone 37N');
    const csv = readFileSync(join(out, 'objects.csv'), 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(summary.objects + 1);
    expect(csv[0]).toMatch(/area_m2/);
    // Every changed pixel belongs to exactly one object.
    const areas = csv.slice(1).map((l) => Number(l.split(',')[1]));
    expect(areas.reduce((a, b) => a + b, 0)).toBe(summary.changedPixels);
  });

  it('needs a chi-square statistic for a chi2 threshold', () => {
    const r = sitewatch('change', pair.before, pair.after, '--out', mkdtempSync(join(tmpdir(), 'sw-')), '--method', 'cva', '--threshold', 'chi2:0.01');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/chi2 thresholds need a chi-square statistic/);
  });
});
