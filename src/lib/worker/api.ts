/**
 * The one typed face of the Sitewatch worker. The UI imports it with `import type` only, so the
 * core never ends up in the main-thread bundle.
 */
import type { AccuracyMetrics } from '../core/accuracy/metrics';
import type { AlignmentRecord, GridRecord } from '../core/align/align';
import type { ChangeOptions } from '../core/change/options';
import type { ChangeSummary, MagnitudeHistogram } from '../core/change/summary';
import type { ChangeObject } from '../core/objects/stats';
import type { Progress, RasterInfo } from '../core/raster';
import type { PreviewImage, RenderedImage } from '../core/render';
import type { ImageDisplay } from '../core/render/display';
import type { ReportSettings } from '../core/report/settings';
import type { SiteSet } from '../core/sites/site';
import type { SiteStatistics } from '../core/sites/statistics';

export type { ReportSettings, SiteSet, SiteStatistics };
export type {
  AccuracyMetrics,
  AlignmentRecord,
  ChangeObject,
  GridRecord,
  ChangeOptions,
  ChangeSummary,
  MagnitudeHistogram,
  PreviewImage,
  Progress,
  RasterInfo,
  RenderedImage
};

/** Which side of the comparison a raster is loaded into. */
export type Slot = 'before' | 'after';

export interface OpenedRaster {
  /** Key of the raster inside the worker; valid until another file is opened into the same slot. */
  id: string;
  info: RasterInfo;
  /** 0-based bands a preview shows by default (red, green, blue or one grey band). */
  displayBands: number[];
}

/** summary.json as the CLI writes it: the change summary plus the number of change objects. */
export type RunSummary = ChangeSummary & { objects: number };

/** The change objects of a run's current mask (small: a row per object, no pixels). */
export interface ObjectsResult {
  count: number;
  /** In id order (raster order of each object's first pixel). */
  objects: ChangeObject[];
  /** Things to know about the objects (e.g. "no conversion to WGS 84"). */
  notes: string[];
  /** Unit of the map coordinates of the centroids: 'm', 'deg' or 'px'. */
  mapUnit: string;
  /** objects.geojson is in WGS 84 and objects-crs.geojson holds them in the image's CRS. */
  imageCrsGeojson: boolean;
}

export interface DetectResult {
  /** Key of the magnitude, mask, extras, labels, summary and histogram kept in the worker. */
  runId: string;
  summary: RunSummary;
  histogram: MagnitudeHistogram;
  /**
   * For a heavy-tailed, non-negative magnitude (skewness > 2): the same magnitudes binned on
   * ln(m + offset), so the histogram can show the no-change mode and the threshold; else null.
   */
  logHistogram: (MagnitudeHistogram & { offset: number }) | null;
  /** Things the analyst should know about the pair (e.g. "after is not georeferenced"). */
  notes: string[];
  kernels: 'simd' | 'scalar';
  /** Names of the method's extra outputs kept with the run (e.g. mad1…madN, pNoChange, angle, class, delta). */
  extras: string[];
  /** The direction classes when the run has a `class` output (CVA), else null. */
  directionClasses: DirectionClass[] | null;
  objects: ObjectsResult;
}

/** What moving the threshold changes: the summary and the objects. */
export interface RethresholdResult {
  summary: RunSummary;
  objects: ObjectsResult;
}

export interface MagnitudeImage extends RenderedImage {
  /** Magnitude at the bottom and top of the ramp (values above `max` saturate). */
  min: number;
  max: number;
  unit: string;
  /** CSS colours of evenly spaced ramp stops, low → high, for the legend. */
  ramp: string[];
}

/** One CVA direction class (core/change/methods/cva-direction.ts) as the UI shows it. */
export interface DirectionClass {
  id: number;
  name: string;
  /** CSS colour of the class on the map and in the legend. */
  colour: string;
}

/** CVA direction classes of the changed pixels, with the changed-pixel count of each class. */
export interface DirectionImage extends RenderedImage {
  classes: (DirectionClass & { changedPixels: number })[];
}

/**
 * Outlines of the change objects in pixel coordinates (column, row of pixel corners; y down),
 * flattened for transfer: object i owns polygons [objectEnds[i-1], objectEnds[i]), polygon p owns
 * rings [polygonEnds[p-1], polygonEnds[p]), and ring r owns coordinates [ringEnds[r-1], ringEnds[r])
 * as x, y pairs. The first ring of a polygon is its shell, the others its holes.
 */
export interface ObjectOutlines {
  ids: Uint32Array<ArrayBuffer>;
  objectEnds: Uint32Array<ArrayBuffer>;
  polygonEnds: Uint32Array<ArrayBuffer>;
  ringEnds: Uint32Array<ArrayBuffer>;
  coordinates: Float64Array<ArrayBuffer>;
}

export interface EvaluationResult {
  metrics: AccuracyMetrics;
  /** Where the mask agrees and errs (colours in ERROR_MAP_COLOURS of core/render), change-mask resolution. */
  errorMap: RenderedImage;
  /** CSS colours of the error map: hits, false alarms, missed changes. */
  colours: { tp: string; fp: string; fn: string };
  /** The reference files' names, as read. */
  truthName: string;
  unchangedName: string | null;
}

/** Pixels per magnitude bin of the reference's change and no-change classes. */
export interface ClassCounts {
  change: Uint32Array;
  noChange: Uint32Array;
}

/** The run's magnitude histogram split by a reference, on the bins of `histogram` and of `logHistogram`. */
export interface TruthHistograms {
  linear: ClassCounts;
  /** Null when the run has no log histogram. */
  log: ClassCounts | null;
}

/** The files the app offers for download: byte-identical to the CLI's. */
export interface ResultFiles {
  magnitude: Blob;
  mask: Blob;
  summary: Blob;
  objectsGeojson: Blob;
  objectsCsv: Blob;
  /** objects-crs.geojson: the objects in the image's CRS, when objects.geojson is in WGS 84. */
  objectsCrsGeojson: Blob | null;
  /** The method's extra outputs as GeoTIFFs by name (MAD variates, pNoChange, angle, class, delta). */
  extras: Record<string, Blob>;
}

export type ProgressCallback = (p: Progress) => void;

/** The numbers of each site for a run's current mask, and the sites each object touches. */
export interface SitesReply {
  sites: SiteStatistics[];
  /** [object id, site names] for every object touching a site. */
  objectSites: [number, string[]][];
}

/** How after will be brought onto before's grid, and after as it will be compared. */
export interface AlignmentPreview {
  alignment: AlignmentRecord;
  grid: GridRecord;
  /** After resampled onto before's grid, as a display image the size of before's preview (rgba transferred); null when after is taken as it is. */
  after: PreviewImage | null;
}

export interface SitewatchWorkerApi {
  /** Opens a file into a slot, replacing (and releasing) what the slot held. Throws naming the file. */
  open(slot: Slot, file: File): Promise<OpenedRaster>;
  /** A stretched display image, ≤ maxSize px on the longest side (rgba transferred). */
  preview(id: string, maxSize: number, bands?: number[] | null, onProgress?: ProgressCallback): Promise<PreviewImage>;
  /**
   * A raster drawn with the analyst's bands and stretch (the stretch computed here from a histogram
   * of the display values); with `aligned`, after as the last `align` brought it onto before's grid.
   * Throws naming the file when it lacks a band asked for.
   */
  displayImage(id: string, maxSize: number, display: ImageDisplay, aligned?: boolean): Promise<PreviewImage>;
  /**
   * Runs one analysis — detection, threshold, cleaning and the change objects — with the options
   * the CLI takes. Starting a run cancels the one in flight; progress arrives through the callback
   * (pass it wrapped in Comlink.proxy). Rejects with name "AbortError" when cancelled.
   */
  detect(beforeId: string, afterId: string, options: ChangeOptions, onProgress: ProgressCallback): Promise<DetectResult>;
  /**
   * Aligns after to before's grid with the options' align and resampling (as `detect` will) and
   * returns the alignment, the common grid and aligned after's display image. Throws naming the
   * file when the pair cannot be aligned; an unreliable automatic alignment is returned, flagged.
   */
  align(beforeId: string, afterId: string, options: ChangeOptions, maxSize: number, onProgress: ProgressCallback): Promise<AlignmentPreview>;
  /** Cancels the run in flight, if any; it stops at the next strip. */
  cancel(): void;
  /**
   * Re-applies a manual threshold (magnitude units) to a finished run, with the run's cleaning
   * steps, and recomputes its objects — without running the method again.
   */
  rethreshold(runId: string, value: number): Promise<RethresholdResult>;
  renderMagnitude(runId: string, maxSize: number): Promise<MagnitudeImage>;
  renderMask(runId: string, maxSize: number): Promise<RenderedImage>;
  /** The CVA direction class of every changed pixel; rejects when the run has no `class` output. */
  renderDirection(runId: string, maxSize: number): Promise<DirectionImage>;
  /** Outlines of the run's current objects (coordinates transferred). */
  objectOutlines(runId: string): Promise<ObjectOutlines>;
  /**
   * Scores the run's current mask against a reference (any value > 0 = change); `unchanged`, for
   * partial truth, marks the reference's no-change pixels. Throws naming a file of the wrong size.
   */
  evaluate(runId: string, truth: File, unchanged: File | null, maxSize: number): Promise<EvaluationResult>;
  /**
   * The run's magnitudes binned separately for the reference's change and no-change pixels (rules
   * of `evaluate`), to show why a threshold lands where it does. Throws naming a file of the wrong size.
   */
  truthHistograms(runId: string, truth: File, unchanged: File | null): Promise<TruthHistograms>;
  downloads(runId: string): Promise<ResultFiles>;
  /**
   * Reads a GeoJSON or KML site file and returns its sites in the before image's own CRS (pixel
   * column/row when it has none). Throws naming the file.
   */
  importSites(text: string, fileName: string, beforeId: string): Promise<SiteSet>;
  /** The numbers of each site (sites in the image's CRS) for the run's current mask. */
  siteNumbers(runId: string, sites: SiteSet): Promise<SitesReply>;
  /**
   * Every file `sitewatch change --sites --report` writes, by name (figure.png, report.html,
   * recipe.json, sites.csv, summary.json with the sites…), for the run as it stands.
   */
  reportFiles(
    runId: string,
    beforeId: string,
    afterId: string,
    sites: SiteSet | null,
    settings: ReportSettings,
    options: ChangeOptions
  ): Promise<Record<string, Blob>>;
  /** Frees a run's arrays; later calls with its id reject. */
  releaseRun(runId: string): void;
  /** Frees an opened image (the UI keeps the previous one until a replacement has loaded). */
  releaseRaster(id: string): void;
}
