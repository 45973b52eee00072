/**
 * How an input image is shown: which of its bands as red, green and blue (or one band as grey) and
 * how their values are stretched to the screen. The viewer, the figure and the report all draw the
 * images with these settings, and the recipe keeps them, so the same recipe draws the same figure.
 */
import type { RasterInfo } from '../raster';
import { defaultDisplayBands } from './preview';
import { DEFAULT_STRETCH, type Stretch, type StretchKind } from './stretch';

export interface ImageDisplay {
  /** 1-based bands shown as red, green, blue (three) or as grey (one); null: the default bands. */
  bands: number[] | null;
  stretch: Stretch;
}

export interface DisplaySettings {
  before: ImageDisplay;
  after: ImageDisplay;
}

export const DEFAULT_IMAGE_DISPLAY: ImageDisplay = { bands: null, stretch: DEFAULT_STRETCH };
export const DEFAULT_DISPLAY: DisplaySettings = { before: DEFAULT_IMAGE_DISPLAY, after: DEFAULT_IMAGE_DISPLAY };

export const STRETCH_KINDS: { id: StretchKind; label: string; amount: number }[] = [
  { id: 'percent', label: 'Percent clip', amount: 2 },
  { id: 'minmax', label: 'Min–max', amount: 0 },
  { id: 'stddev', label: 'Standard deviations', amount: 2 }
];

export function isDefaultImageDisplay(d: ImageDisplay): boolean {
  return d.bands === null && d.stretch.kind === DEFAULT_STRETCH.kind && d.stretch.amount === DEFAULT_STRETCH.amount;
}

/** The 0-based bands to draw for an image, or a RangeError naming the band it does not have. */
export function displayBands(d: ImageDisplay, info: RasterInfo): number[] {
  if (d.bands === null) return defaultDisplayBands(info);
  for (const b of d.bands) if (b < 1 || b > info.bands) throw new RangeError(`has no band ${b} to display (it has ${info.bands})`);
  return d.bands.map((b) => b - 1);
}

/** "bands 3, 2, 1 · 2–98 % stretch", for the report. */
export function describeDisplay(d: ImageDisplay, info: RasterInfo): string {
  const bands = displayBands(d, info).map((b) => b + 1);
  const which = bands.length === 1 ? `band ${bands[0]} as grey` : `bands ${bands.join(', ')} as RGB`;
  const s = d.stretch;
  const stretch = s.kind === 'minmax' ? 'min–max stretch' : s.kind === 'percent' ? `${s.amount}–${100 - s.amount} % stretch` : `mean ± ${s.amount} σ stretch`;
  return `${which} · ${stretch}`;
}

/** One image's display settings checked (from a recipe or a saved session), or a RangeError saying what is wrong. */
export function checkImageDisplay(v: unknown, what: string): ImageDisplay {
  const d = v as { bands?: unknown; stretch?: { kind?: unknown; amount?: unknown } } | null;
  if (!d || typeof d !== 'object') throw new RangeError(`${what} must be {bands, stretch}`);
  const bands = d.bands ?? null;
  if (bands !== null && (!Array.isArray(bands) || ![1, 3].includes(bands.length) || !bands.every((b) => Number.isInteger(b) && b >= 1)))
    throw new RangeError(`${what}.bands must be null, or one or three band numbers from 1`);
  const kind = d.stretch?.kind;
  const amount = d.stretch?.amount;
  if (!STRETCH_KINDS.some((k) => k.id === kind)) throw new RangeError(`${what}.stretch.kind must be one of ${STRETCH_KINDS.map((k) => k.id).join(', ')}`);
  if (typeof amount !== 'number' || !Number.isFinite(amount)) throw new RangeError(`${what}.stretch.amount must be a number`);
  if (kind === 'percent' && !(amount >= 0 && amount < 50)) throw new RangeError(`${what}.stretch.amount must be a percentage from 0 to under 50`);
  if (kind === 'stddev' && !(amount > 0 && amount <= 10))
    throw new RangeError(`${what}.stretch.amount must be a number of standard deviations above 0, at most 10`);
  return { bands: bands as number[] | null, stretch: { kind: kind as StretchKind, amount } };
}

/** Both images' settings checked, or undefined when absent (the defaults). */
export function checkDisplaySettings(v: unknown, what: string): DisplaySettings | undefined {
  if (v === undefined || v === null) return undefined;
  const d = v as { before?: unknown; after?: unknown };
  return { before: checkImageDisplay(d.before, `${what}.before`), after: checkImageDisplay(d.after, `${what}.after`) };
}
