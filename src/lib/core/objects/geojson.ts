/**
 * Change objects as a GeoJSON FeatureCollection, one MultiPolygon Feature per object.
 *
 * - `crs: 'image'`: coordinates in the raster's CRS, named by the pre-RFC 7946 `crs` member
 *   (`urn:ogc:def:crs:EPSG::32637`, the form GDAL reads and writes); a georeferenced raster
 *   whose CRS has no EPSG code gets no `crs` member (it cannot be named), and a raster without
 *   georeferencing is written in pixel coordinates (col, row; y down), also without `crs`.
 * - `crs: 'wgs84'`: RFC 7946 — [lon, lat] in WGS 84, no `crs` member, shells counter-clockwise,
 *   coordinates rounded to 1e-7° (~1 cm). Only for the CRSs crs.ts converts; anything else is
 *   refused with an error rather than guessed.
 *
 * Image coordinates are rounded to 1/1000 of a pixel, which keeps the files small and loses
 * nothing the pixel grid could tell.
 */
import { InputError, type GeoInfo } from '../raster';
import { lonLatConverter, type Position } from './crs';
import { orientRing, type ObjectPolygon } from './polygons';
import type { ChangeObject } from './stats';

export interface GeoJsonOptions {
  crs: 'image' | 'wgs84';
  /** Georeferencing the polygons were made with (objectPolygons' `geo`), or null. */
  geo: GeoInfo | null;
}

const WGS84_DECIMALS = 7;

/** Decimals that resolve 1/1000 of a pixel in the raster's coordinates. */
function imageDecimals(geo: GeoInfo | null): number {
  const pixel = geo ? Math.hypot(geo.transform[1], geo.transform[4]) : 1;
  return Math.max(0, Math.min(12, Math.ceil(3 - Math.log10(pixel))));
}

function rounder(decimals: number): (v: number) => number {
  const f = 10 ** decimals;
  return (v) => Math.round(v * f) / f;
}

function properties(o: ChangeObject, round: (v: number) => number, roundDeg: (v: number) => number) {
  return {
    id: o.id,
    areaPx: o.areaPx,
    areaM2: o.areaM2,
    bboxCol0: o.bbox[0],
    bboxRow0: o.bbox[1],
    bboxCol1: o.bbox[2],
    bboxRow1: o.bbox[3],
    centroidCol: o.centroidPx[0],
    centroidRow: o.centroidPx[1],
    centroidX: o.centroidMap && round(o.centroidMap[0]),
    centroidY: o.centroidMap && round(o.centroidMap[1]),
    centroidLon: o.centroidLonLat && roundDeg(o.centroidLonLat[0]),
    centroidLat: o.centroidLonLat && roundDeg(o.centroidLonLat[1]),
    meanMagnitude: o.meanMagnitude,
    maxMagnitude: o.maxMagnitude,
    directionClass: o.directionClass
  };
}

/** The `crs` member naming an EPSG CRS the way GDAL does, or undefined. */
function crsMember(geo: GeoInfo | null) {
  if (geo?.epsg == null) return undefined;
  const name = geo.epsg === 4326 ? 'urn:ogc:def:crs:OGC:1.3:CRS84' : `urn:ogc:def:crs:EPSG::${geo.epsg}`;
  return { type: 'name', properties: { name } };
}

/**
 * The objects and their outlines (from `objectPolygons`, made with the same `geo`) as a GeoJSON
 * string. Objects without an outline get a null geometry.
 */
export function objectsGeoJson(objects: readonly ChangeObject[], polygons: readonly ObjectPolygon[], options: GeoJsonOptions): string {
  const { geo } = options;
  const round = rounder(imageDecimals(geo));
  const roundDeg = rounder(WGS84_DECIMALS);
  let convert: (p: Position) => Position;
  if (options.crs === 'wgs84') {
    if (!geo) throw new InputError('GeoJSON (WGS 84)', 'the image is not georeferenced; export in image coordinates instead');
    const toLonLat = lonLatConverter(geo);
    if (!toLonLat) {
      throw new InputError(
        'GeoJSON (WGS 84)',
        `cannot convert from ${geo.crsName}${geo.epsg ? ` (EPSG:${geo.epsg})` : ''} to WGS 84: only WGS 84, ` +
          'WGS 84 / UTM and Web Mercator are supported; export in the image CRS instead'
      );
    }
    convert = (p) => {
      const [lon, lat] = toLonLat(p);
      return [roundDeg(lon), roundDeg(lat)];
    };
  } else {
    convert = (p) => [round(p[0]), round(p[1])];
  }
  const outlines = new Map(polygons.map((p) => [p.id, p.coordinates]));
  const features = objects.map((o) => {
    const parts = outlines.get(o.id);
    const coordinates = parts?.map((rings) => rings.map((ring, k) => orientRing(ring.map(convert), k === 0)));
    return {
      type: 'Feature',
      id: o.id,
      properties: properties(o, round, roundDeg),
      geometry: coordinates ? { type: 'MultiPolygon', coordinates } : null
    };
  });
  const crs = options.crs === 'image' ? crsMember(geo) : undefined;
  return JSON.stringify({ type: 'FeatureCollection', ...(crs && { crs }), features }) + '\n';
}
