import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** gdalinfo -json of a file: the independent reading of our exports' georeferencing. */
export function gdalinfo(path: string): any {
  return JSON.parse(execFileSync('gdalinfo', ['-json', '-proj4', path], { encoding: 'utf8' }));
}

/** One band decoded by GDAL (gdal_translate to raw ENVI), as Float64 values. */
export function gdalBand(path: string, band: number): Float64Array {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-gdal-'));
  try {
    const out = join(dir, 'b.raw');
    execFileSync('gdal_translate', ['-q', '-of', 'ENVI', '-ot', 'Float64', '-b', String(band), path, out]);
    const buf = readFileSync(out);
    return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8).slice();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function requireGdal(): void {
  try {
    execFileSync('gdalinfo', ['--version']);
  } catch {
    throw new Error('gdal-bin is required by this test (apt-get install -y gdal-bin; .ci/run installs it)');
  }
}
