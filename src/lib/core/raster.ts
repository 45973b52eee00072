/**
 * The raster currency of the core: lazily read sources, their metadata and georeferencing.
 * Pixels are always delivered as Float32 rows per band with nodata already turned into NaN,
 * so every later stage has one nodata rule: NaN is "no data".
 */

export type DType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

export type Transform = [number, number, number, number, number, number];

/** Georeferencing of a raster, in a form that can be copied verbatim into an export. */
export interface GeoInfo {
  /** GDAL-order affine: x = t[0] + col·t[1] + row·t[2]; y = t[3] + col·t[4] + row·t[5] (pixel corner). */
  transform: Transform;
  /** EPSG code of the horizontal CRS, when the GeoKeys name one. */
  epsg: number | null;
  /** Human-readable CRS name, e.g. "WGS 84 / UTM zone 37N" or "EPSG:32637" or "user-defined". */
  crsName: string;
  /** True for a projected CRS, false for a geographic one. */
  projected: boolean;
  /** Metres per CRS linear unit for a projected CRS (1 for metre), null when unknown or geographic. */
  linearUnitMetres: number | null;
  /** The raw GeoTIFF georeferencing tags, copied unchanged into every export. */
  geoKeys: { directory: number[]; doubleParams: number[] | null; asciiParams: string | null };
}

export type FileFormat = 'GeoTIFF' | 'TIFF' | 'PNG' | 'JPEG' | 'WebP';

export interface RasterInfo {
  name: string;
  sizeBytes: number;
  format: FileFormat;
  width: number;
  height: number;
  bands: number;
  dtype: DType;
  /** The declared nodata value (GDAL_NODATA tag), or null. */
  nodata: number | null;
  geo: GeoInfo | null;
  /** Band descriptions when the file has them. */
  bandNames: (string | null)[];
  /** Rows per natural read block (strip or tile height); windows are aligned to multiples of it. */
  blockHeight: number;
  /** Where a validity mask read with the pixels comes from (io/mask.ts), e.g. "its internal mask (TIFF directory 2)". */
  mask?: string;
}

export interface RasterSource {
  readonly info: RasterInfo;
  /**
   * Rows [y0, y0 + rows) of the given 0-based bands as one Float32Array per band (length rows·width).
   * Declared nodata, NaN, and alpha = 0 (PNG/WebP) become NaN.
   */
  readRows(y0: number, rows: number, bands: readonly number[], signal?: AbortSignal): Promise<Float32Array[]>;
  /** What reading applied or set aside so far (a mask, samples out of range), one line each naming the file. */
  notes?(): string[];
}

/** Progress report of a long call: `done` of `total` units of `stage`. */
export interface Progress {
  stage: string;
  done: number;
  total: number;
}

export interface RunContext {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** A user-facing error that names the file (or input) and the problem. */
/** A file name as one printable line: control characters (newlines, escapes) shown escaped. */
export function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(name) ? JSON.stringify(name).slice(1, -1) : name;
}

export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string
  ) {
    super(`${printable(file)}: ${problem}`);
    this.name = 'InputError';
  }
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('The run was cancelled', 'AbortError');
}
