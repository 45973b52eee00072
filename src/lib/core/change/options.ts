/**
 * The options of one change analysis, shared by the app, the worker and the CLI so the same
 * defaults give the same numbers everywhere. `null` means "the recipe decides" (see recipe.ts).
 */
import type { AlignMode } from '../align/options';
import type { Resampling } from '../align/resample';
import type { BandMapping } from '../bands';
import type { CleanStep } from '../clean/spec';
import type { ThresholdSpec } from '../threshold/spec';

/** The change statistics; each is defined (with its reference) in methods/. */
export type ChangeMethod = 'absdiff' | 'cva' | 'logratio' | 'irmad' | 'pcakmeans' | 'ssim' | 'ndvi' | 'ndbi' | 'ndwi' | 'builtup' | 'supervised';

/** `auto` lets the recipe choose normalization, method, threshold and cleaning from the data. */
export type MethodChoice = 'auto' | ChangeMethod;

export const CHANGE_METHODS: readonly ChangeMethod[] = [
  'absdiff',
  'cva',
  'logratio',
  'irmad',
  'pcakmeans',
  'ssim',
  'ndvi',
  'ndbi',
  'ndwi',
  'builtup',
  'supervised'
];

export const METHOD_CHOICES: readonly MethodChoice[] = ['auto', ...CHANGE_METHODS];

/**
 * Radiometric normalization before the change statistic: none; each image standardized per band
 * (zscore); after's histogram matched to before's per band (histmatch); after mapped onto before's
 * radiometry by orthogonal regression on IR-MAD invariant pixels (irmad, RADCAL).
 */
export type Normalization = 'none' | 'zscore' | 'histmatch' | 'irmad';

export const NORMALIZATIONS: readonly Normalization[] = ['none', 'zscore', 'histmatch', 'irmad'];

/** Speckle prefilter of both images before the statistic. */
export type Prefilter = 'none' | 'median3';

export interface IrmadOptions {
  maxIterations: number;
  tolerance: number;
  /** Ridge added to the covariance diagonals (relative; 0 = the textbook result). */
  lambda: number;
}

/** One labelled pixel: column and row (0-based) on the before image's grid; label 1 = change, 0 = no change. */
export interface TrainingSample {
  x: number;
  y: number;
  label: 0 | 1;
}

/** Analyst-taught detection: the labelled pixels and the random forest's seed and size. */
export interface SupervisedOptions {
  samples: TrainingSample[];
  seed: number;
  trees: number;
}

export interface ChangeOptions {
  method: MethodChoice;
  /** null: the recipe's threshold (Otsu for most methods). */
  threshold: ThresholdSpec | null;
  /** 1-based band numbers; null = every band (or the bands an index needs). */
  bands: number[] | null;
  /** null: none for an explicitly chosen method, the recipe's choice for `auto`. */
  normalize: Normalization | null;
  prefilter: Prefilter | null;
  /** null: none for an explicitly chosen method, the recipe's choice for `auto`. */
  clean: CleanStep[] | null;
  irmad: IrmadOptions;
  /** Which band is blue, red, NIR… for the spectral indices; null = from band names or count. */
  bandMapping: BandMapping | null;
  /** Labelled samples for `supervised`; null for every other method. */
  supervised?: SupervisedOptions | null;
  /** How after is brought onto before's grid; null = georef when both are georeferenced, else auto. */
  align: AlignMode | null;
  /** Resampling of after onto before's grid; null = bilinear. */
  resampling: Resampling | null;
}

export const DEFAULT_IRMAD: IrmadOptions = { maxIterations: 50, tolerance: 1e-3, lambda: 1e-6 };

export const DEFAULT_CHANGE_OPTIONS: ChangeOptions = {
  method: 'auto',
  threshold: null,
  bands: null,
  normalize: null,
  prefilter: null,
  clean: null,
  irmad: DEFAULT_IRMAD,
  bandMapping: null,
  align: null,
  resampling: null
};

/** Histogram used for automatic thresholds and shown in the app. */
export const HISTOGRAM_BINS = 1024;
