/**
 * The workbench session: two input slots, the analysis options, the run in flight, the latest
 * result (its layers, objects and outlines) and its accuracy check. Every worker reply carries a
 * ticket; a reply for anything but the newest request is dropped, so a stale result never
 * overwrites a newer one.
 */
import type { ChangeOptions } from '../core/change/options';
import { checkPair } from '../core/change/pair';
import type {
  AlignmentRecord,
  DetectResult,
  DirectionImage,
  GridRecord,
  ObjectOutlines,
  ObjectsResult,
  OpenedRaster,
  Progress,
  RunSummary,
  Slot
} from '../worker/api';
import { WorkerBridge } from '../worker/bridge';
import { AccuracyCheck } from './accuracy.svelte';
import { DISPLAY_MAX } from './constants';
import { toDisplayImage, type DisplayImage } from './display';
import { ErrorLog } from './errors.svelte';
import { frameOf, type ViewFrame } from './frame';
import { AnalysisOptions } from './options.svelte';
import type { AnalysisResult, DirectionLayer, Focus, MagnitudeLayer, RunStatus } from './result';
import { ImageSlot } from './slot.svelte';
import { ReportDesk } from './report.svelte';
import { StyledImages } from './styled-images.svelte';
import { parseRecipe, type RecipeFile } from '../core/recipe/recipe';
import { sitesGeoJson } from '../core/sites/write';
import { SiteBook } from './sites.svelte';
import { SavedSessionStore } from './saved-session.svelte';

export { DISPLAY_MAX };

const isAbort = (e: unknown) => (e as { name?: string } | null)?.name === 'AbortError';
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class Session {
  readonly before = new ImageSlot('before');
  readonly after = new ImageSlot('after');
  readonly options = new AnalysisOptions();

  /** 1-based bands to compare; null = all of them. */
  selectedBands = $state.raw<number[] | null>(null);

  status = $state<RunStatus>('idle');
  progress = $state.raw<Progress | null>(null);
  result = $state.raw<AnalysisResult | null>(null);
  /** Threshold being applied by the worker after a drag (shown at once, confirmed by the reply). */
  pendingThreshold = $state<number | null>(null);
  /** How after is brought onto before's grid (shown before anything runs), or null. */
  alignment = $state.raw<{ alignment: AlignmentRecord; grid: GridRecord; after: DisplayImage } | null>(null);
  aligning = $state(false);
  alignmentError = $state<string | null>(null);
  #alignTicket = 0;
  /** The object picked in the table or on the map. */
  focus = $state.raw<Focus | null>(null);
  readonly errors = new ErrorLog();

  readonly #bridge = new WorkerBridge();
  readonly accuracy = new AccuracyCheck(this.#bridge, (m) => this.report(m));
  /** The result's mask scored against another mask (a kept one) instead of the truth: where two masks disagree. */
  readonly comparison = new AccuracyCheck(this.#bridge, (m) => this.report(m));
  readonly sites = new SiteBook(this.#bridge, (m) => this.report(m));
  readonly reportDesk = new ReportDesk(this.#bridge, (m) => this.report(m));
  readonly styled = new StyledImages(this.#bridge, (m) => this.report(m));
  readonly saved = new SavedSessionStore();

  readonly frame: ViewFrame | null = $derived.by(() => {
    const info = this.before.info ?? this.after.info;
    return info ? frameOf(info) : null;
  });

  /** Bands both images have (1-based). */
  readonly availableBands: number = $derived(
    this.before.info && this.after.info ? Math.min(this.before.info.bands, this.after.info.bands) : ((this.before.info ?? this.after.info)?.bands ?? 0)
  );

  /** The bands option: null when every band of two equal-band images is selected. */
  readonly bands: number[] | null = $derived.by(() => {
    const n = this.availableBands;
    const sameCount = this.before.info?.bands === this.after.info?.bands;
    const all = Array.from({ length: n }, (_, i) => i + 1);
    const sel = this.selectedBands?.filter((b) => b <= n) ?? null;
    return sel === null ? (sameCount ? null : all) : sel.length === n && sameCount ? null : sel;
  });

  readonly problems: string[] = $derived.by(() => {
    const p = this.options.problems(this.before.info);
    if (this.bands !== null && this.bands.length === 0) p.push('Select at least one band.');
    const [b, a] = [this.before.info, this.after.info];
    if (b && a) {
      try {
        checkPair(b, a, this.options.align === 'default' ? null : this.options.align);
      } catch (e) {
        p.push((e as Error).message);
      }
      if (this.alignmentError) p.push('The pair could not be aligned (see Alignment).');
      const al = this.alignment?.alignment;
      if (al && !al.reliable) p.push(`${a.name}: automatic alignment is unreliable (${al.reason}); choose the alignment yourself`);
    }
    return p;
  });

  /** Files that came with the app's demo (so its ground truth applies). */
  readonly #demoFiles = new WeakSet<File>();
  /** Both inputs are the bundled demo pair. */
  readonly isDemo: boolean = $derived(
    this.before.file !== null && this.after.file !== null && this.#demoFiles.has(this.before.file) && this.#demoFiles.has(this.after.file)
  );

  readonly canRun: boolean = $derived(this.before.ready && this.after.ready && this.status !== 'running' && this.problems.length === 0);

  #runTicket = 0;
  #pendingRun: Promise<unknown> | null = null;
  #thresholdLoop: Promise<void> | null = null;
  #wantedThreshold: number | null = null;
  #focusSeq = 0;

  constructor() {
    this.#bridge.onRestart(() => this.#afterHardStop());
  }

  /** An opened recipe.json: while set, the next run uses its options exactly (the form cannot express them all). */
  recipe = $state.raw<{ name: string; recipe: RecipeFile; options: ChangeOptions } | null>(null);

  /** The options of the next run, exactly as the worker (and `sitewatch change`) takes them. */
  changeOptions(): ChangeOptions {
    return this.recipe?.options ?? this.options.toChangeOptions(this.bands, this.before.info);
  }

  /**
   * Opens a recipe.json: its options for the next run, its sites (replacing the list) and its
   * figure and report settings. The inputs are checked against its SHA-256 when the run has them.
   */
  async openRecipe(file: File): Promise<void> {
    try {
      const { recipe, options, sites, report } = parseRecipe(await file.text(), file.name);
      this.recipe = { name: file.name, recipe, options };
      this.options.method = options.method;
      this.reportDesk.apply(report);
      const beforeId = this.before.opened?.id;
      if (sites && beforeId) {
        this.sites.clear();
        const text = sitesGeoJson(sites.sites, sites.crs);
        await this.sites.import({ name: `${file.name} (sites)`, text: async () => text }, beforeId);
      } else if (sites) this.report(`${file.name}: load the before image first, then open the recipe again for its sites`);
    } catch (err) {
      this.report(messageOf(err));
    }
  }

  dropRecipe(): void {
    this.recipe = null;
  }

  /** The run's inputs must be the files the opened recipe names. */
  #checkRecipeInputs(summary: RunSummary): void {
    const r = this.recipe;
    if (!r) return;
    (['before', 'after'] as const).forEach((role, k) => {
      const want = r.recipe.inputs[role];
      const got = summary.inputs[k];
      if (got && got.sha256 !== want.sha256) {
        this.report(
          `${got.path}: is not the ${role} image of ${r.name} (SHA-256 ${got.sha256.slice(0, 12)}… differs from ${want.name}'s ${want.sha256.slice(0, 12)}…)`
        );
      }
    });
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
      this.saved.saveFile(slot, file).catch((e) => this.report(`The session could not be saved: ${messageOf(e)}`));
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
    if (ticket === s.ticket && s.opened && !s.error) void this.realign();
  }

  /**
   * Aligns the loaded pair with the current align options (as Detect will) for the grid report,
   * the flicker and the viewer; a newer call wins.
   */
  async realign(): Promise<void> {
    const [b, a] = [this.before.opened, this.after.opened];
    const ticket = ++this.#alignTicket;
    this.alignment = null;
    this.alignmentError = null;
    if (!b || !a || this.before.loading || this.after.loading) return;
    this.aligning = true;
    try {
      const onProgress = this.#bridge.callback(() => {});
      const r = await this.#bridge.call((api) => api.align(b.id, a.id, this.changeOptions(), DISPLAY_MAX, onProgress));
      const after = r.after ? await toDisplayImage(r.after) : this.after.preview;
      if (!after) return;
      if (ticket === this.#alignTicket) this.alignment = { alignment: r.alignment, grid: r.grid, after };
    } catch (err) {
      if (ticket === this.#alignTicket && !isAbort(err)) this.alignmentError = messageOf(err);
    } finally {
      if (ticket === this.#alignTicket) this.aligning = false;
    }
  }

  /** Loads the bundled demo pair (served from this origin, cached offline by the service worker). */
  async loadDemo(): Promise<void> {
    // Both slots show loading (and Detect is disabled) from the click on, not only once the files
    // have arrived: a run started in between would be on the pair about to be replaced.
    const tickets = [this.before.expect(), this.after.expect()] as const;
    try {
      const [b, a] = await Promise.all([demoFile('before.tif'), demoFile('after.tif')]);
      this.#demoFiles.add(b);
      this.#demoFiles.add(a);
      await Promise.all([this.load('before', b), this.load('after', a)]);
      const beforeId = this.before.opened?.id;
      if (beforeId && this.sites.sites.length === 0) {
        const res = await fetch('demo/sites.geojson');
        if (!res.ok) throw new Error(`demo/sites.geojson: could not be fetched (HTTP ${res.status})`);
        const text = await res.text();
        await this.sites.import({ name: 'sites.geojson', text: async () => text }, beforeId);
      }
    } catch (err) {
      this.report(messageOf(err));
    } finally {
      this.before.settle(tickets[0]);
      this.after.settle(tickets[1]);
    }
  }

  /** Brings back the saved session (inputs, sites, figure settings) after a reload or a restart. */
  async restore(): Promise<void> {
    try {
      const saved = await this.saved.load();
      void this.saved.measure();
      if (saved.report) this.reportDesk.apply(saved.report);
      const loads = (['before', 'after'] as const).filter((k) => saved[k]).map((k) => this.load(k, saved[k]!));
      await Promise.all(loads);
      if (saved.sites?.length) for (const site of saved.sites) this.sites.add(site.polygons, site.name);
    } catch (err) {
      this.report(`The saved session could not be read: ${messageOf(err)}`);
    }
  }

  /** Forgets everything: the saved session, the inputs, the sites and the result. */
  async clearSession(): Promise<void> {
    this.#abandonRun();
    this.#dropResult();
    this.sites.clear();
    for (const s of [this.before, this.after]) {
      if (s.opened) this.#releaseRaster(s.opened.id);
      s.reset();
    }
    await this.saved.clear().catch((e) => this.report(`The saved session could not be cleared: ${messageOf(e)}`));
  }

  /** Sets the reference of the accuracy check (null removes it) and scores the current result. */
  async setReference(kind: 'truth' | 'unchanged', file: File | null): Promise<void> {
    this.accuracy[kind] = file;
    if (kind === 'truth' && !file) return this.accuracy.clear();
    await this.accuracy.score(this.result?.runId ?? null);
  }

  /** Uses the demo scene's ground truth (static/demo/truth.tif) as the reference mask. */
  async loadDemoTruth(): Promise<void> {
    try {
      await this.setReference('truth', await demoFile('truth.tif'));
    } catch (err) {
      this.report(messageOf(err));
    }
  }

  async detect(): Promise<void> {
    const b = this.before.opened;
    const a = this.after.opened;
    if (!b || !a || !this.canRun) return;
    const ticket = ++this.#runTicket;
    const options = $state.snapshot(this.changeOptions()) as ChangeOptions;
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
      const [mag, mask, direction] = await Promise.all([
        this.#bridge.call((api) => api.renderMagnitude(r.runId, DISPLAY_MAX)),
        this.#bridge.call((api) => api.renderMask(r.runId, DISPLAY_MAX)).then(toDisplayImage),
        r.directionClasses ? this.#direction(r.runId) : null
      ]);
      const magImg = await toDisplayImage(mag);
      if (ticket !== this.#runTicket) return void this.#release(r.runId);
      this.#dropResult();
      this.result = {
        runId: r.runId,
        summary: r.summary,
        histogram: r.histogram,
        logHistogram: r.logHistogram,
        notes: r.notes,
        kernels: r.kernels,
        initialThreshold: r.summary.threshold,
        magnitude: { ...magImg, min: mag.min, max: mag.max, unit: mag.unit, ramp: mag.ramp },
        mask,
        direction,
        objects: r.objects,
        outlines: null,
        extras: r.extras,
        options
      };
      runId = null;
      this.status = 'done';
      this.#checkRecipeInputs(r.summary);
      void this.sites.measure(r.runId);
      void this.#loadOutlines(r.runId);
      void this.accuracy.score(r.runId);
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
    // The form follows, so the next run reproduces what is on screen.
    this.options.threshold = 'manual';
    this.options.manualThreshold = value;
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
        const r = await this.#bridge.call((api) => api.rethreshold(runId, value));
        const [mask, direction] = await Promise.all([
          this.#bridge.call((api) => api.renderMask(runId, DISPLAY_MAX)).then(toDisplayImage),
          this.result.direction ? this.#direction(runId) : null
        ]);
        if (this.result?.runId !== runId) return;
        if (this.focus && !r.objects.objects.some((o) => o.id === this.focus!.id && sameBox(o.bbox, this.focus!.bbox))) this.focus = null;
        const options: ChangeOptions = { ...this.result.options, threshold: { method: 'manual', value } };
        this.result = { ...this.result, summary: r.summary, objects: r.objects, mask, direction, outlines: null, options };
        // Scored after every move, not only the last: κ and the error map follow the drag.
        void this.accuracy.score(runId);
        if (this.#wantedThreshold === null) {
          void this.sites.measure(runId);
          void this.#loadOutlines(runId);
        }
      } catch (err) {
        if (!isAbort(err)) this.report(messageOf(err));
        return;
      } finally {
        if (this.#wantedThreshold === null) this.pendingThreshold = null;
      }
    }
  }

  /** Picks an object: from the table the viewer zooms to it; from the map (zoom = false) it is only highlighted. */
  showObject(id: number, zoom = true): void {
    const o = this.result?.objects.objects.find((x) => x.id === id);
    if (o) this.focus = { id, bbox: o.bbox, zoom, seq: ++this.#focusSeq };
  }

  /** The result files, from the worker's exporters (byte-identical to the CLI's). */
  async files() {
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

  /** Every file of the current run as `sitewatch change --sites --report` writes them (figure, report, recipe…). */
  async reportFiles(name: string): Promise<Record<string, Blob> | null> {
    const [result, b, a] = [this.result, this.before.opened, this.after.opened];
    if (!result || !b || !a) return null;
    await this.#thresholdLoop;
    const epsg = this.before.info?.geo?.epsg ?? null;
    const sites = this.sites.sites.length ? ($state.snapshot(this.sites.toSet(epsg)) as ReturnType<SiteBook['toSet']>) : null;
    return this.reportDesk.files(
      { runId: result.runId, beforeId: b.id, afterId: a.id, sites, options: $state.snapshot(result.options) as ChangeOptions },
      name
    );
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

  async #direction(runId: string): Promise<DirectionLayer> {
    const img = await this.#bridge.call((api) => api.renderDirection(runId, DISPLAY_MAX));
    return { ...(await toDisplayImage(img)), classes: img.classes };
  }

  async #loadOutlines(runId: string): Promise<void> {
    try {
      const outlines = await this.#bridge.call((api) => api.objectOutlines(runId));
      // Only if nothing moved the threshold meanwhile: these outlines are of the mask they were asked for.
      if (this.result?.runId === runId && this.result.outlines === null && this.pendingThreshold === null) this.result = { ...this.result, outlines };
    } catch (err) {
      if (!isAbort(err)) this.report(messageOf(err));
    }
  }

  /** A run over inputs that are being replaced is worthless: cancel it and ignore its reply. */
  #abandonRun(): void {
    if (this.status !== 'running') return;
    ++this.#runTicket;
    void this.#bridge.cancel(this.#pendingRun);
    this.#pendingRun = null;
    this.progress = null;
    this.status = 'idle';
    this.report('The running analysis was stopped because an input image was replaced; press Detect changes to run it on the new pair.');
  }

  #dropResult(): void {
    if (this.result) this.#release(this.result.runId);
    this.sites.drop();
    this.result = null;
    this.focus = null;
    this.accuracy.drop();
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
    this.focus = null;
    this.accuracy.drop();
    this.report('The analysis did not stop in time, so the worker was restarted; the images are being reloaded.');
    for (const s of [this.before, this.after]) if (s.file) void this.load(s.slot, s.file);
  }
}

async function demoFile(name: string): Promise<File> {
  const res = await fetch(`demo/${name}`);
  if (!res.ok) throw new Error(`demo/${name}: could not be fetched (HTTP ${res.status})`);
  return new File([await res.blob()], name, { type: 'image/tiff' });
}

function sameBox(a: readonly number[], b: readonly number[]): boolean {
  return a.every((v, i) => v === b[i]);
}
