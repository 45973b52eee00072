/**
 * What the worker does with a finished run: the objects stage, a moved threshold, scoring against
 * a reference, and the files — the same core calls, in the same order, as `sitewatch change` and
 * `sitewatch evaluate`, so the app's numbers and bytes are the CLI's.
 */
import { evaluateMasks } from '../core/accuracy/evaluate';
import { classify } from '../core/change/classify';
import { sanityWarnings } from '../core/change/sanity';
import { DIRECTION_CLASSES } from '../core/change/methods/cva-direction';
import { changeObjects, type ObjectsOutcome } from '../core/change/objects-stage';
import { extraGeoTiff, magnitudeGeoTiff, maskGeoTiff, summaryJson } from '../core/export';
import { objectPolygons } from '../core/objects/polygons';
import { throwIfAborted, type RasterSource, type RunContext } from '../core/raster';
import { ERROR_MAP_COLOURS, ErrorMapRenderer } from '../core/render';
import { formatThresholdSpec } from '../core/threshold/spec';
import { stripRows, strips } from '../core/windows';
import type { Kernels } from '../wasm/types';
import type { DirectionClass, EvaluationResult, ResultFiles, RunSummary } from './api';
import { maskSource } from './mask-source';
import { referenceSource } from './reference-cache';
import { flattenOutlines } from './outlines';
import type { RunRecord } from './runs';

export const DIRECTION_CLASS_LIST: DirectionClass[] = DIRECTION_CLASSES.map((c) => ({ id: c.id, name: c.name, colour: c.colour }));

/** The change objects of the run's current mask (labels rewritten), as `sitewatch change` finds them. */
export function findObjects(run: Pick<RunRecord, 'stores' | 'extras' | 'before'>, ctx: RunContext): Promise<ObjectsOutcome> {
  const { mask, magnitude, labels } = run.stores;
  return changeObjects({ mask, magnitude, directionClass: run.extras.get('class'), labels }, run.before.geo, ctx);
}

/**
 * Re-thresholds the magnitude at `value` (change = magnitude > value) with the run's cleaning,
 * then finds the objects again. The summary says the threshold is now a manual one, exactly as
 * `sitewatch change --threshold VALUE --clean <the run's steps>` would.
 */
export async function rethresholdRun(run: RunRecord, value: number, kernels: Kernels, ctx: RunContext = {}): Promise<void> {
  const s = run.summary;
  const { thresholded, changed } = await classify(run.stores, value, run.clean, s.pixelAreaM2, kernels, ctx);
  run.objects = await findObjects(run, ctx);
  const rule = formatThresholdSpec({ method: 'manual', value });
  const initial = run.initialThreshold;
  const moved = `threshold set by hand to ${value} (the run's ${initial.rule} rule gave ${initial.value})`;
  const summary: RunSummary = {
    ...s,
    threshold: { method: 'manual', value, rule, onLogMagnitude: false, classOverlap: null },
    changedPixels: changed,
    changedFraction: s.validPixels > 0 ? changed / s.validPixels : 0,
    changedAreaM2: s.pixelAreaM2 === null ? null : changed * s.pixelAreaM2,
    recipe: { ...s.recipe, threshold: rule, reasons: [...s.recipe.reasons.filter((r) => !r.startsWith('threshold set by hand')), moved] },
    thresholdedPixels: thresholded,
    warnings: sanityWarnings({ validPixels: s.validPixels, changedPixels: changed, classOverlap: null }),
    objects: run.objects.count
  };
  run.summary = summary;
}

/** Outlines of the current objects in pixel coordinates, simplified like the exported ones. */
export async function outlinesOf(run: RunRecord, ctx: RunContext = {}) {
  const polygons = await objectPolygons(run.stores.labels, run.objects.objects, { geo: null, simplifyPx: 0.5 }, ctx);
  return flattenOutlines(polygons);
}

/** Scores the run's mask against the reference files, as `sitewatch evaluate` does, with an error map. */
export async function evaluateRun(
  run: RunRecord,
  truthFile: File,
  unchangedFile: File | null,
  maxSize: number,
  ctx: RunContext = {}
): Promise<EvaluationResult> {
  const truth = await referenceSource(truthFile, ctx.signal);
  const unchanged = unchangedFile ? await referenceSource(unchangedFile, ctx.signal) : null;
  const mask = maskSource(run.stores.mask, run.before);
  const metrics = await evaluateMasks(mask, truth, unchanged, ctx);
  const errorMap = await renderErrors(run, truth, unchanged, maxSize, ctx);
  return { metrics, errorMap, colours: { ...ERROR_MAP_COLOURS }, truthName: truthFile.name, unchangedName: unchangedFile?.name ?? null };
}

async function renderErrors(run: RunRecord, truth: RasterSource, unchanged: RasterSource | null, maxSize: number, ctx: RunContext) {
  const { width, height } = run.stores.mask;
  const renderer = new ErrorMapRenderer(width, height, maxSize);
  for (const { y0, rows } of strips(height, stripRows(width, height, truth.info.blockHeight))) {
    throwIfAborted(ctx.signal);
    const [[t], u] = await Promise.all([truth.readRows(y0, rows, [0], ctx.signal), unchanged ? unchanged.readRows(y0, rows, [0], ctx.signal) : null]);
    renderer.add(y0, await run.stores.mask.read(y0, rows), t, u ? u[0] : null);
  }
  return renderer.result();
}

/** The run's files, byte for byte what `sitewatch change` writes into its --out directory. */
export function runFiles(run: RunRecord): ResultFiles {
  const json = (text: string, type = 'application/json') => new Blob([text], { type });
  return {
    magnitude: magnitudeGeoTiff(run.before, run.stores.magnitude.data),
    mask: maskGeoTiff(run.before, run.stores.mask.data),
    summary: json(summaryJson(run.summary)),
    objectsGeojson: json(run.objects.geojson, 'application/geo+json'),
    objectsCsv: json(run.objects.csv, 'text/csv'),
    objectsCrsGeojson: run.objects.geojsonImageCrs === null ? null : json(run.objects.geojsonImageCrs, 'application/geo+json'),
    extras: Object.fromEntries([...run.extras].map(([name, store]) => [name, extraGeoTiff(run.before, name, store.data)]))
  };
}
