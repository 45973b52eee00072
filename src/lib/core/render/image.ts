/**
 * What every renderer returns: straight (non-premultiplied) RGBA, row-major, ready for
 * `new ImageData(rgba, width, height)`. Display only — never written to an export.
 */
export interface RenderedImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

/**
 * Integer decimation factor so the longest side fits in maxSize: an integer keeps every output
 * pixel an exact block of source pixels, so a change of one pixel never shifts on screen.
 */
export function decimationFactor(width: number, height: number, maxSize: number): number {
  return Math.max(1, Math.ceil(Math.max(width, height) / Math.max(1, Math.floor(maxSize))));
}

export function decimatedSize(width: number, height: number, factor: number): { width: number; height: number } {
  return { width: Math.ceil(width / factor), height: Math.ceil(height / factor) };
}
