#!/usr/bin/env node
// Scores the default of every method on the real labelled pairs in ../shared/data (when present)
// with `sitewatch change` + `sitewatch evaluate`, and prints a Markdown table for the README.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = process.env.SITEWATCH_DATA ?? resolve(ROOT, '../shared/data');
if (!existsSync(DATA)) {
  console.log(`No real data at ${DATA}: nothing to score.`);
  process.exit(0);
}

const cli = (...args) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/sitewatch.js'), ...args], { encoding: 'utf8' });
  return { ok: r.status === 0, err: r.stderr.trim().split('\n').at(-1) };
};

const dsifn = ['0_2', '1_1', '2_4', '3_4', '4_4', '5_3', '6_3', '7_4', '8_3', '9_3'];
const datasets = [
  {
    name: 'Taizhou (Landsat ETM+/TM, 6 bands)',
    pairs: [['taizhou/before_2000.tif', 'taizhou/after_2003.tif', 'taizhou/truth_change.tif', 'taizhou/truth_unchanged.tif']]
  },
  { name: 'Sulzberger (SAR, 1 band)', pairs: [['sulzberger/before.png', 'sulzberger/after.png', 'sulzberger/truth_change.png']] },
  { name: 'DSIFN (RGB, 10 tiles, mean)', pairs: dsifn.map((t) => [`dsifn/A/${t}.png`, `dsifn/B/${t}.png`, `dsifn/label/${t}.png`]) }
];
const methods = ['auto', 'absdiff', 'cva', 'logratio', 'irmad', 'pcakmeans', 'ssim', 'ndvi'];
const keys = ['precision', 'recall', 'f1', 'kappa'];

console.log('| data | method (default options) | P | R | F1 | κ |');
console.log('|---|---|---|---|---|---|');
for (const set of datasets) {
  for (const method of methods) {
    const sums = Object.fromEntries(keys.map((k) => [k, 0]));
    let scored = 0;
    let failure = null;
    for (const [before, after, truth, unchanged] of set.pairs) {
      const dir = mkdtempSync(join(tmpdir(), 'sitewatch-real-'));
      try {
        const run = cli('change', join(DATA, before), join(DATA, after), '--out', dir, '--method', method, '--quiet');
        if (!run.ok) {
          failure = run.err.replace(/^sitewatch: /, '');
          break;
        }
        const ev = ['--mask', join(dir, 'mask.tif'), '--truth', join(DATA, truth), '--json', join(dir, 'e.json')];
        if (unchanged) ev.push('--unchanged', join(DATA, unchanged));
        if (!cli('evaluate', ...ev).ok) throw new Error(`evaluate failed on ${before}`);
        const m = JSON.parse(readFileSync(join(dir, 'e.json'), 'utf8'));
        for (const k of keys) sums[k] += m[k] ?? 0;
        scored++;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const cells = failure ? keys.map(() => '—') : keys.map((k) => (sums[k] / scored).toFixed(3));
    console.log(`| ${set.name} | ${method}${failure ? ` (${failure})` : ''} | ${cells.join(' | ')} |`);
  }
}
