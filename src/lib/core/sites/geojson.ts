/**
 * Sites from GeoJSON: a FeatureCollection, a Feature or a bare geometry; every Polygon or
 * MultiPolygon becomes a site named by its `name` property (or `Name`, `title`, `id`). Coordinates
 * are WGS 84 longitude/latitude (RFC 7946) unless a `crs` member (the 2008 GeoJSON spec, as GDAL
 * and QGIS still write it) names an EPSG code, or `image`.
 */
import { InputError } from '../raster';
import type { PolygonRings, SiteCrs, SiteGeometry, SiteSet } from './site';

type Json = Record<string, unknown>;

const NAME_KEYS = ['name', 'Name', 'NAME', 'title', 'label', 'id'];

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The CRS a `crs` member names: EPSG:n, urn:ogc:def:crs:EPSG::n, OGC CRS84 (= WGS 84) or `image`. */
export function parseCrsName(name: string, file: string): SiteCrs {
  const text = name.trim();
  if (/CRS84$/i.test(text) || /^(EPSG:)?:?4326$/i.test(text) || /EPSG::4326$/i.test(text)) return { kind: 'wgs84' };
  if (/^image$/i.test(text)) return { kind: 'image' };
  const m = /EPSG:{1,2}(\d+)$/i.exec(text);
  if (m) return { kind: 'epsg', epsg: Number(m[1]) };
  throw new InputError(file, `the crs "${name}" is not understood: use EPSG:<code>, urn:ogc:def:crs:EPSG::<code> or omit it for WGS 84`);
}

function crsOf(root: Json, file: string): SiteCrs {
  const crs = root.crs;
  if (crs === undefined || crs === null) return { kind: 'wgs84' };
  const name = isObject(crs) && isObject(crs.properties) ? crs.properties.name : undefined;
  if (typeof name !== 'string')
    throw new InputError(file, 'the crs member has no properties.name (e.g. {"type": "name", "properties": {"name": "EPSG:32637"}})');
  return parseCrsName(name, file);
}

function position(v: unknown, file: string, where: string): [number, number] {
  if (!Array.isArray(v) || v.length < 2 || !Number.isFinite(v[0]) || !Number.isFinite(v[1])) {
    throw new InputError(file, `${where}: a position must be [x, y] with two finite numbers, not ${JSON.stringify(v)?.slice(0, 60)}`);
  }
  return [v[0], v[1]];
}

function polygon(v: unknown, file: string, where: string): PolygonRings {
  if (!Array.isArray(v) || v.length === 0) throw new InputError(file, `${where}: a polygon needs at least its outer ring`);
  return v.map((ring, k) => {
    if (!Array.isArray(ring) || ring.length < 3) throw new InputError(file, `${where}: ring ${k + 1} needs at least three positions`);
    return ring.map((p) => position(p, file, where));
  });
}

function polygonsOf(geometry: Json, file: string, where: string): PolygonRings[] | null {
  if (geometry.type === 'Polygon') return [polygon(geometry.coordinates, file, where)];
  if (geometry.type === 'MultiPolygon') {
    if (!Array.isArray(geometry.coordinates)) throw new InputError(file, `${where}: MultiPolygon coordinates must be an array of polygons`);
    return geometry.coordinates.map((p) => polygon(p, file, where));
  }
  if (geometry.type === 'GeometryCollection' && Array.isArray(geometry.geometries)) {
    const all = geometry.geometries.filter(isObject).flatMap((g) => polygonsOf(g, file, where) ?? []);
    return all.length ? all : null;
  }
  return null;
}

function nameOf(feature: Json, index: number): string {
  const props = isObject(feature.properties) ? feature.properties : {};
  for (const key of NAME_KEYS) {
    const v = props[key] ?? (key === 'id' ? feature.id : undefined);
    if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number') return String(v).trim();
  }
  return `Site ${index + 1}`;
}

/** The sites of a GeoJSON text; `file` names it in errors. Features without an area (points, lines) are skipped. */
export function parseSitesGeoJson(text: string, file: string): SiteSet {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(root)) throw new InputError(file, 'not a GeoJSON object');
  const features: Json[] =
    root.type === 'FeatureCollection' && Array.isArray(root.features)
      ? root.features.filter(isObject)
      : root.type === 'Feature'
        ? [root]
        : typeof root.type === 'string' && 'coordinates' in root
          ? [{ type: 'Feature', geometry: root, properties: {} }]
          : [];
  if (features.length === 0 && root.type !== 'FeatureCollection')
    throw new InputError(file, 'not GeoJSON: expected a FeatureCollection, a Feature or a geometry');
  const crs = crsOf(root, file);
  const sites: SiteGeometry[] = [];
  features.forEach((f, i) => {
    if (!isObject(f.geometry)) return;
    const name = nameOf(f, i);
    const polygons = polygonsOf(f.geometry, file, `feature ${i + 1} (${name})`);
    if (polygons) sites.push({ name, polygons });
  });
  if (sites.length === 0) throw new InputError(file, 'holds no Polygon or MultiPolygon: a site needs an area');
  return { crs, sites };
}
