/**
 * The one typed face of the Sitewatch worker. The UI imports it with `import type` only, so the
 * core never ends up in the main-thread bundle.
 */
import type { ChangeOptions } from '../core/change/options';
import type { ChangeSummary, MagnitudeHistogram } from '../core/change/summary';
import type { Progress, RasterInfo } from '../core/raster';
import type { PreviewImage, RenderedImage } from '../core/render';

export type { ChangeOptions, ChangeSummary, MagnitudeHistogram, PreviewImage, Progress, RasterInfo, RenderedImage };

/** Which side of the comparison a raster is loaded into. */
export type Slot = 'before' | 'after';

export interface OpenedRaster {
  /** Key of the raster inside the worker; valid until another file is opened into the same slot. */
  id: string;
  info: RasterInfo;
  /** 0-based bands a preview shows by default (red, green, blue or one grey band). */
  displayBands: number[];
}

export interface DetectResult {
  /** Key of the magnitude, mask, summary and histogram kept in the worker. */
  runId: string;
  summary: ChangeSummary;
  histogram: MagnitudeHistogram;
  /** Things the analyst should know about the pair (e.g. "after is not georeferenced"). */
  notes: string[];
  kernels: 'simd' | 'scalar';
}

export interface MagnitudeImage extends RenderedImage {
  /** Magnitude at the bottom and top of the ramp (values above `max` saturate). */
  min: number;
  max: number;
  unit: string;
  /** CSS colours of evenly spaced ramp stops, low → high, for the legend. */
  ramp: string[];
}

/** The files the app offers for download: byte-identical to the CLI's. */
export interface ResultFiles {
  magnitude: Blob;
  mask: Blob;
  summary: Blob;
}

export type ProgressCallback = (p: Progress) => void;

export interface SitewatchWorkerApi {
  /** Opens a file into a slot, replacing (and releasing) what the slot held. Throws naming the file. */
  open(slot: Slot, file: File): Promise<OpenedRaster>;
  /** A stretched display image, ≤ maxSize px on the longest side (rgba transferred). */
  preview(id: string, maxSize: number, bands?: number[] | null, onProgress?: ProgressCallback): Promise<PreviewImage>;
  /**
   * Runs one analysis. Starting a run cancels the one in flight; progress arrives through the
   * callback (pass it wrapped in Comlink.proxy). Rejects with name "AbortError" when cancelled.
   */
  detect(beforeId: string, afterId: string, options: ChangeOptions, onProgress: ProgressCallback): Promise<DetectResult>;
  /** Cancels the run in flight, if any; it stops at the next strip. */
  cancel(): void;
  /** Re-applies a manual threshold (magnitude units) to a finished run; returns its new summary. */
  rethreshold(runId: string, value: number): Promise<ChangeSummary>;
  renderMagnitude(runId: string, maxSize: number): Promise<MagnitudeImage>;
  renderMask(runId: string, maxSize: number): Promise<RenderedImage>;
  downloads(runId: string): Promise<ResultFiles>;
  /** Frees a run's arrays; later calls with its id reject. */
  releaseRun(runId: string): void;
  /** Frees an opened image (the UI keeps the previous one until a replacement has loaded). */
  releaseRaster(id: string): void;
}
