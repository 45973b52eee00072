/**
 * Pixel → map → WGS 84 for change objects. The map step is the raster's GDAL-order affine; the
 * WGS 84 step uses proj4 with a definition built here from the EPSG code, for the CRSs the
 * analyst's imagery comes in: WGS 84 / UTM north (326zz) and south (327zz), WGS 84 itself (4326)
 * and Web Mercator (3857). Any other CRS (another datum, a user-defined CRS, no EPSG code) has no
 * lon/lat here: we return null rather than guess a datum shift.
 */
import proj4 from 'proj4';
import type { GeoInfo } from '../raster';

export type Position = [number, number];

/** The proj4 definition of a supported EPSG code, or null (see the module comment). */
export function proj4Definition(epsg: number): string | null {
  if (epsg === 4326) return '+proj=longlat +datum=WGS84 +no_defs';
  if (epsg === 3857) {
    return '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs';
  }
  const zone = epsg % 100;
  const base = epsg - zone;
  if (zone >= 1 && zone <= 60 && (base === 32600 || base === 32700)) {
    return `+proj=utm +zone=${zone}${base === 32700 ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`;
  }
  return null;
}

/** Map coordinates of a point given in pixel coordinates (col, row; pixel corners at integers). */
export function pixelToMap(geo: GeoInfo, col: number, row: number): Position {
  const t = geo.transform;
  return [t[0] + col * t[1] + row * t[2], t[3] + col * t[4] + row * t[5]];
}

/** Map coordinates → [lon, lat] in WGS 84, or null when the raster's CRS is not supported. */
export function lonLatConverter(geo: GeoInfo | null): ((p: Position) => Position) | null {
  const def = geo?.epsg != null ? proj4Definition(geo.epsg) : null;
  if (def === null) return null;
  if (geo?.epsg === 4326) return (p) => [p[0], p[1]];
  const converter = proj4(def, proj4Definition(4326)!);
  return (p) => converter.forward([p[0], p[1]]) as Position;
}
