/** Row windows ("strips") over an image, the unit of every per-pixel stage. */

/** Pixels per strip: keeps a 3-band pair plus its outputs at a few tens of MB. */
export const STRIP_PIXELS = 1 << 21;

export interface Strip {
  y0: number;
  rows: number;
}

/** Strip height for an image: about STRIP_PIXELS pixels, a multiple of the file's block height. */
export function stripRows(width: number, height: number, blockHeight = 1): number {
  let rows = Math.max(1, Math.floor(STRIP_PIXELS / Math.max(1, width)));
  if (blockHeight > 1 && rows >= blockHeight) rows -= rows % blockHeight;
  return Math.min(rows, height);
}

export function* strips(height: number, rows: number): Generator<Strip> {
  for (let y0 = 0; y0 < height; y0 += rows) yield { y0, rows: Math.min(rows, height - y0) };
}
