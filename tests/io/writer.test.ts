/**
 * Round trips of our exports: what we write must read back the same through our own reader AND
 * through GDAL, with the source's georeferencing intact, and the same inputs must give the same bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openAsBlob, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRaster } from '../../src/lib/core/io/open-raster';
import { encodeGeoTiff, geoInfoFor, singleBandGeoTiffHeader } from '../../src/lib/core/io/tiff-writer';
import type { GeoInfo, Transform } from '../../src/lib/core/raster';

const tmp = mkdtempSync(join(tmpdir(), 'sitewatch-writer-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const width = 97;
const height = 61;

interface GdalInfo {
  size: [number, number];
  geoTransform: Transform;
  coordinateSystem: { wkt: string };
  metadata: Record<string, Record<string, string>>;
  bands: { type: string; noDataValue?: number | string; description?: string }[];
}

function gdalinfo(path: string): GdalInfo {
  return JSON.parse(execFileSync('gdalinfo', ['-json', path], { encoding: 'utf8' }));
}

/** Every band's pixels as GDAL reads them, band after band (ENVI BSQ is raw float64). */
function gdalPixels(path: string): Float64Array {
  const out = `${path}.envi`;
  execFileSync('gdal_translate', ['-q', '-of', 'ENVI', '-ot', 'Float64', '-co', 'INTERLEAVE=BSQ', path, out]);
  const bytes = readFileSync(out);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
}

async function readAll(path: string) {
  const source = await openRaster(await openAsBlob(path), path);
  const bands = await source.readRows(0, source.info.height, [...Array(source.info.bands).keys()]);
  return { info: source.info, bands };
}

function expectTransformsClose(got: readonly number[], want: readonly number[]): void {
  got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want[i]))));
}

const magnitude = Float32Array.from({ length: width * height }, (_, i) => (i % 13 === 0 ? NaN : Math.sin(i / 50) * 3.75 + i * 1e-3));
const mask = Uint8Array.from({ length: width * height }, (_, i) => (i % 17 === 0 ? 255 : (i >> 4) & 1));

/** Sources written by GDAL itself, each with georeferencing our exports must carry over. */
const SOURCES: [string, string[]][] = [
  ['UTM 37N, PixelIsArea', ['-a_srs', 'EPSG:32637', '-a_ullr', '712345.5', '3812345.25', '712403.7', '3812308.65']],
  ['UTM 37N, PixelIsPoint', ['-a_srs', 'EPSG:32637', '-a_ullr', '712345.5', '3812345.25', '712403.7', '3812308.65', '-mo', 'AREA_OR_POINT=Point']],
  ['geographic WGS 84', ['-a_srs', 'EPSG:4326', '-a_ullr', '40.9', '34.5', '40.997', '34.439']],
  ['NY Long Island in US survey feet', ['-a_srs', 'EPSG:2263', '-a_ullr', '1000000', '200000', '1000970', '199390']]
];

describe.each(SOURCES)('exports keep the georeferencing of a GDAL file: %s', (label, gdalArgs) => {
  const slug = label.replace(/\W+/g, '_');
  const sourcePath = join(tmp, `${slug}.tif`);
  execFileSync('gdal_create', ['-q', '-of', 'GTiff', '-outsize', `${width}`, `${height}`, '-bands', '1', ...gdalArgs, sourcePath]);

  it.each([
    ['float32 magnitude, NaN nodata', 'float32', magnitude, NaN],
    ['uint8 mask, 255 nodata', 'uint8', mask, 255],
    ['float32 magnitude, float32-lowest nodata', 'float32', magnitude, -3.4028234663852886e38]
  ] as const)('%s', async (_, dtype, pixels, nodata) => {
    const geo = (await readAll(sourcePath)).info.geo as GeoInfo;
    const { header, dataOffset, byteLength } = singleBandGeoTiffHeader({ width, height, dtype, geo, nodata, description: 'change magnitude' });
    expect(dataOffset).toBe(header.length);
    expect(byteLength).toBe(header.length + pixels.byteLength);
    const path = join(tmp, `${slug}-${dtype}-${nodata}.tif`);
    writeFileSync(path, Buffer.concat([header, new Uint8Array(pixels.buffer)]));

    const ours = await readAll(path);
    expect(ours.info.geo?.transform).toEqual(geo.transform);
    expect(ours.info.geo?.epsg).toBe(geo.epsg);
    expect(ours.info.geo?.linearUnitMetres).toBe(geo.linearUnitMetres);
    expect(Object.is(ours.info.nodata, nodata)).toBe(true);
    const wanted = Array.from(pixels, (v) => (v === nodata || Number.isNaN(v) ? NaN : v));
    expect(Array.from(ours.bands[0])).toEqual(wanted);

    const theirs = gdalinfo(path);
    const source = gdalinfo(sourcePath);
    expectTransformsClose(theirs.geoTransform, source.geoTransform);
    expect(theirs.coordinateSystem.wkt).toBe(source.coordinateSystem.wkt);
    expect(theirs.size).toEqual([width, height]);
    expect(theirs.bands[0].type).toBe(dtype === 'uint8' ? 'Byte' : 'Float32');
    // gdalinfo prints a float32 nodata rounded to 9 digits: compare as float32.
    expect(Math.fround(Number(theirs.bands[0].noDataValue))).toEqual(Math.fround(nodata));
    expect(theirs.metadata[''].TIFFTAG_IMAGEDESCRIPTION).toBe('change magnitude');
    expect(Array.from(gdalPixels(path), (v) => (v === nodata ? NaN : v))).toEqual(wanted);

    const again = singleBandGeoTiffHeader({ width, height, dtype, geo, nodata, description: 'change magnitude' });
    expect(again.header).toEqual(header);
  });
});

describe('encodeGeoTiff', () => {
  const geo = geoInfoFor(32637, [712345.5, 0.6, 0, 3812345.25, 0, -0.6]);
  const synth = (count: number, f: (i: number, b: number) => number) =>
    Array.from({ length: count }, (_, b) => Array.from({ length: width * height }, (_, i) => f(i, b)));
  const cases = [
    ['uint16', synth(3, (i, b) => (i * 97 + b * 5000) % 65536).map((v) => Uint16Array.from(v))],
    ['int16', synth(2, (i, b) => ((i * 131 + b * 7) % 65536) - 32768).map((v) => Int16Array.from(v))],
    ['float32', synth(3, (i, b) => (i % 11 === 0 ? NaN : Math.cos(i / 30 + b) * 1e3)).map((v) => Float32Array.from(v))],
    ['uint8', synth(4, (i, b) => (i * 3 + b) % 256).map((v) => Uint8Array.from(v))]
  ] as const;
  const layouts = [
    ['strips, uncompressed', { compression: 'none' }],
    ['strips, deflate + predictor', { compression: 'deflate', predictor: true }],
    ['16-pixel tiles, deflate + predictor', { compression: 'deflate', predictor: true, tileSize: 16 }],
    ['32-pixel tiles, deflate', { compression: 'deflate', tileSize: 32 }]
  ] as const;

  it.each(cases.flatMap(([dtype, bands]) => layouts.map(([layout, options]) => [dtype, layout, bands, options] as const)))(
    '%s, %s: same pixels and band names through our reader and GDAL, same bytes twice',
    async (dtype, layout, bands, options) => {
      const bandNames = bands.map((_, b) => (b === 1 ? 'green & "red" <mix>' : `band ${b + 1}`));
      const opts = { width, height, bands: [...bands], dtype, geo, nodata: dtype === 'float32' ? NaN : null, bandNames, ...options };
      const bytes = encodeGeoTiff(opts);
      expect(encodeGeoTiff(opts)).toEqual(bytes);
      const path = join(tmp, `encode-${dtype}-${layout.replace(/\W+/g, '_')}.tif`);
      writeFileSync(path, bytes);

      const ours = await readAll(path);
      expect(ours.info.bandNames).toEqual(bandNames);
      expect(ours.info.dtype).toBe(dtype);
      bands.forEach((band, b) => expect(Array.from(ours.bands[b])).toEqual(Array.from(band)));

      const info = gdalinfo(path);
      expect(info.bands.map((b) => b.description)).toEqual(bandNames);
      expectTransformsClose(info.geoTransform, geo.transform);
      const gdal = gdalPixels(path);
      bands.forEach((band, b) => expect(Array.from(gdal.subarray(b * width * height, (b + 1) * width * height))).toEqual(Array.from(band)));
    }
  );

  it('a rotated grid is written as a ModelTransformation that GDAL reads back exactly', async () => {
    const rotated = geoInfoFor(32637, [500000, 8.660254037844387, 5, 4000000, 5, -8.660254037844387]);
    const path = join(tmp, 'rotated.tif');
    writeFileSync(path, encodeGeoTiff({ width, height, bands: [cases[3][1][0]], dtype: 'uint8', geo: rotated, nodata: null, compression: 'none' }));
    expect(gdalinfo(path).geoTransform).toEqual(rotated.transform);
    expect((await readAll(path)).info.geo?.transform).toEqual(rotated.transform);
  });
});

// Our reader is not tried here: Node 20's fs.openAsBlob reports the size of files over 4 GiB modulo 2³².
it('an export past 4 GiB becomes a BigTIFF that GDAL opens', () => {
  const geo = geoInfoFor(32637, [700000, 0.5, 0, 3800000, 0, -0.5]);
  const big = singleBandGeoTiffHeader({ width: 40_000, height: 30_000, dtype: 'float32', geo, nodata: NaN });
  expect(new DataView(big.header.buffer).getUint16(2, true)).toBe(43);
  const path = join(tmp, 'big.tif');
  writeFileSync(path, big.header);
  truncateSync(path, big.byteLength); // sparse: the pixels read as zeros
  const info = gdalinfo(path);
  expect(info.size).toEqual([40_000, 30_000]);
  expect(info.bands[0].type).toBe('Float32');
  expect(info.geoTransform).toEqual(geo.transform);
});
