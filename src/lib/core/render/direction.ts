import { DIRECTION_CLASSES } from '../change/methods/cva-direction';
import { decimatedSize, decimationFactor, type RenderedImage } from './image';

const RGB = DIRECTION_CLASSES.map((c) => [1, 3, 5].map((i) => parseInt(c.colour.slice(i, i + 2), 16)));
const K = DIRECTION_CLASSES.length;

/**
 * The CVA direction class (see methods/cva-direction.ts) of every changed pixel (mask = 1), in the
 * class colours; unchanged and nodata pixels are transparent. A decimated block shows the most
 * frequent class among its changed pixels (lowest id on a tie). Also returns the number of changed
 * pixels of each class, for the legend.
 */
export function renderDirection(
  classes: Float32Array,
  mask: Uint8Array,
  width: number,
  height: number,
  opts: { maxSize: number }
): RenderedImage & { counts: number[] } {
  const f = decimationFactor(width, height, opts.maxSize);
  const { width: w, height: h } = decimatedSize(width, height, f);
  const rgba = new Uint8ClampedArray(w * h * 4);
  const totals = new Array<number>(K).fill(0);
  const block = new Uint32Array(w * K);
  for (let oy = 0; oy < h; oy++) {
    block.fill(0);
    for (let y = oy * f; y < Math.min(height, (oy + 1) * f); y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) {
        if (mask[row + x] !== 1) continue;
        const c = classes[row + x];
        if (!(c >= 0 && c < K)) continue;
        block[((x / f) | 0) * K + c]++;
        totals[c]++;
      }
    }
    for (let ox = 0; ox < w; ox++) {
      let best = -1;
      let bestCount = 0;
      for (let c = 0; c < K; c++) {
        const n = block[ox * K + c];
        if (n > bestCount) [best, bestCount] = [c, n];
      }
      if (best < 0) continue;
      const o = (oy * w + ox) * 4;
      rgba[o] = RGB[best][0];
      rgba[o + 1] = RGB[best][1];
      rgba[o + 2] = RGB[best][2];
      rgba[o + 3] = 255;
    }
  }
  return { width: w, height: h, rgba, counts: totals };
}
