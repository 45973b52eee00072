/**
 * A small RGBA raster canvas for the figure, DOM-free so the worker and the CLI draw the same
 * bytes: anti-aliased polygon fill (non-zero winding, 4 × 4 samples per pixel), strokes built as
 * filled outlines, bilinear image drawing and source-over blending in straight alpha.
 */

export type Rgba = readonly [number, number, number, number];

/** A ring as interleaved x, y in canvas pixels (pixel (x, y) spans [x, x + 1)). */
export type Ring = ArrayLike<number>;

const SUB = 4;

export class Canvas {
  readonly rgba: Uint8Array;
  private coverage = new Float32Array(0);
  /** Drawing is limited to [x0, y0, x1, y1) when set. */
  clip: [number, number, number, number] | null = null;

  private bounds(): [number, number, number, number] {
    const c = this.clip;
    return c ? [Math.max(0, c[0]), Math.max(0, c[1]), Math.min(this.width, c[2]), Math.min(this.height, c[3])] : [0, 0, this.width, this.height];
  }

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgba = [255, 255, 255, 255]
  ) {
    this.rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) this.rgba.set(background, 4 * i);
  }

  /** Blends `colour` into pixel (x, y) with opacity `a` (0..1) times the colour's alpha. */
  blend(x: number, y: number, colour: Rgba, a: number): void {
    const alpha = (a * colour[3]) / 255;
    if (alpha <= 0) return;
    const o = 4 * (y * this.width + x);
    const p = this.rgba;
    const da = p[o + 3] / 255;
    const outA = alpha + da * (1 - alpha);
    for (let c = 0; c < 3; c++) p[o + c] = Math.round((colour[c] * alpha + p[o + c] * da * (1 - alpha)) / outA);
    p[o + 3] = Math.round(outA * 255);
  }

  /** Fills a rectangle with its edges rounded to whole pixels. */
  fillRect(x: number, y: number, w: number, h: number, colour: Rgba): void {
    const [cx0, cy0, cx1, cy1] = this.bounds();
    const x1 = Math.min(cx1, Math.round(x + w));
    const y1 = Math.min(cy1, Math.round(y + h));
    for (let yy = Math.max(cy0, Math.round(y)); yy < y1; yy++) for (let xx = Math.max(cx0, Math.round(x)); xx < x1; xx++) this.blend(xx, yy, colour, 1);
  }

  /** Fills the union of the rings by the non-zero winding rule, anti-aliased. */
  fillPolygon(rings: readonly Ring[], colour: Rgba): void {
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    for (const r of rings) {
      for (let i = 0; i < r.length; i += 2) {
        x0 = Math.min(x0, r[i]);
        x1 = Math.max(x1, r[i]);
        y0 = Math.min(y0, r[i + 1]);
        y1 = Math.max(y1, r[i + 1]);
      }
    }
    const [cx0, cy0, cx1, cy1] = this.bounds();
    const bx0 = Math.max(cx0, Math.floor(x0));
    const by0 = Math.max(cy0, Math.floor(y0));
    const bx1 = Math.min(cx1, Math.ceil(x1));
    const by1 = Math.min(cy1, Math.ceil(y1));
    if (bx0 >= bx1 || by0 >= by1) return;
    const bw = bx1 - bx0;
    const bh = by1 - by0;
    if (this.coverage.length < bw * bh) this.coverage = new Float32Array(bw * bh);
    const cov = this.coverage.subarray(0, bw * bh).fill(0);
    const xs: number[] = [];
    const dirs: number[] = [];
    const order: number[] = [];
    for (let sy = by0 * SUB; sy < by1 * SUB; sy++) {
      const yc = (sy + 0.5) / SUB;
      xs.length = dirs.length = order.length = 0;
      for (const r of rings) {
        const n = r.length / 2;
        for (let k = 0, j = n - 1; k < n; j = k++) {
          const ya = r[2 * j + 1];
          const yb = r[2 * k + 1];
          if (ya === yb || yc < Math.min(ya, yb) || yc >= Math.max(ya, yb)) continue;
          const xa = r[2 * j];
          const xb = r[2 * k];
          xs.push(xa + ((yc - ya) * (xb - xa)) / (yb - ya));
          dirs.push(yb > ya ? 1 : -1);
          order.push(order.length);
        }
      }
      if (xs.length < 2) continue;
      order.sort((a, b) => xs[a] - xs[b]);
      const row = (Math.floor(sy / SUB) - by0) * bw;
      let winding = 0;
      for (let i = 0; i + 1 < order.length; i++) {
        winding += dirs[order[i]];
        if (winding === 0) continue;
        // Subsample columns whose centre lies in [xs[i], xs[i + 1]).
        const from = Math.max(bx0 * SUB, Math.ceil(xs[order[i]] * SUB - 0.5));
        const to = Math.min(bx1 * SUB, Math.ceil(xs[order[i + 1]] * SUB - 0.5));
        for (let sx = from; sx < to; sx++) cov[row + Math.floor(sx / SUB) - bx0] += 1 / (SUB * SUB);
      }
    }
    for (let y = 0; y < bh; y++) {
      for (let x = 0; x < bw; x++) {
        const c = cov[y * bw + x];
        if (c > 0) this.blend(bx0 + x, by0 + y, colour, Math.min(1, c));
      }
    }
  }

  /** Strokes a polyline (closed: a ring) of `width` pixels with round joins and ends. */
  strokePolyline(points: ArrayLike<number>, width: number, colour: Rgba, closed: boolean): void {
    const h = width / 2;
    const shapes: number[][] = [];
    const n = points.length / 2;
    const segments = closed ? n : n - 1;
    for (let s = 0; s < segments; s++) {
      const ax = points[2 * s];
      const ay = points[2 * s + 1];
      const bx = points[(2 * (s + 1)) % (2 * n)];
      const by = points[((2 * (s + 1)) % (2 * n)) + 1];
      const len = Math.hypot(bx - ax, by - ay);
      if (len === 0) continue;
      const nx = (-(by - ay) / len) * h;
      const ny = ((bx - ax) / len) * h;
      shapes.push(oriented([ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny]));
    }
    for (let k = 0; k < n; k++) shapes.push(disc(points[2 * k], points[2 * k + 1], h));
    this.fillPolygon(shapes, colour);
  }

  /** Draws an image into the rectangle (dx, dy, dw, dh), bilinearly resampled, blended by its alpha. */
  drawImage(img: { width: number; height: number; rgba: ArrayLike<number> }, dx: number, dy: number, dw: number, dh: number): void {
    const { width: iw, height: ih, rgba: src } = img;
    const sx = iw / dw;
    const sy = ih / dh;
    const px: [number, number, number, number] = [0, 0, 0, 255];
    const [cx0, cy0, cx1, cy1] = this.bounds();
    for (let y = Math.max(cy0, Math.floor(dy)); y < Math.min(cy1, Math.ceil(dy + dh)); y++) {
      const v = Math.min(ih - 1, Math.max(0, (y + 0.5 - dy) * sy - 0.5));
      const v0 = Math.floor(v);
      const r0 = v0 * iw;
      const r1 = Math.min(ih - 1, v0 + 1) * iw;
      const fv = v - v0;
      for (let x = Math.max(cx0, Math.floor(dx)); x < Math.min(cx1, Math.ceil(dx + dw)); x++) {
        const u = Math.min(iw - 1, Math.max(0, (x + 0.5 - dx) * sx - 0.5));
        const u0 = Math.floor(u);
        const u1 = Math.min(iw - 1, u0 + 1);
        const fu = u - u0;
        const w00 = (1 - fu) * (1 - fv);
        const w01 = fu * (1 - fv);
        const w10 = (1 - fu) * fv;
        const w11 = fu * fv;
        const i00 = 4 * (r0 + u0);
        const i01 = 4 * (r0 + u1);
        const i10 = 4 * (r1 + u0);
        const i11 = 4 * (r1 + u1);
        const a00 = w00 * src[i00 + 3];
        const a01 = w01 * src[i01 + 3];
        const a10 = w10 * src[i10 + 3];
        const a11 = w11 * src[i11 + 3];
        const a = a00 + a01 + a10 + a11;
        if (a <= 0) continue;
        for (let c = 0; c < 3; c++) px[c] = Math.round((a00 * src[i00 + c] + a01 * src[i01 + c] + a10 * src[i10 + c] + a11 * src[i11 + c]) / a);
        this.blend(x, y, px, a / 255);
      }
    }
  }
}

/** The ring as given or reversed, so that every ring of a stroke winds the same way (non-zero union). */
function oriented(ring: number[]): number[] {
  let area = 0;
  for (let k = 0, n = ring.length / 2, j = n - 1; k < n; j = k++) area += ring[2 * j] * ring[2 * k + 1] - ring[2 * k] * ring[2 * j + 1];
  if (area >= 0) return ring;
  const out: number[] = [];
  for (let k = ring.length / 2 - 1; k >= 0; k--) out.push(ring[2 * k], ring[2 * k + 1]);
  return out;
}

/** cos(k · 22.5°) as literals: Math.cos may differ by an ulp between engines, and the figure's bytes must not. */
const C1 = 0.9238795325112867;
const C2 = 0.7071067811865476;
const C3 = 0.3826834323650898;
const COS16 = [1, C1, C2, C3, 0, -C3, -C2, -C1, -1, -C1, -C2, -C3, 0, C3, C2, C1];

/** A 16-gon of radius r (a round join or cap); sin(θ) = cos(θ − 90°). */
function disc(cx: number, cy: number, r: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < 16; k++) out.push(cx + r * COS16[k], cy + r * COS16[(k + 12) % 16]);
  return oriented(out);
}
