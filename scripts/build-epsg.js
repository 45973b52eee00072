// Writes src/lib/core/align/build/epsg-proj4.json: EPSG code → proj4 definition for every
// projected and geographic 2-D CRS of the epsg-index package (its all.json also carries WKT,
// areas and bounding boxes, ~8 MB, which the app would otherwise have to precache for offline use).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const all = JSON.parse(await readFile(require.resolve('epsg-index/all.json'), 'utf8'));
const index = {};
for (const [code, crs] of Object.entries(all)) {
  if (!crs.proj4 || !['CRS-PROJCRS', 'CRS-GEOGCRS', 'CRS-GEOG2DCRS'].includes(crs.kind)) continue;
  index[code] = { name: crs.name, proj4: crs.proj4.replace(/ \+type=crs$/, '') };
}
const out = fileURLToPath(new URL('../src/lib/core/align/build/', import.meta.url));
await mkdir(out, { recursive: true });
await writeFile(out + 'epsg-proj4.json', JSON.stringify(index));
console.log(`build-epsg: ${Object.keys(index).length} CRSs`);
