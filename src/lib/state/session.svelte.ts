/**
 * The workbench session: two input slots, the analysis options, the run in flight and the latest
 * result. Every worker reply carries a ticket; a reply for anything but the newest request is
 * dropped, so a stale result never overwrites a newer one.
 */
import type { ChangeMethod, ChangeOptions } from '../core/change/options';
import type { ChangeSummary, MagnitudeHistogram, OpenedRaster, Progress, Slot } from '../worker/api';
import { WorkerBridge } from '../worker/bridge';
import { toDisplayImage, type DisplayImage } from './display';
import { frameOf, type ViewFrame } from './frame';
import { ErrorLog } from './errors.svelte';
import { ImageSlot } from './slot.svelte';

/** Longest side of display bitmaps: sharp on a large monitor, small enough to move quickly. */
export const DISPLAY_MAX = 2048;

export type RunStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export interface MagnitudeLayer extends DisplayImage {
  min: number;
  max: number;
  unit: string;
  ramp: string[];
}

export interface AnalysisResult {
  runId: string;
  summary: ChangeSummary;
  histogram: MagnitudeHistogram;
  notes: string[];
  kernels: 'simd' | 'scalar';
  /** The threshold the run itself chose (Otsu or its manual value), for "reset". */
  initialThreshold: ChangeSummary['threshold'];
  magnitude: MagnitudeLayer;
  mask: DisplayImage;
}

const isAbort = (e: unknown) => (e as { name?: string } | null)?.name === 'AbortError';
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class Session {
  readonly before = new ImageSlot('before');
  readonly after = new ImageSlot('after');

  #method = $state<ChangeMethod>('cva');
  thresholdMode = $state<'otsu' | 'manual'>('otsu');
  manualThreshold = $state<number | null>(null);
  /** 1-based bands to compare; null = all of them. */
  selectedBands = $state.raw<number[] | null>(null);

  status = $state<RunStatus>('idle');
  progress = $state.raw<Progress | null>(null);
  result = $state.raw<AnalysisResult | null>(null);
  /** Threshold being applied by the worker after a drag (shown at once, confirmed by the reply). */
  pendingThreshold = $state<number | null>(null);
  readonly errors = new ErrorLog();

  readonly frame: ViewFrame | null = $derived.by(() => {
    const info = this.before.info ?? this.after.info;
    return info ? frameOf(info) : null;
  });

  /** Bands both images have (1-based). */
  readonly availableBands: number = $derived(
    this.before.info && this.after.info
      ? Math.min(this.before.info.bands, this.after.info.bands)
      : (this.before.info ?? this.after.info)?.bands ?? 0
  );

  readonly options: ChangeOptions = $derived.by(() => {
    const n = this.availableBands;
    const sameCount = this.before.info?.bands === this.after.info?.bands;
    const all = Array.from({ length: n }, (_, i) => i + 1);
    const sel = this.selectedBands?.filter((b) => b <= n) ?? null;
    const bands = sel === null ? (sameCount ? null : all) : sel.length === n && sameCount ? null : sel;
    const manual = this.thresholdMode === 'manual' && this.manualThreshold !== null && Number.isFinite(this.manualThreshold);
    return {
      method: this.method,
      threshold: manual ? { method: 'manual', value: this.manualThreshold! } : { method: 'otsu' },
      bands
    };
  });

  readonly canRun: boolean = $derived(
    this.before.ready && this.after.ready && this.status !== 'running' && (this.options.bands === null || this.options.bands.length > 0)
  );

  get method(): ChangeMethod {
    return this.#method;
  }

  /** A manual threshold is in the old method's units, meaningless for the new one: back to Otsu. */
  set method(m: ChangeMethod) {
    if (m === this.#method) return;
    this.#method = m;
    this.thresholdMode = 'otsu';
    this.manualThreshold = null;
  }

  readonly #bridge = new WorkerBridge();
  #runTicket = 0;
  #pendingRun: Promise<unknown> | null = null;
  #thresholdLoop: Promise<void> | null = null;
  #wantedThreshold: number | null = null;

  constructor() {
    this.#bridge.onRestart(() => this.#afterHardStop());
  }

  /**
   * Loads a file into a slot. The slot keeps its current image (and the result keeps standing)
   * until the new file has opened and rendered; only then is the result of the old inputs dropped.
   */
  async load(slot: Slot, file: File): Promise<void> {
    const s = this[slot];
    const ticket = s.begin(file);
    let opened: OpenedRaster | null = null;
    try {
      opened = await this.#bridge.call((api) => api.open(slot, file));
      const onProgress = this.#bridge.callback((p: Progress) => {
        if (ticket === s.ticket) s.percent = p.total > 0 ? Math.round((100 * p.done) / p.total) : null;
      });
      const id = opened.id;
      const img = await this.#bridge.call((api) => api.preview(id, DISPLAY_MAX, null, onProgress));
      const preview = await toDisplayImage(img);
      if (ticket !== s.ticket) return this.#releaseRaster(id);
      const previous = s.opened?.id;
      this.#abandonRun();
      this.#dropResult();
      s.commit(file, opened, preview, img.stretch);
      if (previous) this.#releaseRaster(previous);
    } catch (err) {
      if (opened) this.#releaseRaster(opened.id);
      if (ticket !== s.ticket || isAbort(err)) return;
      s.error = messageOf(err);
      this.report(messageOf(err));
    } finally {
      if (ticket === s.ticket) {
        s.loading = false;
        s.percent = null;
        s.pending = null;
      }
    }
  }

  /** Loads the bundled demo pair (served from this origin, cached offline by the service worker). */
  async loadDemo(): Promise<void> {
    const fetchFile = async (name: string) => {
      const res = await fetch(`demo/${name}`);
      if (!res.ok) throw new Error(`demo/${name}: could not be fetched (HTTP ${res.status})`);
      return new File([await res.blob()], name, { type: 'image/tiff' });
    };
    try {
      const [b, a] = await Promise.all([fetchFile('before.tif'), fetchFile('after.tif')]);
      await Promise.all([this.load('before', b), this.load('after', a)]);
    } catch (err) {
      this.report(messageOf(err));
    }
  }

  async detect(): Promise<void> {
    const b = this.before.opened;
    const a = this.after.opened;
    if (!b || !a || !this.canRun) return;
    const ticket = ++this.#runTicket;
    const options = $state.snapshot(this.options) as ChangeOptions;
    this.status = 'running';
    this.progress = { stage: 'starting', done: 0, total: 1 };
    const onProgress = this.#bridge.callback((p: Progress) => {
      if (ticket === this.#runTicket && this.status === 'running') this.progress = p;
    });
    const run = this.#bridge.call((api) => api.detect(b.id, a.id, options, onProgress));
    this.#pendingRun = run;
    let runId: string | null = null;
    try {
      const r = await run;
      runId = r.runId;
      if (ticket !== this.#runTicket) return void this.#release(r.runId);
      this.progress = { stage: 'rendering', done: 0, total: 1 };
      const [mag, mask] = await Promise.all([
        this.#bridge.call((api) => api.renderMagnitude(r.runId, DISPLAY_MAX)),
        this.#bridge.call((api) => api.renderMask(r.runId, DISPLAY_MAX))
      ]);
      const [magImg, maskImg] = await Promise.all([toDisplayImage(mag), toDisplayImage(mask)]);
      if (ticket !== this.#runTicket) return void this.#release(r.runId);
      this.#dropResult();
      this.result = {
        runId: r.runId,
        summary: r.summary,
        histogram: r.histogram,
        notes: r.notes,
        kernels: r.kernels,
        initialThreshold: r.summary.threshold,
        magnitude: { ...magImg, min: mag.min, max: mag.max, unit: mag.unit, ramp: mag.ramp },
        mask: maskImg
      };
      runId = null;
      this.status = 'done';
    } catch (err) {
      if (runId) this.#release(runId);
      if (ticket !== this.#runTicket) return;
      if (isAbort(err)) this.status = 'cancelled';
      else {
        this.status = 'error';
        this.report(messageOf(err));
      }
    } finally {
      if (ticket === this.#runTicket) {
        this.progress = null;
        this.#pendingRun = null;
      }
    }
  }

  /** Cancels the run; the worker is restarted if it has not stopped within ~2 s. */
  async cancel(): Promise<void> {
    if (this.status !== 'running') return;
    this.progress = { stage: 'cancelling', done: 0, total: 1 };
    await this.#bridge.cancel(this.#pendingRun);
  }

  /**
   * Moves the threshold of the current result. Calls coalesce: while the worker re-applies one
   * value only the newest wanted value waits, so dragging never queues a backlog.
   */
  setThreshold(value: number): void {
    if (!this.result || !Number.isFinite(value)) return;
    this.thresholdMode = 'manual';
    this.manualThreshold = value;
    this.pendingThreshold = value;
    this.#wantedThreshold = value;
    this.#thresholdLoop ??= this.#applyThresholds().finally(() => (this.#thresholdLoop = null));
  }

  async #applyThresholds(): Promise<void> {
    while (this.#wantedThreshold !== null && this.result) {
      const value = this.#wantedThreshold;
      this.#wantedThreshold = null;
      const runId = this.result.runId;
      try {
        const summary = await this.#bridge.call((api) => api.rethreshold(runId, value));
        const mask = await toDisplayImage(await this.#bridge.call((api) => api.renderMask(runId, DISPLAY_MAX)));
        if (this.result?.runId !== runId) return;
        this.result = { ...this.result, summary, mask };
      } catch (err) {
        if (!isAbort(err)) this.report(messageOf(err));
        return;
      } finally {
        if (this.#wantedThreshold === null) this.pendingThreshold = null;
      }
    }
  }

  /** The three result files, from the worker's exporters (byte-identical to the CLI's). */
  async files(): Promise<{ magnitude: Blob; mask: Blob; summary: Blob } | null> {
    const runId = this.result?.runId;
    if (!runId) return null;
    await this.#thresholdLoop;
    try {
      return await this.#bridge.call((api) => api.downloads(runId));
    } catch (err) {
      this.report(messageOf(err));
      return null;
    }
  }

  setBand(band: number, on: boolean): void {
    const all = Array.from({ length: this.availableBands }, (_, i) => i + 1);
    const current = new Set(this.selectedBands ?? all);
    if (on) current.add(band);
    else current.delete(band);
    this.selectedBands = all.filter((b) => current.has(b));
  }

  report(message: string): void {
    this.errors.report(message);
  }

  /** A run over inputs that are being replaced is worthless: cancel it and ignore its reply. */
  #abandonRun(): void {
    if (this.status !== 'running') return;
    ++this.#runTicket;
    void this.#bridge.cancel(this.#pendingRun);
    this.#pendingRun = null;
    this.progress = null;
    this.status = 'idle';
  }

  #dropResult(): void {
    if (this.result) this.#release(this.result.runId);
    this.result = null;
    if (this.status === 'done') this.status = 'idle';
  }

  #releaseRaster(id: string): void {
    this.#bridge.call((api) => api.releaseRaster(id)).catch(() => undefined);
  }

  #release(runId: string): void {
    this.#bridge.call((api) => api.releaseRun(runId)).catch(() => undefined);
  }

  /** After a hard stop the worker holds nothing: reload both files; the old result is gone. */
  #afterHardStop(): void {
    this.result = null;
    this.report('The analysis did not stop in time, so the worker was restarted; the images are being reloaded.');
    for (const s of [this.before, this.after]) if (s.file) void this.load(s.slot, s.file);
  }
}
