import { decimatedSize, decimationFactor, type RenderedImage } from './image';

/**
 * Colours of the accuracy error map (Okabe & Ito's colour-blind-safe palette): agreement on change,
 * false alarm, missed change. Agreement on no change and unscored pixels are transparent.
 */
export const ERROR_MAP_COLOURS = {
  tp: '#009e73',
  fp: '#d55e00',
  fn: '#56b4e9'
} as const;

const TP = 1;
const FP = 2;
const FN = 3;
const RGB: Record<number, number[]> = Object.fromEntries(
  (
    [
      [TP, ERROR_MAP_COLOURS.tp],
      [FP, ERROR_MAP_COLOURS.fp],
      [FN, ERROR_MAP_COLOURS.fn]
    ] as const
  ).map(([k, hex]) => [k, [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))])
);

/**
 * Builds the error map of a change mask against a reference strip by strip, with the pixel rules
 * of accumulateConfusion (core/accuracy/confusion.ts). A decimated block shows its worst pixel —
 * a missed change over a false alarm over a hit — so a single error never vanishes from the overview.
 */
export class ErrorMapRenderer {
  readonly #f: number;
  readonly #w: number;
  readonly #h: number;
  readonly #codes: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    maxSize: number
  ) {
    this.#f = decimationFactor(width, height, maxSize);
    const { width: w, height: h } = decimatedSize(width, height, this.#f);
    this.#w = w;
    this.#h = h;
    this.#codes = new Uint8Array(w * h);
  }

  /** Rows [y0, y0 + mask.length / width) of the mask (Float32 or bytes), the truth and the unchanged reference. */
  add(y0: number, mask: ArrayLike<number>, truth: Float32Array, unchanged: Float32Array | null): void {
    const { width } = this;
    const f = this.#f;
    const codes = this.#codes;
    for (let i = 0; i < mask.length; i++) {
      const m = mask[i];
      if (m !== 0 && m !== 1) continue; // nodata (255 / NaN) is not scored
      const t = truth[i];
      if (Number.isNaN(t)) continue;
      const changed = t > 0;
      if (!changed && unchanged !== null && !(unchanged[i] > 0)) continue;
      const code = m === 1 ? (changed ? TP : FP) : changed ? FN : 0;
      if (code === 0) continue;
      const x = i % width;
      const y = y0 + (i - x) / width;
      const o = ((y / f) | 0) * this.#w + ((x / f) | 0);
      if (code > codes[o]) codes[o] = code;
    }
  }

  result(): RenderedImage {
    const rgba = new Uint8ClampedArray(this.#w * this.#h * 4);
    const codes = this.#codes;
    for (let o = 0; o < codes.length; o++) {
      const c = codes[o];
      if (c === 0) continue;
      const rgb = RGB[c];
      rgba[4 * o] = rgb[0];
      rgba[4 * o + 1] = rgb[1];
      rgba[4 * o + 2] = rgb[2];
      rgba[4 * o + 3] = 255;
    }
    return { width: this.#w, height: this.#h, rgba };
  }
}
