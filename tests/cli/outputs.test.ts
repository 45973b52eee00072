import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPair, sitewatch } from '../helpers/cli';

let pair: ReturnType<typeof demoPair>;
let all: string;

beforeAll(() => {
  pair = demoPair();
  all = mkdtempSync(join(tmpdir(), 'sitewatch-outputs-all-'));
  const r = sitewatch('change', pair.before, pair.after, '--out', all, '--method', 'cva', '--quiet');
  expect(r.code, r.stderr).toBe(0);
});

describe('sitewatch change --outputs', () => {
  it('writes only the rasters named, with the same bytes, and the same objects and summary', () => {
    const out = mkdtempSync(join(tmpdir(), 'sitewatch-outputs-'));
    const r = sitewatch('change', pair.before, pair.after, '--out', out, '--method', 'cva', '--quiet', '--outputs', 'mask,class');
    expect(r.code, r.stderr).toBe(0);
    const tifs = readdirSync(out).filter((f) => f.endsWith('.tif'));
    expect(tifs.sort()).toEqual(['class.tif', 'mask.tif']);
    for (const f of [...tifs, 'objects.csv', 'objects.geojson']) expect(readFileSync(join(out, f)).equals(readFileSync(join(all, f))), f).toBe(true);
    const summary = (dir: string) => ({ ...JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')), timingsMs: null });
    expect(summary(out)).toEqual(summary(all));
  });

  it('notes a requested raster the method does not make', () => {
    const out = mkdtempSync(join(tmpdir(), 'sitewatch-outputs-'));
    const r = sitewatch('change', pair.before, pair.after, '--out', out, '--method', 'absdiff', '--quiet', '--outputs', 'magnitude,class');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/--outputs: class not made by absdiff/);
    expect(existsSync(join(out, 'magnitude.tif'))).toBe(true);
    expect(existsSync(join(out, 'mask.tif'))).toBe(false);
  });

  it('refuses a name that is no raster output, before doing any work', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sitewatch-outputs-')), 'never');
    const r = sitewatch('change', pair.before, pair.after, '--out', out, '--outputs', 'magnitude,objects');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--outputs: "objects" is not a raster output/);
    expect(existsSync(out)).toBe(false);
  });
});
