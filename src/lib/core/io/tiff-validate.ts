/**
 * The TIFF structure checked against the file before a single block is decoded: the directory
 * chain (inside the file, no loops), the first directory's layout (sizes, sample types, planar
 * configuration, tile sizes, one offset and one byte count per block, every block inside the file)
 * and the declared size against a pixel budget. A damaged file fails when it is opened, with a
 * message naming the file and the structure at fault, instead of decoding to nodata, zeros or an
 * out-of-memory abort halfway through an analysis.
 */
import { InputError } from '../raster';
import { DEFAULT_READ_LIMITS, type ReadLimits } from './read-limits';

/** Bytes per value of each TIFF field type (6.0 and BigTIFF). */
const FIELD_BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };
const ASCII = 2;

/** Tags read here, by name. */
export const TAG = {
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  Predictor: 317,
  SampleFormat: 339,
  GeoAsciiParams: 34737,
  GdalNoData: 42113
} as const;

/** No directory chain in a real file is longer; a longer one is a loop in disguise. */
const MAX_DIRECTORIES = 65536;
/** Largest block (strip or tile, decoded) we hold in memory at once: 512 MiB. */
const MAX_BLOCK_BYTES = 512 * 2 ** 20;

export interface Directory {
  littleEndian: boolean;
  bigTiff: boolean;
  /** Byte position of this directory in the file. */
  offset: number;
  /** Tag → field type, value count, and byte position of the values. */
  entries: Map<number, { type: number; count: number; at: number }>;
}

/** The layout the blocks must follow, as checked; used again to check each decoded block. */
export interface TiffLayout {
  width: number;
  height: number;
  samples: number;
  bitsPerSample: number[];
  /** SampleFormat per sample: 1 unsigned, 2 signed integer, 3 floating point. */
  sampleFormats: number[];
  planar: boolean;
  tiled: boolean;
  blockWidth: number;
  blockHeight: number;
  compression: number;
  offsets: number[];
  byteCounts: number[];
}

type Read = (at: number, n: number) => Promise<DataView>;

function reader(blob: Blob): Read {
  return async (at, n) => new DataView(await blob.slice(at, at + n).arrayBuffer());
}

/** Reads one directory at `offset` and checks that it and every value it points to lie inside the file. */
async function readDirectory(read: Read, size: number, name: string, offset: number, littleEndian: boolean, bigTiff: boolean, index: number) {
  const where = index === 0 ? 'TIFF directory' : `TIFF directory ${index + 1}`;
  const countBytes = bigTiff ? 8 : 2;
  const entryBytes = bigTiff ? 20 : 12;
  const word = (v: DataView, at: number) => (bigTiff ? Number(v.getBigUint64(at, littleEndian)) : v.getUint32(at, littleEndian));
  if (offset + countBytes > size) throw new InputError(name, `the file is truncated: ${where} at byte ${offset} lies beyond its ${size}-byte end`);
  const countView = await read(offset, countBytes);
  const count = bigTiff ? Number(countView.getBigUint64(0, littleEndian)) : countView.getUint16(0, littleEndian);
  const end = offset + countBytes + count * entryBytes + (bigTiff ? 8 : 4);
  if (end > size) throw new InputError(name, `the file is truncated: ${where} at byte ${offset} runs past its ${size}-byte end`);
  if (count === 0) throw new InputError(name, `the ${where} is damaged: it has no entries`);
  const view = await read(offset + countBytes, count * entryBytes + (bigTiff ? 8 : 4));
  const entries: Directory['entries'] = new Map();
  for (let e = 0; e < count * entryBytes; e += entryBytes) {
    const tag = view.getUint16(e, littleEndian);
    const type = view.getUint16(e + 2, littleEndian);
    if (!FIELD_BYTES[type]) throw new InputError(name, `the ${where} is damaged: tag ${tag} has an unknown field type ${type}`);
    const n = bigTiff ? Number(view.getBigUint64(e + 4, littleEndian)) : view.getUint32(e + 4, littleEndian);
    const bytes = n * FIELD_BYTES[type];
    const at = bytes <= (bigTiff ? 8 : 4) ? offset + countBytes + e + (bigTiff ? 12 : 8) : word(view, e + (bigTiff ? 12 : 8));
    if (at + bytes > size)
      throw new InputError(name, `the file is truncated: TIFF tag ${tag} data (${bytes} bytes at byte ${at}) runs past its ${size}-byte end`);
    entries.set(tag, { type, count: n, at });
  }
  const next = word(view, count * entryBytes);
  return { directory: { littleEndian, bigTiff, offset, entries } satisfies Directory, next };
}

/**
 * Reads the header and walks the whole directory chain (each directory inside the file, none
 * visited twice); returns the first directory, the full-resolution image.
 */
export async function readDirectories(blob: Blob, name: string): Promise<Directory[]> {
  const read = reader(blob);
  const size = blob.size;
  const head = await read(0, 16);
  const incomplete = new InputError(name, 'the file is truncated: its TIFF header is incomplete');
  if (head.byteLength < 8) throw incomplete;
  const littleEndian = head.getUint16(0) === 0x4949;
  const bigTiff = head.getUint16(2, littleEndian) === 43;
  if (bigTiff && head.byteLength < 16) throw incomplete;
  let offset = bigTiff ? Number(head.getBigUint64(8, littleEndian)) : head.getUint32(4, littleEndian);
  const seen = new Set<number>();
  const directories: Directory[] = [];
  while (offset !== 0) {
    if (seen.has(offset))
      throw new InputError(name, `the TIFF directory chain is damaged: directory ${directories.length + 1} points back to byte ${offset} (a loop)`);
    if (directories.length === MAX_DIRECTORIES) throw new InputError(name, `the TIFF directory chain is damaged: more than ${MAX_DIRECTORIES} directories`);
    seen.add(offset);
    const { directory, next } = await readDirectory(read, size, name, offset, littleEndian, bigTiff, directories.length);
    directories.push(directory);
    offset = next;
  }
  if (directories.length === 0) throw new InputError(name, 'the TIFF directory is damaged: the file has no image directory');
  return directories;
}

/** An integer tag's values (BYTE, SHORT, LONG or LONG8), or null when the tag is absent. */
export async function readIntegers(blob: Blob, name: string, dir: Directory, tag: number, what: string): Promise<number[] | null> {
  const entry = dir.entries.get(tag);
  if (!entry) return null;
  const size = FIELD_BYTES[entry.type];
  if (entry.type !== 1 && entry.type !== 3 && entry.type !== 4 && entry.type !== 16) {
    throw new InputError(name, `the TIFF directory is damaged: tag ${tag} (${what}) is not stored as integers`);
  }
  const view = await reader(blob)(entry.at, entry.count * size);
  return Array.from({ length: entry.count }, (_, i) =>
    size === 1
      ? view.getUint8(i)
      : size === 2
        ? view.getUint16(i * size, dir.littleEndian)
        : size === 4
          ? view.getUint32(i * size, dir.littleEndian)
          : Number(view.getBigUint64(i * size, dir.littleEndian))
  );
}

async function readScalar(blob: Blob, name: string, dir: Directory, tag: number, what: string): Promise<number | null> {
  const values = await readIntegers(blob, name, dir, tag, what);
  if (values === null) return null;
  if (values.length === 0) throw new InputError(name, `the TIFF directory is damaged: tag ${tag} (${what}) has no value`);
  if (values.length > 1) throw new InputError(name, `the TIFF directory is damaged: tag ${tag} (${what}) has ${values.length} values instead of one`);
  return values[0];
}

/** Text tags (GDAL_NODATA, GeoAsciiParams) must be ASCII: a number there is a damaged file, not a value to guess at. */
function checkText(name: string, dir: Directory, tag: number, what: string): void {
  const entry = dir.entries.get(tag);
  if (entry && entry.type !== ASCII) throw new InputError(name, `the TIFF directory is damaged: ${what} (tag ${tag}) is not stored as text`);
}

const SAMPLE_FORMATS: Record<number, string> = { 1: 'unsigned integer', 2: 'signed integer', 3: 'floating point' };

/**
 * Checks a directory's layout (the image's, or its internal mask's) against the file and the
 * limits; returns it for the block checks. Sparse blocks (offset and byte count 0, as GDAL writes
 * with SPARSE_OK) are allowed only when the file declares a nodata value, so that they read as
 * nodata as GDAL reads them.
 */
export async function validateTiff(
  blob: Blob,
  name: string,
  dir: Directory,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  kind: 'image' | 'mask' = 'image'
): Promise<TiffLayout> {
  const damaged = (problem: string) => new InputError(name, `the TIFF directory is damaged: ${problem}`);
  const width = await readScalar(blob, name, dir, TAG.ImageWidth, 'image width');
  const height = await readScalar(blob, name, dir, TAG.ImageLength, 'image height');
  if (width === null || height === null) throw damaged(`the image ${width === null ? 'width' : 'height'} is missing`);
  if (!width || !height) throw damaged(`the image size is ${width} × ${height} pixels`);
  if (width * height > limits.maxPixels) {
    throw new InputError(
      name,
      `the image declares ${width} × ${height} pixels (${(width * height).toExponential(2)}), more than the limit of ${limits.maxPixels.toExponential(2)} pixels`
    );
  }
  const samples = (await readScalar(blob, name, dir, TAG.SamplesPerPixel, 'samples per pixel')) ?? 1;
  if (samples < 1 || samples > 1024) throw damaged(`${samples} samples per pixel`);
  const bitsList = (await readIntegers(blob, name, dir, TAG.BitsPerSample, 'bits per sample')) ?? [1];
  if (bitsList.length === 0) throw damaged('bits per sample has no value');
  const bitsPerSample = Array.from({ length: samples }, (_, i) => bitsList[Math.min(i, bitsList.length - 1)]);
  const badBits = bitsPerSample.find((b) => b < 1 || b > 64);
  if (badBits !== undefined) throw damaged(`${badBits} bits per sample`);
  const planarValue = (await readScalar(blob, name, dir, TAG.PlanarConfiguration, 'planar configuration')) ?? 1;
  if (planarValue !== 1 && planarValue !== 2) throw damaged(`planar configuration ${planarValue} (must be 1, interleaved, or 2, separate planes)`);
  const formatList = (await readIntegers(blob, name, dir, TAG.SampleFormat, 'sample format')) ?? [1];
  if (formatList.length === 0) throw damaged('the sample format has no value');
  const formats = Array.from({ length: samples }, (_, i) => formatList[Math.min(i, formatList.length - 1)]);
  const badFormat = formats.find((f) => !SAMPLE_FORMATS[f]);
  if (badFormat !== undefined) {
    const kind = { 4: 'untyped', 5: 'complex integer', 6: 'complex floating point' }[badFormat];
    throw new InputError(name, `unsupported sample format ${badFormat}${kind ? ` (${kind})` : ''}: only integer and floating-point samples are read`);
  }
  // A mask (io/mask.ts) holds 1- or 8-bit unsigned samples, as GDAL writes and reads them.
  const readBits = kind === 'mask' ? [1, 8] : [8, 16, 32, 64];
  const unreadBits = bitsPerSample.find((b) => !readBits.includes(b));
  if (unreadBits !== undefined || (kind === 'mask' && formats[0] !== 1)) {
    throw new InputError(name, `unsupported sample type: ${unreadBits ?? bitsPerSample[0]}-bit ${SAMPLE_FORMATS[formats[0]]}`);
  }
  if (new Set(bitsPerSample).size > 1 || new Set(formats).size > 1) throw new InputError(name, 'bands of different sample types are not supported');
  checkText(name, dir, TAG.GdalNoData, 'the nodata value (GDAL_NODATA)');
  checkText(name, dir, TAG.GeoAsciiParams, 'the GeoTIFF text parameters (GeoAsciiParams)');
  const compression = (await readScalar(blob, name, dir, TAG.Compression, 'compression')) ?? 1;
  const predictor = (await readScalar(blob, name, dir, TAG.Predictor, 'predictor')) ?? 1;
  if (predictor !== 1 && predictor !== 2 && predictor !== 3) throw damaged(`predictor ${predictor} (must be 1, 2 or 3)`);

  const planar = planarValue === 2 && samples > 1;
  const tiled = dir.entries.has(TAG.TileWidth) || dir.entries.has(TAG.TileOffsets);
  let blockWidth: number;
  let blockHeight: number;
  if (tiled) {
    blockWidth = (await readScalar(blob, name, dir, TAG.TileWidth, 'tile width')) ?? 0;
    blockHeight = (await readScalar(blob, name, dir, TAG.TileLength, 'tile height')) ?? 0;
    if (blockWidth <= 0 || blockHeight <= 0 || blockWidth % 16 !== 0 || blockHeight % 16 !== 0) {
      throw damaged(`tiles of ${blockWidth} × ${blockHeight} pixels (tile sizes must be positive multiples of 16)`);
    }
  } else {
    blockWidth = width;
    const rowsPerStrip = (await readScalar(blob, name, dir, TAG.RowsPerStrip, 'rows per strip')) ?? height;
    if (rowsPerStrip <= 0) throw damaged('0 rows per strip');
    blockHeight = Math.min(rowsPerStrip, height);
  }
  const pixelBits = planar ? Math.max(...bitsPerSample) : bitsPerSample.reduce((a, b) => a + b, 0);
  const blockBytes = Math.ceil((blockWidth * pixelBits) / 8) * blockHeight;
  if (blockBytes > MAX_BLOCK_BYTES) {
    const kind = tiled ? `a tile of ${blockWidth} × ${blockHeight}` : `a strip of ${blockHeight} rows`;
    throw new InputError(
      name,
      `${kind} pixels would take ${(blockBytes / 2 ** 20).toFixed(0)} MiB to decode, more than the 512 MiB a block may take; convert it with gdal_translate -co TILED=YES`
    );
  }

  const [offsetsTag, countsTag] = tiled ? [TAG.TileOffsets, TAG.TileByteCounts] : [TAG.StripOffsets, TAG.StripByteCounts];
  const block = tiled ? 'tile' : 'strip';
  const offsets = await readIntegers(blob, name, dir, offsetsTag, `${block} offsets`);
  const byteCounts = await readIntegers(blob, name, dir, countsTag, `${block} byte counts`);
  const blocks = Math.ceil(width / blockWidth) * Math.ceil(height / blockHeight) * (planar ? samples : 1);
  if (!offsets || offsets.length === 0) throw damaged(`the ${block} offsets (tag ${offsetsTag}) are missing`);
  if (!byteCounts || byteCounts.length === 0) throw damaged(`the ${block} byte counts (tag ${countsTag}) are missing`);
  if (offsets.length < blocks || byteCounts.length < blocks) {
    throw damaged(`the image needs ${blocks} ${block}s but the file lists ${Math.min(offsets.length, byteCounts.length)} (${block}s or planes are missing)`);
  }
  const hasNoData = dir.entries.has(TAG.GdalNoData);
  const uncompressedBytes = (index: number) => {
    const row = Math.floor((index % (blocks / (planar ? samples : 1))) / Math.ceil(width / blockWidth));
    const rows = tiled ? blockHeight : Math.min(blockHeight, height - row * blockHeight);
    return Math.ceil((blockWidth * pixelBits) / 8) * rows;
  };
  for (let i = 0; i < blocks; i++) {
    const at = offsets[i];
    const n = byteCounts[i];
    if (n === 0) {
      if (hasNoData) continue;
      throw new InputError(
        name,
        `${describeBlock({ tiled, planar, width, height, blockWidth, blockHeight, samples }, i)} is empty (0 bytes) and the file declares no nodata value`
      );
    }
    if (at + n > blob.size) {
      throw new InputError(name, `the file is truncated: its pixel data runs to byte ${at + n} but the file ends at byte ${blob.size}`);
    }
    if (compression === 1 && n < uncompressedBytes(i)) {
      throw new InputError(
        name,
        `${describeBlock({ tiled, planar, width, height, blockWidth, blockHeight, samples }, i)} holds ${n} bytes but its pixels need ${uncompressedBytes(i)}`
      );
    }
  }
  return {
    width,
    height,
    samples,
    bitsPerSample,
    sampleFormats: formats,
    planar,
    tiled,
    blockWidth,
    blockHeight,
    compression,
    offsets: offsets.slice(0, blocks),
    byteCounts: byteCounts.slice(0, blocks)
  };
}

/** "strip 3 (rows 48–63)" or "tile 2, 5 (rows …, columns …)", with the band when planes are separate. */
export function describeBlock(
  layout: Pick<TiffLayout, 'tiled' | 'planar' | 'width' | 'height' | 'blockWidth' | 'blockHeight' | 'samples'>,
  index: number
): string {
  const across = Math.ceil(layout.width / layout.blockWidth);
  const perPlane = across * Math.ceil(layout.height / layout.blockHeight);
  const plane = Math.floor(index / perPlane);
  const i = index % perPlane;
  const tx = i % across;
  const ty = Math.floor(i / across);
  const rows = `rows ${ty * layout.blockHeight}–${Math.min(layout.height, (ty + 1) * layout.blockHeight) - 1}`;
  const band = layout.planar ? ` of band ${plane + 1}` : '';
  if (!layout.tiled) return `strip ${index}${band} (${rows})`;
  const columns = `columns ${tx * layout.blockWidth}–${Math.min(layout.width, (tx + 1) * layout.blockWidth) - 1}`;
  return `tile ${index}${band} (${rows}, ${columns})`;
}
