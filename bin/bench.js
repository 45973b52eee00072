#!/usr/bin/env node
// `npm run bench [-- --only e2e --size 2000 …]`: kernel speed and the end-to-end comparison with native GDAL + numpy (see bench/main.ts).
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../bench/main.ts', import.meta.url);
await main(process.argv.slice(2));
