/**
 * 8-connected component labelling of one strip of a change mask: the two-pass scan with the
 * decision tree and array union–find of Wu, Otoo & Suzuki (2009), doi:10.1007/s10044-008-0109-y.
 * Only mask value 1 (change) is foreground; 0 (no change) and 255 (nodata) are background.
 */
import { LabelForest } from './union-find';

/** Mask value of a changed pixel. */
export const CHANGE = 1;

export class StripLabeller {
  private readonly forest: LabelForest;

  constructor(
    readonly width: number,
    maxRows: number
  ) {
    // A new provisional label needs four background neighbours above and left, so a strip never
    // has more than ⌈w/2⌉·⌈h/2⌉ of them; start smaller and let the forest grow.
    this.forest = new LabelForest(Math.min(Math.ceil(width / 2) * Math.ceil(maxRows / 2), 1 << 16));
  }

  /**
   * Writes into `labels` (rows·width) the strip-local component number of every changed pixel,
   * 1..k in raster order of each component's first pixel, and 0 elsewhere; returns k.
   */
  label(mask: Uint8Array, rows: number, labels: Int32Array): number {
    const w = this.width;
    const f = this.forest;
    f.reset();
    for (let y = 0, i = 0; y < rows; y++) {
      for (let x = 0; x < w; x++, i++) {
        if (mask[i] !== CHANGE) {
          labels[i] = 0;
          continue;
        }
        const a = y > 0 && x > 0 ? labels[i - w - 1] : 0;
        const b = y > 0 ? labels[i - w] : 0;
        const c = y > 0 && x < w - 1 ? labels[i - w + 1] : 0;
        const d = x > 0 ? labels[i - 1] : 0;
        // b touches a, c and d, so when b is set they are already in its set (the decision tree).
        let l: number;
        if (b) l = b;
        else if (c) {
          l = c;
          if (a) f.union(c, a);
          else if (d) f.union(c, d);
        } else if (a) l = a;
        else if (d) l = d;
        else l = f.make();
        labels[i] = l;
      }
    }
    const k = f.flatten();
    const p = f.parent;
    const n = rows * w;
    for (let i = 0; i < n; i++) if (labels[i]) labels[i] = p[labels[i]];
    return k;
  }
}
