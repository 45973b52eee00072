/**
 * Sites from KML 2.2 (OGC 07-147r2): every Placemark with a Polygon (also inside a
 * MultiGeometry) becomes a site named by its <name>; KML coordinates are always WGS 84
 * longitude,latitude[,altitude]. Parsed with fast-xml-parser, which runs without a DOM (worker, Node).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../raster';
import type { PolygonRings, SiteGeometry, SiteSet } from './site';

type Node = Record<string, unknown>;

const ARRAYS = new Set(['Placemark', 'Polygon', 'innerBoundaryIs', 'Folder', 'Document', 'MultiGeometry']);

function asArray(v: unknown): Node[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is Node => typeof x === 'object' && x !== null);
}

function ring(boundary: unknown, file: string, where: string): [number, number][] {
  const linear = asArray(boundary)[0]?.LinearRing;
  const text = asArray(linear)[0]?.coordinates;
  if (typeof text !== 'string') throw new InputError(file, `${where}: a boundary without LinearRing coordinates`);
  const points = text
    .trim()
    .split(/\s+/)
    .map((tuple) => tuple.split(',').map(Number));
  if (points.length < 3 || points.some((p) => p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) {
    throw new InputError(file, `${where}: coordinates must be at least three "lon,lat[,alt]" tuples`);
  }
  return points.map((p) => [p[0], p[1]]);
}

function polygons(node: Node, file: string, where: string): PolygonRings[] {
  const own = asArray(node.Polygon).map((p) => [ring(p.outerBoundaryIs, file, where), ...asArray(p.innerBoundaryIs).map((b) => ring(b, file, where))]);
  return [...own, ...asArray(node.MultiGeometry).flatMap((m) => polygons(m, file, where))];
}

function placemarks(node: Node): Node[] {
  return [...asArray(node.Placemark), ...asArray(node.Document).flatMap(placemarks), ...asArray(node.Folder).flatMap(placemarks)];
}

/** The sites of a KML text; `file` names it in errors. Placemarks without a polygon are skipped. */
export function parseSitesKml(text: string, file: string): SiteSet {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new InputError(file, `not valid XML (line ${valid.err.line}: ${valid.err.msg})`);
  const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, isArray: (name) => ARRAYS.has(name) });
  const root = parser.parse(text) as Node;
  const kml = asArray(root.kml)[0];
  if (!kml) throw new InputError(file, 'not KML: no <kml> element');
  const sites: SiteGeometry[] = [];
  placemarks(kml).forEach((p, i) => {
    const name = typeof p.name === 'string' && p.name.trim() !== '' ? p.name.trim() : `Site ${i + 1}`;
    const found = polygons(p, file, `Placemark ${i + 1} (${name})`);
    if (found.length) sites.push({ name, polygons: found });
  });
  if (sites.length === 0) throw new InputError(file, 'holds no Placemark with a Polygon: a site needs an area');
  return { crs: { kind: 'wgs84' }, sites };
}
