/**
 * GeoTIFF georeferencing ⇄ GeoInfo, following GDAL's reading rules so that our numbers match
 * `gdalinfo` for the same file (GeoTIFF 1.1, OGC 19-008r4; GDAL frmts/gtiff/geotiff.cpp).
 */
import type { GeoInfo, Transform } from '../raster';

/** The georeferencing tags of one TIFF directory, as stored in the file. */
export interface GeoTiffTags {
  modelPixelScale?: ArrayLike<number>;
  modelTiepoint?: ArrayLike<number>;
  modelTransformation?: ArrayLike<number>;
  geoKeyDirectory?: ArrayLike<number>;
  geoDoubleParams?: ArrayLike<number>;
  geoAsciiParams?: string;
}

const GT_MODEL_TYPE = 1024;
const GT_RASTER_TYPE = 1025;
const GT_CITATION = 1026;
const GEOGRAPHIC_TYPE = 2048;
const GEOG_CITATION = 2049;
const PROJECTED_CS_TYPE = 3072;
const PCS_CITATION = 3073;
const PROJ_LINEAR_UNITS = 3076;
const PROJ_LINEAR_UNIT_SIZE = 3077;
const MODEL_TYPE_PROJECTED = 1;
const RASTER_PIXEL_IS_POINT = 2;
const USER_DEFINED = 32767;
const GEO_DOUBLE_PARAMS_TAG = 34736;
const GEO_ASCII_PARAMS_TAG = 34737;

/** Metres per unit for the EPSG linear units a GeoTIFF names in ProjLinearUnitsGeoKey. */
const METRES_PER_UNIT: Record<number, number> = { 9001: 1, 9002: 0.3048, 9003: 1200 / 3937 };

type GeoKeyValue = number | number[] | string;

/** Decodes the GeoKeyDirectory into key → value, resolving values stored in the double/ASCII params. */
export function readGeoKeys(tags: GeoTiffTags): Map<number, GeoKeyValue> {
  const keys = new Map<number, GeoKeyValue>();
  const dir = tags.geoKeyDirectory;
  if (!dir || dir.length < 4) return keys;
  for (let k = 0, i = 4; k < dir[3] && i + 3 < dir.length; k++, i += 4) {
    const [key, location, count, valueOffset] = [dir[i], dir[i + 1], dir[i + 2], dir[i + 3]];
    if (location === 0) keys.set(key, valueOffset);
    else if (location === GEO_DOUBLE_PARAMS_TAG && tags.geoDoubleParams) {
      const values = Array.from(tags.geoDoubleParams).slice(valueOffset, valueOffset + count);
      keys.set(key, count === 1 ? values[0] : values);
    } else if (location === GEO_ASCII_PARAMS_TAG && tags.geoAsciiParams) {
      // ASCII keys end in '|' (the GeoTIFF separator); GDAL strips it, and so do we.
      keys.set(key, tags.geoAsciiParams.slice(valueOffset, valueOffset + count).replace(/[|\0]+$/, ''));
    }
  }
  return keys;
}

/** True when the GeoKeys say the raster's tie point refers to the pixel centre (PixelIsPoint). */
export function rasterIsPoint(geoKeys: GeoInfo['geoKeys']): boolean {
  return readGeoKeys({ geoKeyDirectory: geoKeys.directory }).get(GT_RASTER_TYPE) === RASTER_PIXEL_IS_POINT;
}

/** The GDAL-order transform, or null when the file has no affine georeferencing (e.g. GCPs only). */
function transformFromTags(tags: GeoTiffTags, pixelIsPoint: boolean): Transform | null {
  const scale = tags.modelPixelScale;
  const tie = tags.modelTiepoint;
  const matrix = tags.modelTransformation;
  let t: Transform;
  // GDAL's order: scale + first tie point wins over a transformation matrix; several tie points
  // without a scale are ground control points, which are not an affine georeferencing.
  if (scale && scale.length >= 2 && scale[0] !== 0 && scale[1] !== 0 && tie && tie.length >= 6) {
    t = [tie[3] - tie[0] * scale[0], scale[0], 0, tie[4] + tie[1] * scale[1], 0, -scale[1]];
  } else if (matrix && matrix.length === 16) {
    t = [matrix[3], matrix[0], matrix[1], matrix[7], matrix[4], matrix[5]];
  } else {
    return null;
  }
  // PixelIsPoint tie points name the pixel centre; GDAL (GTIFF_POINT_GEO_IGNORE=FALSE, its default)
  // moves the origin half a pixel back to the corner, and so do we.
  if (pixelIsPoint) {
    t[0] -= 0.5 * t[1] + 0.5 * t[2];
    t[3] -= 0.5 * t[4] + 0.5 * t[5];
  }
  return t;
}

/** A readable CRS name when the file carries no citation. */
function nameForEpsg(epsg: number): string {
  if (epsg === 4326) return 'WGS 84';
  const zone = epsg % 100;
  if (zone >= 1 && zone <= 60 && (epsg - zone === 32600 || epsg - zone === 32700)) {
    return `WGS 84 / UTM zone ${zone}${epsg < 32700 ? 'N' : 'S'}`;
  }
  return `EPSG:${epsg}`;
}

function numberKey(keys: Map<number, GeoKeyValue>, key: number): number | null {
  const v = keys.get(key);
  return typeof v === 'number' ? v : null;
}

function textKey(keys: Map<number, GeoKeyValue>, key: number): string | null {
  const v = keys.get(key);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** Parses a directory's georeferencing tags; null when there is no affine georeferencing. */
export function geoInfoFromTags(tags: GeoTiffTags): GeoInfo | null {
  const keys = readGeoKeys(tags);
  const transform = transformFromTags(tags, keys.get(GT_RASTER_TYPE) === RASTER_PIXEL_IS_POINT);
  if (!transform) return null;
  const pcs = numberKey(keys, PROJECTED_CS_TYPE);
  const gcs = numberKey(keys, GEOGRAPHIC_TYPE);
  const modelType = numberKey(keys, GT_MODEL_TYPE);
  const projected = modelType === null ? pcs !== null : modelType === MODEL_TYPE_PROJECTED;
  const code = projected ? pcs : gcs;
  const epsg = code !== null && code !== USER_DEFINED && code > 0 ? code : null;
  const citation = textKey(keys, PCS_CITATION) ?? textKey(keys, GT_CITATION) ?? (projected ? null : textKey(keys, GEOG_CITATION));
  const crsName = citation ?? (epsg !== null ? nameForEpsg(epsg) : keys.size > 0 ? 'user-defined' : 'unknown');
  return {
    transform,
    epsg,
    crsName,
    projected,
    linearUnitMetres: projected ? linearUnitMetres(keys, epsg) : null,
    geoKeys: {
      directory: Array.from(tags.geoKeyDirectory ?? []),
      doubleParams: tags.geoDoubleParams ? Array.from(tags.geoDoubleParams) : null,
      asciiParams: tags.geoAsciiParams ?? null
    }
  };
}

function linearUnitMetres(keys: Map<number, GeoKeyValue>, epsg: number | null): number | null {
  const unit = numberKey(keys, PROJ_LINEAR_UNITS);
  if (unit === null) return epsg !== null ? 1 : null;
  if (unit === USER_DEFINED) return numberKey(keys, PROJ_LINEAR_UNIT_SIZE);
  return METRES_PER_UNIT[unit] ?? null;
}

/**
 * The tags that store `geo` in a GeoTIFF, as GDAL writes them: scale + tie point for a north-up
 * grid, a transformation matrix otherwise. A PixelIsPoint file keeps its centre-based tie point.
 */
export function geoTiffTagsFor(geo: Pick<GeoInfo, 'transform' | 'geoKeys'>): GeoTiffTags {
  const t = [...geo.transform];
  if (rasterIsPoint(geo.geoKeys)) {
    t[0] += 0.5 * t[1] + 0.5 * t[2];
    t[3] += 0.5 * t[4] + 0.5 * t[5];
  }
  const keys: GeoTiffTags = {
    geoKeyDirectory: geo.geoKeys.directory,
    ...(geo.geoKeys.doubleParams && { geoDoubleParams: geo.geoKeys.doubleParams }),
    ...(geo.geoKeys.asciiParams !== null && { geoAsciiParams: geo.geoKeys.asciiParams })
  };
  if (t[2] === 0 && t[4] === 0 && t[5] < 0) {
    return { ...keys, modelPixelScale: [t[1], -t[5], 0], modelTiepoint: [0, 0, 0, t[0], t[3], 0] };
  }
  return { ...keys, modelTransformation: [t[1], t[2], 0, t[0], t[4], t[5], 0, t[3], 0, 0, 0, 0, 0, 0, 0, 1] };
}

/** Ground area of one pixel in m², or null when the CRS is geographic or its unit unknown. */
export function pixelAreaM2(geo: GeoInfo): number | null {
  if (!geo.projected || geo.linearUnitMetres === null) return null;
  const [, a, b, , d, e] = geo.transform;
  return Math.abs(a * e - b * d) * geo.linearUnitMetres ** 2;
}

/** True when both name the same CRS: the same EPSG code, or identical GeoKeys when either has none. */
export function sameCrs(a: GeoInfo, b: GeoInfo): boolean {
  if (a.epsg !== null && b.epsg !== null) return a.epsg === b.epsg;
  return JSON.stringify(a.geoKeys) === JSON.stringify(b.geoKeys);
}

/**
 * True when both rasters lie on the same pixel grid: same CRS, and every transform coefficient
 * equal to within `tolerance` pixels (a fraction of a's pixel size), so no resampling is needed.
 */
export function sameGrid(a: GeoInfo, b: GeoInfo, tolerance = 1e-6): boolean {
  if (!sameCrs(a, b)) return false;
  const [, a1, a2, , a4, a5] = a.transform;
  const pixel = Math.max(Math.abs(a1), Math.abs(a2), Math.abs(a4), Math.abs(a5));
  return a.transform.every((v, i) => Math.abs(v - b.transform[i]) <= tolerance * pixel);
}
