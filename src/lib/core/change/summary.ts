import type { DType } from '../raster';
import type { ChangeMethod } from './options';

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
  /** Threshold in magnitude units; null when there was no valid pixel. Change = magnitude > value. */
  threshold: { method: 'otsu' | 'manual'; value: number | null };
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
  inputs: InputRecord[];
  timingsMs: Record<string, number>;
}

/** Magnitude histogram over the valid pixels: `counts[i]` covers [min + i·w, min + (i+1)·w). */
export interface MagnitudeHistogram {
  min: number;
  max: number;
  counts: Uint32Array;
}
