/**
 * Outlines of one object on pixel edges (crack following): every boundary runs along the edges
 * between an object pixel and a background pixel, so the rings are exact and enclose exactly the
 * object's pixels. The walk keeps the object on its right (x right, y down), turning right,
 * straight or left as the two pixels ahead dictate; at a saddle (object pixels touching only
 * diagonally) it turns right, which keeps 4-connected parts apart. A ring that comes back to a
 * saddle it has passed is split there, so every loop is simple and loops touch only at saddles.
 * Loops enclosing object pixels come out with positive shoelace area (shells), loops around
 * background inside the object with negative area (holes).
 */

/** Grid cell flags: object pixel; its top edge has been walked. */
export const OBJECT = 1;
const TOP_DONE = 2;
/** Headings E, S, W, N (clockwise on screen, y down). */
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/**
 * One object's pixels over its bounding box with a one-pixel empty border: grid pixel (i, j) is
 * image pixel (col0 + i − 1, row0 + j − 1), and grid vertex (i, j) is the image pixel corner
 * (col0 + i − 1, row0 + j − 1).
 */
export interface ObjectGrid {
  data: Uint8Array;
  width: number;
  height: number;
  col0: number;
  row0: number;
}

/**
 * The grid of object `id` from rows [windowRow0, …) of a label image `imageWidth` wide that hold
 * its bounding box [col0, row0, col1, row1).
 */
export function objectGrid(
  labels: Uint32Array,
  imageWidth: number,
  windowRow0: number,
  id: number,
  bbox: readonly [number, number, number, number]
): ObjectGrid {
  const [col0, row0, col1, row1] = bbox;
  const width = col1 - col0 + 2;
  const height = row1 - row0 + 2;
  const data = new Uint8Array(width * height);
  for (let r = row0; r < row1; r++) {
    const src = (r - windowRow0) * imageWidth;
    const dst = (r - row0 + 1) * width + 1 - col0;
    for (let c = col0; c < col1; c++) if (labels[src + c] === id) data[dst + c] = OBJECT;
  }
  return { data, width, height, col0, row0 };
}

function isObjectPixel(g: ObjectGrid, i: number, j: number): boolean {
  return (g.data[j * g.width + i] & OBJECT) !== 0;
}

/** True when the four pixels around grid vertex (i, j) are object and background diagonally. */
export function isSaddle(g: ObjectGrid, i: number, j: number): boolean {
  const tl = isObjectPixel(g, i - 1, j - 1);
  const tr = isObjectPixel(g, i, j - 1);
  return tl === isObjectPixel(g, i, j) && tr === isObjectPixel(g, i - 1, j) && tl !== tr;
}

/** All boundary loops of the grid's object, as flat [i0, j0, i1, j1, …] corner vertices. */
export function traceLoops(g: ObjectGrid): number[][] {
  const loops: number[][] = [];
  const { data, width: w, height: h } = g;
  for (let j = 1; j < h - 1; j++) {
    for (let i = 1; i < w - 1; i++) {
      const k = j * w + i;
      // Every loop walks some top edge heading east; start at the first one not yet walked.
      if (data[k] === OBJECT && !(data[k - w] & OBJECT)) traceFrom(g, i, j, loops);
    }
  }
  return loops;
}

function traceFrom(g: ObjectGrid, si: number, sj: number, loops: number[][]): void {
  const { data, width: w } = g;
  const vertexKey = (i: number, j: number) => j * (w + 1) + i;
  const pinches = new Map<number, number>(); // saddle vertex → index of its point in `pts`
  const pts = [si, sj];
  if (isSaddle(g, si, sj)) pinches.set(vertexKey(si, sj), 0);
  let i = si;
  let j = sj;
  let d = 0;
  for (;;) {
    if (d === 0) data[j * w + i] |= TOP_DONE;
    i += DX[d];
    j += DY[d];
    // Pixels around the vertex clockwise from top-left; the two ahead are front-left/front-right.
    const around = [data[(j - 1) * w + i - 1] & OBJECT, data[(j - 1) * w + i] & OBJECT, data[j * w + i] & OBJECT, data[j * w + i - 1] & OBJECT];
    const frontLeft = around[(d + 1) & 3];
    const frontRight = around[(d + 2) & 3];
    const next = !frontRight ? (d + 1) & 3 : !frontLeft ? d : (d + 3) & 3;
    if (i === si && j === sj && next === 0) {
      if (d === 0) pts.splice(0, 2); // the start was mid-edge, not a corner
      break;
    }
    if (next !== d) {
      if (!frontRight && frontLeft) {
        const key = vertexKey(i, j);
        const at = pinches.get(key);
        if (at === undefined) pinches.set(key, pts.length);
        else {
          loops.push(pts.slice(at));
          pts.length = at;
          for (const [k, p] of pinches) if (p > at) pinches.delete(k);
        }
      }
      pts.push(i, j);
    }
    d = next;
  }
  loops.push(pts);
}

/** Twice the signed area of a flat ring (shoelace): positive for shells in grid coordinates. */
export function ringArea2(ring: ArrayLike<number>): number {
  let s = 0;
  const n = ring.length;
  for (let a = 0; a < n; a += 2) {
    const b = (a + 2) % n;
    s += ring[a] * ring[b + 1] - ring[b] * ring[a + 1];
  }
  return s;
}
