import { decimatedSize, decimationFactor, type RenderedImage } from './image';
import { VIRIDIS } from './ramp';

export interface MagnitudeRenderOptions {
  maxSize: number;
  /** Magnitude shown at the bottom of the ramp. */
  min: number;
  /** Magnitude shown at the top of the ramp; larger values saturate. */
  max: number;
}

/**
 * The change magnitude through the viridis ramp. Decimation takes the block mean of the valid
 * values, so the picture reads as "average change here"; NaN (nodata) blocks are transparent.
 */
export function renderMagnitude(data: Float32Array, width: number, height: number, opts: MagnitudeRenderOptions): RenderedImage {
  const f = decimationFactor(width, height, opts.maxSize);
  const { width: w, height: h } = decimatedSize(width, height, f);
  const sum = new Float64Array(w);
  const cnt = new Uint32Array(w);
  const rgba = new Uint8ClampedArray(w * h * 4);
  const span = opts.max > opts.min ? opts.max - opts.min : 1;
  for (let oy = 0; oy < h; oy++) {
    sum.fill(0);
    cnt.fill(0);
    for (let y = oy * f; y < Math.min(height, (oy + 1) * f); y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) {
        const v = data[row + x];
        if (v === v) {
          const ox = (x / f) | 0;
          sum[ox] += v;
          cnt[ox]++;
        }
      }
    }
    for (let ox = 0; ox < w; ox++) {
      const o = (oy * w + ox) * 4;
      if (cnt[ox] === 0) continue;
      const t = (sum[ox] / cnt[ox] - opts.min) / span;
      const k = Math.max(0, Math.min(255, Math.round(t * 255))) * 3;
      rgba[o] = VIRIDIS[k];
      rgba[o + 1] = VIRIDIS[k + 1];
      rgba[o + 2] = VIRIDIS[k + 2];
      rgba[o + 3] = 255;
    }
  }
  return { width: w, height: h, rgba };
}

/**
 * Ramp range for a magnitude histogram: from its minimum to its 99.5th percentile, so a handful of
 * extreme pixels (clouds, saturated roofs) does not squeeze every real change into the dark end.
 */
export function magnitudeDisplayRange(h: { min: number; max: number; counts: Uint32Array }, upperPct = 99.5): { min: number; max: number } {
  let total = 0;
  for (let i = 0; i < h.counts.length; i++) total += h.counts[i];
  if (total === 0 || !(h.max > h.min)) return { min: h.min, max: h.max };
  const target = (upperPct / 100) * total;
  let acc = 0;
  for (let i = 0; i < h.counts.length; i++) {
    acc += h.counts[i];
    if (acc >= target) return { min: h.min, max: h.min + ((i + 1) * (h.max - h.min)) / h.counts.length };
  }
  return { min: h.min, max: h.max };
}
