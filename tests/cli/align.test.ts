/**
 * The CLI on pairs that do not share a grid: different extents and resolutions, two CRSs (made
 * with gdalwarp), and an unreferenced rotated, rescaled and cropped copy; `sitewatch align`
 * checked with gdalinfo.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invertAffine, similarityAbout } from '../../src/lib/core/align/affine';
import { alignedSource } from '../../src/lib/core/align/aligned-source';
import { affineMapping } from '../../src/lib/core/align/mapping';
import { openRaster } from '../../src/lib/core/io/open-raster';
import { encodeGeoTiff } from '../../src/lib/core/io/tiff-writer';
import { demoPair, sitewatch } from '../helpers/cli';
import { gdalinfo, requireGdal } from '../helpers/gdal';

let pair: ReturnType<typeof demoPair>;
let dir: string;
beforeAll(() => {
  requireGdal();
  pair = demoPair('demo-400', '--width', '400', '--height', '260');
  dir = mkdtempSync(join(tmpdir(), 'sitewatch-align-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function change(after: string, name: string, ...args: string[]) {
  const out = join(dir, name);
  const r = sitewatch('change', pair.before, after, '--out', out, '--quiet', ...args);
  expect(r.stderr).not.toMatch(/Error|at /);
  expect(r.code).toBe(0);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const e = sitewatch('evaluate', '--mask', join(out, 'mask.tif'), '--truth', pair.truth, '--json', join(out, 'e.json'));
  expect(e.code).toBe(0);
  return { out, summary, kappa: JSON.parse(readFileSync(join(out, 'e.json'), 'utf8')).kappa as number };
}

/** The demo after, transformed by a similarity about its centre and cropped, without georeferencing. */
async function unreferencedCopy(rotation: number, scale: number, file: string): Promise<{ copy: string; exact: string }> {
  const after = await openRaster(await openAsBlob(pair.after), 'after.tif');
  const { width, height } = after.info;
  const t = similarityAbout(rotation, scale, [width / 2, height / 2], 6, -4);
  const [w, h] = [Math.round(width * 0.9 * scale), Math.round(height * 0.9 * scale)];
  const bands = Array.from({ length: after.info.bands }, (_, b) => b);
  const grid = { ...after.info, width: w, height: h, geo: null };
  const copy = await alignedSource(grid, after, affineMapping(invertAffine(t)), 'cubic').readRows(0, h, bands);
  const path = join(dir, file);
  writeFileSync(path, encodeGeoTiff({ width: w, height: h, bands: copy, dtype: 'float32', geo: null, nodata: null, compression: 'none' }));
  // The copy brought back by the exact inverse transform, on before's grid.
  const back = await alignedSource(after.info, memoryFile(w, h, copy), affineMapping(t), 'bilinear').readRows(0, height, bands);
  const exact = join(dir, `exact-${file}`);
  writeFileSync(exact, encodeGeoTiff({ width, height, bands: back, dtype: 'float32', geo: after.info.geo, nodata: null, compression: 'none' }));
  return { copy: path, exact };
}

/** `file` resampled by GDAL onto before's grid (the reference alignment), bilinear. */
function gdalOntoBefore(file: string, name: string): string {
  const out = join(dir, name);
  const g = gdalinfo(pair.before);
  const [x0, px, , y0, , py] = g.geoTransform;
  const [w, h] = g.size;
  const extent = [x0, y0 + h * py, x0 + w * px, y0].map(String);
  execFileSync('gdalwarp', [
    '-q',
    '-t_srs',
    'EPSG:32637',
    '-te',
    ...extent,
    '-ts',
    String(w),
    String(h),
    '-r',
    'bilinear',
    '-dstnodata',
    'nan',
    '-ot',
    'Float32',
    file,
    out
  ]);
  return out;
}

function memoryFile(width: number, height: number, bands: Float32Array[]) {
  return {
    info: {
      name: 'copy',
      sizeBytes: 0,
      format: 'TIFF' as const,
      width,
      height,
      bands: bands.length,
      dtype: 'float32' as const,
      nodata: null,
      geo: null,
      bandNames: bands.map(() => null),
      blockHeight: 1
    },
    async readRows(y0: number, rows: number, wanted: readonly number[]) {
      return wanted.map((b) => bands[b].slice(y0 * width, (y0 + rows) * width));
    }
  };
}

describe('sitewatch change on pairs that do not share a grid', () => {
  it('resamples an after with another extent and a coarser resolution onto before (georef)', () => {
    const after = join(dir, 'coarse.tif');
    execFileSync('gdalwarp', ['-q', '-tr', '6', '6', '-te', '679300', '3811600', '681000', '3812600', '-r', 'bilinear', pair.after, after]);
    const reference = change(gdalOntoBefore(after, 'coarse-gdal.tif'), 'coarse-gdal', '--align', 'none');
    const r = change(after, 'coarse');
    expect(r.summary.alignment.method).toBe('georef');
    expect(r.summary.alignment.scale).toBeCloseTo(4 / 6, 6);
    expect(r.summary.grid).toMatchObject({ crs: 'WGS 84 / UTM zone 37N', width: 400, height: 260, resampling: 'bilinear' });
    expect(r.summary.grid.overlapFraction).toBeGreaterThan(0.6);
    expect(r.summary.grid.overlapFraction).toBeLessThan(0.95);
    const info = gdalinfo(join(r.out, 'magnitude.tif'));
    expect(info.size).toEqual([400, 260]);
    expect(info.geoTransform).toEqual(gdalinfo(pair.before).geoTransform);
    console.log(`align: κ coarse after aligned by Sitewatch ${r.kappa.toFixed(4)}, by gdalwarp ${reference.kappa.toFixed(4)}`);
    expect(Math.abs(r.kappa - reference.kappa)).toBeLessThan(0.03);
  });

  it('reprojects an after in another CRS (WGS 84 lon/lat)', () => {
    const after = join(dir, 'lonlat.tif');
    execFileSync('gdalwarp', ['-q', '-t_srs', 'EPSG:4326', '-r', 'bilinear', pair.after, after]);
    const reference = change(gdalOntoBefore(after, 'lonlat-gdal.tif'), 'lonlat-gdal', '--align', 'none');
    const r = change(after, 'lonlat');
    expect(r.summary.alignment.method).toBe('georef');
    expect(r.summary.alignment.transform).toBeNull();
    expect(r.summary.grid.overlapFraction).toBeGreaterThan(0.95);
    console.log(`align: κ lon/lat after reprojected by Sitewatch ${r.kappa.toFixed(4)}, by gdalwarp ${reference.kappa.toFixed(4)}`);
    expect(Math.abs(r.kappa - reference.kappa)).toBeLessThan(0.03);
  });

  it('aligns an unreferenced rotated, rescaled, cropped copy automatically, within 0.03 κ of the exact inverse', async () => {
    const { copy, exact: exactFile } = await unreferencedCopy(9, 1.2, 'rotated.tif');
    const auto = change(copy, 'rotated');
    const a = auto.summary.alignment;
    expect(a.method).toBe('auto');
    expect(a.reliable).toBe(true);
    expect(Math.abs(a.rotationDeg - 9)).toBeLessThan(0.1);
    expect(Math.abs(a.scale / 1.2 - 1)).toBeLessThan(0.001);
    expect(auto.summary.crs).toBe('WGS 84 / UTM zone 37N');
    const exact = change(exactFile, 'exact', '--align', 'none');
    console.log(`align: κ after automatic alignment ${auto.kappa.toFixed(4)}, after the exact inverse ${exact.kappa.toFixed(4)}`);
    expect(Math.abs(auto.kappa - exact.kappa)).toBeLessThan(0.03);
  });

  it('refuses a pair that does not overlap, naming both footprints', () => {
    const after = join(dir, 'far.tif');
    execFileSync('gdal_translate', ['-q', '-a_ullr', '700000', '3900000', '701600', '3899000', pair.after, after]);
    const r = sitewatch('change', pair.before, after, '--out', join(dir, 'far'), '--quiet');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/far\.tif: it does not overlap before\.tif: it covers x 700000\.0…701600\.0.*before\.tif covers/);
  });

  it('refuses an unreliable automatic alignment and says why', () => {
    const noise = join(dir, 'noise.tif');
    let seed = 1;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 255;
    const bands = Array.from({ length: 4 }, () => Float32Array.from({ length: 400 * 260 }, rand));
    writeFileSync(noise, encodeGeoTiff({ width: 400, height: 260, bands, dtype: 'float32', geo: null, nodata: null, compression: 'none' }));
    const r = sitewatch('change', pair.before, noise, '--out', join(dir, 'noise'), '--quiet', '--align', 'auto');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/noise\.tif: automatic alignment is unreliable/);
  });
});

describe('sitewatch align', () => {
  it('writes after on before’s grid with before’s georeferencing, NaN outside the overlap', () => {
    const after = join(dir, 'coarse-align.tif');
    execFileSync('gdalwarp', ['-q', '-tr', '6', '6', '-te', '679300', '3811600', '681000', '3812600', pair.after, after]);
    const out = join(dir, 'aligned.tif');
    const r = sitewatch('align', pair.before, after, '--out', out, '--resampling', 'cubic', '--quiet');
    expect(r.code).toBe(0);
    const info = gdalinfo(out);
    const before = gdalinfo(pair.before);
    expect(info.size).toEqual(before.size);
    expect(info.geoTransform).toEqual(before.geoTransform);
    expect(info.coordinateSystem.proj4).toBe(before.coordinateSystem.proj4);
    expect(info.bands).toHaveLength(4);
    expect(info.bands.every((b: { type: string; noDataValue: unknown }) => b.type === 'Float32' && b.noDataValue === 'NaN')).toBe(true);
  });
});
