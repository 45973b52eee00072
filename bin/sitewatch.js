#!/usr/bin/env node
// The Sitewatch CLI: runs the TypeScript core directly (through tsx), the same code the app's worker runs.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('./main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
