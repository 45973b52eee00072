/**
 * `sitewatch change --sites`: the per-site numbers against an independent rasterization of the
 * same polygons by gdal_rasterize (pixel centres, ALL_TOUCHED off) and GDAL's reading of the
 * mask and magnitude — polygons with holes, partly outside the image, in the image's CRS, in
 * WGS 84, and from KML.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPair, sitewatch } from '../helpers/cli';
import { gdalBand, gdalinfo, requireGdal } from '../helpers/gdal';

let pair: ReturnType<typeof demoPair>;
let grid: { width: number; height: number; t: number[]; epsg: number };
let dir: string;

/** Map coordinates of pixel position (col, row) on the demo's grid. */
const map = (c: number, r: number): [number, number] => [grid.t[0] + c * grid.t[1], grid.t[3] + r * grid.t[5]];

/** Polygons in pixel positions, chosen off the half-pixel lattice so no centre lies on an edge. */
const HOLED = [
  [
    [150.3, 120.2],
    [330.7, 128.9],
    [318.1, 245.6],
    [205.4, 231.3],
    [141.9, 190.8]
  ],
  [
    [210.2, 160.1],
    [260.9, 171.7],
    [231.6, 205.3]
  ]
];
const EDGE = [
  [
    [-40.3, 30.7],
    [90.2, -25.1],
    [120.8, 80.4],
    [20.6, 140.9]
  ]
];
/** Two parts: a MultiPolygon. */
const PARTS = [
  [
    [
      [300.2, 20.3],
      [355.7, 22.9],
      [340.3, 70.1]
    ]
  ],
  [
    [
      [310.4, 90.2],
      [380.6, 95.1],
      [375.2, 150.7],
      [320.1, 140.2]
    ]
  ]
];

function closed(ring: number[][]): [number, number][] {
  const pts = ring.map(([c, r]) => map(c, r));
  return [...pts, pts[0]];
}

function imageCrsFile(): string {
  const features = [
    { type: 'Feature', properties: { name: 'Holed' }, geometry: { type: 'Polygon', coordinates: HOLED.map(closed) } },
    { type: 'Feature', properties: { name: 'Edge' }, geometry: { type: 'Polygon', coordinates: EDGE.map(closed) } },
    { type: 'Feature', properties: { name: 'Parts' }, geometry: { type: 'MultiPolygon', coordinates: PARTS.map((p) => p.map(closed)) } }
  ];
  const path = join(dir, 'sites-utm.geojson');
  writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: `EPSG:${grid.epsg}` } }, features }));
  return path;
}

/** A polygon with a hole given directly in longitude/latitude over the demo's area. */
const LONLAT = [
  [
    [40.9571, 34.4318],
    [40.9629, 34.4327],
    [40.9642, 34.4361],
    [40.9583, 34.4372],
    [40.9561, 34.4349]
  ],
  [
    [40.9592, 34.4338],
    [40.9611, 34.4341],
    [40.9601, 34.4355]
  ]
];

function wgs84File(): string {
  const ring = (r: number[][]) => [...r, r[0]];
  const path = join(dir, 'sites-wgs84.geojson');
  writeFileSync(
    path,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { name: 'Lon/lat' }, geometry: { type: 'Polygon', coordinates: LONLAT.map(ring) } }]
    })
  );
  return path;
}

function kmlFile(): string {
  const coords = (r: number[][]) => [...r, r[0]].map(([x, y]) => `${x},${y},0`).join(' ');
  const path = join(dir, 'sites.kml');
  writeFileSync(
    path,
    `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><Placemark><name>Lon/lat</name><Polygon>
<outerBoundaryIs><LinearRing><coordinates>${coords(LONLAT[0])}</coordinates></LinearRing></outerBoundaryIs>
<innerBoundaryIs><LinearRing><coordinates>${coords(LONLAT[1])}</coordinates></LinearRing></innerBoundaryIs>
</Polygon></Placemark></Folder></Document></kml>`
  );
  return path;
}

/** GDAL's rasterization of one named feature onto the demo's grid (reprojected by ogr2ogr first): 1 inside, 0 outside. */
function gdalSite(file: string, name: string): Float64Array {
  const projected = join(dir, `projected-${Math.random().toString(36).slice(2)}.geojson`);
  execFileSync('ogr2ogr', ['-q', '-t_srs', `EPSG:${grid.epsg}`, projected, file]);
  const out = join(dir, `${name.replace(/\W/g, '_')}-${Math.random().toString(36).slice(2)}.tif`);
  const [x0, y1] = map(0, 0);
  const [x1, y0] = map(grid.width, grid.height);
  execFileSync('gdal_rasterize', [
    '-q',
    ...['-where', `name = '${name}'`],
    ...['-burn', '1', '-init', '0', '-ot', 'Byte'],
    ...['-a_srs', `EPSG:${grid.epsg}`],
    ...['-te', String(x0), String(y0), String(x1), String(y1)],
    ...['-ts', String(grid.width), String(grid.height)],
    projected,
    out
  ]);
  return gdalBand(out, 1);
}

/** The numbers of one site computed from GDAL's rasterization and GDAL's reading of the outputs. */
function expected(inside: Float64Array, out: string) {
  const mask = gdalBand(join(out, 'mask.tif'), 1);
  const magnitude = gdalBand(join(out, 'magnitude.tif'), 1);
  let pixels = 0;
  let valid = 0;
  let changed = 0;
  let sum = 0;
  for (let i = 0; i < inside.length; i++) {
    if (!inside[i]) continue;
    pixels++;
    if (mask[i] === 255) continue;
    valid++;
    sum += magnitude[i];
    if (mask[i] === 1) changed++;
  }
  return { pixels, valid, changed, mean: sum / valid };
}

function run(sites: string) {
  const out = mkdtempSync(join(tmpdir(), 'sitewatch-sites-'));
  const r = sitewatch('change', pair.before, pair.after, '--out', out, '--sites', sites, '--quiet');
  expect(r.code, r.stderr).toBe(0);
  return { out, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) };
}

beforeAll(() => {
  requireGdal();
  pair = demoPair('demo-400', '--width', '400', '--height', '260');
  const info = gdalinfo(pair.before);
  grid = { width: info.size[0], height: info.size[1], t: info.geoTransform, epsg: Number(info.stac['proj:epsg']) };
  dir = mkdtempSync(join(tmpdir(), 'sitewatch-sitefiles-'));
});

describe('sitewatch change --sites', () => {
  it('counts the pixels GDAL rasterizes for polygons with holes, partly outside the image, and in parts', () => {
    const file = imageCrsFile();
    const { out, summary } = run(file);
    expect(summary.sites.map((s: { name: string }) => s.name)).toEqual(['Holed', 'Edge', 'Parts']);
    for (const site of summary.sites) {
      const e = expected(gdalSite(file, site.name), out);
      expect(e.pixels).toBeGreaterThan(500);
      expect(site.pixels).toBe(e.pixels);
      expect(site.validPixels).toBe(e.valid);
      expect(site.changedPixels).toBe(e.changed);
      expect(site.changedFraction).toBeCloseTo(e.changed / e.valid, 12);
      expect(site.areaM2).toBeCloseTo(e.pixels * 16, 6);
      expect(site.changedAreaM2).toBeCloseTo(e.changed * 16, 6);
      expect(site.changedAreaHa).toBeCloseTo((e.changed * 16) / 1e4, 9);
      expect(site.meanMagnitude).toBeCloseTo(e.mean, 3);
    }
    expect(summary.sites.map((s: { partlyOutside: boolean }) => s.partlyOutside)).toEqual([false, true, false]);
  });

  it('reads WGS 84 GeoJSON and KML alike, reprojected onto the image as GDAL does', () => {
    const geojson = wgs84File();
    const a = run(geojson);
    const b = run(kmlFile());
    const e = expected(gdalSite(geojson, 'Lon/lat'), a.out);
    expect(e.pixels).toBeGreaterThan(1000);
    expect(a.summary.sites[0]).toMatchObject({ name: 'Lon/lat', pixels: e.pixels, validPixels: e.valid, changedPixels: e.changed });
    expect(b.summary.sites).toEqual(a.summary.sites);
  });

  it('lists, per site, the objects it touches, and names the sites in objects.csv', () => {
    const { out, summary } = run(join(pair.dir, 'sites.geojson'));
    const [oldSite, newSite] = summary.sites;
    expect(oldSite.name).toBe('Old crossing');
    expect(newSite.name).toBe('New crossing');
    expect(newSite.changedAreaM2).toBeGreaterThan(10 * Math.max(1, oldSite.changedAreaM2));
    expect(newSite.objects).toBeGreaterThan(0);
    const csv = readFileSync(join(out, 'objects.csv'), 'utf8').trim().split('\r\n');
    expect(csv[0].split(',').at(-1)).toBe('sites');
    const inNew = csv.slice(1).filter((line) => line.endsWith(',New crossing'));
    expect(inNew).toHaveLength(newSite.objects);
    const largest = newSite.largestObjects[0];
    const row = csv.find((line) => line.startsWith(`${largest.id},`))!;
    expect(Number(row.split(',')[1])).toBe(largest.areaPx);
    const sitesCsv = readFileSync(join(out, 'sites.csv'), 'utf8').trim().split('\r\n');
    expect(sitesCsv).toHaveLength(3);
    expect(sitesCsv[2].startsWith(`New crossing,${newSite.pixels},`)).toBe(true);
  });

  it('names the file and the problem for a bad sites file', () => {
    const bad = join(dir, 'bad.geojson');
    writeFileSync(
      bad,
      JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } }] })
    );
    const r = sitewatch('change', pair.before, pair.after, '--out', mkdtempSync(join(tmpdir(), 'sitewatch-sites-')), '--sites', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.geojson: holds no Polygon or MultiPolygon');
  });
});
