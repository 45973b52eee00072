import { InputError } from '../core/raster';

/**
 * Turns whatever a call threw into an Error Comlink can carry back: InputErrors keep their
 * message (it names the file), cancellation keeps the name "AbortError", anything else is wrapped
 * with `context` (usually the file or run) so the UI never shows a bare "undefined".
 */
export function toUserError(err: unknown, context: string): Error {
  if (err instanceof InputError) return plain(err.message, 'InputError');
  if (isAbort(err)) return plain('The run was cancelled', 'AbortError');
  if (err instanceof RangeError && /allocat|memory|length/i.test(err.message)) {
    return plain(`${context}: not enough memory in this browser tab (${err.message})`, 'ResourceError');
  }
  const message = err instanceof Error ? err.message : String(err);
  return plain(`${context}: ${message}`, 'Error');
}

export function isAbort(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: string }).name === 'AbortError';
}

function plain(message: string, name: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}
