import { objectsCsv } from '../objects/csv';
import { lonLatConverter } from '../objects/crs';
import { objectsGeoJson } from '../objects/geojson';
import { labelChangeObjects, TooManyObjectsError } from '../objects/label';
import { objectPolygons } from '../objects/polygons';
import type { ChangeObject } from '../objects/stats';
import type { GeoInfo, RunContext } from '../raster';
import type { BandStore } from '../store';

/** Douglas–Peucker tolerance of the outlines: half a pixel drops redundant vertices and keeps every area exact and every geometry valid (more would move areas by percents). */
export const OUTLINE_TOLERANCE_PX = 0.5;

export interface ObjectStores {
  mask: BandStore<Uint8Array>;
  magnitude: BandStore<Float32Array>;
  /** CVA direction class per pixel, when the method made one. */
  directionClass?: BandStore<Float32Array>;
  /** Receives the object id of every pixel (used for the outlines). */
  labels: BandStore<Uint32Array>;
}

export interface ObjectsOutcome {
  count: number;
  objects: ChangeObject[];
  /** RFC 7946 (WGS 84) when the CRS converts to lon/lat, else in the image's CRS or pixel coordinates. */
  geojson: string;
  /** The same in the image's CRS, when `geojson` is in WGS 84. */
  geojsonImageCrs: string | null;
  csv: string;
  notes: string[];
}

/**
 * Most objects listed and outlined. A noisy, uncleaned mask can hold millions of one-pixel
 * "objects"; listing them would cost far more memory than the rasters and help nobody.
 */
export const MAX_OBJECTS = 100_000;

/** Unit of the map coordinates in objects.csv's centroid column names. */
export function objectsMapUnit(geo: GeoInfo | null): string {
  return geo ? (geo.projected ? 'm' : 'deg') : 'px';
}

/** The change objects of a mask: labelled, measured, outlined, and written as GeoJSON and CSV. */
export async function changeObjects(stores: ObjectStores, geo: GeoInfo | null, ctx: RunContext = {}): Promise<ObjectsOutcome> {
  let objects: ChangeObject[];
  try {
    objects = await labelChangeObjects(
      stores.mask,
      { magnitude: stores.magnitude, directionClass: stores.directionClass, geo, labels: stores.labels, limit: MAX_OBJECTS },
      ctx
    );
  } catch (e) {
    if (!(e instanceof TooManyObjectsError)) throw e;
    const note = `${e.count} change objects, more than ${MAX_OBJECTS}: they are counted but not listed or outlined; clean the mask (e.g. median:3,mmu:20px) first`;
    const empty = objectsGeoJson([], [], { crs: 'image', geo });
    return { count: e.count, objects: [], geojson: empty, geojsonImageCrs: null, csv: objectsCsv([], {}), notes: [note] };
  }
  const polygons = await objectPolygons(stores.labels, objects, { geo, simplifyPx: OUTLINE_TOLERANCE_PX }, ctx);
  const notes: string[] = [];
  const wgs84 = geo !== null && lonLatConverter(geo) !== null;
  if (geo && !wgs84) notes.push(`objects are in ${geo.crsName}: it has no supported conversion to WGS 84 longitude/latitude`);
  const imageCrs = objectsGeoJson(objects, polygons, { crs: 'image', geo });
  return {
    count: objects.length,
    objects,
    geojson: wgs84 ? objectsGeoJson(objects, polygons, { crs: 'wgs84', geo }) : imageCrs,
    geojsonImageCrs: wgs84 ? imageCrs : null,
    csv: objectsCsv(objects, { mapUnit: objectsMapUnit(geo) }),
    notes
  };
}
