/**
 * What a lesson is: a before/after pair with its truth, a short story, and steps. A step says what
 * to do and what to look for, names the method's reference, can set the analysis (one click runs
 * it), the layers and the view, and promises numbers that tests check against the core and the
 * browser e2e checks on screen.
 */
import type { AlignMode } from '../core/align/options';
import type { Resampling } from '../core/align/resample';
import type { MethodChoice, Normalization } from '../core/change/options';
import type { CleanStep } from '../core/clean/spec';
import type { ThresholdSpec } from '../core/threshold/spec';

/** The overlays a step can switch on or off (CVA's direction classes stay off unless a step asks). */
export type LessonLayer = 'mask' | 'errors' | 'magnitude' | 'outlines' | 'direction';

/** The analysis a step runs; null fields mean "the recipe decides", as in ChangeOptions. */
export interface StepAnalysis {
  method: MethodChoice;
  threshold: ThresholdSpec | null;
  normalize: Normalization | null;
  clean: CleanStep[] | null;
  /** How after is brought onto before's grid; left out: the default (georeferencing when both have it). */
  align?: AlignMode;
  /** Left out: bilinear. */
  resampling?: Resampling;
}

/** A number the app shows after the step's analysis, and the range the step promises for it. */
export interface Promised {
  metric: 'kappa' | 'f1' | 'precision' | 'recall' | 'changedHa' | 'objects' | 'falseAlarms' | 'shiftX' | 'shiftY' | 'rotationDeg';
  min?: number;
  max?: number;
}

export interface LessonStep {
  title: string;
  /** What to do and what to look for: two or three sentences. */
  text: string;
  /** The method's (or idea's) reference, with its DOI. */
  reference: string;
  analysis?: StepAnalysis;
  layers?: Partial<Record<LessonLayer, boolean>>;
  /** Zoom to a pixel box [x0, y0, x1, y1] of the before image, or the whole image. */
  zoom?: readonly [number, number, number, number] | 'fit';
  promises?: Promised[];
}

export interface Lesson {
  id: string;
  title: string;
  /** One line for the picker. */
  summary: string;
  /** The situation, in a few sentences. */
  story: string;
  /** Directory under the app's base holding before.tif, after.tif, truth.tif (and unchanged.tif). */
  dir: string;
  /** The truth is partial: only pixels in truth.tif or unchanged.tif are scored. */
  partialTruth: boolean;
  /** Where the images and the truth come from, and their terms. */
  credit: string;
  steps: LessonStep[];
}

export const METRIC_LABELS: Record<Promised['metric'], string> = {
  kappa: 'κ',
  f1: 'F1',
  precision: 'precision',
  recall: 'recall',
  changedHa: 'changed area (ha)',
  objects: 'change objects',
  falseAlarms: 'false alarms (px)',
  shiftX: 'shift east (px)',
  shiftY: 'shift south (px)',
  rotationDeg: 'rotation (°)'
};

/** "κ ≥ 0.9", "0.5 ≤ κ ≤ 0.75", "objects ≤ 30". */
export function describePromise(p: Promised): string {
  const name = METRIC_LABELS[p.metric];
  if (p.min !== undefined && p.max !== undefined) return `${p.min} ≤ ${name} ≤ ${p.max}`;
  if (p.min !== undefined) return `${name} ≥ ${p.min}`;
  return `${name} ≤ ${p.max}`;
}

/** Whether a value keeps the promise (null, a 0/0 score, never does). */
export function keeps(p: Promised, value: number | null): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  return (p.min === undefined || value >= p.min) && (p.max === undefined || value <= p.max);
}
