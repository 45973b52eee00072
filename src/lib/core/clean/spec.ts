/**
 * How a change mask is cleaned of speckle, shared by the CLI (`--clean`), the app's options and
 * recipes, so one text means the same steps everywhere. Steps run left to right:
 *
 * - `median:N` — binary median (majority) filter over an N × N square, N odd, 3 … 11.
 * - `open:R` — morphological opening by the disk of radius R (erosion, then dilation): removes
 *   change features the disk does not fit in (Serra 1982, Image Analysis and Mathematical
 *   Morphology, ch. II; Soille 2003, Morphological Image Analysis, 2nd ed., ch. 3–4).
 * - `close:R` — closing by the disk (dilation, then erosion): fills holes and gaps the disk does
 *   not fit in.
 * - `mmu:Npx` or `mmu:Am2` — minimum mapping unit: removes change objects (8-connected) smaller
 *   than N pixels or A square metres; applied on the labelled objects, not by a neighbourhood
 *   filter (see cleanMask).
 *
 * The disk of radius R is every offset with dx² + dy² ≤ R²: radius 1 is the 3 × 3 cross,
 * radius 2 the 5 × 5 square less its four corners and their eight neighbours.
 */

export type NeighbourhoodStep = { op: 'median'; size: number } | { op: 'open'; radius: number } | { op: 'close'; radius: number };
export type MmuStep = { op: 'mmu'; value: number; unit: 'px' | 'm2' };
export type CleanStep = NeighbourhoodStep | MmuStep;

/** Largest open/close radius: the disk filters cost O(R) per pixel and a strip needs a 2R-row halo. */
export const MAX_RADIUS = 100;

export const CLEAN_SYNTAX = `none, or steps separated by commas: median:3 … median:11 (odd), open:R, close:R (R = 1 … ${MAX_RADIUS}), mmu:Npx, mmu:Am2`;

/**
 * One majority vote over 3 × 3: removes isolated change pixels and fills one-pixel holes while
 * leaving straight edges in place. On the demo scene (4-band CVA), a mask thresholded at half the
 * Otsu value (precision 0.78, recall 0.94) comes out at precision 0.998, recall 0.94, F1 0.85 →
 * 0.97; `median:3,close:2,open:1` reaches F1 0.977, not worth the shape changes. At the Otsu
 * value itself the mask has no false positive and cleaning moves F1 by less than 0.01.
 */
export const DEFAULT_CLEAN: readonly CleanStep[] = [{ op: 'median', size: 3 }];

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text)) return null;
  const v = Number(text);
  return v >= min && v <= max ? v : null;
}

function parseStep(text: string): CleanStep | null {
  const [op, arg, ...extra] = text.split(':');
  if (arg === undefined || extra.length > 0) return null;
  if (op === 'median') {
    const size = wholeNumber(arg, 3, 11);
    return size !== null && size % 2 === 1 ? { op, size } : null;
  }
  if (op === 'open' || op === 'close') {
    const radius = wholeNumber(arg, 1, MAX_RADIUS);
    return radius === null ? null : { op, radius };
  }
  if (op === 'mmu') {
    const m = /^(\d+(?:\.\d+)?)(px|m2)$/.exec(arg);
    if (!m) return null;
    const value = Number(m[1]);
    if (m[2] === 'px') return Number.isInteger(value) && value >= 1 ? { op, value, unit: 'px' } : null;
    return value > 0 ? { op, value, unit: 'm2' } : null;
  }
  return null;
}

/**
 * Parses `none` (no cleaning) or a comma-separated list such as `median:3,open:1,close:2,mmu:20px`
 * (spaces around the commas are ignored). Throws a RangeError naming the bad step and the
 * accepted forms otherwise.
 */
export function parseCleanSpec(text: string): CleanStep[] {
  const trimmed = text.trim();
  if (trimmed === 'none') return [];
  if (trimmed === '') throw new RangeError(`clean must be ${CLEAN_SYNTAX}, not an empty text`);
  return trimmed.split(',').map((part) => {
    const step = parseStep(part.trim());
    if (!step) throw new RangeError(`clean step "${part.trim()}" in "${text}" is not one of: ${CLEAN_SYNTAX}`);
    return step;
  });
}

/** The text parseCleanSpec reads back as the same steps (`none` for no step). */
export function formatCleanSpec(steps: readonly CleanStep[]): string {
  if (steps.length === 0) return 'none';
  return steps
    .map((s) => {
      if (s.op === 'median') return `median:${s.size}`;
      if (s.op === 'mmu') return `mmu:${s.value}${s.unit}`;
      return `${s.op}:${s.radius}`;
    })
    .join(',');
}

/**
 * The minimum object size in pixels of an mmu step: N for `Npx`, ⌈A / pixel area⌉ for `Am2`.
 * Throws a RangeError for an area when the image has no known pixel area (not projected).
 */
export function mmuPixels(step: MmuStep, pixelAreaM2: number | null): number {
  if (step.unit === 'px') return step.value;
  if (pixelAreaM2 === null || !(pixelAreaM2 > 0)) {
    throw new RangeError(`mmu:${step.value}m2 needs a projected image with a known pixel size; give the unit in pixels (px)`);
  }
  return Math.ceil(step.value / pixelAreaM2 - 1e-9); // − 1e-9: 1.1 / 0.1 is 11.000000000000002
}
