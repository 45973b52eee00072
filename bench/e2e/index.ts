/**
 * The end-to-end benchmark: CVA + Otsu + objects on generated pairs, natively (GDAL + numpy +
 * scipy), in the CLI and in the built app in headless Chromium, interleaved round by round so
 * that the three see the same machine load; reported as ratios to native.
 */
import { stripPair, tiledPair, type Pair } from './data';
import { browserAvailable, nativeAvailable, runBrowser, runCli, runNative, type OutputLayout, type Run } from './runners';

export type Runner = 'native' | 'cli' | 'browser';

export interface EndToEndRow {
  pair: string;
  description: string;
  runner: Runner;
  /** Median over the rounds. */
  wallMs: number;
  peakMiB: number | null;
  /** CPU seconds of the same round (user + system, whole process tree). */
  cpuS: number | null;
  cpuRatioToNative: number | null;
  stagesMs: Record<string, number>;
  ratioToNative: number | null;
  changedPixels?: number;
  objects?: number;
}

export interface EndToEndOptions {
  /** Side of the square tiled pair (10000 by default; smaller for a quick check). */
  size: number;
  rounds: number;
  runners: Runner[];
  layout: OutputLayout;
  log?: (line: string) => void;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchEndToEnd(opts: EndToEndOptions): Promise<{ rows: EndToEndRow[]; skipped: string[] }> {
  const skipped: string[] = [];
  const runners = opts.runners.filter((r) => {
    if (r === 'native' && !nativeAvailable()) skipped.push('native: /usr/bin/python3 cannot import GDAL, numpy and scipy');
    else if (r === 'browser' && !browserAvailable()) skipped.push('browser: no build/ (run `npm run build`) or no /usr/bin/chromium');
    else return true;
    return false;
  });
  const pairs: Pair[] = [];
  opts.log?.(`preparing the ${opts.size}² pair (generated once, then cached)…`);
  pairs.push(tiledPair(opts.size));
  const strips = stripPair();
  if (strips) pairs.push(strips);
  else skipped.push('800²×6 strips: gdal_translate is not installed');

  const runs = new Map<string, Run[]>();
  for (let round = 0; round < opts.rounds; round++) {
    for (const pair of pairs) {
      for (const runner of runners) {
        opts.log?.(`round ${round + 1}/${opts.rounds}: ${pair.name}, ${runner}…`);
        const run = runner === 'native' ? await runNative(pair, opts.layout) : runner === 'cli' ? await runCli(pair) : await runBrowser(pair);
        const key = `${pair.name}\u0000${runner}`;
        runs.set(key, [...(runs.get(key) ?? []), run]);
      }
    }
  }
  const rows: EndToEndRow[] = [];
  for (const pair of pairs) {
    const nativeRuns = runs.get(`${pair.name}\u0000native`);
    const nativeMs = nativeRuns ? median(nativeRuns.map((r) => r.wallMs)) : null;
    const nativeCpu = nativeRuns ? median(nativeRuns.map((r) => r.cpuS ?? NaN)) : null;
    for (const runner of runners) {
      const list = runs.get(`${pair.name}\u0000${runner}`)!;
      const wallMs = median(list.map((r) => r.wallMs));
      const typical = list.find((r) => r.wallMs === wallMs)!;
      const peaks = list.map((r) => r.peakMiB).filter((p): p is number => p !== null);
      rows.push({
        pair: pair.name,
        description: pair.description,
        runner,
        wallMs,
        peakMiB: peaks.length ? Math.max(...peaks) : null,
        cpuS: typical.cpuS,
        cpuRatioToNative: nativeCpu && typical.cpuS !== null ? typical.cpuS / nativeCpu : null,
        stagesMs: typical.stagesMs,
        ratioToNative: nativeMs ? wallMs / nativeMs : null,
        changedPixels: typical.changedPixels,
        objects: typical.objects
      });
    }
  }
  return { rows, skipped };
}

/** The rows as a Markdown table (for the README) */
export function endToEndMarkdown(rows: EndToEndRow[]): string {
  const lines = ['| pair | run | wall | × native | CPU | × native | peak memory | stages (ms) |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const stages = Object.entries(r.stagesMs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const ratio = (x: number | null) => (x === null || Number.isNaN(x) ? '—' : `${x.toFixed(2)}×`);
    const peak = r.peakMiB === null ? '—' : `${r.peakMiB} MiB`;
    const cpu = r.cpuS === null ? '—' : `${r.cpuS.toFixed(1)} s`;
    lines.push(
      `| ${r.description} | ${r.runner} | ${(r.wallMs / 1000).toFixed(2)} s | ${ratio(r.ratioToNative)} | ${cpu} | ${ratio(r.cpuRatioToNative)} | ${peak} | ${stages} |`
    );
  }
  return lines.join('\n');
}
