// Bundles the CLI (bin/main.ts and the TypeScript core it imports) into bin/dist/main.js with
// esbuild, so `sitewatch` starts without compiling TypeScript at run time. Dependencies stay in
// node_modules. Every module keeps its own import.meta.url (its source file's, relative to the
// bundle), so the WASM core and the fonts are found where they are in the source tree.
// bin/dist/inputs.json lists the sources; bin/sitewatch.js runs the bundle only while none of
// them is newer than it, else the sources through tsx.
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = resolve(root, 'bin/dist/main.js');

/** import.meta.url → the URL of the module's own source file, relative to the bundle. */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      if (args.path.includes(`${'/'}node_modules${'/'}`)) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const from = relative(dirname(outfile), args.path).split('\\').join('/');
      const contents = text.replaceAll('import.meta.url', `new URL(${JSON.stringify(from)}, import.meta.url).href`);
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  }
};

const result = await build({
  absWorkingDir: root,
  entryPoints: ['bin/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  metafile: true,
  logLevel: 'warning',
  plugins: [ownImportMetaUrl]
});
const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/'));
await writeFile(resolve(root, 'bin/dist/inputs.json'), JSON.stringify(inputs) + '\n');
console.log(`build-cli: bin/dist/main.js from ${inputs.length} sources`);
