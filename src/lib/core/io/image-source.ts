/**
 * PNG, JPEG and WebP: formats without windowed access, so they are decoded whole at open and
 * served row by row from the decoded samples. None of them carries georeferencing.
 */
import { convertIndexedToRgb, decode as decodePngBytes } from 'fast-png';
import { decode as decodeJpegBytes } from 'jpeg-js';
import { InputError, throwIfAborted, type FileFormat, type RasterInfo, type RasterSource } from '../raster';
import { oneLine } from './block-guard';
import { checkDeclaredSize, jpegFrame, pngHeader, webpSize } from './image-header';
import { DEFAULT_READ_LIMITS, type ReadLimits } from './read-limits';

/** Decoded pixels, interleaved: `channels` samples per pixel, of which the first `bands` are bands. */
interface DecodedImage {
  width: number;
  height: number;
  samples: Uint8Array | Uint8ClampedArray | Uint16Array;
  channels: number;
  bands: number;
  /** Channel holding alpha (0 = no data), or null. */
  alphaChannel: number | null;
  /** PNG tRNS colour (one value per band) marking transparent, i.e. no-data, pixels; or null. */
  transparentColour: number[] | null;
}

function imageSource(blob: Blob, name: string, format: FileFormat, image: DecodedImage): RasterSource {
  const { width, height, samples, channels, bands, alphaChannel, transparentColour } = image;
  const info: RasterInfo = {
    name,
    sizeBytes: blob.size,
    format,
    width,
    height,
    bands,
    dtype: samples instanceof Uint16Array ? 'uint16' : 'uint8',
    // A grey PNG's tRNS value is its nodata value, as GDAL reports it.
    nodata: bands === 1 && transparentColour ? transparentColour[0] : null,
    geo: null,
    bandNames: new Array<string | null>(bands).fill(null),
    blockHeight: 1 // decoded whole: every row boundary is as good as any other
  };
  const isNoData = (p: number): boolean =>
    (alphaChannel !== null && samples[p + alphaChannel] === 0) || (transparentColour !== null && transparentColour.every((v, b) => samples[p + b] === v));

  return {
    info,
    async readRows(y0, rows, wanted, signal) {
      if (y0 < 0 || rows < 1 || y0 + rows > height || wanted.some((b) => !(b >= 0 && b < bands))) {
        throw new RangeError(`rows ${y0}+${rows} of bands [${wanted}] are outside ${width}×${height}×${bands}`);
      }
      throwIfAborted(signal);
      const out = wanted.map(() => new Float32Array(rows * width));
      for (let i = 0, p = y0 * width * channels; i < rows * width; i++, p += channels) {
        const missing = isNoData(p);
        for (let k = 0; k < wanted.length; k++) out[k][i] = missing ? NaN : samples[p + wanted[k]];
      }
      return out;
    }
  };
}

async function readAll(blob: Blob, signal?: AbortSignal): Promise<Uint8Array> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  throwIfAborted(signal);
  return bytes;
}

/** Spreads 1-, 2- or 4-bit grey samples (rows padded to whole bytes) to one byte each. */
function unpackBits(packed: ArrayLike<number>, width: number, height: number, depth: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      out[y * width + x] = (packed[y * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

/** PNG via fast-png: 8/16-bit grey, grey+alpha, RGB, RGBA, palettes (expanded to RGB[A]), low-bit grey. */
export async function openPng(blob: Blob, name: string, signal?: AbortSignal, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<RasterSource> {
  const bytes = await readAll(blob, signal);
  checkDeclaredSize(name, 'PNG', pngHeader(bytes, name), bytes.length, limits);
  let png: ReturnType<typeof decodePngBytes>;
  let samples: DecodedImage['samples'];
  try {
    png = decodePngBytes(bytes);
    samples = png.palette ? convertIndexedToRgb(png) : png.data;
  } catch (e) {
    throw new InputError(name, `the PNG is damaged or truncated (${oneLine((e as Error).message)})`);
  }
  const { width, height, depth, palette } = png;
  const channels = palette ? palette[0].length : png.channels;
  if (!palette && depth < 8) samples = unpackBits(samples, width, height, depth);
  const hasAlpha = channels === 2 || channels === 4;
  const bands = hasAlpha ? channels - 1 : channels;
  const transparency = !palette && png.transparency?.length === bands ? Array.from(png.transparency) : null;
  return imageSource(blob, name, 'PNG', {
    width,
    height,
    samples,
    channels,
    bands,
    alphaChannel: hasAlpha ? bands : null,
    transparentColour: transparency
  });
}

/** JPEG via jpeg-js, as RGB, or as one band for a grey JPEG (jpeg-js repeats grey into R, G and B). */
export async function openJpeg(blob: Blob, name: string, signal?: AbortSignal, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<RasterSource> {
  const bytes = await readAll(blob, signal);
  const frame = jpegFrame(bytes, name);
  checkDeclaredSize(name, 'JPEG', frame, null, limits);
  if (frame.components !== 1 && frame.components !== 3) {
    const model = frame.components === 4 ? 'CMYK (or YCCK)' : `${frame.components}-component`;
    throw new InputError(name, `unsupported JPEG colour model: ${model}; convert it to RGB or greyscale first`);
  }
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    // jpeg-js's default limits (100 MP, 512 MB) are below what a satellite scene needs.
    decoded = decodeJpegBytes(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: Math.ceil(limits.maxPixels / 1e6), maxMemoryUsageInMB: 8192 });
  } catch (e) {
    throw new InputError(name, `the JPEG is damaged or truncated (${oneLine((e as Error).message)})`);
  }
  return imageSource(blob, name, 'JPEG', {
    width: decoded.width,
    height: decoded.height,
    samples: decoded.data,
    channels: 3,
    bands: frame.components,
    alphaChannel: null,
    transparentColour: null
  });
}

/** WebP through the browser's own decoder: workers have createImageBitmap and OffscreenCanvas, Node has neither. */
export async function openWebp(blob: Blob, name: string, signal?: AbortSignal, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<RasterSource> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') {
    throw new InputError(name, 'WebP is decoded only in the browser; convert it to PNG or GeoTIFF for the CLI');
  }
  checkDeclaredSize(name, 'WebP', webpSize(new Uint8Array(await blob.slice(0, 64).arrayBuffer()), name), null, limits);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch {
    throw new InputError(name, 'the WebP image is damaged or truncated');
  }
  throwIfAborted(signal);
  const { width, height } = bitmap;
  const context = new OffscreenCanvas(width, height).getContext('2d');
  if (!context) throw new InputError(name, 'this browser cannot decode WebP in a worker');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const samples = context.getImageData(0, 0, width, height).data;
  return imageSource(blob, name, 'WebP', {
    width,
    height,
    samples,
    channels: 4,
    bands: 3,
    alphaChannel: 3,
    transparentColour: null
  });
}
