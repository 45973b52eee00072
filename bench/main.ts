import { parseArgs } from 'node:util';
import { benchEndToEnd, endToEndMarkdown, type Runner } from './e2e/index';
import { benchForest } from './forest';
import { benchKernels } from './kernels';

const ELEMENTS = 50_000_000;
const SPEEDUP_TARGET = 3;
const RUNNERS: Runner[] = ['native', 'cli', 'browser'];

/**
 * `npm run bench [-- options]`: kernels, then the end-to-end section.
 *   --only kernels|forest|e2e   one section
 *   --size N             side of the tiled pair (default 10000; e.g. 2000 for a quick check)
 *   --rounds N           interleaved rounds of the end-to-end runs (default 1; medians reported)
 *   --runners a,b        any of native, cli, browser (default all three)
 *   --json               JSON instead of tables
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { only: { type: 'string' }, size: { type: 'string' }, rounds: { type: 'string' }, runners: { type: 'string' }, json: { type: 'boolean' } }
  });
  const json = values.json ?? false;
  const report: Record<string, unknown> = {};
  if (values.only === undefined || values.only === 'forest') {
    const forest = await benchForest({ pixels: 500_000, repeats: 3 });
    report.forest = forest;
    if (!json) printForest(forest);
  }
  if (values.only === undefined || values.only === 'kernels') {
    const kernels = await benchKernels({ elements: ELEMENTS, repeats: 5 });
    report.kernels = kernels;
    if (!json) printKernels(kernels);
  }
  if (values.only === undefined || values.only === 'e2e') {
    const runners = (values.runners?.split(',') ?? RUNNERS) as Runner[];
    if (runners.some((r) => !RUNNERS.includes(r))) throw new Error(`--runners takes ${RUNNERS.join(', ')}`);
    const e2e = await benchEndToEnd({
      size: Number(values.size ?? 10000),
      rounds: Number(values.rounds ?? 1),
      runners,
      layout: 'raw',
      log: json ? undefined : (line) => console.error(line)
    });
    report.endToEnd = e2e;
    if (!json) {
      console.log('\nEnd to end: CVA + Otsu + objects, wall time from start to result (median of the rounds), CPU time and peak memory of the process tree');
      console.log(endToEndMarkdown(e2e.rows));
      for (const s of e2e.skipped) console.log(`skipped ${s}`);
    }
  }
  if (json) console.log(JSON.stringify(report, null, 2));
}

const FOREST_TARGET_MPS = 20;

function printForest(f: Awaited<ReturnType<typeof benchForest>>): void {
  console.log(`Supervised: random-forest prediction on one core, megapixels/s incl. copies (target ≥ ${FOREST_TARGET_MPS} MP/s)`);
  console.table(
    f.prediction.map((p) => ({
      'trained on': `${p.samples} samples`,
      forest: `${p.trees} trees, ${p.nodes} nodes, ${p.features} features`,
      'SIMD wasm': `${p.simdMPs.toFixed(1)}${p.simdMPs >= FOREST_TARGET_MPS ? '' : ' (below target)'}`,
      'scalar wasm': p.scalarMPs.toFixed(1),
      'plain JS': p.jsMPs.toFixed(1)
    }))
  );
  console.log(`Feature stack (TypeScript, 3 bands): ${f.featuresMPs.toFixed(2)} MP/s\n`);
}

function printKernels(kernels: Awaited<ReturnType<typeof benchKernels>>): void {
  console.log(`Kernels on ${ELEMENTS.toLocaleString('en')} elements, median ms (target: SIMD ≥ ${SPEEDUP_TARGET}× plain JS)`);
  const ms = (v: number | null) => (v === null ? '—' : v.toFixed(1));
  console.table(
    kernels.map((k) => ({
      kernel: k.name,
      'SIMD wasm': ms(k.simdMs),
      'scalar wasm': ms(k.scalarMs),
      'plain JS': ms(k.jsMs),
      'C -O3': ms(k.cMs),
      'SIMD incl. copies': ms(k.simdCopyMs),
      'SIMD / JS': `${(k.jsMs / k.simdMs).toFixed(1)}×${k.jsMs / k.simdMs >= SPEEDUP_TARGET ? '' : ' (below target)'}`,
      'SIMD / C': k.cMs === null ? '—' : `${(k.cMs / k.simdMs).toFixed(2)}×`
    }))
  );
}
