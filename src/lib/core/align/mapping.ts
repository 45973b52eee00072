/**
 * Pixel mappings from *before*'s grid to *after*'s: where, in after's continuous pixel
 * coordinates, lies the ground that before shows at (x, y). Affine when both grids share a CRS
 * (or when the mapping was estimated from the images), through proj4 when the CRSs differ.
 */
import proj4 from 'proj4';
import type { GeoInfo } from '../raster';
import { applyAffine, composeAffine, invertAffine, type Affine } from './affine';

export interface PixelMapping {
  /** Maps n points in place: (x[i], y[i]) in before's pixels → after's pixels. */
  map(x: Float64Array, y: Float64Array, n: number): void;
  /** The mapping as one affine when it is one, else null. */
  readonly affine: Affine | null;
}

export function affineMapping(a: Affine): PixelMapping {
  return {
    affine: a,
    map(x, y, n) {
      for (let i = 0; i < n; i++) {
        const u = a[0] + a[1] * x[i] + a[2] * y[i];
        y[i] = a[3] + a[4] * x[i] + a[5] * y[i];
        x[i] = u;
      }
    }
  };
}

/** The mapping between two georeferenced grids in one CRS: after⁻¹ ∘ before. */
export function sameCrsMapping(before: GeoInfo, after: GeoInfo): PixelMapping {
  return affineMapping(composeAffine(invertAffine(after.transform), before.transform));
}

/**
 * The mapping between grids in two CRSs: before's pixel → before's map coordinates → (proj4)
 * after's map coordinates → after's pixel. Points that do not project become NaN.
 */
export function reprojectionMapping(before: GeoInfo, beforeProj4: string, after: GeoInfo, afterProj4: string): PixelMapping {
  const converter = proj4(beforeProj4, afterProj4);
  const toAfter = invertAffine(after.transform);
  const t = before.transform;
  const point = [0, 0];
  return {
    affine: null,
    map(x, y, n) {
      for (let i = 0; i < n; i++) {
        point[0] = t[0] + t[1] * x[i] + t[2] * y[i];
        point[1] = t[3] + t[4] * x[i] + t[5] * y[i];
        let q: number[];
        try {
          q = converter.forward(point);
        } catch {
          q = [NaN, NaN];
        }
        const [u, v] = Number.isFinite(q[0]) && Number.isFinite(q[1]) ? applyAffine(toAfter, q[0], q[1]) : [NaN, NaN];
        x[i] = u;
        y[i] = v;
      }
    }
  };
}

/** `first` (an affine in before's pixels), then `then`: e.g. an image-based correction before a reprojection. */
export function afterAffine(first: Affine, then: PixelMapping): PixelMapping {
  if (then.affine) return affineMapping(composeAffine(then.affine, first));
  return {
    affine: null,
    map(x, y, n) {
      affineMapping(first).map(x, y, n);
      then.map(x, y, n);
    }
  };
}

/** Largest error (after's pixels) of the lattice approximation that `mapRows` accepts. */
export const APPROXIMATION_TOLERANCE = 0.02;

/**
 * After's coordinates of the pixel centres of before's rows [y0, y0 + rows) (width each), into
 * u and v (rows·width). A non-affine mapping is evaluated exactly on a lattice and interpolated
 * bilinearly in between (as GDAL's approximate transformer does), with the lattice made finer
 * until the error at the lattice cells' centres is below APPROXIMATION_TOLERANCE.
 */
export function mapRows(mapping: PixelMapping, y0: number, rows: number, width: number, u: Float64Array, v: Float64Array): void {
  const n = rows * width;
  if (mapping.affine) {
    const a = mapping.affine;
    for (let r = 0; r < rows; r++) {
      const y = y0 + r + 0.5;
      for (let c = 0, i = r * width; c < width; c++, i++) {
        const x = c + 0.5;
        u[i] = a[0] + a[1] * x + a[2] * y;
        v[i] = a[3] + a[4] * x + a[5] * y;
      }
    }
    return;
  }
  for (const step of [32, 8]) {
    if (latticeMap(mapping, y0, rows, width, step, u, v)) return;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0, i = r * width; c < width; c++, i++) {
      u[i] = c + 0.5;
      v[i] = y0 + r + 0.5;
    }
  }
  mapping.map(u, v, n);
}

/** Lattice approximation with the given step; false when it is not within tolerance. */
function latticeMap(mapping: PixelMapping, y0: number, rows: number, width: number, step: number, u: Float64Array, v: Float64Array): boolean {
  const xs = latticeCoords(width, step);
  const ys = latticeCoords(rows, step);
  const nx = xs.length;
  const ny = ys.length;
  const lu = new Float64Array(nx * ny);
  const lv = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      lu[j * nx + i] = xs[i] + 0.5;
      lv[j * nx + i] = y0 + ys[j] + 0.5;
    }
  }
  mapping.map(lu, lv, nx * ny);
  // Check the centres of the cells against the exact mapping.
  if (nx > 1 || ny > 1) {
    const cx: number[] = [];
    const cy: number[] = [];
    for (let j = 0; j < Math.max(1, ny - 1); j++) {
      for (let i = 0; i < Math.max(1, nx - 1); i++) {
        cx.push((xs[i] + xs[Math.min(i + 1, nx - 1)]) / 2);
        cy.push((ys[j] + ys[Math.min(j + 1, ny - 1)]) / 2);
      }
    }
    const eu = Float64Array.from(cx, (x) => x + 0.5);
    const ev = Float64Array.from(cy, (y) => y0 + y + 0.5);
    mapping.map(eu, ev, eu.length);
    for (let k = 0; k < cx.length; k++) {
      const [au, av] = interpolate(lu, lv, xs, ys, cx[k], cy[k]);
      const err = Math.hypot(au - eu[k], av - ev[k]);
      if (!(err <= APPROXIMATION_TOLERANCE)) return false;
    }
  }
  let i = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++, i++) {
      const [au, av] = interpolate(lu, lv, xs, ys, c, r);
      u[i] = au;
      v[i] = av;
    }
  }
  return true;
}

function latticeCoords(n: number, step: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n - 1; i += step) out.push(i);
  out.push(n - 1);
  return out;
}

function interpolate(lu: Float64Array, lv: Float64Array, xs: number[], ys: number[], x: number, y: number): [number, number] {
  const nx = xs.length;
  const step = xs.length > 1 ? xs[1] - xs[0] : 1;
  const stepY = ys.length > 1 ? ys[1] - ys[0] : 1;
  const i = Math.min(Math.floor(x / step), Math.max(0, nx - 2));
  const j = Math.min(Math.floor(y / stepY), Math.max(0, ys.length - 2));
  const i1 = Math.min(i + 1, nx - 1);
  const j1 = Math.min(j + 1, ys.length - 1);
  const fx = i1 > i ? (x - xs[i]) / (xs[i1] - xs[i]) : 0;
  const fy = j1 > j ? (y - ys[j]) / (ys[j1] - ys[j]) : 0;
  const k00 = j * nx + i;
  const k10 = j * nx + i1;
  const k01 = j1 * nx + i;
  const k11 = j1 * nx + i1;
  const w00 = (1 - fx) * (1 - fy);
  const w10 = fx * (1 - fy);
  const w01 = (1 - fx) * fy;
  const w11 = fx * fy;
  return [w00 * lu[k00] + w10 * lu[k10] + w01 * lu[k01] + w11 * lu[k11], w00 * lv[k00] + w10 * lv[k10] + w01 * lv[k01] + w11 * lv[k11]];
}
