import type { ChangeSummary, MagnitudeHistogram } from '../core/change/summary';
import type { RasterInfo } from '../core/raster';
import type { MemoryStore } from '../core/store';

/** A finished analysis kept in the worker so the UI can re-threshold, render and download it. */
export interface RunRecord {
  runId: string;
  before: RasterInfo;
  stores: { magnitude: MemoryStore<Float32Array>; mask: MemoryStore<Uint8Array> };
  summary: ChangeSummary;
  histogram: MagnitudeHistogram;
  /** Tail of this run's operations: the mask is rewritten in place, so calls on one run go one at a time. */
  queue: Promise<unknown>;
}

/** Runs `fn` after every earlier operation on the run, whatever their outcome. */
export function exclusive<T>(run: RunRecord, fn: () => Promise<T> | T): Promise<T> {
  const next = run.queue.then(fn, fn);
  run.queue = next.catch(() => undefined);
  return next;
}
