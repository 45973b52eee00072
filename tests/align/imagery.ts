/**
 * Seeded test imagery for alignment: a continuous scene (Gaussian blobs and soft-edged
 * rectangles at many sizes) that can be sampled under any known transform, so a transformed copy
 * is exact rather than itself resampled.
 */
import { prng } from '../helpers/prng';

export interface Scene {
  /** The scene's value at continuous coordinates (x, y) (pixel corners at integers). */
  at(x: number, y: number): number;
}

export function continuousScene(seed: number, extent = 1024, count = 500): Scene {
  const rand = prng(seed);
  const blobs = Array.from({ length: count }, () => ({
    x: rand() * extent * 1.6 - extent * 0.3,
    y: rand() * extent * 1.6 - extent * 0.3,
    s: 1.5 + 20 * rand() ** 2,
    a: (rand() - 0.4) * 120
  }));
  const boxes = Array.from({ length: count / 5 }, () => {
    const w = 4 + 60 * rand();
    const h = 4 + 60 * rand();
    const x = rand() * extent * 1.6 - extent * 0.3;
    const y = rand() * extent * 1.6 - extent * 0.3;
    return { x0: x, y0: y, x1: x + w, y1: y + h, a: (rand() - 0.5) * 80 };
  });
  const edge = (t: number) => 1 / (1 + Math.exp(-2 * t));
  // Buckets of CELL × CELL scene units listing the blobs and boxes that reach into them.
  const CELL = 32;
  const cells = new Map<number, { blobs: typeof blobs; boxes: typeof boxes }>();
  const key = (i: number, j: number) => i * 65536 + j;
  const bucket = (x0: number, y0: number, x1: number, y1: number, add: (c: { blobs: typeof blobs; boxes: typeof boxes }) => void) => {
    for (let i = Math.floor(x0 / CELL); i <= Math.floor(x1 / CELL); i++) {
      for (let j = Math.floor(y0 / CELL); j <= Math.floor(y1 / CELL); j++) {
        let c = cells.get(key(i, j));
        if (!c) cells.set(key(i, j), (c = { blobs: [], boxes: [] }));
        add(c);
      }
    }
  };
  for (const b of blobs) bucket(b.x - 4 * b.s, b.y - 4 * b.s, b.x + 4 * b.s, b.y + 4 * b.s, (c) => c.blobs.push(b));
  for (const b of boxes) bucket(b.x0 - 4, b.y0 - 4, b.x1 + 4, b.y1 + 4, (c) => c.boxes.push(b));
  const empty = { blobs: [], boxes: [] };
  return {
    at(x, y) {
      let v = 100;
      const cell = cells.get(key(Math.floor(x / CELL), Math.floor(y / CELL))) ?? empty;
      for (const b of cell.blobs) {
        const dx = x - b.x;
        const dy = y - b.y;
        const r = 4 * b.s;
        if (dx > r || dx < -r || dy > r || dy < -r) continue;
        v += b.a * Math.exp(-(dx * dx + dy * dy) / (2 * b.s * b.s));
      }
      for (const b of cell.boxes) {
        if (x < b.x0 - 4 || x > b.x1 + 4 || y < b.y0 - 4 || y > b.y1 + 4) continue;
        v += b.a * edge(x - b.x0) * edge(b.x1 - x) * edge(y - b.y0) * edge(b.y1 - y);
      }
      return v;
    }
  };
}

/**
 * A `width` × `height` image of the scene seen through `toScene`, which maps this image's
 * continuous pixel coordinates to scene coordinates; sampled at pixel centres.
 */
export function render(scene: Scene, width: number, height: number, toScene: (x: number, y: number) => [number, number] = (x, y) => [x, y]): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [sx, sy] = toScene(x + 0.5, y + 0.5);
      out[y * width + x] = scene.at(sx, sy);
    }
  }
  return out;
}
