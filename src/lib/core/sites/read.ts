import { parseSitesGeoJson } from './geojson';
import { parseSitesKml } from './kml';
import type { SiteSet } from './site';

/** Sites from a GeoJSON or KML text, told apart by the file's extension or, failing that, its first character. */
export function parseSites(text: string, file: string): SiteSet {
  const kml = /\.kml$/i.test(file) || (!/\.(geo)?json$/i.test(file) && text.trimStart().startsWith('<'));
  return kml ? parseSitesKml(text, file) : parseSitesGeoJson(text, file);
}
