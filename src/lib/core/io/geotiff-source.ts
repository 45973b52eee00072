/**
 * GeoTIFF reading over geotiff.js, lazily and window by window from a Blob, in Node and in workers.
 * Everything we can check up front (truncation, compression, sample type) is checked at open, so a
 * bad file fails when it is dropped rather than halfway through an analysis.
 */
import { GeoTIFF, type GeoTIFFImage, type TypedArray } from 'geotiff';
import { InputError, throwIfAborted, type DType, type RasterInfo, type RasterSource } from '../raster';
import { blockReader } from './block-reader';
import { checkBlock, guardBlocks, oneLine } from './block-guard';
import { registerBoundedDecoders } from './bounded-decoders';
import { geoInfoFromTags } from './geo';
import { DEFAULT_READ_LIMITS, type ReadLimits } from './read-limits';
import { withMask } from './mask';
import { readDirectories, validateTiff, type TiffLayout } from './tiff-validate';
import { internalMask } from './tiff-mask';

type ByteSource = Parameters<typeof GeoTIFF.fromSource>[0];
type Slice = { offset: number; length: number };

/**
 * geotiff.js's byte source over `blob.slice().arrayBuffer()`: its own `fromBlob` needs FileReader,
 * which Node lacks. Reads past the end come back short, like geotiff.js's ArrayBuffer source,
 * because its header parser asks for speculative 1 KiB slices.
 */
function blobByteSource(blob: Blob): ByteSource {
  const fetchSlice = async (slice: Slice, signal?: AbortSignal) => {
    throwIfAborted(signal);
    return { ...slice, data: await blob.slice(slice.offset, slice.offset + slice.length).arrayBuffer() };
  };
  return {
    fetchSlice,
    fetch: (slices: Slice[], signal?: AbortSignal) => Promise.all(slices.map(async (s) => (await fetchSlice(s, signal)).data)),
    get fileSize() {
      return blob.size;
    },
    close: async () => {}
  };
}

/** TIFF compression codes by name, for messages. */
const COMPRESSION: Record<number, string> = {
  1: 'none',
  2: 'CCITT RLE',
  3: 'CCITT fax 3',
  4: 'CCITT fax 4',
  5: 'LZW',
  6: 'old-style JPEG',
  7: 'JPEG',
  8: 'Deflate',
  32946: 'Deflate',
  32773: 'PackBits',
  34712: 'JPEG 2000',
  34887: 'LERC',
  34925: 'LZMA',
  50000: 'ZSTD',
  50001: 'WebP',
  50002: 'JPEG XL'
};
const CONVERT_HINT = 'convert it with gdal_translate -co COMPRESS=DEFLATE';
/** What geotiff.js decodes in Node and in workers alike; WebP tiles (50001) need the browser's decoder. */
const DECODED = new Set([1, 5, 7, 8, 32946, 32773, 34887, 50000]);
const browserDecodesImages = typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function';

function dtypeOf(layout: TiffLayout, name: string): DType {
  const formats = new Set(layout.sampleFormats);
  const bits = new Set(layout.bitsPerSample);
  const [format] = formats;
  const [size] = bits;
  const dtype = (
    { 1: { 8: 'uint8', 16: 'uint16', 32: 'uint32' }, 2: { 8: 'int8', 16: 'int16', 32: 'int32' }, 3: { 16: 'float32', 32: 'float32', 64: 'float64' } } as Record<
      number,
      Record<number, DType>
    >
  )[format]?.[size];
  if (formats.size > 1 || bits.size > 1) throw new InputError(name, 'bands of different sample types are not supported');
  if (!dtype) {
    const kind = { 1: 'unsigned integer', 2: 'signed integer', 3: 'floating point' }[format] ?? `sample format ${format}`;
    throw new InputError(name, `unsupported sample type: ${size}-bit ${kind}`);
  }
  return dtype; // half floats (16-bit) widen to float32 on read, so they report as float32
}

/** GDAL writes nodata as text: "nan", "inf", "-inf" or a decimal, sometimes with trailing blanks. */
function parseNoData(text: string | undefined): number | null {
  const t = text?.replace(/\0/g, '').trim().toLowerCase();
  if (!t) return null;
  if (/^[+-]?inf(inity)?$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return t === 'nan' ? NaN : Number(t);
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => XML_ENTITIES[e]);

/**
 * Band descriptions from GDAL_METADATA (`<Item name="DESCRIPTION" sample="i" role="description">`).
 * GDAL escapes item text twice (once as a value, once as XML) and reads it back the same way;
 * geotiff.js's getGDALMetadata undoes neither, so we parse the tag here.
 */
async function bandNamesOf(image: GeoTIFFImage, bands: number): Promise<(string | null)[]> {
  const names = new Array<string | null>(bands).fill(null);
  const fd = image.getFileDirectory();
  const xml = fd.hasTag('GDAL_METADATA') ? String(await fd.loadValue('GDAL_METADATA')) : '';
  for (const [, attributes, text] of xml.matchAll(/<Item\b([^>]*)>([^<]*)<\/Item>/g)) {
    const sample = Number(/\bsample="(\d+)"/.exec(attributes)?.[1] ?? NaN);
    if (/\bname="DESCRIPTION"/.test(attributes) && sample < bands) names[sample] = unescapeXml(unescapeXml(text));
  }
  return names;
}

/** Float32 rows with nodata, NaN and (when the file has an alpha sample) alpha = 0 as NaN. */
function toFloat32(values: TypedArray | number[], nodata: number | null, alpha: TypedArray | null): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    out[i] = v === nodata || (alpha !== null && alpha[i] === 0) ? NaN : v;
  }
  return out; // NaN stays NaN by itself
}

/** Declared nodata and alpha = 0 → NaN, in place. */
function maskNoData(band: Float32Array, nodata: number | null, alpha: Float32Array | null): void {
  if (nodata === null && alpha === null) return;
  for (let i = 0; i < band.length; i++) {
    if (band[i] === nodata || (alpha !== null && alpha[i] === 0)) band[i] = NaN;
  }
}

/**
 * A RasterSource over the first (full-resolution) image of a (Geo)TIFF or BigTIFF, with its
 * internal mask applied when it has one (io/tiff-mask.ts); overviews are ignored. Pixels are read only when `readRows` asks for them.
 */
export async function openGeoTiff(blob: Blob, name: string, signal?: AbortSignal, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<RasterSource> {
  try {
    return await openValidated(blob, name, signal, limits);
  } catch (e) {
    if (e instanceof InputError || (e as Error).name === 'AbortError') throw e;
    // What validation cannot foresee, geotiff.js meets while parsing tags: still a damaged file.
    const reason = e instanceof RangeError ? "a tag's values cannot be read" : oneLine((e as Error).message);
    throw new InputError(name, `the TIFF directory is damaged: ${reason}`);
  }
}

async function openValidated(blob: Blob, name: string, signal: AbortSignal | undefined, limits: ReadLimits): Promise<RasterSource> {
  registerBoundedDecoders();
  const directories = await readDirectories(blob, name);
  const layout = await validateTiff(blob, name, directories[0], limits);
  throwIfAborted(signal);
  let tiff: GeoTIFF;
  let image: GeoTIFFImage;
  try {
    tiff = await GeoTIFF.fromSource(blobByteSource(blob), {}, signal);
    image = await tiff.getImage(0);
  } catch (e) {
    throwIfAborted(signal);
    throw new InputError(name, `the TIFF structure is damaged (${oneLine((e as Error).message)})`);
  }
  const fd = image.getFileDirectory();
  const { compression } = layout;
  if (!DECODED.has(compression) && !(compression === 50001 && browserDecodesImages)) {
    const what = COMPRESSION[compression] ?? 'unknown';
    const hint = compression === 50001 ? ' (WebP tiles are decoded only in the browser)' : '';
    throw new InputError(name, `unsupported compression: ${what} (TIFF code ${compression})${hint}; ${CONVERT_HINT}`);
  }
  const dtype = dtypeOf(layout, name);
  // geotiff.js 3.0.5 + lerc 3.0.0 return the LERC blob instead of the pixels for 8-bit blocks stored
  // raw, and fail on 32-bit unsigned ones: refuse them rather than show wrong pixels.
  if (compression === 34887 && (dtype === 'uint8' || dtype === 'uint32')) {
    throw new InputError(name, `unsupported compression: LERC with ${dtype} samples (misread by this app's LERC decoder); ${CONVERT_HINT}`);
  }
  const photometric = fd.getValue('PhotometricInterpretation');
  // JPEG tiles stored as YCbCr come out of the JPEG decoder as YCbCr; readRGB converts them.
  const ycbcr = photometric === 6;
  if (ycbcr && compression !== 7) throw new InputError(name, 'unsupported colour encoding: YCbCr without JPEG compression');
  const samples = image.getSamplesPerPixel();
  const lastExtraSample = Array.from(fd.getValue('ExtraSamples') ?? []).at(-1);
  // An associated (1) or unassociated (2) alpha as the last sample is a mask, not a band (as for PNG).
  const alphaSample = samples > 1 && (lastExtraSample === 1 || lastExtraSample === 2) ? samples - 1 : null;
  const bands = ycbcr ? 3 : (alphaSample ?? samples);

  guardBlocks(image, name, layout);
  const nodataValue = parseNoData(fd.getValue('GDAL_NODATA'));
  // A float32 sample equals the nodata value after rounding to float32, as GDAL compares it.
  const nodata = nodataValue !== null && dtype === 'float32' ? Math.fround(nodataValue) : nodataValue;
  const geo = geoInfoFromTags({
    modelPixelScale: fd.getValue('ModelPixelScale'),
    modelTiepoint: fd.getValue('ModelTiepoint'),
    modelTransformation: fd.getValue('ModelTransformation'),
    geoKeyDirectory: fd.getValue('GeoKeyDirectory'),
    geoDoubleParams: fd.getValue('GeoDoubleParams'),
    geoAsciiParams: fd.getValue('GeoAsciiParams')?.replace(/\0+$/, '')
  });
  const width = image.getWidth();
  const height = image.getHeight();
  const info: RasterInfo = {
    name,
    sizeBytes: blob.size,
    format: geo ? 'GeoTIFF' : 'TIFF',
    width,
    height,
    bands,
    dtype,
    nodata: nodataValue,
    geo,
    bandNames: await bandNamesOf(image, bands),
    blockHeight: image.getTileHeight()
  };

  const fast = ycbcr
    ? null
    : await blockReader(image, compression, {
        blob,
        offsets: layout.offsets,
        counts: layout.byteCounts,
        check: (index, sample, ty, decoding) => checkBlock(name, layout, index, sample, ty, decoding)
      });

  const source: RasterSource = {
    info,
    async readRows(y0, rows, wanted, rowSignal) {
      if (y0 < 0 || rows < 1 || y0 + rows > height || wanted.some((b) => !(b >= 0 && b < bands))) {
        throw new RangeError(`rows ${y0}+${rows} of bands [${wanted}] are outside ${width}×${height}×${bands}`);
      }
      throwIfAborted(rowSignal);
      const rowWindow = [0, y0, width, y0 + rows];
      try {
        if (ycbcr) {
          const rgb = await image.readRGB({ window: rowWindow, interleave: false, signal: rowSignal });
          return wanted.map((b) => toFloat32(rgb[b], nodata, null));
        }
        const read = alphaSample === null ? [...wanted] : [...wanted, alphaSample];
        if (fast) {
          const arrays = await fast.read(y0, rows, read, rowSignal);
          const alpha = alphaSample === null ? null : arrays.pop()!;
          for (const band of arrays) maskNoData(band, nodata, alpha);
          return arrays;
        }
        const arrays = await image.readRasters({ window: rowWindow, samples: read, interleave: false, signal: rowSignal });
        const alpha = alphaSample === null ? null : arrays[wanted.length];
        return wanted.map((_, i) => toFloat32(arrays[i], nodata, alpha));
      } catch (e) {
        throwIfAborted(rowSignal);
        if (e instanceof InputError) throw e;
        throw new InputError(name, `could not decode rows ${y0}–${y0 + rows - 1}: ${oneLine((e as Error).message)}`);
      }
    }
  };
  const mask = await internalMask(tiff, blob, name, directories, info, limits);
  return mask ? withMask(source, mask) : source;
}
