/**
 * One end-to-end run of CVA + Otsu + objects (no cleaning) on a pair, three ways: the CLI, the
 * built app in headless Chromium (files chosen → result shown), and natively with GDAL + numpy +
 * scipy. Wall time and peak memory of the whole process tree.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openApp, BUILD, type App } from '../../tests/e2e/browser';
import { ROOT, type Pair } from './data';
import { sampleMemory } from './memory';

export interface Run {
  wallMs: number;
  peakMiB: number | null;
  /** User + system CPU seconds of the process tree. */
  cpuS: number | null;
  stagesMs: Record<string, number>;
  changedPixels?: number;
  objects?: number;
}

const PYTHON = '/usr/bin/python3';

function spawnTimed(command: string, args: string[]): Promise<{ wallMs: number; peakMiB: number | null; cpuS: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: ROOT });
    const memory = sampleMemory(() => child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('exit', (code) => {
      const wallMs = Math.round(performance.now() - t0);
      const { peakMiB, cpuS } = memory.stop();
      if (code !== 0) fail(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`));
      else done({ wallMs, peakMiB, cpuS, stdout, stderr });
    });
  });
}

/** The summary's pipeline stages, as the CLI reports them. */
export async function runCli(pair: Pair): Promise<Run> {
  const out = mkdtempSync(join(tmpdir(), 'sitewatch-bench-cli-'));
  try {
    const r = await spawnTimed(process.execPath, [
      'bin/sitewatch.js',
      'change',
      pair.before,
      pair.after,
      '--out',
      out,
      '--method',
      'cva',
      '--threshold',
      'otsu',
      '--quiet'
    ]);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    return {
      wallMs: r.wallMs,
      peakMiB: r.peakMiB,
      cpuS: r.cpuS,
      stagesMs: summary.timingsMs ?? {},
      changedPixels: summary.changedPixels,
      objects: summary.objects
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Whether /usr/bin/python3 can import GDAL, numpy and scipy. */
export function nativeAvailable(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import numpy, scipy.ndimage; from osgeo import gdal']).status === 0;
}

/** GeoTIFF layout of the CLI's outputs, so the native run writes the same. */
export type OutputLayout = 'raw' | 'deflate-tiled';

export async function runNative(pair: Pair, layout: OutputLayout): Promise<Run> {
  const out = mkdtempSync(join(tmpdir(), 'sitewatch-bench-native-'));
  try {
    const r = await spawnTimed(PYTHON, [join(ROOT, 'bench/e2e/native.py'), pair.before, pair.after, out, layout]);
    const line = r.stdout.split('\n').find((l) => l.startsWith('NATIVE '));
    if (!line) throw new Error(`native run printed no result: ${r.stderr}`);
    const result = JSON.parse(line.slice(7));
    return { wallMs: r.wallMs, peakMiB: r.peakMiB, cpuS: r.cpuS, stagesMs: result.timingsMs, objects: result.objects };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The pid of the Chromium that playwright started under this process. */
function chromiumPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('chromium')) return Number(entry);
    } catch {
      // exited while listing
    }
  }
  return undefined;
}

async function term(page: Page, name: string): Promise<string> {
  return (await page.getByRole('region', { name: 'Change summary' }).locator(`dt:text-is("${name}") + dd`).textContent()) ?? '';
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Whether the built app is there to be benchmarked. */
export function browserAvailable(): boolean {
  return existsSync(join(BUILD, 'index.html')) && existsSync('/usr/bin/chromium');
}

/**
 * Chromium with a fresh profile: both files chosen, CVA and Otsu picked, Detect pressed; the
 * clock runs from choosing the files to the summary, objects and outlines being shown.
 */
export async function runBrowser(pair: Pair, timeoutMs = 900_000): Promise<Run> {
  const memory = sampleMemory(chromiumPid);
  let app: App | null = null;
  try {
    app = await openApp();
    const run = await analyseInApp(app, pair, timeoutMs);
    return { ...run, ...memory.stop() };
  } finally {
    memory.stop();
    await app?.close();
  }
}

async function analyseInApp(app: App, pair: Pair, timeoutMs: number): Promise<Run> {
  const { page } = app;
  await page.getByRole('radio', { name: 'Change vector analysis (CVA)', exact: true }).check();
  await page.getByRole('radio', { name: 'Otsu', exact: true }).check();
  const t0 = performance.now();
  await page.getByLabel('Before image', { exact: true }).setInputFiles(pair.before);
  await page.getByLabel('After image', { exact: true }).setInputFiles(pair.after);
  const detect = page.getByRole('button', { name: 'Detect changes' });
  await until(() => detect.isEnabled(), timeoutMs, 'both images to load');
  const loadedMs = performance.now() - t0;
  await detect.click();
  const summary = page.getByRole('region', { name: 'Change summary' });
  await until(async () => (await summary.count()) === 1 && (await summary.getAttribute('aria-busy')) !== 'true', timeoutMs, 'the result');
  await until(() => page.getByRole('checkbox', { name: /^Outlines/ }).isEnabled(), timeoutMs, 'the outlines');
  const wallMs = Math.round(performance.now() - t0);
  const changed = Number((await term(page, 'Changed pixels')).split(' px')[0].replace(/[^0-9]/g, ''));
  const objects = Number(/^[\d,]+/.exec((await term(page, 'Change objects')).trim())?.[0].replace(/,/g, '') ?? NaN);
  if (app.problems.length > 0) throw new Error(`the app reported: ${app.problems.join('; ')}`);
  return {
    wallMs,
    peakMiB: null,
    cpuS: null,
    stagesMs: { load: Math.round(loadedMs), analyse: Math.round(wallMs - loadedMs) },
    changedPixels: changed,
    objects
  };
}
