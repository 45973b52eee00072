/** How much a file may ask of us before it is refused, checked before decoding. */
export interface ReadLimits {
  /** Largest image (width × height) opened; larger declared sizes are refused at open. */
  maxPixels: number;
}

/** 2³¹ pixels (e.g. 46 340 × 46 340): above any single scene we expect, below what would exhaust memory on a laptop. */
export const DEFAULT_READ_LIMITS: ReadLimits = { maxPixels: 2 ** 31 };
