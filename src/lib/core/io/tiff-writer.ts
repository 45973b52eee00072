/**
 * Our own GeoTIFF writer. geotiff.js's writer mutates its input and cannot copy GeoKeys verbatim;
 * exports must carry the source's georeferencing byte for byte, and the same inputs must give the
 * same bytes (recipes promise reproducible exports), so nothing here depends on time or platform.
 */
import { zlibSync } from 'fflate';
import type { GeoInfo, Transform } from '../raster';
import { geoInfoFromTags, geoTiffTagsFor } from './geo';

type WriterDType = 'uint8' | 'uint16' | 'int16' | 'float32';
type BandArray = Uint8Array | Uint16Array | Int16Array | Float32Array;

const ASCII = 2;
const SHORT = 3;
const LONG = 4;
const DOUBLE = 12;
const LONG8 = 16;
const TYPE_BYTES: Record<number, number> = { [ASCII]: 1, [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8, [LONG8]: 8 };

const SAMPLE: Record<WriterDType, { bytes: number; format: number; array: new (n: number) => BandArray }> = {
  uint8: { bytes: 1, format: 1, array: Uint8Array },
  uint16: { bytes: 2, format: 1, array: Uint16Array },
  int16: { bytes: 2, format: 2, array: Int16Array },
  float32: { bytes: 4, format: 3, array: Float32Array }
};

interface Tag {
  code: number;
  type: number;
  values: ArrayLike<number>;
}

/** Strips of ≈ 256 KiB: big enough for fast sequential I/O, small enough for windowed readers. */
function rowsPerStrip(rowBytes: number, height: number): number {
  return Math.max(1, Math.min(height, Math.floor(262_144 / rowBytes)));
}

function asciiTag(code: number, text: string): Tag {
  const bytes = new TextEncoder().encode(text);
  const values = new Uint8Array(bytes.length + 1); // NUL-terminated, as TIFF ASCII requires
  values.set(bytes);
  return { code, type: ASCII, values };
}

/** Nodata as GDAL writes it (and reads it back exactly): "nan", "inf", or the shortest round-trip decimal. */
function gdalNoDataText(nodata: number): string {
  if (Number.isNaN(nodata)) return 'nan';
  if (!Number.isFinite(nodata)) return nodata > 0 ? 'inf' : '-inf';
  return String(nodata);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** Tags every export shares: sample layout, georeferencing and GDAL's nodata/metadata tags. */
function imageTags(o: {
  width: number;
  height: number;
  samples: number;
  dtype: WriterDType;
  geo: GeoInfo | null;
  nodata: number | null;
  description?: string;
  bandNames?: string[];
}): Tag[] {
  const { bytes, format } = SAMPLE[o.dtype];
  const tags: Tag[] = [
    { code: 256, type: LONG, values: [o.width] },
    { code: 257, type: LONG, values: [o.height] },
    { code: 258, type: SHORT, values: new Array(o.samples).fill(bytes * 8) },
    { code: 262, type: SHORT, values: [1] }, // min-is-black: bands are measurements, not colours
    { code: 277, type: SHORT, values: [o.samples] },
    { code: 284, type: SHORT, values: [1] },
    { code: 339, type: SHORT, values: new Array(o.samples).fill(format) }
  ];
  // Without ExtraSamples, libtiff warns that min-is-black has one colour channel but N samples.
  if (o.samples > 1) tags.push({ code: 338, type: SHORT, values: new Array(o.samples - 1).fill(0) });
  if (o.description !== undefined) tags.push(asciiTag(270, o.description));
  if (o.geo) {
    const g = geoTiffTagsFor(o.geo);
    if (g.modelPixelScale) tags.push({ code: 33550, type: DOUBLE, values: g.modelPixelScale });
    if (g.modelTiepoint) tags.push({ code: 33922, type: DOUBLE, values: g.modelTiepoint });
    if (g.modelTransformation) tags.push({ code: 34264, type: DOUBLE, values: g.modelTransformation });
    if (g.geoKeyDirectory?.length) tags.push({ code: 34735, type: SHORT, values: g.geoKeyDirectory });
    if (g.geoDoubleParams) tags.push({ code: 34736, type: DOUBLE, values: g.geoDoubleParams });
    if (g.geoAsciiParams !== undefined) tags.push(asciiTag(34737, g.geoAsciiParams));
  }
  if (o.bandNames?.length) {
    // Escaped twice, as GDAL writes (and therefore reads) item text.
    const items = o.bandNames.map((name, i) => `  <Item name="DESCRIPTION" sample="${i}" role="description">${escapeXml(escapeXml(name))}</Item>\n`);
    tags.push(asciiTag(42112, `<GDALMetadata>\n${items.join('')}</GDALMetadata>\n`));
  }
  if (o.nodata !== null) tags.push(asciiTag(42113, gdalNoDataText(o.nodata)));
  return tags;
}

/**
 * Header + the one directory + out-of-line tag values, with the data blocks expected back to back
 * right after it. Classic TIFF unless offsets would pass 4 GiB, then BigTIFF (GDAL's IF_NEEDED).
 */
function tiffHeader(tags: Tag[], blockBytes: number[], tiled: boolean): Uint8Array {
  const dataBytes = blockBytes.reduce((sum, n) => sum + n, 0);
  const classic = layoutHeader(tags, blockBytes, tiled, false);
  return classic.length + dataBytes <= 0xffff_ffff ? classic : layoutHeader(tags, blockBytes, tiled, true);
}

function layoutHeader(tags: Tag[], blockBytes: number[], tiled: boolean, big: boolean): Uint8Array {
  const offsets: number[] = new Array(blockBytes.length).fill(0);
  const blockType = big ? LONG8 : LONG;
  const all = [...tags, { code: tiled ? 324 : 273, type: blockType, values: offsets }, { code: tiled ? 325 : 279, type: blockType, values: blockBytes }].sort(
    (a, b) => a.code - b.code
  );
  const inlineBytes = big ? 8 : 4;
  const entryBytes = big ? 20 : 12;
  const ifdAt = big ? 16 : 8;
  let end = ifdAt + (big ? 8 : 2) + all.length * entryBytes + (big ? 8 : 4);
  const valueAt = all.map((tag) => {
    const bytes = tag.values.length * TYPE_BYTES[tag.type];
    if (bytes <= inlineBytes) return -1;
    end = Math.ceil(end / 8) * 8;
    end += bytes;
    return end - bytes;
  });
  const dataOffset = Math.ceil(end / 8) * 8;
  for (let i = 0, at = dataOffset; i < blockBytes.length; at += blockBytes[i++]) offsets[i] = at;

  const header = new Uint8Array(dataOffset);
  const view = new DataView(header.buffer);
  const putCount = (at: number, n: number) => (big ? view.setBigUint64(at, BigInt(n), true) : view.setUint32(at, n, true));
  view.setUint16(0, 0x4949); // "II": little-endian
  view.setUint16(2, big ? 43 : 42, true);
  if (big) {
    view.setUint16(4, 8, true);
    view.setBigUint64(8, BigInt(ifdAt), true);
    view.setBigUint64(ifdAt, BigInt(all.length), true);
  } else {
    view.setUint32(4, ifdAt, true);
    view.setUint16(ifdAt, all.length, true);
  }
  all.forEach((tag, i) => {
    const entry = ifdAt + (big ? 8 : 2) + i * entryBytes;
    view.setUint16(entry, tag.code, true);
    view.setUint16(entry + 2, tag.type, true);
    putCount(entry + 4, tag.values.length);
    const valueField = entry + (big ? 12 : 8);
    if (valueAt[i] >= 0) putCount(valueField, valueAt[i]);
    writeValues(view, valueAt[i] >= 0 ? valueAt[i] : valueField, tag);
  });
  return header; // the next-IFD offset after the entries stays 0: one image, no overviews
}

function writeValues(view: DataView, at: number, tag: Tag): void {
  const size = TYPE_BYTES[tag.type];
  for (let i = 0; i < tag.values.length; i++) {
    const v = tag.values[i];
    const p = at + i * size;
    if (tag.type === ASCII) view.setUint8(p, v);
    else if (tag.type === SHORT) view.setUint16(p, v, true);
    else if (tag.type === LONG) view.setUint32(p, v, true);
    else if (tag.type === LONG8) view.setBigUint64(p, BigInt(v), true);
    else view.setFloat64(p, v, true);
  }
}

/**
 * The header of an uncompressed single-band GeoTIFF whose pixels form one contiguous block of
 * width·height samples at `dataOffset` (= header.length), so rows can be streamed to
 * `dataOffset + y·width·bytesPerSample` or appended as Blob parts `[header, rows…]`.
 * `byteLength` is the size of the whole file.
 */
export function singleBandGeoTiffHeader(opts: {
  width: number;
  height: number;
  dtype: 'uint8' | 'float32';
  geo: GeoInfo | null;
  nodata: number | null;
  description?: string;
}): { header: Uint8Array; dataOffset: number; byteLength: number } {
  const rowBytes = opts.width * SAMPLE[opts.dtype].bytes;
  const rows = rowsPerStrip(rowBytes, opts.height);
  const strips = Math.ceil(opts.height / rows);
  const stripBytes = Array.from({ length: strips }, (_, i) => Math.min(rows, opts.height - i * rows) * rowBytes);
  const tags = imageTags({ ...opts, samples: 1 });
  tags.push({ code: 259, type: SHORT, values: [1] }, { code: 278, type: LONG, values: [rows] });
  const header = tiffHeader(tags, stripBytes, false);
  return { header, dataOffset: header.length, byteLength: header.length + rowBytes * opts.height };
}

/**
 * The header of an uncompressed band-separate (PlanarConfiguration 2) GeoTIFF whose bands each
 * form one contiguous block of width·height samples, band b at `dataOffset + b·bandBytes`, so a
 * multi-band raster can be streamed row by row into its place without holding it in memory.
 */
export function bandSeparateGeoTiffHeader(opts: {
  width: number;
  height: number;
  bands: number;
  dtype: 'uint8' | 'float32';
  geo: GeoInfo | null;
  nodata: number | null;
  bandNames?: string[];
}): { header: Uint8Array; dataOffset: number; bandBytes: number; byteLength: number } {
  const rowBytes = opts.width * SAMPLE[opts.dtype].bytes;
  const rows = rowsPerStrip(rowBytes, opts.height);
  const strips = Math.ceil(opts.height / rows);
  const bandStrips = Array.from({ length: strips }, (_, i) => Math.min(rows, opts.height - i * rows) * rowBytes);
  const tags = imageTags({ ...opts, samples: opts.bands }).map((t) => (t.code === 284 ? { ...t, values: [2] } : t));
  tags.push({ code: 259, type: SHORT, values: [1] }, { code: 278, type: LONG, values: [rows] });
  const header = tiffHeader(tags, Array.from({ length: opts.bands }, () => bandStrips).flat(), false);
  const bandBytes = rowBytes * opts.height;
  return { header, dataOffset: header.length, bandBytes, byteLength: header.length + bandBytes * opts.bands };
}

/** TIFF predictor 2: each sample minus its left neighbour of the same band, per block row. */
function differenceHorizontally(block: BandArray, rowLength: number, samples: number): void {
  for (let row = 0; row < block.length; row += rowLength) {
    for (let i = row + rowLength - 1; i >= row + samples; i--) block[i] -= block[i - samples];
  }
}

/** TIFF predictor 3 (Adobe floating point): bytes regrouped most significant first, then differenced. */
function differenceFloats(block: Float32Array, rowLength: number, samples: number): void {
  const bytes = new Uint8Array(block.buffer);
  const rowBytes = rowLength * 4;
  for (let row = 0; row < bytes.length; row += rowBytes) {
    const source = bytes.slice(row, row + rowBytes);
    for (let i = 0; i < rowLength; i++) {
      for (let b = 0; b < 4; b++) bytes[row + (3 - b) * rowLength + i] = source[i * 4 + b];
    }
    for (let i = row + rowBytes - 1; i >= row + samples; i--) bytes[i] -= bytes[i - samples];
  }
}

/**
 * A whole multi-band GeoTIFF in memory, pixel-interleaved: for the demo scenes and test fixtures.
 * `predictor` applies TIFF predictor 2 to integers and 3 to floats (worthwhile with deflate);
 * `tileSize` (a multiple of 16) writes tiles instead of ≈ 256 KiB strips.
 */
export function encodeGeoTiff(opts: {
  width: number;
  height: number;
  bands: BandArray[];
  dtype: WriterDType;
  geo: GeoInfo | null;
  nodata: number | null;
  compression: 'none' | 'deflate';
  predictor?: boolean;
  bandNames?: string[];
  tileSize?: number;
}): Uint8Array {
  const { width, height, bands, dtype, tileSize } = opts;
  const sample = SAMPLE[dtype];
  for (const band of bands) {
    if (!(band instanceof sample.array) || band.length !== width * height) {
      throw new TypeError(`every band must be a ${sample.array.name} of ${width}×${height} samples`);
    }
  }
  if (tileSize !== undefined && (tileSize <= 0 || tileSize % 16 !== 0)) {
    throw new RangeError(`TIFF tiles must be a positive multiple of 16 pixels, not ${tileSize}`);
  }
  const samples = bands.length;
  const blockWidth = tileSize ?? width;
  const blockHeight = tileSize ?? rowsPerStrip(width * samples * sample.bytes, height);
  const blocks: Uint8Array[] = [];
  for (let y0 = 0; y0 < height; y0 += blockHeight) {
    for (let x0 = 0; x0 < width; x0 += blockWidth) {
      // Edge tiles are padded to full size (TIFF requires it); the last strip is just shorter.
      const rows = tileSize ? blockHeight : Math.min(blockHeight, height - y0);
      const block = new sample.array(blockWidth * rows * samples);
      for (let y = 0; y < rows && y0 + y < height; y++) {
        for (let x = 0; x < blockWidth && x0 + x < width; x++) {
          const from = (y0 + y) * width + x0 + x;
          for (let b = 0; b < samples; b++) block[(y * blockWidth + x) * samples + b] = bands[b][from];
        }
      }
      if (opts.predictor && block instanceof Float32Array) differenceFloats(block, blockWidth * samples, samples);
      else if (opts.predictor) differenceHorizontally(block, blockWidth * samples, samples);
      const bytes = new Uint8Array(block.buffer);
      blocks.push(opts.compression === 'deflate' ? zlibSync(bytes) : bytes);
    }
  }
  const tags = imageTags({ ...opts, samples });
  tags.push({ code: 259, type: SHORT, values: [opts.compression === 'deflate' ? 8 : 1] });
  if (opts.predictor) tags.push({ code: 317, type: SHORT, values: [dtype === 'float32' ? 3 : 2] });
  if (tileSize) {
    tags.push({ code: 322, type: LONG, values: [tileSize] }, { code: 323, type: LONG, values: [tileSize] });
  } else {
    tags.push({ code: 278, type: LONG, values: [blockHeight] });
  }
  const header = tiffHeader(
    tags,
    blocks.map((b) => b.length),
    tileSize !== undefined
  );
  const file = new Uint8Array(header.length + blocks.reduce((sum, b) => sum + b.length, 0));
  file.set(header);
  for (let i = 0, at = header.length; i < blocks.length; at += blocks[i++].length) file.set(blocks[i], at);
  return file;
}

/** Minimal GeoKeys naming an EPSG CRS (GDAL resolves the rest from its EPSG database). */
export function geoKeysFor(epsg: number, projected: boolean): GeoInfo['geoKeys'] {
  const keys = projected
    ? [1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, epsg, 3076, 0, 1, 9001] // projected, area, CRS, metre
    : [1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, epsg];
  return { directory: [1, 1, 0, keys.length / 4, ...keys], doubleParams: null, asciiParams: null };
}

/**
 * GeoInfo for a raster made from scratch (e.g. the demo scene), parsed back from the tags we
 * would write so it is exactly what a reader of the export will see. EPSG 4000–4999 are
 * geographic CRSs; everything else is taken as projected unless told otherwise.
 */
export function geoInfoFor(epsg: number, transform: Transform, projected = epsg < 4000 || epsg >= 5000): GeoInfo {
  const geo = geoInfoFromTags(geoTiffTagsFor({ transform, geoKeys: geoKeysFor(epsg, projected) }));
  if (!geo) throw new RangeError(`not an invertible pixel-to-map transform: ${transform.join(', ')}`);
  return geo;
}
