/** GeoJSON and CSV exports of change objects, the GeoJSON read back by GDAL (ogrinfo). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geoInfoFor } from '../../src/lib/core/io/tiff-writer';
import { objectsCsv } from '../../src/lib/core/objects/csv';
import { objectsGeoJson } from '../../src/lib/core/objects/geojson';
import { labelChangeObjects } from '../../src/lib/core/objects/label';
import { objectPolygons } from '../../src/lib/core/objects/polygons';
import type { GeoInfo } from '../../src/lib/core/raster';
import { Sfc32, unit } from '../../src/lib/core/scene/prng';
import { MemoryStore } from '../../src/lib/core/store';
import { requireGdal } from '../helpers/gdal';

const W = 48;
const H = 36;
const PIXEL = 2;
const utm = geoInfoFor(32637, [600000, PIXEL, 0, 3800000, 0, -PIXEL]);

function testMask(): MemoryStore<Uint8Array> {
  const rng = new Sfc32(42, 3);
  const m = new MemoryStore(W, H, Uint8Array);
  for (let i = 0; i < m.data.length; i++) {
    const u = unit(rng.next());
    m.data[i] = u < 0.4 ? 1 : u > 0.97 ? 255 : 0;
  }
  return m;
}

async function analyse(geo: GeoInfo | null, simplifyPx = 0) {
  const mask = testMask();
  const labels = new MemoryStore(W, H, Uint32Array);
  const magnitude = new MemoryStore(W, H, Float32Array);
  magnitude.data.fill(1.5);
  const objects = await labelChangeObjects(mask, { labels, magnitude, geo }, { stripRows: 5 });
  const polygons = await objectPolygons(labels, objects, { geo, simplifyPx });
  return { objects, polygons };
}

let dir = '';
beforeAll(() => {
  requireGdal();
  dir = mkdtempSync(join(tmpdir(), 'sitewatch-objects-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ogr(name: string, text: string, ...args: string[]): string {
  const path = join(dir, `${name}.geojson`);
  writeFileSync(path, text);
  return execFileSync('ogrinfo', [...args, path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function sql(name: string, text: string, query: string, dialect = 'OGRSQL'): string {
  return ogr(name, text, '-q', '-dialect', dialect, '-sql', query);
}

const extentOf = (summary: string) =>
  summary
    .match(/Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)/)!
    .slice(1)
    .map(Number);

describe('objectsGeoJson in the image CRS, read by ogrinfo', () => {
  it('feature count, geometry type, CRS and extent match the objects', async () => {
    const { objects, polygons } = await analyse(utm);
    const text = objectsGeoJson(objects, polygons, { crs: 'image', geo: utm });
    expect(JSON.parse(text).crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32637' } });
    const summary = ogr('utm', text, '-al', '-so');
    expect(summary).toContain(`Feature Count: ${objects.length}`);
    expect(summary).toContain('Geometry: Multi Polygon');
    expect(summary).toMatch(/WGS 84 \/ UTM zone 37N/);
    const col0 = Math.min(...objects.map((o) => o.bbox[0]));
    const row0 = Math.min(...objects.map((o) => o.bbox[1]));
    const col1 = Math.max(...objects.map((o) => o.bbox[2]));
    const row1 = Math.max(...objects.map((o) => o.bbox[3]));
    expect(extentOf(summary)).toEqual([600000 + PIXEL * col0, 3800000 - PIXEL * row1, 600000 + PIXEL * col1, 3800000 - PIXEL * row0]);
  });

  it('total polygon area = changed pixels × pixel area, and every geometry is valid (GEOS)', async () => {
    const { objects, polygons } = await analyse(utm);
    const text = objectsGeoJson(objects, polygons, { crs: 'image', geo: utm });
    const pixels = objects.reduce((a, o) => a + o.areaPx, 0);
    expect(pixels).toBe(testMask().data.filter((v) => v === 1).length);
    const areaRow = sql('area', text, 'SELECT SUM(OGR_GEOM_AREA) AS total FROM area');
    expect(Number(areaRow.match(/total \(Real\) = ([\d.]+)/)![1])).toBe(pixels * PIXEL * PIXEL);
    const valid = sql('valid', text, 'SELECT SUM(ST_IsValid(geometry)) AS valid, COUNT(*) AS n FROM valid', 'SQLite');
    expect(valid).toContain(`valid (Integer) = ${objects.length}`);
    expect(valid).toContain(`n (Integer) = ${objects.length}`);
  });

  it('simplified at 0.5 px the outlines stay valid and keep the pixel area', async () => {
    const { objects, polygons } = await analyse(utm, 0.5);
    const text = objectsGeoJson(objects, polygons, { crs: 'image', geo: utm });
    const pixels = objects.reduce((a, o) => a + o.areaPx, 0);
    const row = sql('half', text, 'SELECT SUM(ST_IsValid(geometry)) AS valid, SUM(ST_Area(geometry)) AS total FROM half', 'SQLite');
    expect(row).toContain(`valid (Integer) = ${objects.length}`);
    expect(Number(row.match(/total \(Real\) = ([\d.]+)/)![1])).toBe(pixels * PIXEL * PIXEL);
  });

  it('carries the object properties', async () => {
    const { objects, polygons } = await analyse(utm);
    const feature = JSON.parse(objectsGeoJson(objects, polygons, { crs: 'image', geo: utm })).features[0];
    const o = objects[0];
    expect(feature).toMatchObject({ type: 'Feature', id: 1, geometry: { type: 'MultiPolygon' } });
    expect(feature.properties).toEqual({
      id: 1,
      areaPx: o.areaPx,
      areaM2: o.areaPx * 4,
      bboxCol0: o.bbox[0],
      bboxRow0: o.bbox[1],
      bboxCol1: o.bbox[2],
      bboxRow1: o.bbox[3],
      centroidCol: o.centroidPx[0],
      centroidRow: o.centroidPx[1],
      // Map coordinates are rounded to 1/1000 px or finer (here 1 mm), degrees to 1e-7.
      centroidX: expect.closeTo(600000 + PIXEL * o.centroidPx[0], 3),
      centroidY: expect.closeTo(3800000 - PIXEL * o.centroidPx[1], 3),
      centroidLon: expect.closeTo(o.centroidLonLat![0], 7),
      centroidLat: expect.closeTo(o.centroidLonLat![1], 7),
      meanMagnitude: 1.5,
      maxMagnitude: 1.5,
      directionClass: null
    });
  });
});

describe('objectsGeoJson in WGS 84 (RFC 7946)', () => {
  it('lon/lat order, no crs member, 1e-7° rounding, valid, extent matches the UTM corners', async () => {
    const { objects, polygons } = await analyse(utm);
    const text = objectsGeoJson(objects, polygons, { crs: 'wgs84', geo: utm });
    const json = JSON.parse(text);
    expect(json.crs).toBeUndefined();
    const numbers = json.features.flatMap((f: any) => f.geometry.coordinates.flat(3));
    expect(numbers.every((v: number) => Math.abs(v * 1e7 - Math.round(v * 1e7)) < 1e-6)).toBe(true);
    const summary = ogr('wgs84', text, '-al', '-so');
    expect(summary).toContain(`Feature Count: ${objects.length}`);
    expect(summary).toContain('Geometry: Multi Polygon');
    const lons = numbers.filter((_: number, i: number) => i % 2 === 0);
    const lats = numbers.filter((_: number, i: number) => i % 2 === 1);
    const extent = extentOf(summary);
    [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)].forEach((v, i) => expect(extent[i]).toBeCloseTo(v, 6));
    // Every position lies within the image's footprint (its corners, by an independent proj4 call).
    const toLonLat = proj4('+proj=utm +zone=37 +datum=WGS84 +units=m +no_defs', 'EPSG:4326');
    const corners = [
      [0, 0],
      [W, 0],
      [0, H],
      [W, H]
    ].map(([c, r]) => toLonLat.forward([600000 + PIXEL * c, 3800000 - PIXEL * r]));
    expect(Math.min(...lons)).toBeGreaterThan(Math.min(...corners.map((p) => p[0])) - 1e-7);
    expect(Math.max(...lons)).toBeLessThan(Math.max(...corners.map((p) => p[0])) + 1e-7);
    expect(Math.min(...lats)).toBeGreaterThan(Math.min(...corners.map((p) => p[1])) - 1e-7);
    expect(Math.max(...lats)).toBeLessThan(Math.max(...corners.map((p) => p[1])) + 1e-7);
    const valid = sql('wgsvalid', text, 'SELECT SUM(ST_IsValid(geometry)) AS valid FROM wgsvalid', 'SQLite');
    expect(valid).toContain(`valid (Integer) = ${objects.length}`);
    // RFC 7946 §3.1.6: shells counter-clockwise, holes clockwise.
    for (const f of json.features) {
      for (const rings of f.geometry.coordinates) {
        rings.forEach((ring: number[][], k: number) => {
          const a = ring.slice(0, -1).reduce((s, p, i) => s + p[0] * ring[i + 1][1] - ring[i + 1][0] * p[1], 0);
          expect(Math.sign(a)).toBe(k === 0 ? 1 : -1);
        });
      }
    }
  });

  it('is refused, with the reason, without georeferencing or for a CRS it cannot convert', async () => {
    const plain = await analyse(null);
    expect(() => objectsGeoJson(plain.objects, plain.polygons, { crs: 'wgs84', geo: null })).toThrow(/not georeferenced/);
    const montana = geoInfoFor(32100, [0, 1, 0, 0, 0, -1]);
    const other = await analyse(montana);
    expect(() => objectsGeoJson(other.objects, other.polygons, { crs: 'wgs84', geo: montana })).toThrow(/EPSG:32100.*image CRS/);
    expect(JSON.parse(objectsGeoJson(other.objects, other.polygons, { crs: 'image', geo: montana })).crs.properties.name).toBe('urn:ogc:def:crs:EPSG::32100');
  });
});

describe('objectsGeoJson without georeferencing', () => {
  it('pixel coordinates, no crs member; ogrinfo reads the same count and the pixel extent', async () => {
    const { objects, polygons } = await analyse(null);
    const text = objectsGeoJson(objects, polygons, { crs: 'image', geo: null });
    expect(JSON.parse(text).crs).toBeUndefined();
    const summary = ogr('pixels', text, '-al', '-so');
    expect(summary).toContain(`Feature Count: ${objects.length}`);
    const [x0, y0, x1, y1] = extentOf(summary);
    expect([x0, y0]).toEqual([Math.min(...objects.map((o) => o.bbox[0])), Math.min(...objects.map((o) => o.bbox[1]))]);
    expect([x1, y1]).toEqual([Math.max(...objects.map((o) => o.bbox[2])), Math.max(...objects.map((o) => o.bbox[3]))]);
  });

  it('an empty object list is an empty FeatureCollection', () => {
    const summary = ogr('empty', objectsGeoJson([], [], { crs: 'image', geo: utm }), '-al', '-so');
    expect(summary).toContain('Feature Count: 0');
  });
});

describe('objectsCsv', () => {
  it('header with units, one row per object, empty fields for unknown values', async () => {
    const { objects } = await analyse(utm);
    const lines = objectsCsv(objects).split('\r\n');
    expect(lines[0]).toBe(
      'id,area_px,area_m2,bbox_col0_px,bbox_row0_px,bbox_col1_px,bbox_row1_px,centroid_col_px,centroid_row_px,' +
        'centroid_x_m,centroid_y_m,centroid_lon_deg,centroid_lat_deg,mean_magnitude,max_magnitude,direction_class'
    );
    expect(lines).toHaveLength(objects.length + 2);
    expect(lines.at(-1)).toBe('');
    const o = objects[0];
    expect(lines[1].split(',')).toEqual([1, o.areaPx, o.areaM2, ...o.bbox, ...o.centroidPx, ...o.centroidMap!, ...o.centroidLonLat!, 1.5, 1.5, ''].map(String));
    const plain = await analyse(null);
    expect(objectsCsv(plain.objects, { mapUnit: 'ft' }).split('\r\n')[1].split(',').slice(9, 13)).toEqual(['', '', '', '']);
    expect(objectsCsv([], { mapUnit: 'ft' })).toContain('centroid_x_ft,centroid_y_ft');
  });
});
