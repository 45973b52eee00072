/**
 * The size a PNG, JPEG or WebP declares in its header, read before the whole image is decoded, so
 * that a small file claiming a huge image is refused at once instead of exhausting memory.
 */
import { InputError } from '../raster';
import type { ReadLimits } from './read-limits';

export interface DeclaredSize {
  width: number;
  height: number;
  /** Bytes per pixel once decoded. */
  bytesPerPixel: number;
}

/** Deflate never inflates more than 1032 bytes from one (RFC 1951: 258-byte matches in ≥ 2 bits). */
const DEFLATE_MAX_RATIO = 1032;

/** PNG IHDR: width, height, bit depth and colour type. */
export function pngHeader(bytes: Uint8Array, name: string): DeclaredSize {
  if (bytes.length < 33) throw new InputError(name, 'the PNG is truncated: its header is incomplete');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[bytes[25]] ?? 4;
  return { width: view.getUint32(16), height: view.getUint32(20), bytesPerPixel: Math.max(1, (channels * bytes[24]) / 8) };
}

/** A JPEG's frame header (SOFn): size and number of colour components. */
export function jpegFrame(bytes: Uint8Array, name: string): DeclaredSize & { components: number } {
  for (let i = 2; i + 9 < bytes.length && bytes[i] === 0xff;) {
    const marker = bytes[i + 1];
    if (marker === 0xff)
      i++; // fill byte
    else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const components = bytes[i + 9];
      return { height: (bytes[i + 5] << 8) | bytes[i + 6], width: (bytes[i + 7] << 8) | bytes[i + 8], bytesPerPixel: components, components };
    } else i += 2 + ((bytes[i + 2] << 8) | bytes[i + 3]);
  }
  throw new InputError(name, 'the JPEG is damaged or truncated (it has no frame header)');
}

/** A WebP's canvas size from its VP8X, VP8L or VP8 chunk. */
export function webpSize(head: Uint8Array, name: string): DeclaredSize {
  const chunk = String.fromCharCode(...head.subarray(12, 16));
  const le24 = (at: number) => head[at] | (head[at + 1] << 8) | (head[at + 2] << 16);
  if (chunk === 'VP8X' && head.length >= 30) return { width: le24(24) + 1, height: le24(27) + 1, bytesPerPixel: 4 };
  if (chunk === 'VP8L' && head.length >= 25) {
    const bits = head[21] | (head[22] << 8) | (head[23] << 16) | (head[24] << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, bytesPerPixel: 4 };
  }
  if (chunk === 'VP8 ' && head.length >= 30)
    return { width: (head[26] | (head[27] << 8)) & 0x3fff, height: (head[28] | (head[29] << 8)) & 0x3fff, bytesPerPixel: 4 };
  throw new InputError(name, 'the WebP image is damaged or truncated (it has no image header)');
}

/**
 * Refuses an empty size, a size over the pixel budget, and (for Deflate-coded data, given its byte
 * count) more pixels than the file's bytes could possibly inflate to.
 */
export function checkDeclaredSize(name: string, format: string, size: DeclaredSize, deflateBytes: number | null, limits: ReadLimits): void {
  const { width, height } = size;
  if (!width || !height) throw new InputError(name, `the ${format} is damaged: it declares ${width} × ${height} pixels`);
  if (width * height > limits.maxPixels) {
    throw new InputError(
      name,
      `the image declares ${width} × ${height} pixels (${(width * height).toExponential(2)}), more than the limit of ${limits.maxPixels.toExponential(2)} pixels`
    );
  }
  if (deflateBytes !== null && width * height * size.bytesPerPixel > deflateBytes * DEFLATE_MAX_RATIO) {
    throw new InputError(name, `the ${format} is damaged: it declares ${width} × ${height} pixels, more than its ${deflateBytes} bytes can hold`);
  }
}
