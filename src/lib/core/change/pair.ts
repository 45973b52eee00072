import { InputError, type RasterInfo, type Transform } from '../raster';

/** Relative tolerance (of a pixel) for two grids to count as the same. */
const GRID_TOLERANCE = 1e-6;

function footprint(info: RasterInfo): [number, number, number, number] {
  const t = info.geo!.transform;
  const xs = [0, info.width].flatMap((c) => [0, info.height].map((r) => t[0] + c * t[1] + r * t[2]));
  const ys = [0, info.width].flatMap((c) => [0, info.height].map((r) => t[3] + c * t[4] + r * t[5]));
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function sameTransform(a: Transform, b: Transform): boolean {
  const px = Math.max(Math.abs(a[1]), Math.abs(a[5]));
  return a.every((v, i) => Math.abs(v - b[i]) <= GRID_TOLERANCE * Math.max(px, 1));
}

function fmtBox(b: number[]): string {
  return `x ${b[0].toFixed(1)}…${b[2].toFixed(1)}, y ${b[1].toFixed(1)}…${b[3].toFixed(1)}`;
}

/**
 * Checks that *after* lies on *before*'s pixel grid, which is what change detection needs until
 * images can be aligned. Throws an InputError naming the after file and the problem; returns
 * notes (e.g. "after is not georeferenced; before's georeferencing is used") otherwise.
 */
export function checkPair(before: RasterInfo, after: RasterInfo): string[] {
  const size = (i: RasterInfo) => `${i.width} × ${i.height} px`;
  if (before.geo && after.geo) {
    if (before.geo.epsg !== after.geo.epsg) {
      throw new InputError(
        after.name,
        `its CRS (${after.geo.crsName}) differs from ${before.name}'s (${before.geo.crsName}); reproject it onto the same CRS first`
      );
    }
    const a = footprint(before);
    const b = footprint(after);
    if (b[0] >= a[2] || b[2] <= a[0] || b[1] >= a[3] || b[3] <= a[1]) {
      throw new InputError(
        after.name,
        `it does not overlap ${before.name}: it covers ${fmtBox(b)}, ${before.name} covers ${fmtBox(a)} (${before.geo.crsName})`
      );
    }
    if (before.width !== after.width || before.height !== after.height || !sameTransform(before.geo.transform, after.geo.transform)) {
      throw new InputError(
        after.name,
        `it overlaps ${before.name} but lies on a different pixel grid (${size(after)} vs ${size(before)}); resample it onto ${before.name}'s grid first`
      );
    }
    return [];
  }
  if (before.width !== after.width || before.height !== after.height) {
    throw new InputError(
      after.name,
      `it is ${size(after)} but ${before.name} is ${size(before)}, and without georeferencing on both the two cannot be matched; crop or resample them to the same size`
    );
  }
  if (before.geo && !after.geo) return [`${after.name} is not georeferenced; ${before.name}'s georeferencing is used`];
  if (!before.geo && after.geo) return [`${before.name} is not georeferenced; the results carry no georeferencing`];
  return [];
}
