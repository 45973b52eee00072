/** Row windows ("strips") over an image, the unit of every per-pixel stage. */

/** Pixels per strip: keeps a 3-band pair plus its outputs at a few tens of MB. */
export const STRIP_PIXELS = 1 << 21;

export interface Strip {
  y0: number;
  rows: number;
}

/** A block row this many times STRIP_PIXELS or smaller is read whole rather than split between strips. */
const MAX_BLOCK_ROW_STRIPS = 4;

/**
 * Strip height for an image: about STRIP_PIXELS pixels, a multiple of the file's block height, so
 * that no tile or strip of the file is decoded for two windows (at width 10000, 209 rows against
 * 256-row tiles would decode most tiles twice). A block row up to MAX_BLOCK_ROW_STRIPS times larger
 * than a strip makes one strip; beyond that (a file stored as a few huge strips) memory wins.
 */
export function stripRows(width: number, height: number, blockHeight = 1): number {
  let rows = Math.max(1, Math.floor(STRIP_PIXELS / Math.max(1, width)));
  if (blockHeight > 1 && rows >= blockHeight) rows -= rows % blockHeight;
  else if (blockHeight > 1 && blockHeight * width <= MAX_BLOCK_ROW_STRIPS * STRIP_PIXELS) rows = blockHeight;
  return Math.min(rows, height);
}

export function* strips(height: number, rows: number): Generator<Strip> {
  for (let y0 = 0; y0 < height; y0 += rows) yield { y0, rows: Math.min(rows, height - y0) };
}
