import type { AlignmentRecord, GridRecord } from '../align/align';
import type { DType } from '../raster';
import type { ThresholdCandidate } from '../threshold/separation';
import type { ThresholdSpec } from '../threshold/spec';
import type { ChangeMethod, MethodChoice, Normalization, Prefilter } from './options';

export interface InputRecord {
  path: string;
  sha256: string;
  width: number;
  height: number;
  bands: number;
  dtype: DType;
}

/** The numbers of one analysis, as written to summary.json by the app and the CLI alike. */
export interface ChangeSummary {
  version: string;
  method: ChangeMethod;
  /**
   * Threshold in magnitude units; null when there was no valid pixel. Change = magnitude > value.
   * `rule` is the spec as the CLI writes it (e.g. "otsu", "chi2:0.01"); `onLogMagnitude` tells that
   * the rule was applied to ln(magnitude) because the magnitudes were heavy-tailed.
   */
  threshold: {
    method: ThresholdSpec['method'];
    value: number | null;
    rule: string;
    onLogMagnitude: boolean;
    /**
     * Overlap of the two-class normal model at the threshold (0 separable … 1 not at all), see
     * threshold/class-overlap.ts; null for a threshold set by hand.
     */
    classOverlap?: number | null;
    /** `auto` on one band: the pixels at exactly the minimum left out, and the rules it chose among. */
    tiePixels?: number;
    candidates?: ThresholdCandidate[];
  };
  magnitudeUnit: string;
  width: number;
  height: number;
  /** 1-based band numbers used. */
  bands: number[];
  validPixels: number;
  changedPixels: number;
  /** changedPixels / validPixels (0 when there is no valid pixel). */
  changedFraction: number;
  /** Ground area of one pixel in m², null when the images are not in a projected CRS. */
  pixelAreaM2: number | null;
  changedAreaM2: number | null;
  crs: string | null;
  /** How after was brought onto before's grid (see align/align.ts). */
  alignment: AlignmentRecord;
  /** Before's grid, the one every output is on, and how much of it after covers. */
  grid: GridRecord;
  /** What ran and why (for `auto`, the choices made from the data). */
  recipe: {
    requested: MethodChoice;
    method: ChangeMethod;
    normalize: Normalization;
    prefilter: Prefilter;
    threshold: string;
    clean: string;
    reasons: string[];
  };
  magnitudeStats: { min: number | null; max: number | null; mean: number | null; std: number | null; skewness: number | null };
  /** Changed pixels straight after the threshold, before cleaning. */
  thresholdedPixels: number;
  normalization: Record<string, unknown> | null;
  /** What the method's fit found (e.g. IR-MAD's canonical correlations), null for pixel-wise methods. */
  fit: Record<string, unknown> | null;
  /** IR-MAD only: canonicalCorrelations (ascending), iterations, converged, lambda. */
  irmad?: Record<string, unknown>;
  inputs: InputRecord[];
  /** The sanity verdict: what makes this result doubtful, with what to try (empty: nothing found). */
  warnings: string[];
  timingsMs: Record<string, number>;
}

/** Magnitude histogram over the valid pixels: `counts[i]` covers [min + i·w, min + (i+1)·w). */
export interface MagnitudeHistogram {
  min: number;
  max: number;
  counts: Uint32Array;
}
