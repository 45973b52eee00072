/**
 * What one fuzz input's outcome means. Good: a clear error (an InputError naming the file, on one
 * line, in words) or a result. Bad: a crash (any other error), a hang or an out-of-memory abort
 * (seen by the runner), an unclear message, or a silent wrong result (lost pixels with no error).
 */
export type Verdict = 'result' | 'clear-error' | 'crash' | 'hang' | 'oom' | 'unclear-message' | 'silent-wrong';
export const BAD: Verdict[] = ['crash', 'hang', 'oom', 'unclear-message', 'silent-wrong'];

export type Outcome =
  | { ok: true; width: number; height: number; bands: number; dtype: string; nodata: number | null; nan: number }
  | { ok: false; inputError: boolean; message: string; kind: string };

/** Words that mean a decoder's internals leaked into a message instead of a description of the file. */
const UNCLEAR =
  /undefined|NaN|\[object|typed array|of null|is not a function|is not iterable|Cannot read|Maximum call stack|out of bounds|Invalid array length/i;

export function classify(outcome: Outcome, name: string, integerOnly: boolean): Verdict {
  if (!outcome.ok) {
    if (!outcome.inputError) return 'crash';
    const { message } = outcome;
    if (!message.startsWith(`${name}: `) || /[\n\r]/.test(message) || UNCLEAR.test(message)) return 'unclear-message';
    return 'clear-error';
  }
  // An integer image with no nodata value has no pixel that may read as nodata.
  const integer = /int/.test(outcome.dtype);
  if (integerOnly && integer && outcome.nodata === null && outcome.nan > 0) return 'silent-wrong';
  return 'result';
}
