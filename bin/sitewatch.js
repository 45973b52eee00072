#!/usr/bin/env node
// The Sitewatch CLI: the same TypeScript core the app's worker runs. It starts from the bundle
// that `npm run build:cli` makes (bin/dist/main.js, no compiler at start-up) while the bundle is
// newer than every source it was made from; otherwise it runs the sources through tsx.
import { readFileSync, statSync } from 'node:fs';

const bundle = new URL('./dist/main.js', import.meta.url);

function bundleIsFresh() {
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('./dist/inputs.json', import.meta.url), 'utf8'));
    return inputs.every((file) => statSync(new URL(`../${file}`, import.meta.url)).mtimeMs <= built);
  } catch {
    return false; // no bundle, or a source moved: run the sources
  }
}

const { main } = bundleIsFresh() ? await import(bundle.href) : await (await import('tsx/esm/api')).tsImport('./main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
