import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { geoInfoFor, encodeGeoTiff } from '../../src/lib/core/io/tiff-writer';
import { pixelToMap } from '../../src/lib/core/objects/crs';
import { sitesGeoJson } from '../../src/lib/core/sites/write';
import { DEMO_SCENE, generateScene, type SceneOptions } from '../../src/lib/core/scene/scene';
import { UsageError } from '../usage-error';

function int(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, not "${v}"`);
  return n;
}

/**
 * `sitewatch demo DIR`: writes the seeded synthetic scene — before.tif, after.tif (Deflate,
 * band names set) and truth.tif (1 = changed), sites.json (pixel boxes) and sites.geojson (the two sites in the image's CRS) — the bundled demo and the test fixtures.
 */
export async function runDemo(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      width: { type: 'string' },
      height: { type: 'string' },
      bands: { type: 'string' },
      seed: { type: 'string' },
      tiled: { type: 'boolean' }
    }
  });
  if (positionals.length !== 1) throw new UsageError('demo needs the output directory');
  const bands = int(values.bands, DEMO_SCENE.bands, 'bands');
  if (bands !== 3 && bands !== 4) throw new UsageError('--bands must be 3 or 4');
  const opts: SceneOptions = {
    ...DEMO_SCENE,
    width: int(values.width, DEMO_SCENE.width, 'width'),
    height: int(values.height, DEMO_SCENE.height, 'height'),
    bands,
    seed: int(values.seed, DEMO_SCENE.seed, 'seed')
  };
  const scene = generateScene(opts);
  const geo = geoInfoFor(scene.epsg, scene.transform);
  const common = { width: scene.width, height: scene.height, geo, compression: 'deflate' as const, tileSize: values.tiled ? 256 : undefined };
  const dir = positionals[0];
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'before.tif'), encodeGeoTiff({ ...common, bands: scene.before, dtype: 'uint8', nodata: null, bandNames: scene.bandNames }));
  await writeFile(join(dir, 'after.tif'), encodeGeoTiff({ ...common, bands: scene.after, dtype: 'uint8', nodata: null, bandNames: scene.bandNames }));
  await writeFile(join(dir, 'truth.tif'), encodeGeoTiff({ ...common, bands: [scene.truth], dtype: 'uint8', nodata: null, bandNames: ['truth: 1 changed'] }));
  await writeFile(join(dir, 'sites.json'), JSON.stringify({ crs: `EPSG:${scene.epsg}`, transform: scene.transform, sites: scene.sites }, null, 2) + '\n');
  const outlines = scene.sites.map(({ name, kind, bbox: [x0, y0, x1, y1] }) => ({
    name,
    properties: { kind },
    polygons: [
      [
        [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
          [x0, y0]
        ].map(([c, r]) => pixelToMap(geo, c, r))
      ]
    ]
  }));
  await writeFile(join(dir, 'sites.geojson'), sitesGeoJson(outlines, { kind: 'epsg', epsg: scene.epsg }));
}
