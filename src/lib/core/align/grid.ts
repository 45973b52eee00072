/**
 * The common grid of a georeferenced pair: *before*'s pixel grid, the pixel mapping that brings
 * *after* onto it (an affine in one CRS, proj4 across two), and how much of before after covers.
 */
import { sameCrs } from '../io/geo';
import { InputError, type RasterInfo } from '../raster';
import { crsDefinition } from './crs';
import { reprojectionMapping, sameCrsMapping, type PixelMapping } from './mapping';

/** The pixel mapping from before's grid to after's through their georeferencing (both must have one). */
export async function georeferencedMapping(before: RasterInfo, after: RasterInfo): Promise<PixelMapping> {
  const bg = before.geo!;
  const ag = after.geo!;
  if (sameCrs(bg, ag)) return sameCrsMapping(bg, ag);
  const [bd, ad] = await Promise.all([crsDefinition(bg, before.name), crsDefinition(ag, after.name)]);
  return reprojectionMapping(bg, bd.proj4, ag, ad.proj4);
}

/**
 * Fraction of before's pixels whose ground after shows, from the mapping of a lattice of before's
 * pixel centres (256 × 256, and 1024 × 1024 when the coarse one finds none).
 */
export function overlapFraction(before: RasterInfo, after: RasterInfo, mapping: PixelMapping): number {
  for (const samples of [256, 1024]) {
    const nx = Math.min(samples, before.width);
    const ny = Math.min(samples, before.height);
    const x = new Float64Array(nx * ny);
    const y = new Float64Array(nx * ny);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        x[j * nx + i] = ((i + 0.5) * before.width) / nx;
        y[j * nx + i] = ((j + 0.5) * before.height) / ny;
      }
    }
    mapping.map(x, y, nx * ny);
    let inside = 0;
    for (let k = 0; k < nx * ny; k++) if (x[k] >= 0 && x[k] < after.width && y[k] >= 0 && y[k] < after.height) inside++;
    if (inside > 0 || (nx === before.width && ny === before.height)) return inside / (nx * ny);
  }
  return 0;
}

/** [xmin, ymin, xmax, ymax] of a raster's footprint in its own CRS (or pixels without one). */
export function footprint(info: RasterInfo): [number, number, number, number] {
  const t = info.geo?.transform ?? [0, 1, 0, 0, 0, 1];
  const xs = [0, info.width].flatMap((c) => [0, info.height].map((r) => t[0] + c * t[1] + r * t[2]));
  const ys = [0, info.width].flatMap((c) => [0, info.height].map((r) => t[3] + c * t[4] + r * t[5]));
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function describe(info: RasterInfo): string {
  const [x0, y0, x1, y1] = footprint(info);
  const digits = info.geo && !info.geo.projected ? 5 : 1;
  const where = `x ${x0.toFixed(digits)}…${x1.toFixed(digits)}, y ${y0.toFixed(digits)}…${y1.toFixed(digits)}`;
  return `${info.name} covers ${where} (${info.geo?.crsName ?? 'pixels'})`;
}

/** Throws an InputError naming both footprints when after shows none of before's ground. */
export function requireOverlap(before: RasterInfo, after: RasterInfo, fraction: number): void {
  if (fraction > 0) return;
  throw new InputError(after.name, `it does not overlap ${before.name}: ${describe(after)}; ${describe(before)}`);
}
