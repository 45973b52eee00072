import { decimatedSize, decimationFactor, type RenderedImage } from './image';

/** Colour of changed pixels: magenta reads against vegetation, soil, water and the viridis ramp. */
export const CHANGE_RGB: readonly [number, number, number] = [255, 0, 200];

/**
 * The change mask (1 = change, 0 = no change, 255 = nodata) as an overlay: changed = opaque
 * magenta, everything else transparent. A decimated block shows as changed when any of its pixels
 * changed, so a small new structure never disappears from the overview.
 */
export function renderMask(mask: Uint8Array, width: number, height: number, opts: { maxSize: number }): RenderedImage {
  const f = decimationFactor(width, height, opts.maxSize);
  const { width: w, height: h } = decimatedSize(width, height, f);
  const rgba = new Uint8ClampedArray(w * h * 4);
  const [r, g, b] = CHANGE_RGB;
  for (let y = 0; y < height; y++) {
    const oy = (y / f) | 0;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (mask[row + x] !== 1) continue;
      const o = (oy * w + ((x / f) | 0)) * 4;
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
      rgba[o + 3] = 255;
    }
  }
  return { width: w, height: h, rgba };
}
