/**
 * The analysis options as the analyst sets them, turned into the ChangeOptions the worker and the
 * CLI share. Every choice left at "recipe" stays null in ChangeOptions, so an untouched form runs
 * exactly `sitewatch change` with default options.
 */
import type { AlignMode } from '../core/align/options';
import type { Resampling } from '../core/align/resample';
import { BAND_PRESETS, describeMapping, guessMapping, presetMapping, type BandPreset } from '../core/bands';
import { DEFAULT_IRMAD, type ChangeOptions, type MethodChoice, type Normalization } from '../core/change/options';
import type { CleanStep } from '../core/clean/spec';
import type { ThresholdSpec } from '../core/threshold/spec';
import type { RasterInfo } from '../core/raster';

/** 'recipe': the method's own rule (auto: Otsu or Kittler–Illingworth; PCA-k-means: its margin 0). */
export type ThresholdChoice = 'recipe' | 'otsu' | 'ki' | 'kmeans' | 'sigma' | 'chi2' | 'manual';
export type NormalizeChoice = 'recipe' | Normalization;

export const INDEX_METHODS: readonly MethodChoice[] = ['ndvi', 'ndbi', 'ndwi', 'builtup'];

/** Methods whose magnitude is a χ² statistic, the only ones a χ² quantile can threshold. */
export const CHI_SQUARE_METHODS: readonly MethodChoice[] = ['irmad'];

export class AnalysisOptions {
  #method = $state<MethodChoice>('auto');
  threshold = $state<ThresholdChoice>('recipe');
  /** k of mean + k·σ. */
  sigmaK = $state(2);
  /** α of the χ² quantile (false-alarm rate under no change). */
  chi2Alpha = $state(0.01);
  manualThreshold = $state<number | null>(null);

  normalize = $state<NormalizeChoice>('recipe');

  /** 'default': georef when both images are georeferenced, else auto. */
  align = $state<AlignMode | 'default'>('default');
  resampling = $state<Resampling>('bilinear');

  /** 'recipe': auto cleans with a 3 × 3 majority filter, an explicit method does not clean. */
  cleanMode = $state<'recipe' | 'custom'>('recipe');
  medianOn = $state(false);
  medianSize = $state<3 | 5>(3);
  openOn = $state(false);
  openRadius = $state(1);
  closeOn = $state(false);
  closeRadius = $state(1);
  mmuOn = $state(false);
  mmuValue = $state(10);
  mmuUnit = $state<'px' | 'm2'>('px');

  /** 'guess': from the band names or count (the core's guess, also what the CLI does). */
  bandPreset = $state<BandPreset | 'guess'>('guess');

  irmadMaxIterations = $state(DEFAULT_IRMAD.maxIterations);
  irmadTolerance = $state(DEFAULT_IRMAD.tolerance);
  irmadLambda = $state(DEFAULT_IRMAD.lambda);

  get method(): MethodChoice {
    return this.#method;
  }

  /** A manual threshold is in the old method's units, a χ² quantile only fits IR-MAD: back to the recipe's rule. */
  set method(m: MethodChoice) {
    if (m === this.#method) return;
    this.#method = m;
    if (this.threshold === 'manual') this.manualThreshold = null;
    if (this.threshold === 'manual' || (this.threshold === 'chi2' && !CHI_SQUARE_METHODS.includes(m))) this.threshold = 'recipe';
  }

  readonly usesMapping: boolean = $derived(INDEX_METHODS.includes(this.#method) || this.#method === 'cva');
  readonly usesIrmad: boolean = $derived(this.#method === 'irmad' || this.#method === 'auto');
  readonly chiSquareAllowed: boolean = $derived(CHI_SQUARE_METHODS.includes(this.#method));

  readonly cleanSteps: CleanStep[] | null = $derived.by(() => {
    if (this.cleanMode === 'recipe') return null;
    const steps: CleanStep[] = [];
    if (this.medianOn) steps.push({ op: 'median', size: this.medianSize });
    if (this.openOn) steps.push({ op: 'open', radius: this.openRadius });
    if (this.closeOn) steps.push({ op: 'close', radius: this.closeRadius });
    if (this.mmuOn) steps.push({ op: 'mmu', value: this.mmuValue, unit: this.mmuUnit });
    return steps;
  });

  readonly thresholdSpec: ThresholdSpec | null = $derived.by(() => {
    switch (this.threshold) {
      case 'recipe':
        return null;
      case 'sigma':
        return { method: 'sigma', k: this.sigmaK };
      case 'chi2':
        return { method: 'chi2', alpha: this.chi2Alpha };
      case 'manual':
        return this.manualThreshold === null ? null : { method: 'manual', value: this.manualThreshold };
      default:
        return { method: this.threshold };
    }
  });

  /** What is wrong with the options for the loaded images (empty when the run can start). */
  problems(info: RasterInfo | null): string[] {
    const out: string[] = [];
    const finite = (v: number | null | undefined) => typeof v === 'number' && Number.isFinite(v);
    if (this.threshold === 'manual' && !finite(this.manualThreshold)) out.push('Give the manual threshold a value.');
    if (this.threshold === 'sigma' && !finite(this.sigmaK)) out.push('Give k of mean + k·σ a value.');
    if (this.threshold === 'chi2' && !(finite(this.chi2Alpha) && this.chi2Alpha > 0 && this.chi2Alpha < 1))
      out.push('α of the χ² quantile must lie between 0 and 1.');
    if (this.threshold === 'chi2' && !this.chiSquareAllowed) out.push('A χ² quantile only thresholds IR-MAD, whose magnitude is a χ² statistic.');
    if (this.cleanMode === 'custom') {
      const whole = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
      if (this.openOn && !whole(this.openRadius, 1, 100)) out.push('The opening radius must be a whole number of pixels, 1–100.');
      if (this.closeOn && !whole(this.closeRadius, 1, 100)) out.push('The closing radius must be a whole number of pixels, 1–100.');
      if (this.mmuOn && this.mmuUnit === 'px' && !whole(this.mmuValue, 1, Number.MAX_SAFE_INTEGER))
        out.push('The minimum mapping unit in pixels must be a whole number ≥ 1.');
      if (this.mmuOn && this.mmuUnit === 'm2' && !(finite(this.mmuValue) && this.mmuValue > 0)) out.push('The minimum mapping unit in m² must be above 0.');
      if (this.mmuOn && this.mmuUnit === 'm2' && info && !(info.geo?.projected && info.geo.linearUnitMetres !== null)) {
        out.push('A minimum mapping unit in m² needs a projected image; give it in pixels.');
      }
    }
    if (this.usesIrmad) {
      if (!(Number.isInteger(this.irmadMaxIterations) && this.irmadMaxIterations >= 1)) out.push('IR-MAD needs at least 1 iteration.');
      if (!(finite(this.irmadTolerance) && this.irmadTolerance >= 0)) out.push('The IR-MAD tolerance must be ≥ 0.');
      if (!(finite(this.irmadLambda) && this.irmadLambda >= 0)) out.push('The IR-MAD ridge λ must be ≥ 0.');
    }
    if (this.usesMapping && info && this.bandPreset !== 'guess' && !presetMapping(this.bandPreset, info.bands)) {
      const label = BAND_PRESETS.find((p) => p.id === this.bandPreset)?.label ?? this.bandPreset;
      out.push(`The band preset ${label} does not fit an image of ${info.bands} bands.`);
    }
    return out;
  }

  /** "blue = band 1, …" of the guess, or why there is none. */
  static describeGuess(info: RasterInfo | null): string {
    if (!info) return 'load an image first';
    const g = guessMapping(info);
    if (!g) return `no guess for ${info.bands} bands without band names`;
    const basis =
      g.basis === 'names' ? 'from the band names' : `as ${BAND_PRESETS.find((p) => p.id === g.basis)?.label.split(' (')[0]}, from ${info.bands} bands`;
    return `${describeMapping(g.mapping)} (${basis})`;
  }

  /** The options of one run; `bands` as the session selected them (null = all). */
  toChangeOptions(bands: number[] | null, info: RasterInfo | null): ChangeOptions {
    const mapping = this.usesMapping && this.bandPreset !== 'guess' && info ? presetMapping(this.bandPreset, info.bands) : null;
    return {
      method: this.#method,
      threshold: this.thresholdSpec,
      bands,
      normalize: this.normalize === 'recipe' ? null : this.normalize,
      prefilter: null,
      clean: this.cleanSteps,
      irmad: { maxIterations: this.irmadMaxIterations, tolerance: this.irmadTolerance, lambda: this.irmadLambda },
      bandMapping: mapping,
      align: this.align === 'default' ? null : this.align,
      resampling: this.resampling === 'bilinear' ? null : this.resampling
    };
  }
}
