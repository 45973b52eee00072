import type { SiteCrs, SiteGeometry } from './site';

/**
 * Sites as GeoJSON: RFC 7946 without a `crs` member when in WGS 84, else with the 2008-style
 * `crs` member naming the EPSG code (which GDAL, QGIS and parseSitesGeoJson read).
 */
export function sitesGeoJson(sites: readonly (SiteGeometry & { properties?: Record<string, unknown> })[], crs: SiteCrs): string {
  const member =
    crs.kind === 'wgs84' ? {} : { crs: { type: 'name', properties: { name: crs.kind === 'epsg' ? `urn:ogc:def:crs:EPSG::${crs.epsg}` : 'image' } } };
  const features = sites.map((s) => ({
    type: 'Feature',
    properties: { ...s.properties, name: s.name },
    geometry: s.polygons.length === 1 ? { type: 'Polygon', coordinates: s.polygons[0] } : { type: 'MultiPolygon', coordinates: s.polygons }
  }));
  return JSON.stringify({ type: 'FeatureCollection', ...member, features }) + '\n';
}
