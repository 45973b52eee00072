import type { DType, RasterSource } from '../../src/lib/core/raster';

/** An in-memory raster over band-separate row-major arrays (NaN = nodata). */
export function memorySource(
  name: string,
  width: number,
  height: number,
  bands: readonly ArrayLike<number>[],
  opts: { dtype?: DType; bandNames?: (string | null)[] } = {}
): RasterSource {
  const data = bands.map((b) => Float32Array.from(b));
  return {
    info: {
      name,
      sizeBytes: width * height * bands.length * 4,
      format: 'TIFF',
      width,
      height,
      bands: bands.length,
      dtype: opts.dtype ?? 'float32',
      nodata: null,
      geo: null,
      bandNames: opts.bandNames ?? bands.map(() => null),
      blockHeight: 1
    },
    async readRows(y0, rows, wanted) {
      return wanted.map((b) => data[b].slice(y0 * width, (y0 + rows) * width));
    }
  };
}
