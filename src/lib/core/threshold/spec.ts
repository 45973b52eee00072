/**
 * How the threshold of an analysis is chosen, shared by the CLI (`--threshold`), the app's options
 * and recipes, so one text means the same rule everywhere. Every rule gives a value in magnitude
 * units and change = magnitude > value.
 */
import type { MagnitudeHistogram } from '../change/summary';
import { thresholdChiSquare } from './chi-square';
import { thresholdKMeans } from './kmeans';
import { thresholdKittlerIllingworth } from './kittler-illingworth';
import { thresholdMeanSigma, type MagnitudeStats } from './mean-sigma';
import { thresholdOtsu } from './otsu';

export type ThresholdSpec =
  | { method: 'otsu' }
  | { method: 'ki' }
  | { method: 'kmeans' }
  | { method: 'chi2'; alpha: number }
  | { method: 'sigma'; k: number }
  | { method: 'manual'; value: number };

const THRESHOLD_SYNTAX = 'otsu, ki, kmeans, chi2:ALPHA (0 < ALPHA < 1), sigma:K or a number';

function number(text: string): number | null {
  const v = Number(text);
  return text.trim() === '' || !Number.isFinite(v) ? null : v;
}

/**
 * Parses `otsu`, `ki`, `kmeans`, `chi2:0.01`, `sigma:2` or a number (a manual threshold).
 * Throws a RangeError quoting the text and the accepted forms otherwise.
 */
export function parseThresholdSpec(text: string): ThresholdSpec {
  if (text === 'otsu' || text === 'ki' || text === 'kmeans') return { method: text };
  const [head, arg, ...extra] = text.split(':');
  const v = arg === undefined || extra.length > 0 ? null : number(arg);
  if (head === 'chi2' && v !== null && v > 0 && v < 1) return { method: 'chi2', alpha: v };
  if (head === 'sigma' && v !== null) return { method: 'sigma', k: v };
  const value = arg === undefined ? number(text) : null;
  if (value !== null) return { method: 'manual', value };
  throw new RangeError(`threshold must be ${THRESHOLD_SYNTAX}, not "${text}"`);
}

/** The text parseThresholdSpec reads back as the same spec. */
export function formatThresholdSpec(spec: ThresholdSpec): string {
  switch (spec.method) {
    case 'chi2':
      return `chi2:${spec.alpha}`;
    case 'sigma':
      return `sigma:${spec.k}`;
    case 'manual':
      return String(spec.value);
    default:
      return spec.method;
  }
}

/**
 * The threshold a spec gives for one magnitude.
 * @param h histogram of the valid magnitudes (otsu, ki, kmeans).
 * @param stats count, Σm, Σm² of the valid magnitudes (sigma).
 * @param chiSquareDf degrees of freedom when the magnitude is a chi-square statistic (IR-MAD's Z),
 *   else null; chi2 without it throws a RangeError.
 * @returns the threshold in magnitude units; null when a data-driven rule has no valid pixel
 *   (chi2 and manual do not depend on the data and always give their value).
 */
export function resolveThreshold(spec: ThresholdSpec, h: MagnitudeHistogram, stats: MagnitudeStats, chiSquareDf: number | null): number | null {
  switch (spec.method) {
    case 'otsu':
      return thresholdOtsu(h);
    case 'ki':
      return thresholdKittlerIllingworth(h);
    case 'kmeans':
      return thresholdKMeans(h);
    case 'sigma':
      return thresholdMeanSigma(stats, spec.k);
    case 'manual':
      return spec.value;
    case 'chi2':
      if (chiSquareDf === null) throw new RangeError('chi2 thresholds need a chi-square statistic (IR-MAD)');
      return thresholdChiSquare(spec.alpha, chiSquareDf);
  }
}
