/**
 * Optional: every real GeoTIFF in /work/shared/data/geotiff (rasterio's test data in many GDAL
 * encodings) read by us and by GDAL, compared pixel by pixel. Skipped, with the reason printed,
 * where that folder is absent: a fresh clone must not depend on it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, openAsBlob, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRaster } from '../../src/lib/core/io/open-raster';

const DATA = process.env.SITEWATCH_GEOTIFF_DATA ?? '/work/shared/data/geotiff';
const present = existsSync(DATA);
if (!present) console.log(`real-geotiff: skipped, ${DATA} is absent (optional real data)`);
const files = present
  ? readdirSync(DATA)
      .filter((f) => f.endsWith('.tif'))
      .sort()
  : [];

/** Files we refuse on purpose (see geotiff-source.ts), with the reason we give. */
const REFUSED: Record<string, string> = { 'rgb_lerc_deflate.tif': 'unsupported compression: LERC with uint8 samples' };
/** Lossy files: JS JPEG decoders upsample chroma differently from libjpeg. */
const TOLERANCE: Record<string, { mean: number; max: number }> = { 'rgb_jpeg_ycbcr_tiled.tif': { mean: 2, max: 40 } };

const tmp = present ? mkdtempSync(join(tmpdir(), 'sitewatch-real-')) : '';
afterAll(() => tmp && rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!present)('real GeoTIFFs read as GDAL reads them', () => {
  it.each(files)('%s', async (file) => {
    const path = join(DATA, file);
    const opening = openRaster(await openAsBlob(path), file);
    if (REFUSED[file]) return void (await expect(opening).rejects.toThrow(`${file}: ${REFUSED[file]}`));
    const { info, readRows } = await opening;

    const gdal = JSON.parse(execFileSync('gdalinfo', ['-json', path], { encoding: 'utf8' }));
    const alphaBand = gdal.bands.findIndex((b: { colorInterpretation?: string }) => b.colorInterpretation === 'Alpha');
    expect([info.width, info.height]).toEqual(gdal.size);
    expect(info.bands).toBe(gdal.bands.length - (alphaBand >= 0 ? 1 : 0));
    if (gdal.geoTransform) expect(info.geo?.transform).toEqual(gdal.geoTransform);
    const epsg = /ID\["EPSG",(\d+)\]\]$/.exec(gdal.coordinateSystem?.wkt ?? '')?.[1];
    if (epsg) expect(info.geo?.epsg).toBe(Number(epsg));
    const nodata = gdal.bands[0].noDataValue;
    if (nodata !== undefined) expect(info.nodata).toEqual(nodata === 'NaN' ? NaN : nodata);

    const raw = join(tmp, `${file}.envi`);
    execFileSync('gdal_translate', ['-q', '-of', 'ENVI', '-ot', 'Float64', '-co', 'INTERLEAVE=BSQ', path, raw]);
    const bytes = readFileSync(raw);
    const theirs = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
    const n = info.width * info.height;
    const alpha = alphaBand >= 0 ? theirs.subarray(alphaBand * n, (alphaBand + 1) * n) : null;
    const ours = await readRows(0, info.height, [...Array(info.bands).keys()]);
    const lossy = TOLERANCE[file];
    for (let b = 0; b < info.bands; b++) {
      let sum = 0;
      let worst = 0;
      for (let i = 0; i < n; i++) {
        const v = theirs[b * n + i];
        const got = ours[b][i];
        let error: number;
        if (lossy) {
          // Lossy coding blurs nodata like any other value: compare raw values.
          error = Math.abs((Number.isNaN(got) ? (info.nodata ?? NaN) : got) - v);
        } else {
          const want = v === info.nodata || alpha?.[i] === 0 ? NaN : Math.fround(v);
          error = Number.isNaN(want) || Number.isNaN(got) ? (Number.isNaN(want) === Number.isNaN(got) ? 0 : Infinity) : Math.abs(got - want);
        }
        sum += error;
        worst = Math.max(worst, error);
      }
      const tolerance = lossy ?? { mean: 0, max: 0 };
      expect(worst, `band ${b}: worst error`).toBeLessThanOrEqual(tolerance.max);
      expect(sum / n, `band ${b}: mean error`).toBeLessThanOrEqual(tolerance.mean);
    }
  });
});
