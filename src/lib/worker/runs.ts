import type { CleanStep } from '../core/clean/spec';
import type { ObjectsOutcome } from '../core/change/objects-stage';
import type { MagnitudeHistogram } from '../core/change/summary';
import type { RasterInfo } from '../core/raster';
import type { MemoryStore } from '../core/store';
import type { ObjectsResult, RunSummary } from './api';

/** A finished analysis kept in the worker so the UI can re-threshold, render, score and download it. */
export interface RunRecord {
  runId: string;
  before: RasterInfo;
  stores: {
    magnitude: MemoryStore<Float32Array>;
    mask: MemoryStore<Uint8Array>;
    /** Object id of every pixel of the current mask (0 = none), for the outlines. */
    labels: MemoryStore<Uint32Array>;
  };
  /** The method's extra outputs by name (MAD variates, pNoChange, angle, class, delta…). */
  extras: Map<string, MemoryStore<Float32Array>>;
  summary: RunSummary;
  histogram: MagnitudeHistogram;
  /** The cleaning steps the run applied; a moved threshold re-applies them. */
  clean: CleanStep[];
  /** The threshold the run itself found, for the reasons of a moved threshold. */
  initialThreshold: { rule: string; value: number | null };
  /** The change objects of the current mask, with their GeoJSON and CSV. */
  objects: ObjectsOutcome;
  /** Tail of this run's operations: the mask is rewritten in place, so calls on one run go one at a time. */
  queue: Promise<unknown>;
}

/** Runs `fn` after every earlier operation on the run, whatever their outcome. */
export function exclusive<T>(run: RunRecord, fn: () => Promise<T> | T): Promise<T> {
  const next = run.queue.then(fn, fn);
  run.queue = next.catch(() => undefined);
  return next;
}

/** The small part of an objects outcome the UI needs (the GeoJSON and CSV stay for the downloads). */
export function objectsResult(run: Pick<RunRecord, 'objects' | 'before'>): ObjectsResult {
  const geo = run.before.geo;
  return {
    count: run.objects.count,
    objects: run.objects.objects,
    notes: run.objects.notes,
    mapUnit: geo ? (geo.projected ? 'm' : 'deg') : 'px',
    imageCrsGeojson: run.objects.geojsonImageCrs !== null
  };
}
