/**
 * Douglas–Peucker line simplification (Douglas & Peucker 1973, "Algorithms for the reduction of
 * the number of points required to represent a digitized line or its caricature",
 * doi:10.3138/FM57-6770-U75U-7727) for closed rings, iterative.
 *
 * A closed ring has no natural end points, so it is cut at anchors that are always kept: the
 * `locked` vertices (where rings of the same object touch, so simplification cannot pull them
 * apart or across each other), else the first vertex and the vertex farthest from it. A ring
 * that would drop below three vertices is returned unchanged.
 */

function segmentDistance2(r: readonly number[], p: number, a: number, b: number): number {
  const [px, py, ax, ay, bx, by] = [r[2 * p], r[2 * p + 1], r[2 * a], r[2 * a + 1], r[2 * b], r[2 * b + 1]];
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/** Marks in `keep` the vertices of the chain a → b (indices mod n) that Douglas–Peucker keeps. */
function simplifyChain(ring: readonly number[], n: number, a: number, b: number, tol2: number, keep: Uint8Array): void {
  const stack = [a, b < a ? b + n : b];
  while (stack.length > 0) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    let worst = -1;
    let worstD = tol2;
    for (let k = first + 1; k < last; k++) {
      const d = segmentDistance2(ring, k % n, first % n, last % n);
      if (d > worstD) [worst, worstD] = [k, d];
    }
    if (worst < 0) continue;
    keep[worst % n] = 1;
    stack.push(first, worst, worst, last);
  }
}

/** The simplified ring (flat [x0, y0, x1, y1, …], not closed) with tolerance `tolerance`. */
export function simplifyRing(ring: number[], tolerance: number, locked: (x: number, y: number) => boolean): number[] {
  const n = ring.length / 2;
  if (!(tolerance > 0) || n <= 3) return ring;
  const anchors: number[] = [];
  for (let k = 0; k < n; k++) if (locked(ring[2 * k], ring[2 * k + 1])) anchors.push(k);
  if (anchors.length === 0) anchors.push(0);
  if (anchors.length === 1) {
    let far = anchors[0];
    let farD = 0;
    for (let k = 0; k < n; k++) {
      const d = (ring[2 * k] - ring[2 * anchors[0]]) ** 2 + (ring[2 * k + 1] - ring[2 * anchors[0] + 1]) ** 2;
      if (d > farD) [far, farD] = [k, d];
    }
    anchors.push(far);
    anchors.sort((x, y) => x - y);
  }
  const keep = new Uint8Array(n);
  for (const k of anchors) keep[k] = 1;
  for (let k = 0; k < anchors.length; k++) {
    simplifyChain(ring, n, anchors[k], anchors[(k + 1) % anchors.length], tolerance * tolerance, keep);
  }
  const out: number[] = [];
  for (let k = 0; k < n; k++) if (keep[k]) out.push(ring[2 * k], ring[2 * k + 1]);
  return out.length >= 6 ? out : ring;
}
