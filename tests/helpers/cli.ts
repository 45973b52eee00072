import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Runs the real CLI as a user would, returning its exit code and output. */
export function sitewatch(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [resolve(ROOT, 'bin/sitewatch.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The demo scene generated once into tests/fixtures/generated/<name> (small by default). */
export function demoPair(name = 'demo', ...args: string[]): { before: string; after: string; truth: string; dir: string } {
  const dir = resolve(ROOT, 'tests/fixtures/generated', name);
  if (!existsSync(resolve(dir, 'truth.tif'))) {
    const r = sitewatch('demo', dir, ...args);
    if (r.code !== 0) throw new Error(`demo generation failed: ${r.stderr}`);
  }
  return { before: resolve(dir, 'before.tif'), after: resolve(dir, 'after.tif'), truth: resolve(dir, 'truth.tif'), dir };
}
