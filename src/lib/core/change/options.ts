/**
 * The options of one change analysis, shared by the app, the worker and the CLI so the same
 * defaults give the same numbers everywhere.
 */

/**
 * - `absdiff`: mean over the selected bands of |after − before|.
 * - `cva`: change vector analysis magnitude, √Σ (after − before)² over the selected bands
 *   (Malila 1980, "Change vector analysis: an approach for detecting forest changes with Landsat").
 * - `logratio`: mean over the selected bands of |ln((after + ε) / (before + ε))|, values below 0
 *   clamped to 0 (Dekker 1998, doi:10.1080/014311698215649).
 */
export type ChangeMethod = 'absdiff' | 'cva' | 'logratio';

export const CHANGE_METHODS: readonly ChangeMethod[] = ['absdiff', 'cva', 'logratio'];

export type ThresholdSpec = { method: 'otsu' } | { method: 'manual'; value: number };

export interface ChangeOptions {
  method: ChangeMethod;
  threshold: ThresholdSpec;
  /** 1-based band numbers; null = every band. */
  bands: number[] | null;
}

export const DEFAULT_CHANGE_OPTIONS: ChangeOptions = {
  method: 'cva',
  threshold: { method: 'otsu' },
  bands: null
};

/** Histogram used for automatic thresholds and shown in the app. */
export const HISTOGRAM_BINS = 1024;

/**
 * ε of the log-ratio: 1 digital number for integer data (keeps zeros finite and damps the
 * noise of dark pixels), 1e-6 for floating-point data (reflectance, backscatter in linear units).
 */
export function logRatioEpsilon(integerData: boolean): number {
  return integerData ? 1 : 1e-6;
}

/** Physical meaning of the magnitude, for legends and reports. */
export function magnitudeUnit(method: ChangeMethod): string {
  if (method === 'logratio') return 'mean |ln ratio|';
  if (method === 'absdiff') return 'DN (mean |Δ|)';
  return 'DN (‖Δ‖)';
}
