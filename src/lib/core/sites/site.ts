/**
 * Sites (areas of interest): named polygons whose change the analyst wants in numbers. A site is
 * read from GeoJSON or KML in its own CRS, moved onto the image's pixel grid once, and then
 * rasterized row by row: a pixel belongs to a site when its centre lies inside the polygon
 * (holes excluded), the rule GDAL's rasterizer follows without ALL_TOUCHED.
 */
import type { Position } from '../objects/crs';

/** The CRS the coordinates of a site file are in. */
export type SiteCrs =
  /** RFC 7946: longitude, latitude on WGS 84. */
  | { kind: 'wgs84' }
  /** A CRS named by its EPSG code (a GeoJSON `crs` member). */
  | { kind: 'epsg'; epsg: number }
  /** The image's own CRS, or pixel (column, row) coordinates when the image is not georeferenced. */
  | { kind: 'image' };

/** A polygon: its outer ring, then its holes; each ring a list of positions (closing point optional). */
export type PolygonRings = Position[][];

/** A site as read from a file: its name and its polygons in the file's CRS. */
export interface SiteGeometry {
  name: string;
  polygons: PolygonRings[];
}

export interface SiteSet {
  crs: SiteCrs;
  sites: SiteGeometry[];
}

/** A site on the image grid: rings in pixel coordinates (column, row; pixel (c, r) spans [c, c + 1)). */
export interface PixelSite {
  name: string;
  /** All rings of all its polygons, each as interleaved x, y. */
  rings: Float64Array[];
  /** [minX, minY, maxX, maxY] of its vertices, in pixels. */
  bounds: [number, number, number, number];
}
