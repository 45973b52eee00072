/**
 * Scanline polygon fill at pixel centres (even–odd over all rings, so holes are excluded), one
 * image row at a time so memory stays one row per site. The boundary convention is GDAL's
 * (alg/llrasterize.cpp, GDALdllImageFilledPolygon without ALL_TOUCHED): an edge crosses row y when
 * min(y₁, y₂) ≤ y + ½ < max(y₁, y₂), and pixel x is inside a span [a, b) of crossings when
 * a < x + ½ ≤ b — so `gdal_rasterize` gives the same pixels for the same polygon.
 */
import type { PixelSite } from './site';

/**
 * Sets `row[x] = 1` for every pixel x of image row `y` whose centre lies inside the site, and
 * leaves the other entries as they are. `crossings` is scratch space (grown when too small).
 * Returns the number of pixels set.
 */
export function rasterizeSiteRow(site: PixelSite, y: number, row: Uint8Array, scratch: { crossings: Float64Array }): number {
  const yc = y + 0.5;
  if (yc < site.bounds[1] || yc >= site.bounds[3]) return 0;
  let n = 0;
  for (const ring of site.rings) {
    const points = ring.length / 2;
    for (let k = 0, j = points - 1; k < points; j = k++) {
      const y1 = ring[2 * j + 1];
      const y2 = ring[2 * k + 1];
      if (y1 === y2) continue;
      const lo = Math.min(y1, y2);
      const hi = Math.max(y1, y2);
      if (yc < lo || yc >= hi) continue;
      const x1 = ring[2 * j];
      const x2 = ring[2 * k];
      if (n === scratch.crossings.length) {
        const grown = new Float64Array(Math.max(16, 2 * n));
        grown.set(scratch.crossings);
        scratch.crossings = grown;
      }
      scratch.crossings[n++] = x1 + ((yc - y1) * (x2 - x1)) / (y2 - y1);
    }
  }
  const xs = scratch.crossings.subarray(0, n).sort();
  const width = row.length;
  let set = 0;
  for (let i = 0; i + 1 < n; i += 2) {
    // a < x + ½ ≤ b  ⇔  floor(a + ½) ≤ x < floor(b + ½)
    const from = Math.max(0, Math.floor(xs[i] + 0.5));
    const to = Math.min(width, Math.floor(xs[i + 1] + 0.5));
    for (let x = from; x < to; x++) {
      if (row[x] === 0) set++;
      row[x] = 1;
    }
  }
  return set;
}
