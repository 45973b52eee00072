/**
 * Every encoding we claim to read, checked by one helper against the base image it was made from
 * (the matrix and the base come from scripts/gen-encodings.js; GDAL does the re-encoding).
 */
import { openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRaster } from '../../src/lib/core/io/open-raster';
import type { RasterSource } from '../../src/lib/core/raster';
import { BANDS, DTYPES, EPSG, HEIGHT, TRANSFORM, WIDTH, basePixels, encodingCases, generateEncodings } from '../../scripts/gen-encodings.js';

const base = basePixels();
let dir = '';

beforeAll(async () => {
  dir = await generateEncodings();
});

type Case = ReturnType<typeof encodingCases>[number];

/** Row windows that start and end inside strips and tiles (7 rows; 13–32), a single row, the whole image. */
const WINDOWS: [number, number][] = [
  [0, HEIGHT],
  ...Array.from({ length: Math.ceil(HEIGHT / 7) }, (_, i): [number, number] => [i * 7, Math.min(7, HEIGHT - i * 7)]),
  [13, 20],
  [HEIGHT - 1, 1]
];

function expectedValue(c: Case, band: number, index: number): number {
  const v = base[band][index];
  if (c.nodataIsZero && v === 0) return NaN;
  const [scale, offset] = c.source === 'nan' ? [0.25, -32] : DTYPES[c.dtype as keyof typeof DTYPES];
  return Math.fround(v * scale + offset);
}

/** Absolute errors of one window of one band: their sum, and the worst one with where it is. */
function windowErrors(c: Case, got: Float32Array, band: number, y0: number, rows: number) {
  let sum = 0;
  let worst = { error: 0, x: 0, y: 0, got: 0, want: 0 };
  for (let i = 0; i < rows * WIDTH; i++) {
    const want = expectedValue(c, band, y0 * WIDTH + i);
    const error = Number.isNaN(want) !== Number.isNaN(got[i]) ? Infinity : Number.isNaN(want) ? 0 : Math.abs(got[i] - want);
    sum += error;
    if (error > worst.error) worst = { error, x: i % WIDTH, y: y0 + Math.floor(i / WIDTH), got: got[i], want };
  }
  return { sum, count: rows * WIDTH, worst };
}

/**
 * The one assertion helper: size, format, georeferencing, then every band through several row
 * windows (whole image, 7-row steps across strip and tile borders, a single row, bands reversed)
 * against the base. Lossless encodings must match exactly; lossy ones within `c.tolerance`.
 */
async function expectSameAsBase(c: Case, source: RasterSource): Promise<void> {
  const { info } = source;
  expect([info.width, info.height, info.bands]).toEqual([WIDTH, HEIGHT, c.bands]);
  expect(info.format).toBe(c.format);
  if (c.format === 'GeoTIFF') {
    expect(info.geo?.epsg).toBe(EPSG);
    expect(info.geo?.crsName).toBe('WGS 84 / UTM zone 37N');
    info.geo?.transform.forEach((v, i) => expect(v).toBeCloseTo(TRANSFORM[i], 9));
  } else {
    expect(info.geo).toBeNull();
  }
  const bands = Array.from({ length: c.bands }, (_, b) => b);
  const reversed = bands.slice().reverse();
  const reads: [number, number, number[]][] = [...WINDOWS.map(([y0, rows]): [number, number, number[]] => [y0, rows, bands]), [5, 30, reversed]];
  const problems: string[] = [];
  let errorSum = 0;
  let count = 0;
  for (const [y0, rows, order] of reads) {
    const got = await source.readRows(y0, rows, order);
    order.forEach((band, k) => {
      const { sum, count: n, worst } = windowErrors(c, got[k], band, y0, rows);
      errorSum += sum;
      count += n;
      if (worst.error > (c.tolerance?.max ?? 0)) {
        problems.push(`band ${band} of rows ${y0}+${rows} [${order}]: at (${worst.x}, ${worst.y}) got ${worst.got}, want ${worst.want}`);
      }
    });
  }
  expect(problems.slice(0, 5)).toEqual([]);
  expect(errorSum / count).toBeLessThanOrEqual(c.tolerance?.mean ?? 0);
}

describe('every encoding reads as the base image', () => {
  it.each(encodingCases().map((c) => [c.file, c] as const))('%s', async (file, c) => {
    const opening = openRaster(await openAsBlob(join(dir, file)), file);
    if (c.error) await expect(opening).rejects.toThrow(`${file}: ${c.error}`);
    else await expectSameAsBase(c, await opening);
  });

  it('our own base GeoTIFF (deflate, one strip) reads back exactly', async () => {
    const source = await openRaster(await openAsBlob(join(dir, 'base.tif')), 'base.tif');
    const c: Case = {
      file: 'base.tif',
      source: 'base',
      dtype: 'Byte',
      bands: BANDS,
      format: 'GeoTIFF',
      tolerance: null,
      nodataIsZero: false,
      error: null,
      args: []
    };
    await expectSameAsBase(c, source);
  });

  it('reports the declared nodata value and the natural block height', async () => {
    const open = async (file: string) => (await openRaster(await openAsBlob(join(dir, file)), file)).info;
    expect((await open('nodata_byte.tif')).nodata).toBe(0);
    expect((await open('nodata_float32.tif')).nodata).toBe(-32);
    expect((await open('nan_lzw_strips.tif')).nodata).toBeNaN();
    expect((await open('png_grey_nodata.png')).nodata).toBe(0);
    expect((await open('Byte_none_strip1_b3.tif')).blockHeight).toBe(1);
    expect((await open('Byte_none_tiled16_b3.tif')).blockHeight).toBe(16);
  });
});
