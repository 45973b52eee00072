/**
 * A lesson state as a URL fragment — `#lesson=crossing&step=3&method=cva&threshold=64&clean=none`
 * (and `&align=auto&resampling=cubic` when the alignment is not the default) — so a teacher can hand out a link that opens the same lesson, step and analysis, offline (the
 * fragment never reaches a server). Only lessons can be shared this way: the app has the lesson's
 * images, not a student's own files. The analysis uses the CLI's own option syntax.
 */
import { parseAlignMode, parseResampling } from '../core/align/options';
import { METHOD_CHOICES, NORMALIZATIONS, type MethodChoice, type Normalization } from '../core/change/options';
import { formatCleanSpec, parseCleanSpec } from '../core/clean/spec';
import { formatThresholdSpec, parseThresholdSpec } from '../core/threshold/spec';
import type { StepAnalysis } from '../lessons/types';

export interface SharedState {
  lesson: string;
  /** 0-based step index. */
  step: number;
  /** The analysis on screen when it is not the step's own; null to take the step's. */
  analysis: StepAnalysis | null;
}

/** The fragment (without '#') for a state. */
export function encodeShare(s: SharedState): string {
  const p = new URLSearchParams({ lesson: s.lesson, step: String(s.step + 1) });
  const a = s.analysis;
  if (a) {
    p.set('method', a.method);
    p.set('threshold', a.threshold ? formatThresholdSpec(a.threshold) : 'recipe');
    p.set('normalize', a.normalize ?? 'recipe');
    p.set('clean', a.clean ? formatCleanSpec(a.clean) : 'recipe');
    if (a.align) p.set('align', a.align);
    if (a.resampling) p.set('resampling', a.resampling);
  }
  return p.toString();
}

/**
 * Reads a fragment (with or without '#'); null when it names no lesson. A part that does not parse
 * throws a RangeError naming it, so a mistyped link is reported rather than half-applied.
 */
export function decodeShare(fragment: string): SharedState | null {
  const p = new URLSearchParams(fragment.replace(/^#/, ''));
  const lesson = p.get('lesson');
  if (!lesson) return null;
  const stepText = p.get('step') ?? '1';
  const step = Number(stepText);
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`link: step must be a whole number from 1, not "${stepText}"`);
  const method = p.get('method');
  if (method === null) return { lesson, step: step - 1, analysis: null };
  if (!(METHOD_CHOICES as readonly string[]).includes(method)) throw new RangeError(`link: unknown method "${method}"`);
  const orRecipe = <T>(name: string, parse: (text: string) => T): T | null => {
    const text = p.get(name);
    if (text === null || text === 'recipe') return null;
    try {
      return parse(text);
    } catch (e) {
      throw new RangeError(`link: ${(e as Error).message}`);
    }
  };
  const normalize = orRecipe('normalize', (t) => {
    if (!(NORMALIZATIONS as readonly string[]).includes(t)) throw new RangeError(`normalize must be one of ${NORMALIZATIONS.join(', ')}, not "${t}"`);
    return t as Normalization;
  });
  const align = orRecipe('align', (t) => {
    try {
      return parseAlignMode(t);
    } catch (e) {
      throw new RangeError(`align ${(e as Error).message}`);
    }
  });
  const resampling = orRecipe('resampling', (t) => {
    try {
      return parseResampling(t);
    } catch (e) {
      throw new RangeError(`resampling ${(e as Error).message}`);
    }
  });
  return {
    lesson,
    step: step - 1,
    analysis: {
      method: method as MethodChoice,
      threshold: orRecipe('threshold', parseThresholdSpec),
      normalize,
      clean: orRecipe('clean', parseCleanSpec),
      ...(align ? { align } : {}),
      ...(resampling ? { resampling } : {})
    }
  };
}
