/**
 * The Sitewatch worker: rasters and results live here, keyed by id, so the main thread only ever
 * holds ids, small numbers and display bitmaps.
 */
import * as Comlink from 'comlink';
import { alignPair } from '../core/align/align';
import { detectChange, resolveBands } from '../core/change/detect';
import { SPECTRAL_INDEX_KINDS, type SpectralIndexKind } from '../core/change/methods/spectral-index';
import type { ChangeOptions } from '../core/change/options';
import { magnitudeHistogram } from '../core/change/magnitude-stats';
import { checkPair } from '../core/change/pair';
import { HEAVY_TAIL_SKEWNESS } from '../core/change/recipe';
import type { ChangeSummary, InputRecord } from '../core/change/summary';
import { describeInput } from '../core/inputs';
import { decodeOnce } from '../core/io/decoded-cache';
import { openRaster } from '../core/io/open-raster';
import { throwIfAborted, type RasterSource, type RunContext } from '../core/raster';
import {
  defaultDisplayBands,
  magnitudeDisplayRange,
  rampStops,
  renderDirection,
  renderMagnitude,
  renderMask,
  renderPreview,
  type PreviewImage,
  type RenderedImage
} from '../core/render';
import { displayBands, type ImageDisplay } from '../core/render/display';
import { MemoryStore } from '../core/store';
import { loadKernels } from '../wasm/loader';
import type { Kernels } from '../wasm/types';
import type {
  AlignmentPreview,
  DetectResult,
  DirectionImage,
  EvaluationResult,
  MagnitudeImage,
  ObjectOutlines,
  OpenedRaster,
  ProgressCallback,
  ResultFiles,
  RethresholdResult,
  SitesReply,
  SitewatchWorkerApi,
  Slot,
  TruthHistograms
} from './api';
import { classHistograms, type BinSpec } from '../core/accuracy/class-histograms';
import { referenceSource } from './reference-cache';
import { toUserError } from './errors';
import { throttledProgress } from './progress';
import { DIRECTION_CLASS_LIST, evaluateRun, findObjects, outlinesOf, rethresholdRun, runFiles } from './run-ops';
import { exclusive, objectsResult, type RunRecord } from './runs';
import { reportFiles, runSites } from './site-ops';
import { parseSites } from '../core/sites/read';
import { sitesInImageCrs } from '../core/sites/to-pixels';
import type { ReportSettings } from '../core/report/settings';
import type { SiteSet } from '../core/sites/site';

interface RasterEntry {
  id: string;
  slot: Slot;
  file: File;
  source: RasterSource;
  /** Aborted when the raster is released, stopping its previews. */
  life: AbortController;
  input?: Promise<InputRecord>;
}

class SitewatchWorker implements SitewatchWorkerApi {
  #seq = 0;
  #rasters = new Map<string, RasterEntry>();
  #slots = new Map<Slot, { id: string | null; ticket: number }>();
  #runs = new Map<string, RunRecord>();
  #current: AbortController | null = null;
  #kernels: Promise<Kernels> | null = null;
  /** After on before's grid, from the last `align`, for `displayImage`. */
  #aligned: { afterId: string; source: RasterSource } | null = null;

  async open(slot: Slot, file: File): Promise<OpenedRaster> {
    const ticket = ++this.#seq;
    this.#slots.set(slot, { id: null, ticket });
    let source: RasterSource;
    try {
      // The preview's decode serves the analysis too (core/io/decoded-cache.ts).
      source = decodeOnce(await openRaster(file, file.name));
    } catch (err) {
      throw toUserError(err, file.name);
    }
    if (this.#slots.get(slot)?.ticket !== ticket) throw toUserError(new DOMException('superseded', 'AbortError'), file.name);
    const id = `${slot}-${ticket}`;
    this.#rasters.set(id, { id, slot, file, source, life: new AbortController() });
    this.#slots.set(slot, { id, ticket });
    return { id, info: source.info, displayBands: defaultDisplayBands(source.info) };
  }

  async preview(id: string, maxSize: number, bands?: number[] | null, onProgress?: ProgressCallback): Promise<PreviewImage> {
    const entry = this.#raster(id);
    try {
      const img = await renderPreview(entry.source, {
        maxSize,
        bands: bands ?? defaultDisplayBands(entry.source.info),
        signal: entry.life.signal,
        onProgress: onProgress ? throttledProgress(onProgress) : undefined
      });
      return Comlink.transfer(img, [img.rgba.buffer]);
    } catch (err) {
      throw toUserError(err, entry.file.name);
    } finally {
      releaseCallback(onProgress);
    }
  }

  async displayImage(id: string, maxSize: number, display: ImageDisplay, aligned = false): Promise<PreviewImage> {
    const entry = this.#raster(id);
    const source = aligned && this.#aligned?.afterId === id ? this.#aligned.source : entry.source;
    try {
      const bands = displayBands(display, entry.source.info);
      const img = await renderPreview(source, { maxSize, bands, stretch: display.stretch, signal: entry.life.signal });
      return Comlink.transfer(img, [img.rgba.buffer]);
    } catch (err) {
      throw toUserError(err, entry.file.name);
    }
  }

  async align(beforeId: string, afterId: string, options: ChangeOptions, maxSize: number, onProgress: ProgressCallback): Promise<AlignmentPreview> {
    const before = this.#raster(beforeId);
    const after = this.#raster(afterId);
    const signal = after.life.signal;
    const report = throttledProgress(onProgress);
    try {
      checkPair(before.source.info, after.source.info, options.align);
      const pair = await alignPair(before.source, after.source, { mode: options.align, resampling: options.resampling }, { signal, onProgress: report });
      this.#aligned = { afterId, source: pair.after };
      if (pair.after === after.source) return { alignment: pair.alignment, grid: pair.grid, after: null };
      const img = await renderPreview(pair.after, { maxSize, bands: defaultDisplayBands(after.source.info), signal, onProgress: report });
      return Comlink.transfer({ alignment: pair.alignment, grid: pair.grid, after: img }, [img.rgba.buffer]);
    } catch (err) {
      throw toUserError(err, after.file.name);
    } finally {
      releaseCallback(onProgress);
    }
  }

  async detect(beforeId: string, afterId: string, options: ChangeOptions, onProgress: ProgressCallback): Promise<DetectResult> {
    this.#current?.abort();
    const controller = new AbortController();
    this.#current = controller;
    const signal = controller.signal;
    const report = throttledProgress(onProgress);
    let context = 'change detection';
    try {
      const before = this.#raster(beforeId);
      const after = this.#raster(afterId);
      context = `${before.file.name} → ${after.file.name}`;
      // Fail fast on a pair that cannot be compared, before hashing two large files. (An index
      // method picks its bands from the mapping, so only the explicit bands are checked for it.)
      checkPair(before.source.info, after.source.info, options.align);
      const index = SPECTRAL_INDEX_KINDS.includes(options.method as SpectralIndexKind);
      if (!index || options.bands) resolveBands(before.source, after.source, options.bands);
      const kernelsReady = this.#loadKernels();
      report({ stage: 'fingerprint', done: 0, total: 2 });
      const inputs: InputRecord[] = [];
      for (const entry of [before, after]) {
        inputs.push(await this.#describe(entry, signal));
        report({ stage: 'fingerprint', done: inputs.length, total: 2 });
      }
      const kernels = await kernelsReady;
      throwIfAborted(signal);
      const info = before.source.info;
      const { width, height } = info;
      const stores = {
        magnitude: new MemoryStore(width, height, Float32Array),
        mask: new MemoryStore(width, height, Uint8Array),
        labels: new MemoryStore(width, height, Uint32Array)
      };
      const extras = new Map<string, MemoryStore<Float32Array>>();
      const extra = async (name: string) => {
        const store = new MemoryStore(width, height, Float32Array);
        extras.set(name, store);
        return store;
      };
      const ctx = { signal, onProgress: report };
      const outcome = await detectChange(before.source, after.source, options, { ...stores, extra }, kernels, inputs, ctx);
      const objects = await findObjects({ stores, extras, before: info }, ctx);
      const logHistogram = await displayLogHistogram(stores.magnitude, outcome.summary, kernels, ctx);
      const runId = `run-${++this.#seq}`;
      const run: RunRecord = {
        runId,
        before: info,
        stores,
        extras,
        summary: { ...outcome.summary, objects: objects.count },
        histogram: outcome.histogram,
        clean: outcome.recipe.clean,
        initialThreshold: { rule: outcome.summary.threshold.rule, value: outcome.summary.threshold.value },
        objects,
        queue: Promise.resolve()
      };
      this.#runs.set(runId, run);
      return {
        runId,
        summary: run.summary,
        histogram: outcome.histogram,
        logHistogram,
        notes: [...(before.source.notes?.() ?? []), ...(after.source.notes?.() ?? []), ...outcome.notes, ...objects.notes],
        kernels: kernels.flavour,
        extras: [...extras.keys()],
        directionClasses: extras.has('class') ? DIRECTION_CLASS_LIST : null,
        objects: objectsResult(run)
      };
    } catch (err) {
      throw toUserError(err, context);
    } finally {
      if (this.#current === controller) this.#current = null;
      releaseCallback(onProgress);
    }
  }

  cancel(): void {
    this.#current?.abort();
  }

  rethreshold(runId: string, value: number): Promise<RethresholdResult> {
    const run = this.#run(runId);
    return exclusive(run, async () => {
      try {
        if (!Number.isFinite(value)) throw new Error(`threshold ${value} is not a number`);
        await rethresholdRun(run, value, await this.#loadKernels());
        return { summary: run.summary, objects: objectsResult(run) };
      } catch (err) {
        throw toUserError(err, 'threshold');
      }
    });
  }

  renderMagnitude(runId: string, maxSize: number): Promise<MagnitudeImage> {
    const run = this.#run(runId);
    return exclusive(run, () => {
      const { min, max } = magnitudeDisplayRange(run.histogram);
      const { data, width, height } = run.stores.magnitude;
      const img = renderMagnitude(data, width, height, { maxSize, min, max });
      const out: MagnitudeImage = { ...img, min, max, unit: run.summary.magnitudeUnit, ramp: rampStops() };
      return Comlink.transfer(out, [out.rgba.buffer]);
    });
  }

  renderMask(runId: string, maxSize: number): Promise<RenderedImage> {
    const run = this.#run(runId);
    return exclusive(run, () => {
      const { data, width, height } = run.stores.mask;
      const img = renderMask(data, width, height, { maxSize });
      return Comlink.transfer(img, [img.rgba.buffer]);
    });
  }

  renderDirection(runId: string, maxSize: number): Promise<DirectionImage> {
    const run = this.#run(runId);
    return exclusive(run, () => {
      const classes = run.extras.get('class');
      if (!classes) throw toUserError(new Error('this method has no direction classes (only CVA has)'), 'direction');
      const { data, width, height } = run.stores.mask;
      const { counts, ...img } = renderDirection(classes.data, data, width, height, { maxSize });
      const out: DirectionImage = { ...img, classes: DIRECTION_CLASS_LIST.map((c) => ({ ...c, changedPixels: counts[c.id] })) };
      return Comlink.transfer(out, [out.rgba.buffer]);
    });
  }

  objectOutlines(runId: string): Promise<ObjectOutlines> {
    const run = this.#run(runId);
    return exclusive(run, async () => {
      try {
        const o = await outlinesOf(run);
        return Comlink.transfer(o, [o.ids.buffer, o.objectEnds.buffer, o.polygonEnds.buffer, o.ringEnds.buffer, o.coordinates.buffer]);
      } catch (err) {
        throw toUserError(err, 'object outlines');
      }
    });
  }

  evaluate(runId: string, truth: File, unchanged: File | null, maxSize: number): Promise<EvaluationResult> {
    const run = this.#run(runId);
    return exclusive(run, async () => {
      try {
        const r = await evaluateRun(run, truth, unchanged, maxSize);
        return Comlink.transfer(r, [r.errorMap.rgba.buffer]);
      } catch (err) {
        throw toUserError(err, truth.name);
      }
    });
  }

  truthHistograms(runId: string, truth: File, unchanged: File | null): Promise<TruthHistograms> {
    const run = this.#run(runId);
    return exclusive(run, async () => {
      try {
        const [t, u, kernels] = await Promise.all([referenceSource(truth), unchanged ? referenceSource(unchanged) : null, this.#loadKernels()]);
        const { min, max } = run.histogram;
        const log = logBins(run.summary);
        const [linear, logged] = await classHistograms(run.stores.magnitude, t, u, [{ min, max, logOffset: null }, ...(log ? [log] : [])], kernels);
        const counts = (c: typeof linear) => ({ change: c.change.counts, noChange: c.noChange.counts });
        const out: TruthHistograms = { linear: counts(linear), log: logged ? counts(logged) : null };
        const buffers = [out.linear, ...(out.log ? [out.log] : [])].flatMap((c) => [c.change.buffer as ArrayBuffer, c.noChange.buffer as ArrayBuffer]);
        return Comlink.transfer(out, buffers);
      } catch (err) {
        throw toUserError(err, truth.name);
      }
    });
  }

  downloads(runId: string): Promise<ResultFiles> {
    const run = this.#run(runId);
    return exclusive(run, () => {
      try {
        return runFiles(run);
      } catch (err) {
        throw toUserError(err, 'export');
      }
    });
  }

  async importSites(text: string, fileName: string, beforeId: string): Promise<SiteSet> {
    try {
      return sitesInImageCrs(parseSites(text, fileName), this.#raster(beforeId).source.info.geo, fileName);
    } catch (err) {
      throw toUserError(err, fileName);
    }
  }

  siteNumbers(runId: string, sites: SiteSet): Promise<SitesReply> {
    const run = this.#run(runId);
    return exclusive(run, async () => {
      try {
        const r = await runSites(run, sites);
        return { sites: r.sites, objectSites: [...r.objectSites] };
      } catch (err) {
        throw toUserError(err, 'sites');
      }
    });
  }

  reportFiles(
    runId: string,
    beforeId: string,
    afterId: string,
    sites: SiteSet | null,
    settings: ReportSettings,
    options: ChangeOptions
  ): Promise<Record<string, Blob>> {
    const run = this.#run(runId);
    return exclusive(run, async () => {
      try {
        const [before, after] = [this.#raster(beforeId), this.#raster(afterId)];
        const side = async (e: RasterEntry) => ({ file: e.file, source: e.source, input: await this.#describe(e, e.life.signal) });
        return await reportFiles(run, await side(before), await side(after), sites, settings, options);
      } catch (err) {
        throw toUserError(err, 'report');
      }
    });
  }

  releaseRun(runId: string): void {
    this.#runs.delete(runId);
  }

  releaseRaster(id: string): void {
    this.#release(id);
  }

  #raster(id: string): RasterEntry {
    const entry = this.#rasters.get(id);
    if (!entry) throw toUserError(new Error('this image is no longer loaded; open it again'), id);
    return entry;
  }

  #run(runId: string): RunRecord {
    const run = this.#runs.get(runId);
    if (!run) throw toUserError(new Error('this result is no longer available; run the detection again'), runId);
    return run;
  }

  #release(id: string): void {
    const entry = this.#rasters.get(id);
    entry?.life.abort();
    this.#rasters.delete(id);
  }

  /**
   * SHA-256 and shape of a file, computed once per opened raster. The hash runs under the raster's
   * lifetime, not the run's, so cancelling one run never poisons the cache for the next.
   */
  #describe(entry: RasterEntry, signal: AbortSignal): Promise<InputRecord> {
    entry.input ??= describeInput(entry.file, entry.file.name, entry.source.info, entry.life.signal).catch((err) => {
      entry.input = undefined;
      throw err;
    });
    return abortable(entry.input, signal);
  }

  #loadKernels(): Promise<Kernels> {
    this.#kernels ??= loadKernels('auto').catch((err) => {
      this.#kernels = null;
      throw err;
    });
    return this.#kernels;
  }
}

/**
 * The magnitude histogram on ln(m + δ) for display, when the magnitudes are non-negative and
 * heavy-tailed (the rule and δ = 1 % of the mean that `auto` thresholds with, see recipe.ts).
 */
async function displayLogHistogram(magnitude: MemoryStore<Float32Array>, summary: ChangeSummary, kernels: Kernels, ctx: RunContext) {
  const bins = logBins(summary);
  if (!bins) return null;
  const { min, max } = summary.magnitudeStats;
  return { ...(await magnitudeHistogram(magnitude, min!, max!, kernels, ctx, bins.logOffset)), offset: bins.logOffset };
}

/** The bins of the display log histogram (ln(m + δ), δ = 1 % of the mean), or null when there is none. */
function logBins(summary: ChangeSummary): (BinSpec & { logOffset: number }) | null {
  const { min, max, mean, skewness } = summary.magnitudeStats;
  if (min === null || max === null || mean === null || skewness === null) return null;
  if (!(min >= 0 && max > min && skewness > HEAVY_TAIL_SKEWNESS)) return null;
  const offset = Math.max(mean * 0.01, Number.MIN_VALUE);
  return { min: Math.log(min + offset), max: Math.log(max + offset), logOffset: offset };
}

/** Frees the Comlink proxy of a callback the UI passed in (no-op for a plain function). */
function releaseCallback(fn: unknown): void {
  try {
    const release = (fn as Record<symbol, unknown>)[Comlink.releaseProxy];
    if (typeof release === 'function') Promise.resolve((release as () => unknown).call(fn)).catch(() => undefined);
  } catch {
    // Already released or not a proxy.
  }
}

/** Settles with `p`, or rejects with AbortError as soon as `signal` aborts. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new DOMException('The run was cancelled', 'AbortError'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('The run was cancelled', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

Comlink.expose(new SitewatchWorker());
