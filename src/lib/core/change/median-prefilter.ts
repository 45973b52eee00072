import type { StripPreparation } from './pair-reader';

/**
 * 3 × 3 median filter of every band of a strip, the classic speckle prefilter before a SAR
 * log-ratio (Bazi, Bruzzone & Melgani 2005, doi:10.1109/TGRS.2005.843049: filter the pair, then
 * take the ratio). Consumes one halo row on each side; where a strip has no halo row it lies on
 * the image edge, which is replicated. Nodata: a NaN centre stays NaN; NaN neighbours are left out
 * (the median of the valid ones, the lower middle for an even count).
 */
export const medianPrefilter: StripPreparation = {
  halo: 1,
  inPlace: false,
  apply(strip) {
    const top = Math.max(0, strip.haloTop - 1);
    const bottom = Math.max(0, strip.haloBottom - 1);
    const total = strip.haloTop + strip.rows + strip.haloBottom;
    const first = strip.haloTop - top;
    const rows = total - first - (strip.haloBottom - bottom);
    const filter = (band: Float32Array) => median3x3(band, strip.width, first, rows, total);
    return { ...strip, haloTop: top, haloBottom: bottom, a: strip.a.map(filter), b: strip.b.map(filter) };
  }
};

const window = new Float64Array(9);

/** Median of the valid values in window[0..n), sorted in place (insertion sort: n ≤ 9). */
function medianOf(n: number): number {
  for (let i = 1; i < n; i++) {
    const v = window[i];
    let j = i - 1;
    while (j >= 0 && window[j] > v) {
      window[j + 1] = window[j];
      j--;
    }
    window[j + 1] = v;
  }
  return window[(n - 1) >> 1];
}

/** Filters rows [top, top + rows) of a band holding `total` rows; returns only those rows. */
export function median3x3(band: Float32Array, width: number, top: number, rows: number, total: number): Float32Array {
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const y = top + r;
    for (let x = 0; x < width; x++) {
      const centre = band[y * width + x];
      if (Number.isNaN(centre)) {
        out[r * width + x] = NaN;
        continue;
      }
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = Math.min(total - 1, Math.max(0, y + dy));
        for (let dx = -1; dx <= 1; dx++) {
          const v = band[yy * width + Math.min(width - 1, Math.max(0, x + dx))];
          if (v === v) window[n++] = v;
        }
      }
      out[r * width + x] = medianOf(n);
    }
  }
  return out;
}
