/**
 * TIFF block decoders whose output is capped at the size the block must have (tile or strip width
 * × height × bytes per pixel), so a decompression bomb or a damaged stream can never allocate more
 * than one block. LZW, PackBits and ZSTD stop when the block is full, as libtiff does; Deflate past
 * the block's size is an error (inflate.ts). A block that comes out short is caught afterwards by
 * the block checks (block-guard.ts). They replace geotiff.js's own
 * LZW, PackBits, Deflate and ZSTD decoders (registered with its `addDecoder`), which grow plain
 * arrays without bound.
 */
import { addDecoder, BaseDecoder } from 'geotiff';
import { ZSTDDecoder } from 'zstddec';
import { inflateZlib } from './inflate';

type Parameters = ConstructorParameters<typeof BaseDecoder>[0];

/** The most bytes one block of this layout decodes to. */
export function blockCapacity(p: Parameters): number {
  const bits =
    Array.isArray(p.bitsPerSample) || ArrayBuffer.isView(p.bitsPerSample) ? Array.from(p.bitsPerSample as ArrayLike<number>) : [Number(p.bitsPerSample)];
  const pixelBits = p.planarConfiguration === 2 ? Math.max(...bits) : bits.reduce((a, b) => a + b, 0);
  return Math.ceil((p.tileWidth * pixelBits) / 8) * p.tileHeight;
}

/** Joins chunks into one buffer of at most `cap` bytes. */
function join(chunks: Uint8Array[], cap: number): ArrayBuffer {
  const total = Math.min(
    cap,
    chunks.reduce((n, c) => n + c.length, 0)
  );
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    if (at >= total) break;
    const part = c.subarray(0, total - at);
    out.set(part, at);
    at += part.length;
  }
  return out.buffer;
}

/**
 * TIFF LZW (6.0 §13: MSB-first codes of 9–12 bits, code width raised one code early), written
 * straight into a block-sized buffer.
 */
export function decodeLzw(input: Uint8Array, cap: number): Uint8Array {
  const out = new Uint8Array(cap);
  const prefix = new Uint16Array(4096);
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    first[i] = i;
    length[i] = 1;
  }
  let next = 258;
  let bits = 9;
  let old = -1;
  let pos = 0;
  let bitBuffer = 0;
  let bitCount = 0;
  let inAt = 0;
  const emit = (code: number) => {
    const n = length[code];
    for (let k = n - 1, c = code; k >= 0; k--, c = prefix[c]) if (pos + k < cap) out[pos + k] = suffix[c];
    pos += n;
  };
  while (pos < cap) {
    while (bitCount < bits && inAt < input.length) {
      bitBuffer = ((bitBuffer << 8) | input[inAt++]) >>> 0;
      bitCount += 8;
    }
    if (bitCount < bits) break; // ran out of input without an end code: keep what was decoded
    const code = (bitBuffer >>> (bitCount - bits)) & ((1 << bits) - 1);
    bitCount -= bits;
    bitBuffer &= (1 << bitCount) - 1;
    if (code === 257) break;
    if (code === 256) {
      next = 258;
      bits = 9;
      old = -1;
      continue;
    }
    if (old === -1) {
      if (code > 255) throw new Error(`corrupt LZW data: code ${code} after a reset`);
      emit(code);
      old = code;
      continue;
    }
    if (code < next) {
      emit(code);
      if (next < 4096) {
        prefix[next] = old;
        suffix[next] = first[code];
        first[next] = first[old];
        length[next] = length[old] + 1;
        next++;
      }
    } else if (code === next && next < 4096) {
      prefix[next] = old;
      suffix[next] = first[old];
      first[next] = first[old];
      length[next] = length[old] + 1;
      next++;
      emit(code);
    } else {
      throw new Error(`corrupt LZW data: code ${code} is not yet defined`);
    }
    old = code;
    if (next >= (1 << bits) - 1 && bits < 12) bits++;
  }
  return pos >= cap ? out : out.subarray(0, pos);
}

/** PackBits (TIFF 6.0 §9) into a block-sized buffer. */
export function decodePackBits(input: Uint8Array, cap: number): Uint8Array {
  const out = new Uint8Array(cap);
  let pos = 0;
  for (let i = 0; i < input.length && pos < cap;) {
    const header = (input[i++] << 24) >> 24;
    if (header >= 0) {
      const n = Math.min(header + 1, input.length - i, cap - pos);
      out.set(input.subarray(i, i + n), pos);
      pos += n;
      i += header + 1;
    } else if (header !== -128) {
      if (i >= input.length) break;
      const n = Math.min(1 - header, cap - pos);
      out.fill(input[i++], pos, pos + n);
      pos += n;
    }
  }
  return out.subarray(0, pos);
}

const zstd = new ZSTDDecoder();

/** ZSTD into a block-sized buffer; a frame that is damaged or larger than the block decodes to nothing. */
export function decodeZstd(input: Uint8Array, cap: number): ArrayBuffer {
  const out = zstd.decode(input, cap);
  if (out.length === 0 && input.length > 0) throw new Error('damaged ZSTD data, or more data than the block holds');
  return join([out], cap);
}

const bounded = (decode: (input: Uint8Array, cap: number) => ArrayBufferLike | Uint8Array) =>
  class extends BaseDecoder {
    decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
      const out = decode(new Uint8Array(buffer), blockCapacity(this.parameters));
      if (out instanceof Uint8Array) return out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? out.buffer : out.slice().buffer;
      return out;
    }
  };

export const BoundedLzwDecoder = bounded(decodeLzw);
export const BoundedPackBitsDecoder = bounded(decodePackBits);

/** Deflate by the platform (inflate.ts), an error past the block's size. */
export class BoundedDeflateDecoder extends BaseDecoder {
  async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
    const out = await inflateZlib(new Uint8Array(buffer), blockCapacity(this.parameters));
    return out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? out.buffer : out.slice().buffer;
  }
}

export class BoundedZstdDecoder extends BaseDecoder {
  decodeBlock(buffer: ArrayBufferLike): ArrayBuffer {
    return decodeZstd(new Uint8Array(buffer), blockCapacity(this.parameters));
  }
}

let registered = false;

/** Makes geotiff.js use the bounded decoders for every image it reads (once per thread). */
export function registerBoundedDecoders(): void {
  if (registered) return;
  registered = true;
  addDecoder(5, async () => BoundedLzwDecoder, undefined, false);
  addDecoder(32773, async () => BoundedPackBitsDecoder, undefined, false);
  addDecoder([8, 32946], async () => BoundedDeflateDecoder, undefined, false);
  addDecoder(
    50000,
    async () => {
      await zstd.init();
      return BoundedZstdDecoder;
    },
    undefined,
    false
  );
}
