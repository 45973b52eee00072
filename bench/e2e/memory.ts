/**
 * Peak memory and CPU time of a process and its descendants, sampled from /proc (Linux only; null
 * elsewhere): the largest sum of resident set sizes seen (for a single process its own high-water
 * mark, VmHWM, which catches peaks between samples), and the user + system time of every process
 * seen, as last sampled (on a loaded machine CPU time compares better than wall time).
 */
import { readdirSync, readFileSync } from 'node:fs';

const SAMPLE_MS = 100;

function statusKiB(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // gone
  }
}

function children(): Map<number, number[]> {
  const tree = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      tree.set(ppid, [...(tree.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited while listing
    }
  }
  return tree;
}

function descendants(root: number): number[] {
  const tree = children();
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(tree.get(out[i]) ?? []));
  return out;
}

/** User + system clock ticks of a process (all its threads). */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ. */
const TICKS_PER_SECOND = 100;

export interface MemorySampler {
  /** Stops sampling; the peak in MiB and the CPU seconds (null when /proc is not there). */
  stop(): { peakMiB: number | null; cpuS: number | null };
}

/** Samples the tree under `pid` until stopped. */
export function sampleMemory(pid: () => number | undefined): MemorySampler {
  let peakKiB = 0;
  const ticks = new Map<number, number>();
  const available = (() => {
    try {
      readdirSync('/proc/self');
      return true;
    } catch {
      return false;
    }
  })();
  const sample = () => {
    const root = pid();
    if (!available || root === undefined) return;
    const pids = descendants(root);
    const sum = pids.reduce((s, p) => s + statusKiB(p, 'VmRSS'), 0);
    const hwm = pids.length === 1 ? statusKiB(root, 'VmHWM') : 0;
    peakKiB = Math.max(peakKiB, sum, hwm);
    for (const p of pids) ticks.set(p, Math.max(ticks.get(p) ?? 0, cpuTicks(p)));
  };
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      sample();
      clearInterval(timer);
      if (!available) return { peakMiB: null, cpuS: null };
      const total = [...ticks.values()].reduce((a, b) => a + b, 0);
      return { peakMiB: Math.round(peakKiB / 1024), cpuS: total / TICKS_PER_SECOND };
    }
  };
}
