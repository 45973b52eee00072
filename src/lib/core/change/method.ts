import type { Kernels } from '../../wasm/types';
import type { RunContext } from '../raster';
import type { PairReader, PairStrip } from './pair-reader';

/** What a change method is given: the pair (read as often as it needs), the kernels, the run. */
export interface MethodContext {
  pair: PairReader;
  kernels: Kernels;
  ctx: RunContext;
  /** True when both images hold integer digital numbers. */
  integer: boolean;
  /** Band names of the selected bands (from the file or a band-mapping preset), null when unknown. */
  bandNames: (string | null)[];
}

/**
 * A change statistic, computed strip by strip. `fit` makes whatever global passes the method
 * needs (statistics, iterations); `magnitude` then fills one strip's magnitude — NaN for nodata —
 * and, optionally, extra per-pixel outputs named in `outputs` (e.g. MAD variates).
 */
export interface ChangeStatistic {
  /** Rows of context each strip needs on both sides (0 for pixel-wise methods). */
  readonly halo: number;
  /** Physical meaning of the magnitude, for legends and reports. */
  readonly unit: string;
  /** Names of extra single-band Float32 outputs, written beside the magnitude. */
  readonly outputs?: readonly string[];
  /** Global passes; returns what summary.json should record about the fit (or nothing). */
  fit?(m: MethodContext): Promise<Record<string, unknown> | void>;
  /** Magnitude of the strip's core rows (rows · width values) and the extra outputs' rows. */
  magnitude(strip: PairStrip, out: Float32Array, extras: Float32Array[]): void;
  /** True when `fit` reads the pair's pixels (then the pair is read more than once). */
  readonly fitReadsPixels?: boolean;
  /** Degrees of freedom when the magnitude is chi-square distributed under no change (IR-MAD). */
  readonly chiSquareDf?: number;
}

/** The core rows of one band of a strip, without its halo (a view, no copy). */
export function coreRows(strip: PairStrip, band: Float32Array): Float32Array {
  const start = strip.haloTop * strip.width;
  return band.subarray(start, start + strip.rows * strip.width);
}
