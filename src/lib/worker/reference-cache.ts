/**
 * Reference masks decoded once per file. While a threshold is dragged the same truth is scored
 * again for every new mask; decoding its TIFF each time would cost more than the scoring. Only
 * band 1 is kept (that is all scoring reads), and only up to MAX_CACHED_PIXELS; a larger reference
 * is read from its file strip by strip as before, so memory stays bounded.
 */
import { openRaster } from '../core/io/open-raster';
import type { RasterSource } from '../core/raster';
import { stripRows, strips } from '../core/windows';

/** 16 M pixels: 64 MiB of Float32 per reference. */
export const MAX_CACHED_PIXELS = 16 * 1024 * 1024;

const cache = new WeakMap<File, Promise<RasterSource>>();

/** The reference as a RasterSource whose band 1 stays in memory (files up to MAX_CACHED_PIXELS). */
export function referenceSource(file: File, signal?: AbortSignal): Promise<RasterSource> {
  let entry = cache.get(file);
  if (!entry) {
    entry = decode(file, signal);
    cache.set(file, entry);
    // A failed or cancelled decode must not stick: the next call tries again.
    entry.catch(() => cache.delete(file));
  }
  return entry;
}

async function decode(file: File, signal?: AbortSignal): Promise<RasterSource> {
  const source = await openRaster(file, file.name, signal);
  const { width, height, blockHeight } = source.info;
  if (width * height > MAX_CACHED_PIXELS) return source;
  const band = new Float32Array(width * height);
  for (const { y0, rows } of strips(height, stripRows(width, height, blockHeight))) {
    const [values] = await source.readRows(y0, rows, [0], signal);
    band.set(values, y0 * width);
  }
  return {
    info: { ...source.info, bands: 1, bandNames: [source.info.bandNames[0] ?? null] },
    async readRows(y0, rows, wanted) {
      if (wanted.some((b) => b !== 0)) throw new RangeError(`${file.name}: only band 1 of a reference is kept`);
      return wanted.map(() => band.slice(y0 * width, (y0 + rows) * width));
    }
  };
}
