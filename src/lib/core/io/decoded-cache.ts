/**
 * Keeps decoded rows of a raster for the next pass, within a byte budget, so the app decodes a
 * file once: the preview shown while loading and the analysis read the same strips (both walk
 * `stripRows` windows), and the analysis finds them decoded. Bands are kept separately, so a
 * preview of three bands serves those three to an analysis of six. The first strips read are
 * kept until the budget is spent (a pass reads in order, so a least-recently-used policy would
 * evict each strip just before the next pass needs it); `decodeOnce` caches only rasters that fit
 * whole, so a large one costs no memory for a partial gain.
 */
import type { RasterSource } from '../raster';

export interface CachingSource extends RasterSource {
  /** Bytes held now. */
  readonly heldBytes: number;
  /** Drops everything held (e.g. when the analysis no longer needs it). */
  clear(): void;
}

export function withDecodedCache(source: RasterSource, budgetBytes: number): CachingSource {
  const held = new Map<string, Float32Array>();
  let heldBytes = 0;
  const key = (y0: number, rows: number, band: number) => `${y0}:${rows}:${band}`;
  return {
    info: source.info,
    get heldBytes() {
      return heldBytes;
    },
    clear() {
      held.clear();
      heldBytes = 0;
    },
    notes: () => source.notes?.() ?? [],
    async readRows(y0, rows, bands, signal) {
      const missing = [...new Set(bands.filter((b) => !held.has(key(y0, rows, b))))];
      const decoded = new Map<number, Float32Array>();
      if (missing.length > 0) {
        const arrays = await source.readRows(y0, rows, missing, signal);
        missing.forEach((band, i) => {
          decoded.set(band, arrays[i]);
          if (heldBytes + arrays[i].byteLength <= budgetBytes) {
            held.set(key(y0, rows, band), arrays[i].slice()); // callers may change what they get
            heldBytes += arrays[i].byteLength;
          }
        });
      }
      // Copies out of the cache, for the same reason.
      return bands.map((b) => decoded.get(b) ?? held.get(key(y0, rows, b))!.slice());
    }
  };
}

/** Decoded pixels (Float32) of one raster the app keeps for its next pass: images up to ≈ 22 megapixels × 3 bands. */
export const DECODED_CACHE_BYTES = 256 * 2 ** 20;

/** `source` with its decoded rows kept when all its bands fit `budgetBytes`, else `source` itself. */
export function decodeOnce(source: RasterSource, budgetBytes = DECODED_CACHE_BYTES): RasterSource {
  const { width, height, bands } = source.info;
  return width * height * bands * 4 <= budgetBytes ? withDecodedCache(source, budgetBytes) : source;
}
