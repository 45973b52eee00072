/** Longest side of display bitmaps: sharp on a large monitor, small enough to move quickly. */
export const DISPLAY_MAX = 2048;
