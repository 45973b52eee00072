/**
 * The end-to-end benchmark's input pairs, generated once and kept in node_modules/.cache (the
 * 100-megapixel pair takes a minute or two to generate):
 * - `tiled`: the demo scene at N × N × 3 uint8, Deflate, 256 × 256 tiles (`sitewatch demo --tiled`);
 * - `strips`: 800 × 800 × 6 uint8, Deflate, one-row strips (GDAL's layout for a Landsat subset),
 *   two 3-band demo scenes stacked, re-encoded by gdal_translate (skipped without it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeGeoTiff, geoInfoFor } from '../../src/lib/core/io/tiff-writer';
import { DEMO_SCENE, generateScene } from '../../src/lib/core/scene/scene';

export const ROOT = resolve(import.meta.dirname, '../..');
const CACHE = join(ROOT, 'node_modules/.cache/sitewatch-bench');

export interface Pair {
  name: string;
  description: string;
  before: string;
  after: string;
  megapixels: number;
}

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
}

/** Generates into a temporary directory and renames it, so an interrupted run leaves no half pair. */
function cached(name: string, make: (dir: string) => void): string {
  const dir = join(CACHE, name);
  if (existsSync(join(dir, 'after.tif'))) return dir;
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  make(tmp);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

export function tiledPair(size: number): Pair {
  const dir = cached(`tiled-${size}`, (tmp) =>
    run(process.execPath, ['bin/sitewatch.js', 'demo', tmp, '--width', String(size), '--height', String(size), '--bands', '3', '--tiled'])
  );
  return {
    name: `${size}²×3 tiled`,
    description: `${size} × ${size} × 3 uint8, Deflate, 256² tiles`,
    before: join(dir, 'before.tif'),
    after: join(dir, 'after.tif'),
    megapixels: (size * size) / 1e6
  };
}

export function hasGdal(): boolean {
  return spawnSync('gdal_translate', ['--version']).status === 0;
}

export function stripPair(): Pair | null {
  if (!hasGdal()) return null;
  const size = 800;
  const dir = cached('strips-800', (tmp) => {
    const scenes = [1, 2].map((seed) => generateScene({ ...DEMO_SCENE, width: size, height: size, bands: 3, seed }));
    const geo = geoInfoFor(scenes[0].epsg, scenes[0].transform);
    for (const which of ['before', 'after'] as const) {
      const bands = scenes.flatMap((s) => s[which].map((b) => new Uint8Array(b.buffer, b.byteOffset, b.length)));
      const raw = join(tmp, `${which}-raw.tif`);
      writeFileSync(raw, encodeGeoTiff({ width: size, height: size, bands, dtype: 'uint8', geo, nodata: null, compression: 'none' }));
      run('gdal_translate', ['-q', '-co', 'COMPRESS=DEFLATE', '-co', 'BLOCKYSIZE=1', '-co', 'INTERLEAVE=PIXEL', raw, join(tmp, `${which}.tif`)]);
      rmSync(raw);
    }
  });
  return {
    name: '800²×6 strips',
    description: '800 × 800 × 6 uint8, Deflate, 1-row strips',
    before: join(dir, 'before.tif'),
    after: join(dir, 'after.tif'),
    megapixels: 0.64
  };
}
