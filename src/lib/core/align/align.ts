/**
 * The align stage: brings *after* onto *before*'s pixel grid and says what it did. `georef`
 * resamples through the two georeferencings (reprojecting when the CRSs differ); `auto` also
 * co-registers from the image content (starting from the georeferencing when both have one, from
 * scratch otherwise); `none` takes the pair as it is. The result is a RasterSource on before's
 * grid, so every later stage works unchanged.
 */
import { sameGrid } from '../io/geo';
import { InputError, type RasterInfo, type RasterSource, type RunContext } from '../raster';
import { rotationScaleOf, type Affine } from './affine';
import { alignedSource } from './aligned-source';
import { coregister } from './coregister';
import { footprint, georeferencedMapping, overlapFraction, requireOverlap } from './grid';
import type { PixelMapping } from './mapping';
import type { AlignMode } from './options';
import type { Resampling } from './resample';

export interface AlignOptions {
  /** Default: georef when both images are georeferenced, else auto. */
  mode?: AlignMode | null;
  /** Default: bilinear (continuous data). */
  resampling?: Resampling | null;
}

export interface AlignmentRecord {
  method: AlignMode;
  /** Whether the estimate started from the georeferencing (auto on a georeferenced pair). */
  fromGeoreferencing: boolean;
  /**
   * After at (x, y) shows what before shows at (x + dx, y + dy), in before's pixels, at before's
   * centre. For auto on a georeferenced pair: relative to where the georeferencing puts after.
   */
  shiftPx: [number, number];
  /** Rotation (counter-clockwise on screen, degrees) and scale (after px per before px) of after relative to before. */
  rotationDeg: number;
  scale: number;
  /** Fraction of refinement windows that agree (auto only), else null. */
  reliability: number | null;
  /** RMS misfit of the agreeing windows, px (auto only), else null. */
  residualPx: number | null;
  /** Before pixel → after pixel (GDAL order, pixel corners at integers) when the mapping is affine, else null. */
  transform: Affine | null;
  /** The image-based correction in before's pixels (auto only): before at p shows what the georeferenced after shows at correction(p). */
  correction: Affine | null;
  reliable: boolean;
  /** Why the automatic alignment is unreliable, when it is. */
  reason: string | null;
  windows: { measured: number; inliers: number } | null;
}

export interface GridRecord {
  /** Before's CRS name, or null when it has no georeferencing. */
  crs: string | null;
  /** Before's pixel size [x, y] in CRS units, or null. */
  pixelSize: [number, number] | null;
  width: number;
  height: number;
  /** Before's footprint [xmin, ymin, xmax, ymax] in its CRS, or in pixels. */
  extent: [number, number, number, number];
  /** Fraction of before's pixels that after covers. */
  overlapFraction: number;
  /** The resampling used, or null when after was taken as it is. */
  resampling: Resampling | null;
}

export interface AlignedPair {
  after: RasterSource;
  alignment: AlignmentRecord;
  grid: GridRecord;
}

/** Shift, rotation and scale of an affine before → after at before's centre c: shift = c − A(c). */
function describe(a: Affine, c: [number, number]): Pick<AlignmentRecord, 'shiftPx' | 'rotationDeg' | 'scale'> {
  const { rotationDeg, scale } = rotationScaleOf(a);
  return { shiftPx: [c[0] - (a[0] + a[1] * c[0] + a[2] * c[1]), c[1] - (a[3] + a[4] * c[0] + a[5] * c[1])], rotationDeg, scale };
}

/** The local affine of a mapping at a point, by central differences over ±`h` px. */
function localAffine(mapping: PixelMapping, c: [number, number], h: number): Affine {
  if (mapping.affine) return mapping.affine;
  const x = Float64Array.from([c[0], c[0] + h, c[0] - h, c[0], c[0]]);
  const y = Float64Array.from([c[1], c[1], c[1], c[1] + h, c[1] - h]);
  mapping.map(x, y, 5);
  const a1 = (x[1] - x[2]) / (2 * h);
  const a4 = (y[1] - y[2]) / (2 * h);
  const a2 = (x[3] - x[4]) / (2 * h);
  const a5 = (y[3] - y[4]) / (2 * h);
  return [x[0] - a1 * c[0] - a2 * c[1], a1, a2, y[0] - a4 * c[0] - a5 * c[1], a4, a5];
}

function gridRecord(before: RasterInfo, overlap: number, resampling: Resampling | null): GridRecord {
  const t = before.geo?.transform;
  return {
    crs: before.geo?.crsName ?? null,
    pixelSize: t ? [Math.hypot(t[1], t[4]), Math.hypot(t[2], t[5])] : null,
    width: before.width,
    height: before.height,
    extent: footprint(before),
    overlapFraction: overlap,
    resampling
  };
}

const NO_ESTIMATE = { reliability: null, residualPx: null, correction: null, reliable: true, reason: null, windows: null, fromGeoreferencing: false };

/** Aligns after to before's grid by `options.mode` (see the module comment). */
export async function alignPair(before: RasterSource, after: RasterSource, options: AlignOptions = {}, ctx: RunContext = {}): Promise<AlignedPair> {
  const b = before.info;
  const a = after.info;
  const mode = options.mode ?? (b.geo && a.geo ? 'georef' : 'auto');
  const resampling = options.resampling ?? 'bilinear';
  const centre: [number, number] = [b.width / 2, b.height / 2];
  const size = (i: RasterInfo) => `${i.width} × ${i.height} px`;

  if (mode === 'none') {
    if (b.width !== a.width || b.height !== a.height) {
      throw new InputError(
        a.name,
        `it is ${size(a)} but ${b.name} is ${size(b)}; without alignment the two must be the same size (align them: georef or auto)`
      );
    }
    return {
      after,
      alignment: { method: 'none', ...describe([0, 1, 0, 0, 0, 1], centre), transform: [0, 1, 0, 0, 0, 1], ...NO_ESTIMATE },
      grid: gridRecord(b, 1, null)
    };
  }

  if (mode === 'georef') {
    for (const info of [b, a]) {
      if (!info.geo) throw new InputError(info.name, 'it is not georeferenced, so the pair cannot be aligned by georeferencing (align it automatically: auto)');
    }
    if (sameGrid(b.geo!, a.geo!) && b.width === a.width && b.height === a.height) {
      return {
        after,
        alignment: { method: 'georef', ...describe([0, 1, 0, 0, 0, 1], centre), transform: [0, 1, 0, 0, 0, 1], ...NO_ESTIMATE },
        grid: gridRecord(b, 1, null)
      };
    }
    const mapping = await georeferencedMapping(b, a);
    const overlap = overlapFraction(b, a, mapping);
    requireOverlap(b, a, overlap);
    const local = localAffine(mapping, centre, Math.max(1, Math.min(b.width, b.height) / 8));
    return {
      after: alignedSource(b, after, mapping, resampling),
      alignment: { method: 'georef', ...describe(local, centre), transform: mapping.affine, ...NO_ESTIMATE },
      grid: gridRecord(b, overlap, resampling)
    };
  }

  const initial = b.geo && a.geo ? await georeferencedMapping(b, a) : null;
  if (initial) requireOverlap(b, a, overlapFraction(b, a, initial));
  const estimate = await coregister(before, after, initial, ctx);
  if (options.mode == null && !estimate.reliable && !initial && b.width === a.width && b.height === a.height) {
    // An unreferenced pair of one size, left to the default: taking it as it is beats refusing it,
    // and the reason travels with the result so it is said, not silent.
    return {
      after,
      alignment: {
        method: 'none',
        ...describe([0, 1, 0, 0, 0, 1], centre),
        transform: [0, 1, 0, 0, 0, 1],
        ...NO_ESTIMATE,
        reason: `automatic alignment was unreliable (${estimate.reason}), so the two are compared pixel for pixel as they are`
      },
      grid: gridRecord(b, 1, null)
    };
  }
  const overlap = overlapFraction(b, a, estimate.mapping);
  requireOverlap(b, a, overlap);
  const relative = initial ? estimate.correction : estimate.mapping.affine!;
  return {
    after: alignedSource(b, after, estimate.mapping, resampling),
    alignment: {
      method: 'auto',
      fromGeoreferencing: initial !== null,
      ...describe(relative, centre),
      reliability: estimate.reliability,
      residualPx: estimate.residualPx,
      transform: estimate.mapping.affine,
      correction: initial ? estimate.correction : null,
      reliable: estimate.reliable,
      reason: estimate.reason,
      windows: estimate.windows
    },
    grid: gridRecord(b, overlap, resampling)
  };
}

/** Throws an InputError naming after when an automatic alignment is unreliable. */
export function requireReliable(pair: AlignedPair, after: RasterInfo): void {
  const al = pair.alignment;
  if (al.reliable) return;
  const sizes =
    after.width === pair.grid.width && after.height === pair.grid.height
      ? ''
      : ` (it is ${after.width} × ${after.height} px, before is ${pair.grid.width} × ${pair.grid.height} px)`;
  throw new InputError(
    after.name,
    `automatic alignment is unreliable${sizes} (${al.reason}; reliability ${al.reliability?.toFixed(2)}); check that the two show the same place, or choose the alignment yourself (none, georef or tie points)`
  );
}
