import { throwIfAborted, type RunContext } from '../raster';
import { decimatedSize, type RenderedImage } from '../render/image';
import { CHANGE_RGB } from '../render/mask';
import type { BandStore } from '../store';
import { stripRows, strips } from '../windows';

/**
 * The change mask decimated by `factor` (the previews' factor), read strip by strip: a block is
 * changed (opaque magenta) when any of its pixels changed, so a small structure stays visible.
 */
export async function maskOverview(mask: BandStore<Uint8Array>, factor: number, ctx: RunContext = {}): Promise<RenderedImage> {
  const { width, height } = mask;
  const { width: w, height: h } = decimatedSize(width, height, factor);
  const rgba = new Uint8ClampedArray(w * h * 4);
  const [r, g, b] = CHANGE_RGB;
  for (const s of strips(height, stripRows(width, height))) {
    throwIfAborted(ctx.signal);
    const rows = await mask.read(s.y0, s.rows);
    for (let y = 0; y < s.rows; y++) {
      const oy = Math.floor((s.y0 + y) / factor);
      for (let x = 0; x < width; x++) {
        if (rows[y * width + x] !== 1) continue;
        const o = (oy * w + Math.floor(x / factor)) * 4;
        rgba[o] = r;
        rgba[o + 1] = g;
        rgba[o + 2] = b;
        rgba[o + 3] = 255;
      }
    }
  }
  return { width: w, height: h, rgba };
}

/** The image in grey, darkened: the background the change is drawn on. */
export function muted(img: RenderedImage, brightness = 0.55): RenderedImage {
  const rgba = new Uint8ClampedArray(img.rgba.length);
  for (let i = 0; i < rgba.length; i += 4) {
    const grey = (0.299 * img.rgba[i] + 0.587 * img.rgba[i + 1] + 0.114 * img.rgba[i + 2]) * brightness;
    rgba[i] = rgba[i + 1] = rgba[i + 2] = Math.round(grey);
    rgba[i + 3] = img.rgba[i + 3];
  }
  return { width: img.width, height: img.height, rgba };
}
