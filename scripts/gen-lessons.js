#!/usr/bin/env node
/**
 * Writes the generated lessons' images (src/lib/lessons/generate.ts) under DIR, by default
 * static/lessons, next to the committed Landsat lesson. Seeded: the same bytes on every machine.
 *
 *   node scripts/gen-lessons.js [dir=static/lessons]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const dir = resolve(process.argv[2] ?? 'static/lessons');
const { generateLessonFiles } = await tsImport('../src/lib/lessons/generate.ts', import.meta.url);
let bytes = 0;
const files = generateLessonFiles();
for (const f of files) {
  await mkdir(dirname(join(dir, f.path)), { recursive: true });
  await writeFile(join(dir, f.path), f.bytes);
  bytes += f.bytes.length;
}
console.log(`gen-lessons: ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) in ${dir}`);
