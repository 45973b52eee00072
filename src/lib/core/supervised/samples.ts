/**
 * Labelled pixels for analyst-taught detection, read from a CSV `x,y,label` (pixel column and row,
 * 0-based, on the before image's grid; label `change` or `no-change`) or from GeoJSON points and
 * polygons with a `label` property, in the image's map coordinates (pixel coordinates when the image
 * is not georeferenced). A polygon contributes every pixel whose centre lies inside it (GDAL's rule,
 * sites/rasterize.ts). Bad input gets an InputError naming the file and the line or feature.
 */
import { InputError, type GeoInfo } from '../raster';
import type { TrainingSample } from '../change/options';
import { rasterizeSiteRow } from '../sites/rasterize';
import { mapToPixel } from '../sites/to-pixels';

/** The most pixels one polygon may contribute: samples are meant to be a few hundred, not an image. */
export const MAX_POLYGON_SAMPLES = 20000;

const LABELS: Record<string, 0 | 1> = { change: 1, 'no-change': 0, nochange: 0, 'no change': 0, unchanged: 0, '1': 1, '0': 0 };

function label(value: unknown, file: string, where: string): 0 | 1 {
  const l = typeof value === 'string' || typeof value === 'number' ? LABELS[String(value).trim().toLowerCase()] : undefined;
  if (l === undefined) throw new InputError(file, `${where}: label must be "change" or "no-change", not ${JSON.stringify(value)}`);
  return l;
}

/** Samples from a CSV with columns x, y, label (a header line is optional). */
export function parseTrainingCsv(text: string, file: string): TrainingSample[] {
  const samples: TrainingSample[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, k) => {
    const cells = line.split(',').map((c) => c.trim());
    if (line.trim() === '' || (k === 0 && cells[0].toLowerCase() === 'x')) return;
    if (cells.length !== 3) throw new InputError(file, `line ${k + 1}: expected x,y,label, got "${line}"`);
    const x = Number(cells[0]);
    const y = Number(cells[1]);
    if (!Number.isInteger(x) || !Number.isInteger(y) || cells[0] === '' || cells[1] === '') {
      throw new InputError(file, `line ${k + 1}: x and y must be whole pixel numbers (column, row from 0), got "${line}"`);
    }
    samples.push({ x, y, label: label(cells[2], file, `line ${k + 1}`) });
  });
  if (samples.length === 0) throw new InputError(file, 'no labelled pixel in the file');
  return samples;
}

type Geometry = { type: string; coordinates: unknown };

/** Samples from GeoJSON points and polygons with a `label` property, in the image's map coordinates. */
export function parseTrainingGeoJson(text: string, file: string, geo: GeoInfo | null): TrainingSample[] {
  let doc: { type?: string; features?: { geometry?: Geometry; properties?: Record<string, unknown> }[] };
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `not valid JSON (${(e as Error).message})`);
  }
  const features = doc.type === 'FeatureCollection' ? doc.features : doc.type === 'Feature' ? [doc as never] : null;
  if (!Array.isArray(features)) throw new InputError(file, 'expected a GeoJSON FeatureCollection');
  const fromMap = geo ? mapToPixel(geo) : null;
  const toPixel = (p: number[]): number[] => (fromMap ? fromMap([p[0], p[1]]) : [p[0], p[1]]);
  const samples: TrainingSample[] = [];
  features.forEach((feature, k) => {
    const where = `feature ${k + 1}`;
    const l = label(feature.properties?.label, file, where);
    const g = feature.geometry;
    const points = (coords: unknown) => {
      const [x, y] = toPixel(Array.isArray(coords) ? coords : []);
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new InputError(file, `${where}: a point is not a pair of numbers`);
      samples.push({ x: Math.floor(x), y: Math.floor(y), label: l });
    };
    const polygon = (rings: unknown) => {
      if (!Array.isArray(rings)) throw new InputError(file, `${where}: a polygon is not a list of rings`);
      const pixelRings = rings.map((ring: number[][]) => Float64Array.from(ring.flatMap((p) => toPixel(p))));
      const all = pixelRings.flatMap((r) => Array.from(r));
      const xs = all.filter((_, i) => i % 2 === 0);
      const ys = all.filter((_, i) => i % 2 === 1);
      if (xs.some((v) => !Number.isFinite(v)) || ys.some((v) => !Number.isFinite(v))) throw new InputError(file, `${where}: a vertex is not a pair of numbers`);
      const bounds: [number, number, number, number] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
      const site = { name: where, rings: pixelRings, bounds };
      const width = Math.max(0, Math.ceil(bounds[2]) + 1);
      const row = new Uint8Array(width);
      const scratch = { crossings: new Float64Array(16) };
      let count = 0;
      for (let y = Math.max(0, Math.floor(bounds[1])); y <= Math.ceil(bounds[3]); y++) {
        row.fill(0);
        rasterizeSiteRow(site, y, row, scratch);
        for (let x = Math.max(0, Math.floor(bounds[0])); x < width; x++) {
          if (!row[x]) continue;
          if (++count > MAX_POLYGON_SAMPLES)
            throw new InputError(file, `${where}: the polygon covers more than ${MAX_POLYGON_SAMPLES} pixels; draw smaller ones`);
          samples.push({ x, y, label: l });
        }
      }
    };
    if (!g || !Array.isArray(g.coordinates)) throw new InputError(file, `${where}: no geometry`);
    if (g.type === 'Point') points(g.coordinates);
    else if (g.type === 'MultiPoint') g.coordinates.forEach(points);
    else if (g.type === 'Polygon') polygon(g.coordinates);
    else if (g.type === 'MultiPolygon') g.coordinates.forEach(polygon);
    else throw new InputError(file, `${where}: ${g.type} is not a point or polygon`);
  });
  if (samples.length === 0) throw new InputError(file, 'no labelled pixel in the file');
  return samples;
}

/** CSV or GeoJSON, told apart by the first character. */
export function parseTrainingSamples(text: string, file: string, geo: GeoInfo | null): TrainingSample[] {
  return text.trimStart().startsWith('{') ? parseTrainingGeoJson(text, file, geo) : parseTrainingCsv(text, file);
}
