/**
 * Peak memory of a process and its descendants, sampled from /proc (Linux only; null elsewhere):
 * the largest sum of resident set sizes seen, plus each process's own high-water mark for a
 * single process (VmHWM catches peaks between samples).
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

export interface MemorySampler {
  /** Stops sampling; the peak in MiB (null when /proc is not there). */
  stop(): number | null;
}

/** Samples the tree under `pid` until stopped. */
export function sampleMemory(pid: () => number | undefined): MemorySampler {
  let peakKiB = 0;
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
  };
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      sample();
      clearInterval(timer);
      return available ? Math.round(peakKiB / 1024) : null;
    }
  };
}
