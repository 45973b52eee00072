#!/usr/bin/env node
// Scores analyst-taught (supervised) detection on the DSIFN tiles of ../shared/data (when present):
// per tile, N change + N no-change pixels drawn from the label with a seeded generator stand in for
// an analyst's clicks; `sitewatch change --method supervised --train` then `sitewatch evaluate`
// score the whole tile (the 2N training pixels are ~0.15 % of it). Prints a Markdown table with the
// all-change baseline beside it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decode } from 'fast-png';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = process.env.SITEWATCH_DATA ?? resolve(ROOT, '../shared/data');
const PER_CLASS = Number(process.env.SAMPLES_PER_CLASS ?? 25);
const SEED = Number(process.env.SAMPLE_SEED ?? 1);
if (!existsSync(join(DATA, 'dsifn'))) {
  console.log(`No DSIFN tiles at ${DATA}/dsifn: nothing to score.`);
  process.exit(0);
}

const cli = (...args) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/sitewatch.js'), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sitewatch ${args[0]} failed: ${r.stderr.trim()}`);
};

/** mulberry32, the seeded generator of the tests. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k distinct entries of `list`, by a partial Fisher–Yates shuffle. */
function pick(list, k, random) {
  const a = list.slice();
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

const tiles = ['0_2', '1_1', '2_4', '3_4', '4_4', '5_3', '6_3', '7_4', '8_3', '9_3'];
const keys = ['precision', 'recall', 'f1', 'kappa'];
const rows = { supervised: [], allChange: [] };
for (const [t, tile] of tiles.entries()) {
  const label = decode(readFileSync(join(DATA, `dsifn/label/${tile}.png`)));
  const { width, height, channels } = label;
  const change = [];
  const none = [];
  for (let i = 0; i < width * height; i++) (label.data[i * channels] > 0 ? change : none).push(i);
  const random = prng(SEED * 1000 + t);
  const lines = ['x,y,label'];
  for (const i of pick(change, PER_CLASS, random)) lines.push(`${i % width},${Math.floor(i / width)},change`);
  for (const i of pick(none, PER_CLASS, random)) lines.push(`${i % width},${Math.floor(i / width)},no-change`);
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-supervised-'));
  try {
    writeFileSync(join(dir, 'samples.csv'), lines.join('\n') + '\n');
    const [a, b, truth] = ['A', 'B', 'label'].map((d) => join(DATA, `dsifn/${d}/${tile}.png`));
    cli('change', a, b, '--out', dir, '--method', 'supervised', '--train', join(dir, 'samples.csv'), '--quiet');
    cli('evaluate', '--mask', join(dir, 'mask.tif'), '--truth', truth, '--json', join(dir, 'e.json'));
    rows.supervised.push(JSON.parse(readFileSync(join(dir, 'e.json'), 'utf8')));
    // The all-change map: every pixel marked.
    const tp = change.length;
    const fp = none.length;
    rows.allChange.push({ precision: tp / (tp + fp), recall: 1, f1: (2 * tp) / (2 * tp + fp), kappa: 0 });
    console.error(`${tile}: F1 ${rows.supervised.at(-1).f1.toFixed(3)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`| data | method | P | R | F1 | κ |`);
console.log('|---|---|---|---|---|---|');
for (const [name, list] of [
  [`supervised (${PER_CLASS} + ${PER_CLASS} labelled pixels per tile, seed ${SEED})`, rows.supervised],
  ['all change (every pixel marked)', rows.allChange]
]) {
  const mean = (k) => (list.reduce((s, m) => s + (m[k] ?? 0), 0) / list.length).toFixed(3);
  console.log(`| DSIFN (RGB, 10 tiles, mean) | ${name} | ${keys.map(mean).join(' | ')} |`);
}
