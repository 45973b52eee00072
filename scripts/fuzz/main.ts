/**
 * `npm run fuzz -- --seconds N [--seed S] [--max-inputs K] [--json]`: mutates the valid seed TIFFs
 * and reads each mutant in a worker thread, as the CLI would, with a budget per input (5 s, 512 MB
 * of heap). A worker that hangs or runs out of memory is replaced. Prints the count per verdict and
 * every bad input as (seed file, mutation seed), which `mutate` turns back into the same bytes;
 * exits 1 when any input was bad.
 */
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { BAD, classify, type Outcome, type Verdict } from './classify';
import { mutate } from './mutate';
import { fuzzSeeds } from './seeds';

const HANG_MS = 5000;
const HEAP_MB = 512;
const NAME = 'fuzz.tif';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, seed: { type: 'string', default: '1' }, 'max-inputs': { type: 'string' }, json: { type: 'boolean' } }
});
const seconds = Number(values.seconds);
const firstSeed = Number(values.seed);
const maxInputs = values['max-inputs'] ? Number(values['max-inputs']) : Infinity;
const seeds = fuzzSeeds();

function startWorker(): Promise<Worker> {
  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    // geotiff.js's web-worker shim reads workerData in any worker thread; an empty object keeps it inert.
    workerData: {},
    resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: 64 }
  });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}

/** One input through the worker: its outcome, or 'hang' / 'oom' when the worker had to be replaced. */
function runOne(worker: Worker, id: number, bytes: Uint8Array): Promise<Outcome | 'hang' | 'oom' | { died: string }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done('hang'), HANG_MS);
    const onMessage = (m: Outcome & { id: number }) => m.id === id && done(m);
    const onError = (e: Error & { code?: string }) => done(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'oom' : { died: e.message });
    const onExit = () => done({ died: 'the worker exited' });
    function done(result: Outcome | 'hang' | 'oom' | { died: string }) {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve(result);
    }
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id, bytes, name: NAME });
  });
}

const counts = Object.fromEntries(['result', 'clear-error', ...BAD].map((v) => [v, 0])) as Record<Verdict, number>;
const bad: { seed: string; mutationSeed: number; verdict: Verdict; detail: string }[] = [];
const messages = new Map<string, number>();
let worker = await startWorker();
const start = Date.now();
let n = 0;
for (; n < maxInputs && Date.now() - start < seconds * 1000; n++) {
  const mutationSeed = firstSeed + n;
  const seed = seeds[n % seeds.length];
  const bytes = mutate(seed.bytes, mutationSeed, seeds[(n + 1) % seeds.length].bytes);
  const result = await runOne(worker, n, bytes);
  let verdict: Verdict;
  let detail = '';
  if (result === 'hang' || result === 'oom' || 'died' in result) {
    verdict = result === 'hang' ? 'hang' : result === 'oom' ? 'oom' : 'crash';
    detail = typeof result === 'object' ? result.died : `over ${result === 'hang' ? `${HANG_MS} ms` : `${HEAP_MB} MB`}`;
    await worker.terminate();
    worker = await startWorker();
  } else {
    verdict = classify(result, NAME, seed.integerOnly);
    detail = result.ok ? `${result.nan} NaN of ${result.width}×${result.height}×${result.bands} ${result.dtype}` : result.message;
    if (!result.ok) {
      const shape = result.message.replace(/\d+/g, 'N');
      messages.set(shape, (messages.get(shape) ?? 0) + 1);
    }
  }
  counts[verdict]++;
  if (BAD.includes(verdict)) bad.push({ seed: seed.name, mutationSeed, verdict, detail });
}
await worker.terminate();

const report = {
  inputs: n,
  seconds: Math.round((Date.now() - start) / 1000),
  firstSeed,
  counts,
  bad,
  messages: Object.fromEntries([...messages].sort((a, b) => b[1] - a[1]))
};
if (values.json) console.log(JSON.stringify(report, null, 2));
else {
  console.log(`fuzz: ${n} inputs in ${report.seconds} s (mutation seeds ${firstSeed}–${firstSeed + n - 1})`);
  for (const [verdict, count] of Object.entries(counts)) console.log(`  ${verdict.padEnd(16)} ${count}`);
  for (const b of bad.slice(0, 50)) console.log(`  BAD ${b.verdict}: seed ${b.seed}, mutation ${b.mutationSeed}: ${b.detail}`);
}
process.exitCode = bad.length > 0 ? 1 : 0;
