/**
 * Reading rows of a (Geo)TIFF block by block, straight into Float32 bands. geotiff.js's own
 * `readRasters` copies every sample through a DataView call and then we convert again; for the
 * common layouts (little-endian or 8-bit samples, lossless codecs) this path decodes each strip or
 * tile once and copies typed arrays, several times faster. Everything else goes through
 * `readRasters`.
 */
import { BaseDecoder, getDecoder, type GeoTIFFImage, type TypedArray } from 'geotiff';
import { throwIfAborted } from '../raster';

/** None, LZW, Deflate, Adobe Deflate, PackBits, ZSTD: decoders that need only the default parameters. */
const FAST_CODECS = new Set([1, 5, 8, 32946, 32773, 50000]);

/** zlib inflate by the platform (browsers and Node ≥ 18), much faster than a JavaScript inflate. */
class NativeDeflateDecoder extends BaseDecoder {
  async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBuffer> {
    const stream = new Blob([buffer as ArrayBuffer]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Response(stream).arrayBuffer();
  }
}

export interface BlockReader {
  /** Rows [y0, y0 + rows) of the given 0-based samples, one Float32Array per sample. */
  read(y0: number, rows: number, samples: readonly number[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** A block reader for `image`, or null when its layout needs geotiff.js's general path. */
export async function blockReader(image: GeoTIFFImage, compression: number): Promise<BlockReader | null> {
  const fd = image.getFileDirectory();
  const bits = Array.from(fd.getValue('BitsPerSample') as ArrayLike<number>);
  if (!FAST_CODECS.has(compression) || bits.some((b) => b % 8 !== 0) || !(image.littleEndian || bits[0] === 8)) return null;
  const params = {
    tileWidth: image.getTileWidth(),
    tileHeight: image.getTileHeight(),
    planarConfiguration: image.planarConfiguration,
    bitsPerSample: bits,
    predictor: (await fd.loadValue('Predictor')) ?? 1
  };
  const native = (compression === 8 || compression === 32946) && typeof DecompressionStream === 'function';
  const decoder = native ? new NativeDeflateDecoder(params) : await getDecoder(compression, params);
  const width = image.getWidth();
  const height = image.getHeight();
  const tw = image.getTileWidth();
  const th = image.getTileHeight();
  const spp = image.getSamplesPerPixel();
  const planar = image.planarConfiguration === 2;
  const across = Math.ceil(width / tw);

  return {
    async read(y0, rows, samples, signal) {
      throwIfAborted(signal);
      const out = samples.map(() => new Float32Array(rows * width));
      const y1 = y0 + rows;
      const jobs: Promise<void>[] = [];
      const copy = (block: TypedArray, ty: number, tx: number, stride: number, offset: number, dst: Float32Array) => {
        const top = ty * th;
        const rowEnd = Math.min(y1, top + th, height);
        const c0 = tx * tw;
        const c1 = Math.min(width, c0 + tw);
        for (let y = Math.max(y0, top); y < rowEnd; y++) {
          let s = (y - top) * tw * stride + offset;
          let d = (y - y0) * width + c0;
          for (let x = c0; x < c1; x++, s += stride) dst[d++] = block[s];
        }
      };
      for (let ty = Math.floor(y0 / th); ty <= Math.floor((y1 - 1) / th); ty++) {
        for (let tx = 0; tx < across; tx++) {
          if (planar) {
            samples.forEach((sample, i) => {
              jobs.push(image.getTileOrStrip(tx, ty, sample, decoder, signal).then((t) => copy(image.getArrayForSample(sample, t.data), ty, tx, 1, 0, out[i])));
            });
          } else {
            jobs.push(
              image.getTileOrStrip(tx, ty, 0, decoder, signal).then((t) => {
                const block = image.getArrayForSample(0, t.data);
                samples.forEach((sample, i) => copy(block, ty, tx, spp, sample, out[i]));
              })
            );
          }
        }
      }
      await Promise.all(jobs);
      return out;
    }
  };
}
