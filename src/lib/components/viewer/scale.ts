import type { ViewFrame } from '$lib/state/frame';

/**
 * What one screen pixel covers at a view resolution (frame units per screen pixel): ground metres
 * in a metric CRS, else image pixels.
 */
export function describeScale(resolution: number | null, frame: ViewFrame | null, pixelsWide: number | null): string {
  if (resolution === null || !frame || !pixelsWide) return '';
  if (frame.units === 'm') return `${(resolution * (frame.metresPerUnit ?? 1)).toPrecision(3)} m per screen px`;
  const imagePx = resolution / ((frame.extent[2] - frame.extent[0]) / pixelsWide);
  return `${imagePx.toPrecision(3)} image px per screen px`;
}
