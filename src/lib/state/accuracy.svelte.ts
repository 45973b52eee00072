/**
 * The accuracy check of the current result against a reference mask. The reference files stay
 * across runs and threshold moves, and every new mask is scored again; a reply for anything but
 * the newest request is dropped.
 */
import type { AccuracyMetrics, EvaluationResult, TruthHistograms } from '../worker/api';
import type { WorkerBridge } from '../worker/bridge';
import { DISPLAY_MAX } from './constants';
import { toDisplayImage, type DisplayImage } from './display';

export interface AccuracyResult {
  runId: string;
  metrics: AccuracyMetrics;
  errorMap: DisplayImage;
  colours: EvaluationResult['colours'];
  truthName: string;
  unchangedName: string | null;
}

const isAbort = (e: unknown) => (e as { name?: string } | null)?.name === 'AbortError';
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class AccuracyCheck {
  /** The reference: any value > 0 is change. */
  truth = $state.raw<File | null>(null);
  /** For partial truth: the reference's no-change pixels (> 0); null when the truth is complete. */
  unchanged = $state.raw<File | null>(null);
  result = $state.raw<AccuracyResult | null>(null);
  /** The run's magnitudes split by the reference's classes (for the histogram); fetched once per run. */
  distributions = $state.raw<(TruthHistograms & { runId: string; truth: File; unchanged: File | null }) | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  #ticket = 0;
  /** Replies to requests up to this ticket are dropped (the result they were about is gone). */
  #floor = 0;
  /** The ticket of the scores shown. */
  #shown = 0;
  /** The run whose distributions are being fetched (one request per run at a time). */
  #fetching: string | null = null;

  constructor(
    private readonly bridge: WorkerBridge,
    private readonly report: (message: string) => void
  ) {}

  /** Scores run `runId`'s current mask (no-op without a reference or a run). */
  async score(runId: string | null): Promise<void> {
    const truth = this.truth;
    const unchanged = this.unchanged;
    const ticket = ++this.#ticket;
    if (!runId || !truth) {
      this.busy = false;
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      const r = await this.bridge.call((api) => api.evaluate(runId, truth, unchanged, DISPLAY_MAX));
      const errorMap = await toDisplayImage(r.errorMap);
      // Not only the newest: while a threshold is dragged every reply newer than the one shown is
      // shown, so the scores follow the drag instead of waiting for it to stop.
      if (ticket <= this.#floor || ticket <= this.#shown) return;
      this.#shown = ticket;
      this.result = { runId, metrics: r.metrics, errorMap, colours: r.colours, truthName: r.truthName, unchangedName: r.unchangedName };
      const d = this.distributions;
      const stale = d?.runId !== runId || d.truth !== truth || d.unchanged !== unchanged;
      if (stale && this.#fetching !== runId) void this.#distributions(runId, truth, unchanged);
    } catch (err) {
      if (ticket !== this.#ticket || isAbort(err)) return;
      this.result = null;
      this.error = messageOf(err);
      this.report(messageOf(err));
    } finally {
      if (ticket === this.#ticket) this.busy = false;
    }
  }

  async #distributions(runId: string, truth: File, unchanged: File | null): Promise<void> {
    this.#fetching = runId;
    try {
      const d = await this.bridge.call((api) => api.truthHistograms(runId, truth, unchanged));
      if (this.result?.runId === runId && this.truth === truth && this.unchanged === unchanged) this.distributions = { ...d, runId, truth, unchanged };
    } catch (err) {
      if (!isAbort(err)) this.report(messageOf(err));
    } finally {
      if (this.#fetching === runId) this.#fetching = null;
    }
  }

  /** Forgets the scores (the result they were about is gone); the reference files stay. */
  drop(): void {
    this.#floor = ++this.#ticket;
    this.result = null;
    this.distributions = null;
    this.busy = false;
  }

  /** Forgets the reference files too. */
  clear(): void {
    this.drop();
    this.truth = null;
    this.unchanged = null;
    this.error = null;
  }
}
