/**
 * The bad-input corpus: a seeded generator of bad and edge-case inputs for `sitewatch change`,
 * each with the outcome it must have — a specific error (exit 1, one line naming the file and the
 * problem) or a specific result (exit 0 and the numbers in summary.json). Every kind of damage a
 * user or a fuzzer has shown us is here, so each stays fixed.
 *
 * The pair: 32 × 32 pixels, 3 uint8 bands of seeded values 20–150; the after image has an
 * 8 × 8 square (rows and columns 8–15) brighter by 100. With `--method absdiff --threshold 50
 * --clean none`, exactly those 64 pixels change.
 */
import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { zlibSync } from 'fflate';
import { prng } from '../helpers/prng';
import { buildTiff, patch, type BuiltTiff, type TiffSpec } from './tiff-builder';

export const W = 32;
export const H = 32;
export const FIXED = ['--method', 'absdiff', '--threshold', '50', '--clean', 'none', '--quiet'];

export type Expected =
  { exit: 1 | 2; file: string; error: RegExp } | { exit: 0; summary: { validPixels: number; changedPixels: number; width?: number; height?: number } };

export interface CorpusCase {
  id: string;
  /** Files to write into the case's folder, by name. */
  files: Record<string, Uint8Array | 'dir'>;
  /** CLI arguments; `{dir}` is the case's folder, `{out}` its output folder. */
  args: string[];
  expect: Expected;
  /** Files written into `{out}` before the run (a previous result that a failed run must leave alone). */
  previous?: Record<string, string>;
}

/** The seeded scene: before and after bands (after = before + 100 on the square). */
export function scene(seed = 8, width = W, height = H, bands = 3): { before: number[][]; after: number[][] } {
  const random = prng(seed);
  const before = Array.from({ length: bands }, () => Array.from({ length: width * height }, () => 20 + Math.floor(random() * 131)));
  const after = before.map((band) =>
    band.map((v, i) => (i % width >= 8 && i % width < 16 && Math.floor(i / width) >= 8 && Math.floor(i / width) < 16 ? v + 100 : v))
  );
  return { before, after };
}

const { before, after } = scene();
const ok = (validPixels = W * H, changedPixels = 64): Expected => ({ exit: 0, summary: { validPixels, changedPixels } });
const fails = (file: string, error: RegExp): Expected => ({ exit: 1, file, error });

const tiff = (bands: number[][], spec: Partial<TiffSpec> = {}): BuiltTiff => buildTiff({ width: W, height: H, bands, ...spec });
const BEFORE = tiff(before).bytes;

/** A case comparing the valid before image with `bytes` as the after image. */
function afterCase(id: string, bytes: Uint8Array, expect: Expected, name = 'after.tif', extraArgs: string[] = []): CorpusCase {
  return {
    id,
    files: { 'before.tif': BEFORE, [name]: bytes },
    args: ['change', '{dir}/before.tif', `{dir}/${name}`, '--out', '{out}', ...FIXED, ...extraArgs],
    expect
  };
}

function truncations(): CorpusCase[] {
  const variants: [string, BuiltTiff][] = [
    ['strips', tiff(after)],
    ['deflate', tiff(after, { compression: 'deflate' })],
    ['tiles', tiff(after, { tile: 16, compression: 'deflate' })],
    ['planar', tiff(after, { planar: true })],
    ['msb', tiff(after, { bigEndian: true })]
  ];
  const cases: CorpusCase[] = [];
  for (const [name, t] of variants) {
    const last = t.blocks.at(-1)!;
    const cuts: [string, number][] = [
      ['header', 5],
      ['first-block', t.blocks[0].at + 3],
      ['last-block', last.at + last.length - 1],
      ['directory-count', t.ifd + 1],
      ['directory-entries', t.ifd + 2 + 5 * 12],
      ['next-pointer', t.nextPointer + 2],
      ['tag-values', t.bytes.length - 1]
    ];
    for (const [where, at] of cuts)
      cases.push(afterCase(`truncated-${name}-${where}`, t.bytes.subarray(0, at), fails('after.tif', /^the file is truncated: /)));
  }
  return cases;
}

function structure(): CorpusCase[] {
  const t = tiff(after);
  const one = tiff([after[0]]);
  const tiles = tiff(after, { tile: 16, compression: 'deflate' });
  const deflate = tiff(after, { compression: 'deflate' });
  const planar = tiff(after, { planar: true });
  const offsets = patch.valuesAt(t, 273);
  const counts = patch.valuesAt(t, 279);
  const random = prng(99);
  const garbage = (b: BuiltTiff, index: number) => patch.block(b, index, () => Math.floor(random() * 256));
  const sizeOf = t.bytes.length;
  const retiled = (w: number, h = 16) =>
    patch.entry(tiles, 323, 'value', h, patch.entry(tiles, 322, 'value', w, patch.entry(tiles, 322, 'type', 4, patch.entry(tiles, 323, 'type', 4))));
  const dirLoop = patch.u32(t, t.nextPointer, t.ifd);
  const second = new Uint8Array(sizeOf + 64);
  second.set(t.bytes);
  const loopVia = patch.u32(t, t.nextPointer, sizeOf, second);
  new DataView(loopVia.buffer).setUint16(sizeOf, 1, true);
  loopVia.set([0x00, 0x01, 0x04, 0x00, 1, 0, 0, 0, 8, 0, 0, 0], sizeOf + 2); // one entry: ImageWidth = 8
  new DataView(loopVia.buffer).setUint32(sizeOf + 14, t.ifd, true); // … whose next directory is the first again
  const bomb = tiff(after, {
    compression: 'deflate',
    storeBlock: (stored, raw, i) => (i === 0 ? zlibSync(concat(raw, new Uint8Array(64 * 2 ** 20))) : stored)
  }).bytes;
  const nodataSparse = (() => {
    const n = tiff(after, { nodata: '0' });
    return patch.u32(n, patch.valuesAt(n, 279) + 12, 0, patch.u32(n, patch.valuesAt(n, 273) + 12, 0));
  })();
  const withNodata = tiff([after[0]], { nodata: '0' });
  const withGeoAscii = tiff([after[0]], { ascii: { 34737: 'WGS 84|' } });
  return [
    afterCase(
      'directory-beyond-end',
      patch.u32(t, 4, sizeOf + 100),
      fails('after.tif', /^the file is truncated: TIFF directory at byte \d+ lies beyond its \d+-byte end$/)
    ),
    afterCase('directory-at-zero', patch.u32(t, 4, 0), fails('after.tif', /^the TIFF directory is damaged: the file has no image directory$/)),
    afterCase('directory-loop-self', dirLoop, fails('after.tif', /^the TIFF directory chain is damaged: directory 2 points back to byte \d+ \(a loop\)$/)),
    afterCase(
      'directory-loop-via-second',
      loopVia,
      fails('after.tif', /^the TIFF directory chain is damaged: directory 3 points back to byte \d+ \(a loop\)$/)
    ),
    afterCase('directory-no-entries', patch.u16(t, t.ifd, 0), fails('after.tif', /^the TIFF directory is damaged: it has no entries$/)),
    afterCase('tag-unknown-type', patch.entry(t, 262, 'type', 99), fails('after.tif', /^the TIFF directory is damaged: tag 262 has an unknown field type 99$/)),
    afterCase('width-zero', patch.entry(t, 256, 'value', 0), fails('after.tif', /^the TIFF directory is damaged: the image size is 0 × 32 pixels$/)),
    afterCase('height-zero', patch.entry(t, 257, 'value', 0), fails('after.tif', /^the TIFF directory is damaged: the image size is 32 × 0 pixels$/)),
    afterCase('width-missing', patch.entry(t, 256, 'count', 0), fails('after.tif', /^the TIFF directory is damaged: tag 256 \(image width\) has no value$/)),
    afterCase(
      'width-2^32-1',
      patch.entry(t, 256, 'value', 2 ** 32 - 1),
      fails('after.tif', /^the image declares 4294967295 × 32 pixels \(1\.37e\+11\), more than the limit of 2\.15e\+9 pixels$/)
    ),
    afterCase(
      'size-100000²',
      patch.entry(t, 257, 'value', 100000, patch.entry(t, 256, 'value', 100000)),
      fails('after.tif', /^the image declares 100000 × 100000 pixels/)
    ),
    afterCase(
      'width-text-type',
      patch.entry(t, 256, 'type', 2),
      fails('after.tif', /^the TIFF directory is damaged: tag 256 \(image width\) is not stored as integers$/)
    ),
    afterCase(
      'tile-width-zero',
      retiled(0),
      fails('after.tif', /^the TIFF directory is damaged: tiles of 0 × 16 pixels \(tile sizes must be positive multiples of 16\)$/)
    ),
    afterCase('tile-width-17', retiled(17), fails('after.tif', /^the TIFF directory is damaged: tiles of 17 × 16 pixels/)),
    afterCase('tile-height-zero', retiled(16, 0), fails('after.tif', /^the TIFF directory is damaged: tiles of 16 × 0 pixels/)),
    afterCase(
      'tile-2^31',
      retiled(2 ** 31, 2 ** 31),
      fails('after.tif', /^a tile of 2147483648 × 2147483648 pixels would take \d+ MiB to decode, more than the 512 MiB a block may take/)
    ),
    afterCase('tile-0xFFFFFFF0', retiled(0xfffffff0), fails('after.tif', /^a tile of 4294967280 × 16 pixels would take \d+ MiB to decode/)),
    afterCase('bits-zero', patch.entry(one, 258, 'value', 0), fails('after.tif', /^the TIFF directory is damaged: 0 bits per sample$/)),
    afterCase('bits-65', patch.entry(one, 258, 'value', 65), fails('after.tif', /^the TIFF directory is damaged: 65 bits per sample$/)),
    afterCase('bits-12', patch.entry(one, 258, 'value', 12), fails('after.tif', /^unsupported sample type: 12-bit unsigned integer$/)),
    afterCase('bits-mixed', patch.u16(t, patch.valuesAt(t, 258) + 2, 16), fails('after.tif', /^bands of different sample types are not supported$/)),
    afterCase('samples-zero', patch.entry(t, 277, 'value', 0), fails('after.tif', /^the TIFF directory is damaged: 0 samples per pixel$/)),
    afterCase('samples-5000', patch.entry(t, 277, 'value', 5000), fails('after.tif', /^the TIFF directory is damaged: 5000 samples per pixel$/)),
    afterCase(
      'planar-3',
      patch.entry(t, 284, 'value', 3),
      fails('after.tif', /^the TIFF directory is damaged: planar configuration 3 \(must be 1, interleaved, or 2, separate planes\)$/)
    ),
    afterCase(
      'sample-format-void',
      patch.entry(one, 339, 'value', 4),
      fails('after.tif', /^unsupported sample format 4 \(untyped\): only integer and floating-point samples are read$/)
    ),
    afterCase('sample-format-complex', patch.entry(one, 339, 'value', 6), fails('after.tif', /^unsupported sample format 6 \(complex floating point\)/)),
    afterCase('sample-format-99', patch.entry(one, 339, 'value', 99), fails('after.tif', /^unsupported sample format 99: /)),
    afterCase('float-8-bit', patch.entry(one, 339, 'value', 3), fails('after.tif', /^unsupported sample type: 8-bit floating point$/)),
    afterCase('rows-per-strip-zero', patch.entry(t, 278, 'value', 0), fails('after.tif', /^the TIFF directory is damaged: 0 rows per strip$/)),
    afterCase(
      'strips-missing',
      patch.entry(t, 273, 'count', 2),
      fails('after.tif', /^the TIFF directory is damaged: the image needs 4 strips but the file lists 2 \(strips or planes are missing\)$/)
    ),
    afterCase(
      'strip-counts-missing',
      patch.entry(t, 279, 'count', 3),
      fails('after.tif', /^the TIFF directory is damaged: the image needs 4 strips but the file lists 3/)
    ),
    afterCase(
      'strip-offsets-absent',
      patch.entry(t, 273, 'count', 0),
      fails('after.tif', /^the TIFF directory is damaged: the strip offsets \(tag 273\) are missing$/)
    ),
    afterCase(
      'planes-missing',
      patch.entry(planar, 273, 'count', 8, patch.entry(planar, 279, 'count', 8)),
      fails('after.tif', /^the TIFF directory is damaged: the image needs 12 strips but the file lists 8/)
    ),
    afterCase(
      'strip-offset-beyond-end',
      patch.u32(t, offsets + 8, sizeOf + 10),
      fails('after.tif', /^the file is truncated: its pixel data runs to byte \d+ but the file ends at byte \d+$/)
    ),
    afterCase('strip-count-2^31', patch.u32(t, counts + 4, 2 ** 31), fails('after.tif', /^the file is truncated: its pixel data runs to byte \d+/)),
    afterCase('strip-short', patch.u32(t, counts + 12, 768 - 10), fails('after.tif', /^strip 3 \(rows 24–31\) holds 758 bytes but its pixels need 768$/)),
    afterCase(
      'strip-empty-no-nodata',
      patch.u32(t, counts + 4, 0),
      fails('after.tif', /^strip 1 \(rows 8–15\) is empty \(0 bytes\) and the file declares no nodata value$/)
    ),
    afterCase('strip-sparse-with-nodata', nodataSparse, ok(W * H - 8 * W, 64)),
    afterCase(
      'deflate-garbage',
      garbage(deflate, 1),
      fails('after.tif', /^strip 1 \(rows 8–15\) (cannot be decoded: .+|decodes to \d+ bytes but its pixels need 768 \(the block is damaged or cut short\))$/)
    ),
    afterCase(
      'deflate-empty-stream',
      patch.u32(deflate, patch.valuesAt(deflate, 279) + 4, 1),
      fails('after.tif', /^strip 1 \(rows 8–15\) (cannot be decoded|decodes to 0 bytes)/)
    ),
    afterCase('tile-garbage', garbage(tiles, 2), fails('after.tif', /^tile 2 \(rows 16–31, columns 0–15\) (cannot be decoded|decodes to)/)),
    afterCase(
      'lzw-garbage',
      patch.entry(deflate, 259, 'value', 5),
      fails('after.tif', /^strip 0 \(rows 0–7\) (cannot be decoded: corrupt LZW data|decodes to \d+ bytes)/)
    ),
    afterCase(
      'packbits-short',
      packBitsShort(deflate),
      fails('after.tif', /^strip 0 \(rows 0–7\) decodes to \d+ bytes but its pixels need 768 \(the block is damaged or cut short\)$/)
    ),
    afterCase('zstd-garbage', patch.entry(deflate, 259, 'value', 50000), fails('after.tif', /^strip 0 \(rows 0–7\) cannot be decoded: damaged ZSTD data/)),
    afterCase(
      'zstd-empty',
      patch.u32(deflate, patch.valuesAt(deflate, 279), 1, patch.entry(deflate, 259, 'value', 50000)),
      fails('after.tif', /^strip 0 \(rows 0–7\) cannot be decoded: damaged ZSTD data/)
    ),
    afterCase('jpeg-garbage', patch.entry(deflate, 259, 'value', 7), fails('after.tif', /^strip 0 \(rows 0–7\) cannot be decoded: /)),
    afterCase('deflate-bomb', bomb, fails('after.tif', /^strip 0 \(rows 0–7\) cannot be decoded: it inflates to more than the 768 bytes a block holds$/)),
    afterCase('compression-unknown', patch.entry(t, 259, 'value', 12345), fails('after.tif', /^unsupported compression: unknown \(TIFF code 12345\)/)),
    afterCase('compression-jpeg2000', patch.entry(t, 259, 'value', 34712), fails('after.tif', /^unsupported compression: JPEG 2000 \(TIFF code 34712\)/)),
    afterCase(
      'compression-webp-in-cli',
      patch.entry(t, 259, 'value', 50001),
      fails('after.tif', /^unsupported compression: WebP \(TIFF code 50001\) \(WebP tiles are decoded only in the browser\)/)
    ),
    afterCase('ycbcr-without-jpeg', patch.entry(t, 262, 'value', 6), fails('after.tif', /^unsupported colour encoding: YCbCr without JPEG compression$/)),
    afterCase(
      'nodata-as-short',
      patch.entry(withNodata, 42113, 'type', 3),
      fails('after.tif', /^the TIFF directory is damaged: the nodata value \(GDAL_NODATA\) \(tag 42113\) is not stored as text$/)
    ),
    afterCase(
      'nodata-as-double',
      patch.entry(withNodata, 42113, 'type', 12),
      fails('after.tif', /^the (TIFF directory is damaged: the nodata value|file is truncated)/)
    ),
    afterCase(
      'geoascii-as-long',
      patch.entry(withGeoAscii, 34737, 'type', 4),
      fails(
        'after.tif',
        /^the (TIFF directory is damaged: the GeoTIFF text parameters \(GeoAsciiParams\) \(tag 34737\) is not stored as text|file is truncated: TIFF tag 34737 data)/
      )
    ),
    afterCase('nodata-text-garbage', tiff(after, { nodata: 'abc' }).bytes, ok()),
    afterCase('valid-strips', t.bytes, ok()),
    afterCase('valid-deflate', deflate.bytes, ok()),
    afterCase('valid-tiles', tiles.bytes, ok()),
    afterCase('valid-planar', planar.bytes, ok()),
    afterCase('valid-msb', tiff(after, { bigEndian: true }).bytes, ok()),
    afterCase('valid-row-strips', tiff(after, { rowsPerStrip: 1 }).bytes, ok()),
    afterCase('valid-rows-per-strip-beyond-height', tiff(after, { rowsPerStrip: 1000 }).bytes, ok()),
    afterCase('valid-uint16', tiff(after, { kind: 'uint16' }).bytes, ok()),
    afterCase('valid-int16', tiff(after, { kind: 'int16' }).bytes, ok()),
    afterCase('valid-float32', tiff(after, { kind: 'float32' }).bytes, ok()),
    afterCase('valid-float64', tiff(after, { kind: 'float64', compression: 'deflate' }).bytes, ok())
  ];
}

/** Strips of PackBits whose first strip is a run of 8 bytes only: it decodes short. */
function packBitsShort(t: BuiltTiff): Uint8Array {
  const bytes = patch.entry(t, 259, 'value', 32773);
  const first = t.blocks[0];
  bytes.fill(0x80, first.at, first.at + first.length); // 0x80 = -128: a no-op in PackBits
  bytes.set([0xf9, 42], first.at); // -7: repeat 42 eight times
  return bytes;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function values(): CorpusCase[] {
  const withValue = (v: number, n: number) => after.map((band) => band.map((x, i) => (i < n ? v : x)));
  const f32 = (bands: number[][]) => tiff(bands, { kind: 'float32' }).bytes;
  const constant = [new Array(W * H).fill(100)];
  const nan = after.map((band) => band.map(() => NaN));
  const pairOf = (id: string, b: Uint8Array, a: Uint8Array, expect: Expected, args: string[] = FIXED): CorpusCase => ({
    id,
    files: { 'before.tif': b, 'after.tif': a },
    args: ['change', '{dir}/before.tif', '{dir}/after.tif', '--out', '{out}', ...args],
    expect
  });
  const one = (v: number) => buildTiff({ width: 1, height: 1, bands: [[v]] }).bytes;
  return [
    afterCase('plus-infinity', f32(withValue(Infinity, 10)), ok(W * H - 10)),
    afterCase('minus-infinity', f32(withValue(-Infinity, 10)), ok(W * H - 10)),
    afterCase('float-max', f32(withValue(3.4e38, 10)), ok(W * H - 10)),
    afterCase('float-min', f32(withValue(-3.4e38, 10)), ok(W * H - 10)),
    afterCase('nan-some', f32(withValue(NaN, 10)), ok(W * H - 10)),
    afterCase('nan-all', f32(nan), ok(0, 0)),
    pairOf('constant-pair', tiff(constant).bytes, tiff(constant).bytes, ok(W * H, 0)),
    pairOf('constant-pair-otsu', tiff(constant).bytes, tiff(constant).bytes, ok(W * H, 0), ['--method', 'absdiff', '--quiet']),
    pairOf('one-pixel', one(10), one(200), { exit: 0, summary: { validPixels: 1, changedPixels: 1, width: 1, height: 1 } }),
    pairOf('one-pixel-same', one(10), one(10), { exit: 0, summary: { validPixels: 1, changedPixels: 0, width: 1, height: 1 } }),
    // Identical images: every canonical correlation is 1, and no change is the right answer (said in a note).
    pairOf('identical-irmad', BEFORE, BEFORE, ok(W * H, 0), ['--method', 'irmad', '--quiet']),
    // A constant band (singular covariance): the ridge λ keeps the fit defined and the square is still found.
    pairOf('constant-band-irmad', tiff([before[0], constant[0], before[2]]).bytes, tiff(after).bytes, ok(W * H, 64), ['--method', 'irmad', '--quiet'])
  ];
}

function pairs(): CorpusCase[] {
  const pairOf = (id: string, a: Uint8Array, expect: Expected, extra: string[] = []): CorpusCase => ({
    id,
    files: { 'before.tif': BEFORE, 'after.tif': a },
    args: ['change', '{dir}/before.tif', '{dir}/after.tif', '--out', '{out}', ...FIXED, ...extra],
    expect
  });
  const cropped = buildTiff({ width: W, height: H - 1, bands: after.map((b) => b.slice(0, W * (H - 1))) }).bytes;
  return [
    pairOf('bands-3-vs-1', tiff([after[0]]).bytes, fails('after.tif', /^it has 1 band\(s\) but before\.tif has 3; choose the bands to compare$/)),
    pairOf('size-mismatch', cropped, fails('after.tif', /32 × 31|32×31|size/)),
    pairOf('band-beyond', tiff(after).bytes, fails('bands', /^band 4 does not exist/), ['--bands', '1,4']),
    pairOf('bands-subset', tiff(after).bytes, ok(), ['--bands', '2'])
  ];
}

function formats(): CorpusCase[] {
  const grey16 = encodePng({ width: W, height: H, data: Uint16Array.from(after[0], (v) => v * 100), depth: 16, channels: 1 });
  const grey16b = encodePng({ width: W, height: H, data: Uint16Array.from(before[0], (v) => v * 100), depth: 16, channels: 1 });
  const rgb = (bands: number[][]) => Uint8Array.from({ length: W * H * 3 }, (_, i) => bands[i % 3][Math.floor(i / 3)]);
  const png = encodePng({ width: W, height: H, data: rgb(after), depth: 8, channels: 3 });
  const hugePng = png.slice();
  new DataView(hugePng.buffer).setUint32(16, 20000);
  new DataView(hugePng.buffer).setUint32(20, 20000);
  const rgba = new Uint8Array(W * H * 4);
  for (let i = 0; i < W * H; i++) rgba.set([after[0][i], after[1][i], after[2][i], 255], i * 4);
  const jpeg = new Uint8Array(encodeJpeg({ width: W, height: H, data: rgba }, 95).data);
  const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
  const cmyk = jpeg.slice();
  cmyk[sof + 9] = 4;
  const hugeJpeg = jpeg.slice();
  hugeJpeg.set([0xea, 0x60, 0xea, 0x60], sof + 5); // 60000 × 60000
  const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c, 5, 0, 0, 0, 0x2f, 0x1f, 0xc0, 0x07, 0]);
  const pairOf = (id: string, b: [string, Uint8Array], a: [string, Uint8Array], expect: Expected, args = FIXED): CorpusCase => ({
    id,
    files: { [b[0]]: b[1], [a[0]]: a[1] },
    args: ['change', `{dir}/${b[0]}`, `{dir}/${a[0]}`, '--out', '{out}', ...args],
    expect
  });
  return [
    pairOf('png-16-bit', ['before.png', grey16b], ['after.png', grey16], ok(), ['--method', 'absdiff', '--threshold', '5000', '--clean', 'none', '--quiet']),
    afterCase('png-rgb', png, ok(), 'after.png'),
    afterCase(
      'png-declares-20000²',
      hugePng,
      fails('after.png', /^the PNG is damaged: it declares 20000 × 20000 pixels, more than its \d+ bytes can hold$/),
      'after.png'
    ),
    afterCase('png-truncated', png.subarray(0, png.length >> 1), fails('after.png', /^the PNG is damaged or truncated \(.+\)$/), 'after.png'),
    afterCase('png-header-only', png.subarray(0, 20), fails('after.png', /^the PNG is truncated: its header is incomplete$/), 'after.png'),
    afterCase('jpeg-cmyk', cmyk, fails('after.jpg', /^unsupported JPEG colour model: CMYK \(or YCCK\); convert it to RGB or greyscale first$/), 'after.jpg'),
    afterCase('jpeg-declares-60000²', hugeJpeg, fails('after.jpg', /^the image declares 60000 × 60000 pixels/), 'after.jpg'),
    afterCase('jpeg-truncated', jpeg.subarray(0, 40), fails('after.jpg', /^the JPEG is damaged or truncated \(.+\)$/), 'after.jpg'),
    afterCase('webp-in-cli', webp, fails('after.webp', /^WebP is decoded only in the browser; convert it to PNG or GeoTIFF for the CLI$/), 'after.webp'),
    afterCase(
      'text-file',
      new TextEncoder().encode('this is not an image\n'),
      fails('after.tif', /^not a GeoTIFF, PNG, JPEG or WebP file \(starts with "this is "\)$/)
    ),
    afterCase('empty-file', new Uint8Array(0), fails('after.tif', /^the file is empty$/)),
    afterCase(
      'bigtiff-header-only',
      new Uint8Array([0x49, 0x49, 43, 0, 8, 0, 0, 0]),
      fails('after.tif', /^the file is truncated: its TIFF header is incomplete$/)
    )
  ];
}

function names(): CorpusCase[] {
  const valid = tiff(after).bytes;
  return [
    afterCase('name-newline', BEFORE.subarray(0, 5), fails('a\\nb.tif', /^the file is truncated: /), 'a\nb.tif'),
    afterCase('name-unicode', valid, ok(), 'après été ✓ 東京.tif'),
    afterCase('name-spaces', valid, ok(), 'after image (copy).tif'),
    afterCase('name-leading-dash', valid, ok(), '-after.tif'),
    afterCase('name-long', valid, ok(), `${'x'.repeat(200)}.tif`),
    afterCase('name-control-chars', BEFORE.subarray(0, 5), fails('a\\u001b[31mb.tif', /^the file is truncated: /), 'a\u001b[31mb.tif'),
    {
      id: 'input-missing',
      files: { 'before.tif': BEFORE },
      args: ['change', '{dir}/before.tif', '{dir}/nope.tif', '--out', '{out}', ...FIXED],
      expect: fails('{dir}/nope.tif', /^no such file$/)
    },
    {
      id: 'input-directory',
      files: { 'before.tif': BEFORE, 'folder.tif': 'dir' },
      args: ['change', '{dir}/before.tif', '{dir}/folder.tif', '--out', '{out}', ...FIXED],
      expect: fails('{dir}/folder.tif', /^not a regular file$/)
    }
  ];
}

function outputs(): CorpusCase[] {
  const base = (id: string, out: string, expect: Expected, files: CorpusCase['files'] = {}, previous?: Record<string, string>): CorpusCase => ({
    id,
    files: { 'before.tif': BEFORE, 'after.tif': tiff(after).bytes, ...files },
    args: ['change', '{dir}/before.tif', '{dir}/after.tif', '--out', out, ...FIXED],
    expect,
    previous
  });
  return [
    base('out-is-a-file', '{dir}/before.tif', fails('{dir}/before.tif', /^the output folder is a file$/)),
    base('out-under-a-file', '{dir}/after.tif/results', fails('{dir}/after.tif/results', /^the output folder cannot be made: \{dir\}\/after\.tif is a file$/)),
    {
      ...base('out-holds-an-input', '{dir}', fails('{dir}', /^the output folder holds an input \(before\.tif\); choose another folder$/)),
      args: ['change', '{dir}/before.tif', '{dir}/after.tif', '--out', '{dir}', ...FIXED]
    },
    {
      id: 'out-holds-input-named-like-output',
      files: { 'magnitude.tif': BEFORE, 'after.tif': tiff(after).bytes },
      args: ['change', '{dir}/magnitude.tif', '{dir}/after.tif', '--out', '{dir}', ...FIXED],
      expect: fails('{dir}', /^the output folder holds an input \(magnitude\.tif\); choose another folder$/)
    },
    base('out-in-proc', '/proc/sitewatch-out', fails('/proc/sitewatch-out', /^the output folder cannot be made: /)),
    {
      ...base(
        'failed-run-keeps-previous-result',
        '{out}',
        fails('after.tif', /^strip 1 \(rows 8–15\)/),
        {},
        { 'summary.json': '{"changedPixels": 396}\n', 'mask.tif': 'previous mask' }
      ),
      files: { 'before.tif': BEFORE, 'after.tif': patch.u32(tiff(after), patch.valuesAt(tiff(after), 279) + 4, 0) }
    },
    base('succeeds-into-existing-folder', '{out}', ok(), {}, { 'notes.txt': 'kept' })
  ];
}

/** Every case, in a fixed order; ids are unique. */
export function corpusCases(): CorpusCase[] {
  return [...truncations(), ...structure(), ...values(), ...pairs(), ...formats(), ...names(), ...outputs()];
}
