/** The types of a run as the page holds it. */
import type { ChangeOptions } from '../core/change/options';
import type { DetectResult, DirectionImage, ObjectOutlines, ObjectsResult, RunSummary } from '../worker/api';
import type { DisplayImage } from './display';

export type RunStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export interface MagnitudeLayer extends DisplayImage {
  min: number;
  max: number;
  unit: string;
  ramp: string[];
}

export interface DirectionLayer extends DisplayImage {
  classes: DirectionImage['classes'];
}

/** A run as the page shows it: the worker's reply plus the display layers made from it. */
export interface AnalysisResult extends Pick<DetectResult, 'runId' | 'summary' | 'histogram' | 'logHistogram' | 'notes' | 'kernels' | 'extras'> {
  /** The threshold the run itself chose (its rule's value), for "reset". */
  initialThreshold: RunSummary['threshold'];
  magnitude: MagnitudeLayer;
  mask: DisplayImage;
  /** CVA direction classes of the changed pixels; null for other methods. */
  direction: DirectionLayer | null;
  objects: ObjectsResult;
  /** Object outlines in pixel coordinates; null until they have arrived. */
  outlines: ObjectOutlines | null;
  /** The options the result stands for (a moved threshold is a manual one): what its recipe records. */
  options: ChangeOptions;
}

/** The picked object: its bounding box in pixels, whether to zoom to it; `seq` makes a repeated pick zoom again. */
export interface Focus {
  id: number;
  bbox: [number, number, number, number];
  zoom: boolean;
  seq: number;
}
