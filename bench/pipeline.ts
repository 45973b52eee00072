import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface PipelineBench {
  method: string;
  width: number;
  height: number;
  bands: number;
  wallMs: number;
  timingsMs: Record<string, number>;
  peakRssMiB: number;
}

const ROOT = resolve(import.meta.dirname, '..');

/** Runs a CLI command in a fresh Node process and returns its wall time and peak RSS. */
function runCli(args: string[]): { wallMs: number; maxRssKiB: number } {
  const script = `
    import { tsImport } from 'tsx/esm/api';
    const { main } = await tsImport(${JSON.stringify(join(ROOT, 'bin/main.ts'))}, import.meta.url);
    const t0 = performance.now();
    const code = await main(${JSON.stringify(args)});
    const wallMs = performance.now() - t0;
    console.log('BENCH ' + JSON.stringify({ code, wallMs, maxRssKiB: process.resourceUsage().maxRSS }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`CLI run failed: ${r.stderr || r.stdout}`);
  const out = JSON.parse(line.slice(6));
  if (out.code !== 0) throw new Error(`CLI exited ${out.code}: ${r.stderr}`);
  return out;
}

/** End-to-end CLI run of `method` (Otsu threshold) on a generated width × height × bands pair. */
export async function benchPipeline(width: number, height: number, bands: 3 | 4, method: string): Promise<PipelineBench> {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-'));
  try {
    runCli(['demo', join(dir, 'in'), '--width', String(width), '--height', String(height), '--bands', String(bands), '--tiled']);
    const out = join(dir, 'out');
    const run = runCli(['change', join(dir, 'in/before.tif'), join(dir, 'in/after.tif'), '--out', out, '--method', method, '--quiet']);
    const summaryPath = join(out, 'summary.json');
    const summary = existsSync(summaryPath) ? JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(summaryPath, 'utf8'))) : {};
    return { method, width, height, bands, wallMs: Math.round(run.wallMs), timingsMs: summary.timingsMs ?? {}, peakRssMiB: Math.round(run.maxRssKiB / 1024) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
