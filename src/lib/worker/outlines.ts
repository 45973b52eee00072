import type { ObjectPolygon } from '../core/objects/polygons';
import type { ObjectOutlines } from './api';

/** Flattens object outlines into the transferable layout of ObjectOutlines. */
export function flattenOutlines(polygons: readonly ObjectPolygon[]): ObjectOutlines {
  let polygonCount = 0;
  let ringCount = 0;
  let valueCount = 0;
  for (const p of polygons) {
    polygonCount += p.coordinates.length;
    for (const poly of p.coordinates) {
      ringCount += poly.length;
      for (const ring of poly) valueCount += 2 * ring.length;
    }
  }
  const out: ObjectOutlines = {
    ids: new Uint32Array(polygons.length),
    objectEnds: new Uint32Array(polygons.length),
    polygonEnds: new Uint32Array(polygonCount),
    ringEnds: new Uint32Array(ringCount),
    coordinates: new Float64Array(valueCount)
  };
  let pi = 0;
  let ri = 0;
  let vi = 0;
  polygons.forEach((p, oi) => {
    out.ids[oi] = p.id;
    for (const poly of p.coordinates) {
      for (const ring of poly) {
        for (const [x, y] of ring) {
          out.coordinates[vi++] = x;
          out.coordinates[vi++] = y;
        }
        out.ringEnds[ri++] = vi;
      }
      out.polygonEnds[pi++] = ri;
    }
    out.objectEnds[oi] = pi;
  });
  return out;
}
