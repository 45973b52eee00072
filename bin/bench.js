#!/usr/bin/env node
// `npm run bench [-- --json]`: kernel speed (SIMD vs scalar WASM vs plain JS) and the CLI end to end.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../bench/main.ts', import.meta.url);
await main(process.argv.slice(2));
