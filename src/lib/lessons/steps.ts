/**
 * How a lesson's steps relate: a step without its own analysis keeps the one before it, and an
 * analysis is written as the `sitewatch change` options that run it, so a student can repeat any
 * step on the command line.
 */
import { formatCleanSpec } from '../core/clean/spec';
import { formatThresholdSpec } from '../core/threshold/spec';
import type { Lesson, StepAnalysis } from './types';

/** The analysis in force at step `index`: its own, or the nearest earlier step's; null before any. */
export function analysisAt(lesson: Lesson, index: number): StepAnalysis | null {
  for (let i = Math.min(index, lesson.steps.length - 1); i >= 0; i--) {
    const a = lesson.steps[i].analysis;
    if (a) return a;
  }
  return null;
}

/** The `sitewatch change` options of an analysis (the recipe's defaults are left out). */
export function cliArguments(a: StepAnalysis): string[] {
  const args = ['--method', a.method];
  if (a.threshold) args.push('--threshold', formatThresholdSpec(a.threshold));
  if (a.normalize) args.push('--normalize', a.normalize);
  if (a.clean) args.push('--clean', formatCleanSpec(a.clean));
  if (a.align) args.push('--align', a.align);
  if (a.resampling) args.push('--resampling', a.resampling);
  return args;
}
