/**
 * Union–find over labels 1..n with the smallest label as the root of its set, so a root is always
 * the label seen first in raster order. Array-based, with path halving (Wu, Otoo & Suzuki 2009,
 * "Optimizing two-pass connected-component labeling algorithms", doi:10.1007/s10044-008-0109-y).
 */
export class LabelForest {
  /** parent[l] ≤ l for every label; parent[0] is unused (background). */
  parent: Int32Array;
  /** Labels handed out so far (the next new label is size + 1). */
  size = 0;

  constructor(capacity = 1024) {
    this.parent = new Int32Array(Math.max(2, capacity + 1));
  }

  /** Forgets every label and keeps the storage. */
  reset(): void {
    this.size = 0;
  }

  /** A new singleton label. */
  make(): number {
    const l = ++this.size;
    if (l >= this.parent.length) {
      const grown = new Int32Array(this.parent.length * 2);
      grown.set(this.parent);
      this.parent = grown;
    }
    this.parent[l] = l;
    return l;
  }

  find(l: number): number {
    const p = this.parent;
    while (p[l] !== l) {
      p[l] = p[p[l]];
      l = p[l];
    }
    return l;
  }

  /**
   * Joins the sets of a and b under the smaller root; returns the root that was absorbed, or 0
   * when they were already one set (so the caller can merge per-set tables into the survivor).
   */
  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return 0;
    if (ra < rb) {
      this.parent[rb] = ra;
      return rb;
    }
    this.parent[ra] = rb;
    return ra;
  }

  /**
   * Renumbers the sets 1..k in order of their roots (first label seen) and returns k: afterwards
   * parent[l] is the set number of label l. Valid because parent[l] ≤ l, so a non-root's parent
   * is already renumbered when it is reached (the "flatten" step of Wu et al.).
   */
  flatten(): number {
    const p = this.parent;
    let k = 0;
    for (let l = 1; l <= this.size; l++) p[l] = p[l] < l ? p[p[l]] : ++k;
    return k;
  }
}
