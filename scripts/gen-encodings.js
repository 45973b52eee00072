#!/usr/bin/env node
/**
 * Generates the GeoTIFF/PNG/JPEG encoding matrix that tests/io/encodings.test.ts reads, in the
 * spirit of geotiff.js's test/data/setup_data.sh: ONE seeded base image, written by our own
 * encodeGeoTiff, re-encoded by GDAL into every dtype × layout × compression × band count we claim
 * to read. 97 × 61 px so strips and tiles end at awkward edges. Output is gitignored and rebuilt
 * only when this script or the GDAL version changes.
 *
 * Usage: node scripts/gen-encodings.js [outDir]   (default tests/fixtures/generated/encodings)
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const WIDTH = 97;
export const HEIGHT = 61;
export const BANDS = 3;
export const EPSG = 32637;
/** UTM 37N, 0.6 m pixels: GDAL order, pixel corner. */
export const TRANSFORM = [712345.5, 0.6, 0, 3812345.25, 0, -0.6];
export const DEFAULT_DIR = fileURLToPath(new URL('../tests/fixtures/generated/encodings', import.meta.url));

/** A smooth seeded pattern (JPEG-friendly) with noise; 0 only in a 6×4 top-left block, 255 in a 3×3 bottom-right one. */
export function basePixels() {
  let seed = 20240917;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: BANDS }, (_, b) => {
    const band = new Uint8Array(WIDTH * HEIGHT);
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const v = 128 + 90 * Math.sin(x / 9 + 2 * b) * Math.cos(y / 7 - b) + (random() - 0.5) * 8;
        band[y * WIDTH + x] = x < 6 && y < 4 ? 0 : x >= WIDTH - 3 && y >= HEIGHT - 3 ? 255 : Math.round(v);
      }
    }
    return band;
  });
}

/** Base value v becomes v·scale + offset in each GDAL type: exact in every type, extremes included. */
export const DTYPES = {
  Byte: [1, 0],
  UInt16: [256, 0],
  Int16: [256, -32768],
  UInt32: [16777216, 0],
  Int32: [16777216, -2147483648],
  Float32: [0.25, -32],
  Float64: [0.125, -16]
};
const LAYOUTS = { strips: [], strip1: ['BLOCKYSIZE=1'], tiled16: ['TILED=YES', 'BLOCKXSIZE=16', 'BLOCKYSIZE=16'] };
const COMPRESSIONS = {
  none: ['COMPRESS=NONE'],
  lzw: ['COMPRESS=LZW'],
  deflate: ['COMPRESS=DEFLATE'],
  packbits: ['COMPRESS=PACKBITS'],
  zstd: ['COMPRESS=ZSTD'],
  lerc: ['COMPRESS=LERC'],
  lerc_deflate: ['COMPRESS=LERC_DEFLATE'],
  lerc_zstd: ['COMPRESS=LERC_ZSTD']
};
const INTEGER_PREDICTOR = { lzw_pred2: ['COMPRESS=LZW', 'PREDICTOR=2'], deflate_pred2: ['COMPRESS=DEFLATE', 'PREDICTOR=2'] };
const FLOAT_PREDICTOR = { lzw_pred3: ['COMPRESS=LZW', 'PREDICTOR=3'], deflate_pred3: ['COMPRESS=DEFLATE', 'PREDICTOR=3'] };

/**
 * @typedef {{ file: string, source: 'base' | 'nan', dtype: string, bands: number,
 *   format: 'GeoTIFF' | 'PNG' | 'JPEG', tolerance: { mean: number, max: number } | null,
 *   nodataIsZero: boolean, error: string | null, args: string[] }} EncodingCase
 * `nodataIsZero`: pixels whose base value is 0 must read as NaN. `tolerance` null = exact.
 * `error`: the file must be refused with an InputError containing this text.
 */
/** @returns {EncodingCase[]} */
export function encodingCases() {
  /** @type {EncodingCase[]} */
  const cases = [];
  const add = (file, dtype, bands, creation, { args: more = [], ...extra } = {}) => {
    const [scale, offset] = DTYPES[dtype];
    const args = ['-ot', dtype, ...(scale === 1 && offset === 0 ? [] : ['-scale', '0', '255', `${offset}`, `${255 * scale + offset}`])];
    if (bands === 1 && !more.includes('-b')) args.push('-b', '1');
    for (const option of creation) args.push('-co', option);
    // geotiff.js 3.0.5 + lerc 3.0.0 misread LERC bytes and fail on LERC uint32: we refuse those.
    const refused = creation.some((o) => o.startsWith('COMPRESS=LERC')) && (dtype === 'Byte' || dtype === 'UInt32');
    cases.push({
      file,
      source: 'base',
      dtype,
      bands,
      format: 'GeoTIFF',
      tolerance: null,
      nodataIsZero: false,
      args: [...args, ...more],
      error: refused ? 'unsupported compression: LERC' : null,
      ...extra
    });
  };
  for (const [dtype] of Object.entries(DTYPES)) {
    const predictors = dtype.startsWith('Float') ? FLOAT_PREDICTOR : INTEGER_PREDICTOR;
    for (const [compression, options] of Object.entries({ ...COMPRESSIONS, ...predictors })) {
      for (const [layout, blocks] of Object.entries(LAYOUTS)) {
        for (const bands of [1, 3]) add(`${dtype}_${compression}_${layout}_b${bands}.tif`, dtype, bands, [...options, ...blocks]);
      }
    }
  }
  const extras = [
    ['bigtiff_deflate_tiled16.tif', 'Byte', 3, ['BIGTIFF=YES', 'COMPRESS=DEFLATE', ...LAYOUTS.tiled16]],
    ['bigtiff_lzw_strip1.tif', 'Float32', 1, ['BIGTIFF=YES', 'COMPRESS=LZW', ...LAYOUTS.strip1]],
    ['planar_lzw_strips.tif', 'Byte', 3, ['INTERLEAVE=BAND', 'COMPRESS=LZW']],
    ['planar_lzw_strip1.tif', 'Byte', 3, ['INTERLEAVE=BAND', 'COMPRESS=LZW', ...LAYOUTS.strip1]],
    ['planar_deflate_pred2_tiled16.tif', 'UInt16', 3, ['INTERLEAVE=BAND', 'COMPRESS=DEFLATE', 'PREDICTOR=2', ...LAYOUTS.tiled16]],
    ['bigendian_planar_strip1.tif', 'UInt16', 3, ['ENDIANNESS=BIG', 'INTERLEAVE=BAND', ...LAYOUTS.strip1]],
    ['bigendian_deflate_pred3_tiled16.tif', 'Float32', 3, ['ENDIANNESS=BIG', 'COMPRESS=DEFLATE', 'PREDICTOR=3', ...LAYOUTS.tiled16]]
  ];
  for (const [file, dtype, bands, creation] of extras) add(file, dtype, bands, creation);
  // JPEG is lossy: compared by mean and maximum absolute error (the 0 and 255 blocks ring at their edges).
  const lossy = { tolerance: { mean: 6, max: 100 } };
  add('jpeg_grey_strips.tif', 'Byte', 1, ['COMPRESS=JPEG'], lossy);
  add('jpeg_rgb_strips.tif', 'Byte', 3, ['COMPRESS=JPEG'], lossy);
  add('jpeg_ycbcr_strips.tif', 'Byte', 3, ['COMPRESS=JPEG', 'PHOTOMETRIC=YCBCR'], lossy);
  add('jpeg_ycbcr_tiled16.tif', 'Byte', 3, ['COMPRESS=JPEG', 'PHOTOMETRIC=YCBCR', ...LAYOUTS.tiled16], lossy);
  add('nodata_byte.tif', 'Byte', 3, ['COMPRESS=LZW'], { nodataIsZero: true, args: ['-a_nodata', '0'] });
  add('nodata_int16_tiled16.tif', 'Int16', 1, ['COMPRESS=DEFLATE', ...LAYOUTS.tiled16], { nodataIsZero: true, args: ['-a_nodata', '-32768'] });
  add('nodata_float32.tif', 'Float32', 3, ['COMPRESS=DEFLATE', 'PREDICTOR=3'], { nodataIsZero: true, args: ['-a_nodata', '-32'] });
  // From the NaN variant of the base (float32 v·0.25 − 32, NaN where v = 0), written by us.
  for (const [file, creation] of [
    ['nan_deflate_pred3_tiled16.tif', ['COMPRESS=DEFLATE', 'PREDICTOR=3', ...LAYOUTS.tiled16]],
    ['nan_lzw_strips.tif', ['COMPRESS=LZW']]
  ]) {
    cases.push({
      file,
      source: 'nan',
      dtype: 'Float32',
      bands: 3,
      format: 'GeoTIFF',
      tolerance: null,
      nodataIsZero: true,
      error: null,
      args: creation.flatMap((o) => ['-co', o])
    });
  }
  // Compressions GDAL writes that we cannot decode here must be refused by name.
  add('refused_lzma.tif', 'Byte', 3, ['COMPRESS=LZMA'], { error: 'unsupported compression: LZMA (TIFF code 34925)' });
  add('refused_webp.tif', 'Byte', 3, ['COMPRESS=WEBP', 'WEBP_LOSSLESS=YES'], {
    error: 'unsupported compression: WebP (TIFF code 50001) (WebP tiles are decoded only in the browser)'
  });
  add('png_grey.png', 'Byte', 1, [], { format: 'PNG', args: ['-of', 'PNG'] });
  add('png_rgb.png', 'Byte', 3, [], { format: 'PNG', args: ['-of', 'PNG'] });
  add('png_uint16.png', 'UInt16', 1, [], { format: 'PNG', args: ['-of', 'PNG'] });
  add('png_rgb_uint16.png', 'UInt16', 3, [], { format: 'PNG', args: ['-of', 'PNG'] });
  add('png_grey_nodata.png', 'Byte', 1, [], { format: 'PNG', nodataIsZero: true, args: ['-of', 'PNG', '-a_nodata', '0'] });
  add('png_rgb_nodata.png', 'Byte', 3, [], { format: 'PNG', nodataIsZero: true, args: ['-of', 'PNG', '-a_nodata', '0'] });
  // Alpha copied from band 1, so alpha = 0 exactly where the base is 0.
  const alphaFromBand1 = (...b) => ['-of', 'PNG', ...b.flatMap((i) => ['-b', `${i}`]), '-b', '1', `-colorinterp_${b.length + 1}`, 'alpha'];
  add('png_grey_alpha.png', 'Byte', 1, [], { format: 'PNG', nodataIsZero: true, args: alphaFromBand1(1) });
  add('png_rgba.png', 'Byte', 3, [], { format: 'PNG', nodataIsZero: true, args: alphaFromBand1(1, 2, 3) });
  add('jpeg_grey.jpg', 'Byte', 1, [], { format: 'JPEG', ...lossy, args: ['-of', 'JPEG'] });
  add('jpeg_rgb.jpg', 'Byte', 3, [], { format: 'JPEG', ...lossy, args: ['-of', 'JPEG'] });
  return cases;
}

function gdalVersion() {
  try {
    return execFileSync('gdal_translate', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('gdal_translate was not found: install GDAL (Debian: apt-get install gdal-bin) to generate the encoding fixtures');
  }
}

/** Writes base.tif and base-nan.tif with our writer, then every case with gdal_translate. */
export async function generateEncodings(outDir = DEFAULT_DIR) {
  const stamp = createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(gdalVersion())
    .digest('hex');
  const manifestPath = join(outDir, 'manifest.json');
  if (existsSync(manifestPath) && JSON.parse(readFileSync(manifestPath, 'utf8')).stamp === stamp) return outDir;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const { tsImport } = await import('tsx/esm/api');
  const { encodeGeoTiff, geoInfoFor } = await tsImport('../src/lib/core/io/tiff-writer.ts', import.meta.url);
  const geo = geoInfoFor(EPSG, TRANSFORM);
  const base = basePixels();
  writeFileSync(
    join(outDir, 'base.tif'),
    encodeGeoTiff({ width: WIDTH, height: HEIGHT, bands: base, dtype: 'uint8', geo, nodata: null, compression: 'deflate' })
  );
  const nanBands = base.map((band) => Float32Array.from(band, (v) => (v === 0 ? NaN : v * 0.25 - 32)));
  writeFileSync(
    join(outDir, 'base-nan.tif'),
    encodeGeoTiff({ width: WIDTH, height: HEIGHT, bands: nanBands, dtype: 'float32', geo, nodata: NaN, compression: 'none' })
  );

  const run = promisify(execFile);
  const queue = encodingCases();
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const input = join(outDir, c.source === 'nan' ? 'base-nan.tif' : 'base.tif');
      await run('gdal_translate', ['-q', ...c.args, input, join(outDir, c.file)]).catch((e) => {
        throw new Error(`gdal_translate failed for ${c.file}: ${e.stderr || e.message}`);
      });
    }
  };
  await Promise.all(Array.from({ length: availableParallelism() }, worker));
  writeFileSync(manifestPath, JSON.stringify({ stamp, files: encodingCases().map((c) => c.file) }, null, 1));
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  generateEncodings(process.argv[2] ? resolve(process.argv[2]) : DEFAULT_DIR).then(
    (dir) => console.log(`encodings ready in ${dir}`),
    (e) => {
      console.error(e.message);
      process.exit(1);
    }
  );
}
