import type { AlignMode } from '../align/options';
import { sameCrs } from '../io/geo';
import { InputError, type RasterInfo } from '../raster';

function footprint(info: RasterInfo): [number, number, number, number] {
  const t = info.geo!.transform;
  const xs = [0, info.width].flatMap((c) => [0, info.height].map((r) => t[0] + c * t[1] + r * t[2]));
  const ys = [0, info.width].flatMap((c) => [0, info.height].map((r) => t[3] + c * t[4] + r * t[5]));
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function fmtBox(b: number[]): string {
  return `x ${b[0].toFixed(1)}…${b[2].toFixed(1)}, y ${b[1].toFixed(1)}…${b[3].toFixed(1)}`;
}

/**
 * What can be told about a pair from its metadata alone, before any pixel is read: the problems
 * alignment (`mode`, default: georef when both are georeferenced, else auto) cannot solve throw an
 * InputError naming the file; otherwise returns notes. Pairs on different grids are aligned
 * (align/align.ts), so they are not refused here.
 */
export function checkPair(before: RasterInfo, after: RasterInfo, mode: AlignMode | null = null): string[] {
  const size = (i: RasterInfo) => `${i.width} × ${i.height} px`;
  const chosen = mode ?? (before.geo && after.geo ? 'georef' : 'auto');
  if (chosen === 'none' && (before.width !== after.width || before.height !== after.height)) {
    throw new InputError(
      after.name,
      `it is ${size(after)} but ${before.name} is ${size(before)}; without alignment the two must be the same size (align them: georef or auto)`
    );
  }
  if (chosen === 'georef') {
    for (const info of [before, after]) {
      if (!info.geo) throw new InputError(info.name, 'it is not georeferenced, so the pair cannot be aligned by georeferencing (align it automatically: auto)');
    }
  }
  if (before.geo && after.geo && chosen !== 'none' && sameCrs(before.geo, after.geo)) {
    const a = footprint(before);
    const b = footprint(after);
    if (b[0] >= a[2] || b[2] <= a[0] || b[1] >= a[3] || b[3] <= a[1]) {
      throw new InputError(
        after.name,
        `it does not overlap ${before.name}: it covers ${fmtBox(b)}, ${before.name} covers ${fmtBox(a)} (${before.geo.crsName})`
      );
    }
  }
  if (before.geo && !after.geo) return [`${after.name} is not georeferenced; ${before.name}'s georeferencing is used`];
  if (!before.geo && after.geo) return [`${before.name} is not georeferenced; the results carry no georeferencing`];
  return [];
}
