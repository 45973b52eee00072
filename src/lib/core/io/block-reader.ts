/**
 * Reading rows of a (Geo)TIFF block by block, straight into Float32 bands. geotiff.js's own
 * `readRasters` copies every sample through a DataView call and then we convert again; for the
 * common layouts (little-endian or 8-bit samples, lossless codecs) this path decodes each strip or
 * tile once and copies typed arrays, several times faster. Everything else goes through
 * `readRasters`.
 */
import { BaseDecoder, getDecoder, type GeoTIFFImage, type TypedArray } from 'geotiff';
import { throwIfAborted } from '../raster';
import { fetchBlocks } from './block-fetch';
import { blockCapacity } from './bounded-decoders';
import { inflateZlib } from './inflate';

/** None, LZW, Deflate, Adobe Deflate, PackBits, ZSTD: decoders that need only the default parameters. */
const FAST_CODECS = new Set([1, 5, 8, 32946, 32773, 50000]);

/** zlib inflate by the platform (see inflate.ts); geotiff.js's BaseDecoder applies the predictor. */
class PlatformDeflateDecoder extends BaseDecoder {
  async decodeBlock(buffer: ArrayBufferLike | Uint8Array): Promise<ArrayBuffer> {
    const out = await inflateZlib(ArrayBuffer.isView(buffer) ? buffer : new Uint8Array(buffer), blockCapacity(this.parameters));
    const whole = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength;
    return (whole ? out.buffer : out.slice().buffer) as ArrayBuffer;
  }
}

/** Where the blocks lie in the file: with it, blocks are fetched in few reads (block-fetch.ts). */
export interface BlockTables {
  blob: Blob;
  offsets: readonly number[];
  counts: readonly number[];
  /** Checks a decoded block (block-guard.ts): errors and short blocks become errors naming the block. */
  check?: (index: number, sample: number, ty: number, decoding: Promise<ArrayBufferLike>) => Promise<ArrayBufferLike>;
}

/** Blocks decoded at once; more only queues work (and, in browsers, decompression streams). */
const DECODE_CONCURRENCY = 8;

export interface BlockReader {
  /** Rows [y0, y0 + rows) of the given 0-based samples, one Float32Array per sample. */
  read(y0: number, rows: number, samples: readonly number[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** A block reader for `image`, or null when its layout needs geotiff.js's general path. */
export async function blockReader(image: GeoTIFFImage, compression: number, tables?: BlockTables): Promise<BlockReader | null> {
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
  // Samples geotiff.js reshapes after decoding (half floats, 24-bit integers) stay on its own path.
  const format = (fd.getValue('SampleFormat') as ArrayLike<number> | undefined)?.[0] ?? 1;
  if (bits.some((b) => ![8, 16, 32, 64].includes(b)) || (format === 3 && bits[0] === 16)) tables = undefined;
  const deflate = compression === 8 || compression === 32946;
  const decoder = deflate ? new PlatformDeflateDecoder(params) : await getDecoder(compression, params);
  const width = image.getWidth();
  const height = image.getHeight();
  const tw = image.getTileWidth();
  const th = image.getTileHeight();
  const spp = image.getSamplesPerPixel();
  const planar = image.planarConfiguration === 2;
  const across = Math.ceil(width / tw);
  const down = Math.ceil(height / th);
  /** A block's pixels: fetched with its neighbours when the tables are known, else by geotiff.js. */
  const decode = async (index: number, bytes: Uint8Array | undefined, tx: number, ty: number, sample: number, signal?: AbortSignal) => {
    if (!bytes) return (await image.getTileOrStrip(tx, ty, sample, decoder, signal)).data;
    // The Deflate decoder reads the view in place; geotiff.js's decoders want a whole ArrayBuffer.
    const decoding = decoder.decode((deflate ? bytes : bytes.slice().buffer) as ArrayBuffer);
    return tables?.check ? tables.check(index, sample, ty, decoding) : decoding;
  };

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
          if (stride === 1) dst.set(block.subarray(s, s + c1 - c0), d);
          else for (let x = c0; x < c1; x++, s += stride) dst[d++] = block[s];
        }
      };
      const blocks: { index: number; tx: number; ty: number; sample: number; targets: number[] }[] = [];
      for (let ty = Math.floor(y0 / th); ty <= Math.floor((y1 - 1) / th); ty++) {
        for (let tx = 0; tx < across; tx++) {
          if (planar) samples.forEach((sample, i) => blocks.push({ index: sample * across * down + ty * across + tx, tx, ty, sample, targets: [i] }));
          else blocks.push({ index: ty * across + tx, tx, ty, sample: 0, targets: samples.map((_, i) => i) });
        }
      }
      const fetched = new Map<number, Uint8Array>();
      if (tables) {
        const wanted = blocks.map((b) => b.index).filter((index) => tables.counts[index] > 0); // empty (sparse) blocks: geotiff.js fills them
        for (const { index, bytes } of await fetchBlocks(tables.blob, tables.offsets, tables.counts, wanted, signal)) fetched.set(index, bytes);
      }
      let next = 0;
      const worker = async () => {
        while (next < blocks.length) {
          const { index, tx, ty, sample, targets } = blocks[next++];
          throwIfAborted(signal);
          const data = await decode(index, fetched.get(index), tx, ty, sample, signal);
          fetched.delete(index);
          const block = image.getArrayForSample(sample, data);
          for (const i of targets) {
            if (planar) copy(block, ty, tx, 1, 0, out[i]);
            else copy(block, ty, tx, spp, samples[i], out[i]);
          }
        }
      };
      for (let k = 0; k < Math.min(DECODE_CONCURRENCY, blocks.length); k++) jobs.push(worker());
      await Promise.all(jobs);
      return out;
    }
  };
}
