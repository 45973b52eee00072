/**
 * Sites onto the image grid: file CRS → image CRS with proj4 (vertex by vertex; site edges are
 * short against the curvature of a projection), then the inverse of the image's affine transform.
 */
import proj4 from 'proj4';
import { proj4Definition, type Position } from '../objects/crs';
import { InputError, type GeoInfo } from '../raster';
import type { PixelSite, SiteCrs, SiteSet } from './site';

function crsLabel(crs: SiteCrs): string {
  return crs.kind === 'wgs84' ? 'WGS 84' : crs.kind === 'epsg' ? `EPSG:${crs.epsg}` : "the image's CRS";
}

/** Map coordinates of the site file → map coordinates of the image, or an error naming the file. */
function toImageCrs(crs: SiteCrs, geo: GeoInfo | null, file: string): (p: Position) => Position {
  if (crs.kind === 'image') return (p) => p;
  if (!geo) throw new InputError(file, `the sites are in ${crsLabel(crs)} but the image is not georeferenced: give them in pixel coordinates (crs "image")`);
  const epsg = crs.kind === 'wgs84' ? 4326 : crs.epsg;
  if (geo.epsg === epsg) return (p) => p;
  const from = proj4Definition(epsg);
  const to = geo.epsg !== null ? proj4Definition(geo.epsg) : null;
  if (from === null || to === null) {
    throw new InputError(
      file,
      `cannot convert the sites from ${crsLabel(crs)} to the image's ${geo.crsName}: supported are WGS 84, UTM (WGS 84) and Web Mercator`
    );
  }
  const converter = proj4(from, to);
  return (p) => converter.forward([p[0], p[1]]) as Position;
}

/** Map coordinates → pixel coordinates (column, row) by the inverse of the GDAL-order affine. */
export function mapToPixel(geo: GeoInfo): (p: Position) => Position {
  const [t0, t1, t2, t3, t4, t5] = geo.transform;
  const det = t1 * t5 - t2 * t4;
  return ([x, y]) => {
    const dx = x - t0;
    const dy = y - t3;
    return [(t5 * dx - t2 * dy) / det, (-t4 * dx + t1 * dy) / det];
  };
}

/**
 * The set in the image's own CRS (map coordinates; pixel column/row when the image has no
 * georeferencing), polygons kept as they are: what the app draws and stores.
 */
export function sitesInImageCrs(set: SiteSet, geo: GeoInfo | null, file: string): SiteSet {
  const toMap = toImageCrs(set.crs, geo, file);
  return {
    crs: { kind: 'image' },
    sites: set.sites.map((site) => ({ name: site.name, polygons: site.polygons.map((polygon) => polygon.map((ring) => ring.map(toMap))) }))
  };
}

/** Every site of the set as rings in pixel coordinates of an image with georeferencing `geo` (null: pixel coordinates already). */
export function sitesToPixels(set: SiteSet, geo: GeoInfo | null, file: string): PixelSite[] {
  const toMap = toImageCrs(set.crs, geo, file);
  const toPixel = geo ? mapToPixel(geo) : (p: Position) => p;
  return set.sites.map((site) => {
    const rings: Float64Array[] = [];
    const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const polygon of site.polygons) {
      for (const ring of polygon) {
        const xy = new Float64Array(2 * ring.length);
        ring.forEach((p, k) => {
          const [c, r] = toPixel(toMap(p));
          if (!Number.isFinite(c) || !Number.isFinite(r)) throw new InputError(file, `site "${site.name}": a vertex does not convert onto the image grid`);
          xy[2 * k] = c;
          xy[2 * k + 1] = r;
          bounds[0] = Math.min(bounds[0], c);
          bounds[1] = Math.min(bounds[1], r);
          bounds[2] = Math.max(bounds[2], c);
          bounds[3] = Math.max(bounds[3], r);
        });
        rings.push(xy);
      }
    }
    return { name: site.name, rings, bounds };
  });
}
