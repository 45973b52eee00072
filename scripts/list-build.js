#!/usr/bin/env node
/**
 * Runs after `vite build`: writes the app icons (PNG, from scripts/icons.js) and then
 * build/precache.json, the list of EVERY file under build/ as relative URLs. The service worker
 * precaches that list, because SvelteKit's own `$service-worker` lists miss the worker chunks and
 * the worker's .wasm, and the app must work offline in full.
 *
 *   node scripts/list-build.js [dir=build]
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { writeIcons } from './icons.js';

const LIST = 'precache.json';

async function walk(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const root = resolve(process.argv[2] ?? 'build');
if (!(await stat(root).catch(() => null))?.isDirectory()) {
  console.error(`list-build: ${root} does not exist; run vite build first`);
  process.exit(1);
}
await writeIcons(root);
const files = (await walk(root)).map((f) => relative(root, f).split(sep).map(encodeURIComponent).join('/'));
// The list names itself so "every file under build/ is cached" holds literally.
if (!files.includes(LIST)) files.push(LIST);
files.sort();
await writeFile(join(root, LIST), JSON.stringify(files, null, 1) + '\n');
let bytes = 0;
for (const f of files) bytes += (await stat(join(root, decodeURIComponent(f)))).size;
console.log(`list-build: ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) listed in ${join(root, LIST)}`);
