/**
 * Drawing of man-made features — roads, yards, buildings and their shadows — onto band rasters.
 * A feature is a shape (which pixels) and a brush (what happens to them). Pixels belong to a shape
 * when their centre does, so edges are hard and the ground truth stays exact.
 */

import type { Spectrum } from './materials';

/** Axis-aligned box in pixel coordinates, [x0, y0, x1, y1], ends exclusive. */
export type Box = readonly [number, number, number, number];

/**
 * A per-band affine recolouring v' = k·v + c. Painting (k = 0), blending at a cover fraction and
 * shading (c = 0) are all this one form, so drawing needs a single inner loop.
 */
export interface Brush {
  k: Spectrum;
  c: Spectrum;
}

export interface Shape {
  /** Bounds of the shape, pixel coordinates. */
  box: Box;
  /** Whether the point (x, y), a pixel centre, is inside. */
  contains(x: number, y: number): boolean;
}

export interface Feature {
  shape: Shape;
  brush: Brush;
}

const NONE: Spectrum = [0, 0, 0, 0];

/** Replace the surface with `s`. */
export function paint(s: Spectrum): Brush {
  return { k: NONE, c: s };
}

/** Cover a fraction `cover` of each pixel with `s` (a sparse crop, a thin layer). */
export function blend(s: Spectrum, cover: number): Brush {
  const k = 1 - cover;
  return { k: [k, k, k, k], c: [s[0] * cover, s[1] * cover, s[2] * cover, s[3] * cover] };
}

/** Keep a fraction of the light per band (a shadow). */
export function shade(keep: Spectrum): Brush {
  return { k: keep, c: NONE };
}

export function rect(box: Box): Shape {
  const [x0, y0, x1, y1] = box;
  return { box, contains: (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1 };
}

/** The four sides of `box` as strips `thickness` pixels wide, inside the box (a wall or fence). */
export function outline(box: Box, thickness: number): Shape[] {
  const [x0, y0, x1, y1] = box;
  const t = thickness;
  return [rect([x0, y0, x1, y0 + t]), rect([x0, y1 - t, x1, y1]), rect([x0, y0, x0 + t, y1]), rect([x1 - t, y0, x1, y1])];
}

/**
 * A road along a polyline: one capsule (points within `width / 2` of a segment) per segment, so
 * each bounding box hugs its segment instead of the whole road.
 */
export function road(points: readonly (readonly [number, number])[], width: number): Shape[] {
  const r = width / 2;
  const r2 = r * r;
  const shapes: Shape[] = [];
  for (let s = 1; s < points.length; s++) {
    const [ax, ay] = points[s - 1];
    const [bx, by] = points[s];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy || 1;
    shapes.push({
      box: [Math.min(ax, bx) - r, Math.min(ay, by) - r, Math.max(ax, bx) + r, Math.max(ay, by) + r],
      contains(x, y) {
        const t = Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2));
        const ex = x - ax - t * dx;
        const ey = y - ay - t * dy;
        return ex * ex + ey * ey <= r2;
      }
    });
  }
  return shapes;
}

/**
 * The shadow of a box-shaped building: its footprint swept along (dx, dy), the ground offset of the
 * roof's shadow. A point is shadowed when some t ∈ [0, 1] puts (x − t·dx, y − t·dy) in the footprint;
 * each side of the footprint bounds t to an interval, and the point is in shadow when they overlap.
 */
export function shadow(footprint: Box, dx: number, dy: number): Shape {
  const [x0, y0, x1, y1] = footprint;
  const within = (p: number, d: number, lo: number, hi: number, range: [number, number]): boolean => {
    // lo ≤ p − t·d < hi, intersected into range = [tMin, tMax].
    if (d === 0) return p >= lo && p < hi;
    const a = (p - hi) / d;
    const b = (p - lo) / d;
    range[0] = Math.max(range[0], Math.min(a, b));
    range[1] = Math.min(range[1], Math.max(a, b));
    return range[0] <= range[1];
  };
  return {
    box: [Math.min(x0, x0 + dx), Math.min(y0, y0 + dy), Math.max(x1, x1 + dx), Math.max(y1, y1 + dy)],
    contains(x, y) {
      const range: [number, number] = [0, 1];
      return within(x, dx, x0, x1, range) && within(y, dy, y0, y1, range);
    }
  };
}

/** The whole pixels a box touches, clipped to the image. */
export function clipBox([x0, y0, x1, y1]: Box, width: number, height: number): Box {
  return [Math.max(0, Math.floor(x0)), Math.max(0, Math.floor(y0)), Math.min(width, Math.ceil(x1)), Math.min(height, Math.ceil(y1))];
}

/** Applies `brush` to every pixel of `shape` that lies in the image. `bands` are clamped views. */
export function draw(bands: Uint8ClampedArray[], width: number, height: number, { shape, brush }: Feature): void {
  const [x0, y0, x1, y1] = clipBox(shape.box, width, height);
  const { k, c } = brush;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (!shape.contains(x + 0.5, y + 0.5)) continue;
      const i = y * width + x;
      for (let b = 0; b < bands.length; b++) bands[b][i] = k[b] * bands[b][i] + c[b];
    }
  }
}

/** Paints `brush` over each of `shapes`: one feature per shape. */
export function features(shapes: Shape[], brush: Brush): Feature[] {
  return shapes.map((shape) => ({ shape, brush }));
}
