import { MASK_NODATA } from '../core/export';
import type { RasterInfo, RasterSource } from '../core/raster';
import type { MemoryStore } from '../core/store';

/**
 * A run's change mask as a RasterSource, so the accuracy stage scores the very mask the app shows
 * and downloads: one band, 0/1 as numbers and the mask's nodata (255) as NaN.
 */
export function maskSource(mask: MemoryStore<Uint8Array>, like: RasterInfo): RasterSource {
  const info: RasterInfo = {
    ...like,
    name: 'change mask',
    bands: 1,
    dtype: 'uint8',
    nodata: MASK_NODATA,
    bandNames: [null],
    blockHeight: 1
  };
  return {
    info,
    async readRows(y0, rows) {
      const bytes = await mask.read(y0, rows);
      const out = new Float32Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] === MASK_NODATA ? NaN : bytes[i];
      return [out];
    }
  };
}
