// Before the tests: the browser tests need Debian's Chromium and the export checks need GDAL.
// On a fresh Debian machine (as root) they are installed; elsewhere a clear message says what is missing.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const have = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const missing = [];
if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
if (!have('gdalinfo') || !have('gdal_translate')) missing.push('gdal-bin');

if (missing.length > 0) {
  const root = process.getuid?.() === 0;
  if (!root || !have('apt-get')) {
    console.error(`The tests need Debian packages that are missing: ${missing.join(', ')}. Install them: apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(', ')} from Debian…`);
  execSync('apt-get update -qq', { stdio: 'inherit' });
  execSync(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`, { stdio: 'inherit' });
}
