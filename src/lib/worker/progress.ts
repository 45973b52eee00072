import type { Progress } from '../core/raster';

/** Posting every strip floods the main thread on fast runs; ~20 reports a second is plenty. */
const MIN_INTERVAL_MS = 50;

/** Forwards progress at most every MIN_INTERVAL_MS, always passing stage changes and completions. */
export function throttledProgress(send: (p: Progress) => unknown): (p: Progress) => void {
  let last = 0;
  let stage = '';
  return (p) => {
    const now = performance.now();
    if (p.stage !== stage || p.done >= p.total || now - last >= MIN_INTERVAL_MS) {
      stage = p.stage;
      last = now;
      try {
        // Through Comlink the callback returns a promise; a closed page must not break the run.
        const r = send({ stage: p.stage, done: p.done, total: p.total });
        if (r instanceof Promise) r.catch(() => undefined);
      } catch {
        // Same: progress is best-effort.
      }
    }
  };
}
