/**
 * A lesson in progress: which lesson and step, loading its pair and truth into the session, and
 * applying a step — its analysis (then run), its layers and its view — in one click. Between steps
 * the student can change anything; the step's promised numbers are compared with what is on screen.
 */
import { lessonById } from '../lessons/catalog';
import { analysisAt } from '../lessons/steps';
import type { Lesson, LessonLayer, Promised, StepAnalysis } from '../lessons/types';
import type { AnalysisOptions } from './options.svelte';
import type { Session } from './session.svelte';
import { decodeShare, encodeShare } from './share';

/** What a step asks of the viewer; `seq` makes the same request apply again. */
export interface ViewRequest {
  layers: Partial<Record<LessonLayer, boolean>>;
  zoom: readonly [number, number, number, number] | 'fit' | null;
  seq: number;
}

/** The scores of one analysis, kept to set beside another's. */
export interface PinnedScores {
  /** Short: "IR-MAD · KI · median:3". */
  label: string;
  /** Everything that ran: method (and whether auto chose it), normalization, prefilter, threshold, cleaning. */
  detail: string;
  kappa: number | null;
  f1: number | null;
  precision: number | null;
  recall: number | null;
  /** The mask as it was kept (mask.tif), to compare the one on screen with; null when it could not be kept. */
  mask: File | null;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Sets the analysis form to a step's analysis (null fields back to the recipe, no alignment or
 * resampling back to the defaults). Returns whether the alignment options changed.
 */
export function applyAnalysis(o: AnalysisOptions, a: StepAnalysis): boolean {
  const align = a.align ?? 'default';
  const resampling = a.resampling ?? 'bilinear';
  const realign = o.align !== align || o.resampling !== resampling;
  [o.align, o.resampling] = [align, resampling];
  o.method = a.method;
  const t = a.threshold;
  if (t === null) o.threshold = 'recipe';
  else if (t.method === 'manual') [o.threshold, o.manualThreshold] = ['manual', t.value];
  else if (t.method === 'sigma') [o.threshold, o.sigmaK] = ['sigma', t.k];
  else if (t.method === 'chi2') [o.threshold, o.chi2Alpha] = ['chi2', t.alpha];
  else o.threshold = t.method;
  o.normalize = a.normalize ?? 'recipe';
  if (a.clean === null) {
    o.cleanMode = 'recipe';
    return realign;
  }
  o.cleanMode = 'custom';
  o.medianOn = o.openOn = o.closeOn = o.mmuOn = false;
  for (const s of a.clean) {
    if (s.op === 'median') [o.medianOn, o.medianSize] = [true, s.size as 3 | 5];
    else if (s.op === 'open') [o.openOn, o.openRadius] = [true, s.radius];
    else if (s.op === 'close') [o.closeOn, o.closeRadius] = [true, s.radius];
    else [o.mmuOn, o.mmuValue, o.mmuUnit] = [true, s.value, s.unit];
  }
  return realign;
}

async function lessonFile(dir: string, name: string): Promise<File> {
  const res = await fetch(`${dir}/${name}`);
  if (!res.ok) throw new Error(`${dir}/${name}: could not be fetched (HTTP ${res.status})`);
  return new File([await res.blob()], name, { type: 'image/tiff' });
}

export class LessonGuide {
  lesson = $state.raw<Lesson | null>(null);
  /** Index of the step shown. */
  step = $state(0);
  loading = $state(false);
  /** A step's analysis is being applied (aligning, then running): the numbers on screen are about to change. */
  applying = $state(false);
  view = $state.raw<ViewRequest | null>(null);
  /** Scores kept for comparison (cleared when another lesson opens). */
  pinned = $state.raw<PinnedScores[]>([]);
  /** The kept mask the one on screen is compared with (index into `pinned`), or null. */
  comparing = $state<number | null>(null);
  #seq = 0;
  #ticket = 0;
  /** Steps being applied now. */
  #applying = 0;

  constructor(private readonly session: Session) {}

  /** The numbers a step can promise, as the app shows them now (null when not available). */
  readonly values: Record<Promised['metric'], number | null> = $derived.by(() => {
    const r = this.session.result;
    const acc = this.session.accuracy.result;
    const m = acc && r && acc.runId === r.runId ? acc.metrics : null;
    const area = r?.summary.changedAreaM2;
    const al = r?.summary.alignment;
    return {
      kappa: m?.kappa ?? null,
      f1: m?.f1 ?? null,
      precision: m?.precision ?? null,
      recall: m?.recall ?? null,
      falseAlarms: m?.fp ?? null,
      changedHa: area === null || area === undefined ? null : area / 1e4,
      objects: r?.objects.count ?? null,
      shiftX: al?.shiftPx[0] ?? null,
      shiftY: al?.shiftPx[1] ?? null,
      rotationDeg: al?.rotationDeg ?? null
    };
  });

  /** Opens a lesson by id: loads its pair and truth, then applies step `step` (or `analysis` instead of its own). */
  async open(id: string, step = 0, analysis: StepAnalysis | null = null): Promise<void> {
    const lesson = lessonById(id);
    if (!lesson) return this.session.report(`There is no lesson "${id}".`);
    const ticket = ++this.#ticket;
    this.loading = true;
    try {
      const names = ['before.tif', 'after.tif', 'truth.tif', ...(lesson.partialTruth ? ['unchanged.tif'] : [])];
      const [before, after, truth, unchanged] = await Promise.all(names.map((n) => lessonFile(lesson.dir, n)));
      if (ticket !== this.#ticket) return;
      this.lesson = lesson;
      this.step = 0;
      this.stopComparing();
      this.pinned = [];
      this.session.accuracy.clear();
      await Promise.all([this.session.load('before', before), this.session.load('after', after)]);
      if (ticket !== this.#ticket) return;
      this.session.accuracy.truth = truth;
      this.session.accuracy.unchanged = unchanged ?? null;
      await this.go(Math.min(Math.max(0, step), lesson.steps.length - 1), analysis);
    } catch (err) {
      if (ticket === this.#ticket) this.session.report(messageOf(err));
    } finally {
      if (ticket === this.#ticket) this.loading = false;
    }
  }

  /**
   * Shows step `index` and applies it: its analysis (then runs it), its layers, its view. With
   * `override` that analysis runs instead (a shared link's exploration).
   */
  async go(index: number, override: StepAnalysis | null = null): Promise<void> {
    const lesson = this.lesson;
    if (!lesson || index < 0 || index >= lesson.steps.length) return;
    this.step = index;
    const s = lesson.steps[index];
    this.#showView();
    // A step without its own analysis runs the one in force only when nothing has run yet (a link to it).
    const analysis = override ?? s.analysis ?? (this.session.result ? null : analysisAt(lesson, index));
    if (!analysis) return;
    this.#applying++;
    this.applying = true;
    try {
      // The Alignment panel shows the alignment the run will use, before it runs.
      if (applyAnalysis(this.session.options, analysis)) await this.session.realign();
      if (this.step !== index || this.lesson !== lesson) return;
      await this.session.detect();
    } finally {
      this.applying = --this.#applying > 0;
    }
    // The run brought new layers (e.g. the error map, which shows itself on first arrival): the step decides.
    if (this.step === index && this.lesson === lesson) this.#showView();
  }

  /** Keeps the scores and the mask of the result on screen, labelled by what ran (its recipe, not the form). */
  async pin(): Promise<void> {
    const r = this.session.result;
    const v = this.values;
    if (!r || v.kappa === null) return;
    const recipe = r.summary.recipe;
    const label = [recipe.method, recipe.normalize !== 'none' ? recipe.normalize : null, recipe.threshold, recipe.clean !== 'none' ? recipe.clean : null]
      .filter(Boolean)
      .join(' · ');
    const detail = `${recipe.method}${recipe.requested === 'auto' ? ' (auto)' : ''}, normalize ${recipe.normalize}, prefilter ${recipe.prefilter}, threshold ${recipe.threshold}, clean ${recipe.clean}`;
    const scores = { label, detail, kappa: v.kappa, f1: v.f1, precision: v.precision, recall: v.recall };
    const files = await this.session.files();
    if (this.session.result?.runId !== r.runId) return;
    const mask = files ? new File([files.mask], `kept ${this.pinned.length + 1} (${label}).tif`, { type: 'image/tiff' }) : null;
    this.pinned = [...this.pinned, { ...scores, mask }];
  }

  /** Compares the mask on screen (now and after every run or threshold move) with kept mask `index`. */
  compareWith(index: number): void {
    const kept = this.pinned[index];
    if (!kept?.mask) return;
    // The page scores the comparison whenever `comparing` or the result changes.
    this.session.comparison.truth = kept.mask;
    this.comparing = index;
  }

  stopComparing(): void {
    this.comparing = null;
    this.session.comparison.clear();
  }

  clearPins(): void {
    this.stopComparing();
    this.pinned = [];
  }

  /** The analysis the form holds now, in a step's terms. */
  formAnalysis(): StepAnalysis {
    const o = this.session.options;
    return {
      method: o.method,
      threshold: o.thresholdSpec,
      normalize: o.normalize === 'recipe' ? null : o.normalize,
      clean: o.cleanSteps,
      ...(o.align !== 'default' ? { align: o.align } : {}),
      ...(o.resampling !== 'bilinear' ? { resampling: o.resampling } : {})
    };
  }

  /** The fragment of a link to this lesson, step and (when explored away from the step's) analysis. */
  shareFragment(): string | null {
    const lesson = this.lesson;
    if (!lesson) return null;
    const mine = this.formAnalysis();
    const steps = analysisAt(lesson, this.step);
    const same = steps !== null && JSON.stringify(steps) === JSON.stringify(mine);
    return encodeShare({ lesson: lesson.id, step: this.step, analysis: same ? null : mine });
  }

  /** Opens what a link's fragment names; false when it names no lesson. Throws on a malformed link. */
  async openFragment(fragment: string): Promise<boolean> {
    const shared = decodeShare(fragment);
    if (!shared) return false;
    await this.open(shared.lesson, shared.step, shared.analysis);
    return true;
  }

  close(): void {
    ++this.#ticket;
    this.stopComparing();
    this.lesson = null;
    this.loading = false;
    this.view = null;
  }

  #showView(): void {
    const s = this.lesson?.steps[this.step];
    if (s) this.view = { layers: s.layers ?? {}, zoom: s.zoom ?? null, seq: ++this.#seq };
  }
}
