/**
 * Bad input must give an InputError that names the file and says what is wrong in plain words;
 * never a bare TypeError or RangeError from a decoder.
 */
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { openRaster } from '../../src/lib/core/io/open-raster';
import { encodeGeoTiff, geoInfoFor } from '../../src/lib/core/io/tiff-writer';
import { InputError } from '../../src/lib/core/raster';

const width = 64;
const height = 48;
const band = Uint8Array.from({ length: width * height }, (_, i) => (i * 7) % 251);
const geo = geoInfoFor(32637, [500000, 10, 0, 4000000, 0, -10]);

function tiff(compression: 'none' | 'deflate', bands = [band, band]): Uint8Array {
  return encodeGeoTiff({ width, height, bands, dtype: 'uint8', geo, nodata: null, compression, tileSize: 16 });
}

/** Rewrites a tag's count, or its (inline SHORT) value, in a classic little-endian TIFF's first directory. */
function patchEntry(file: Uint8Array, tag: number, field: 'count' | 'value', n: number): Uint8Array {
  const copy = file.slice();
  const view = new DataView(copy.buffer);
  const ifd = view.getUint32(4, true);
  for (let i = 0, e = ifd + 2; i < view.getUint16(ifd, true); i++, e += 12) {
    if (view.getUint16(e, true) !== tag) continue;
    if (field === 'count') view.setUint32(e + 4, n, true);
    else view.setUint16(e + 8, n, true);
  }
  return copy;
}

/** The same file with its directory copied to the end, as many writers place it, then cut in half. */
function directoryAtEndCut(file: Uint8Array): Uint8Array {
  const view = new DataView(file.buffer);
  const ifd = view.getUint32(4, true);
  const ifdBytes = 2 + view.getUint16(ifd, true) * 12 + 4;
  const moved = new Uint8Array(file.length + ifdBytes);
  moved.set(file);
  moved.set(file.subarray(ifd, ifd + ifdBytes), file.length);
  new DataView(moved.buffer).setUint32(4, file.length, true);
  return moved.subarray(0, Math.floor(moved.length / 2));
}

async function problemWith(bytes: Uint8Array | string, name: string): Promise<InputError> {
  const error = await openRaster(new Blob([bytes as BlobPart]), name).then(
    () => null,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).file).toBe(name);
  expect((error as InputError).message.startsWith(`${name}: `)).toBe(true);
  return error as InputError;
}

describe('openRaster refuses bad files with a plain message naming the file', () => {
  it('an empty file', async () => {
    expect((await problemWith(new Uint8Array(0), 'empty.tif')).message).toBe('empty.tif: the file is empty');
  });

  it('random bytes', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24);
    const { message } = await problemWith(bytes, 'noise.bin');
    expect(message).toMatch(/^noise\.bin: not a GeoTIFF, PNG, JPEG or WebP file \(starts with ([0-9a-f]{2} ){7}[0-9a-f]{2}\)$/);
  });

  it('a text file', async () => {
    const { message } = await problemWith('hello world, this is not an image\n', 'notes.txt');
    expect(message).toBe('notes.txt: not a GeoTIFF, PNG, JPEG or WebP file (starts with "hello wo")');
  });

  it('a TIFF cut in the middle of its pixel data', async () => {
    const file = tiff('deflate');
    const { message } = await problemWith(file.subarray(0, file.length >> 1), 'cut.tif');
    expect(message).toMatch(/^cut\.tif: the file is truncated: its pixel data runs to byte \d+ but the file ends at byte \d+$/);
  });

  it('a TIFF cut before its directory', async () => {
    const cut = directoryAtEndCut(tiff('none'));
    const { message } = await problemWith(cut, 'cut-end.tif');
    expect(message).toMatch(new RegExp(`^cut-end\\.tif: the file is truncated: TIFF directory at byte \\d+ lies beyond its ${cut.length}-byte end$`));
  });

  it.each([3, 6])('a TIFF header alone, cut after %i bytes', async (bytes) => {
    const { message } = await problemWith(tiff('none').subarray(0, bytes), 'header.tif');
    expect(message).toBe('header.tif: the file is truncated: its TIFF header is incomplete');
  });

  it('a TIFF without strip offsets', async () => {
    const { message } = await problemWith(patchEntry(tiff('none'), 324, 'count', 0), 'no-offsets.tif');
    expect(message).toBe('no-offsets.tif: the TIFF directory is damaged: the tile offsets (tag 324) are missing');
  });

  it('a TIFF with a compression code nobody knows', async () => {
    const { message } = await problemWith(patchEntry(tiff('none'), 259, 'value', 12345), 'bogus.tif');
    expect(message).toMatch(/^bogus\.tif: unsupported compression: unknown \(TIFF code 12345\); convert it with gdal_translate/);
  });

  it('a TIFF with a known compression geotiff.js cannot decode (LZMA)', async () => {
    const { message } = await problemWith(patchEntry(tiff('none'), 259, 'value', 34925), 'lzma.tif');
    expect(message).toContain('lzma.tif: unsupported compression: LZMA (TIFF code 34925)');
  });

  it('a TIFF with a 1-bit sample type', async () => {
    const { message } = await problemWith(patchEntry(tiff('none', [band]), 258, 'value', 1), 'bits.tif');
    expect(message).toBe('bits.tif: unsupported sample type: 1-bit unsigned integer');
  });

  it('a TIFF whose compressed pixels are garbage fails on reading, naming the rows', async () => {
    const file = tiff('deflate');
    file.fill(0x55, file.length - 200); // inside the last tiles' deflate streams
    const source = await openRaster(new Blob([file as BlobPart]), 'garbled.tif');
    await expect(source.readRows(0, height, [0, 1])).rejects.toThrow(/^garbled\.tif: tile \d+ \(rows \d+–\d+, columns \d+–\d+\) cannot be decoded: /);
    await expect(source.readRows(0, height, [0, 1])).rejects.toBeInstanceOf(InputError);
  });

  it('a truncated PNG', async () => {
    const png = encodePng({ width, height, data: band, channels: 1, depth: 8 });
    const { message } = await problemWith(png.subarray(0, png.length >> 1), 'cut.png');
    expect(message).toMatch(/^cut\.png: the PNG is damaged or truncated \(.+\)$/);
  });

  it('a truncated JPEG', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
    const { message } = await problemWith(jpeg, 'cut.jpg');
    expect(message).toMatch(/^cut\.jpg: the JPEG is damaged or truncated \(.+\)$/);
  });

  it('a WebP in Node, where only the browser can decode it', async () => {
    const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x20]);
    const { message } = await problemWith(webp, 'photo.webp');
    expect(message).toBe('photo.webp: WebP is decoded only in the browser; convert it to PNG or GeoTIFF for the CLI');
  });
});

describe('cancelling', () => {
  it('an aborted open rejects with AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(openRaster(new Blob([tiff('none') as BlobPart]), 'a.tif', controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('an aborted read rejects with AbortError, and the source still reads afterwards', async () => {
    const source = await openRaster(new Blob([tiff('deflate') as BlobPart]), 'a.tif');
    const controller = new AbortController();
    controller.abort();
    await expect(source.readRows(0, 16, [0], controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect((await source.readRows(0, 16, [0]))[0][1]).toBe(band[1]);
  });
});
