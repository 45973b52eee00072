/**
 * Change objects from a change mask (1 change, 0 no change, 255 nodata), strip by strip.
 *
 * Each strip is labelled on its own (8-connected, Wu, Otoo & Suzuki 2009,
 * doi:10.1007/s10044-008-0109-y); its components get fresh provisional labels, and a global
 * union–find joins them with the components of the previous strip's last row they touch (the
 * three pixels above-left, above and above-right). Memory is one strip plus per-label tables, never
 * the label image. Final ids are 1..n in raster order of each object's first pixel. Anything that
 * needs final ids per pixel (the label image, the minimum mapping unit) re-runs the same strip
 * labelling — it is deterministic, so strip k gets the same provisional labels again — and maps
 * them through the resolved union–find.
 */
import { throwIfAborted, type GeoInfo, type RunContext } from '../raster';
import type { BandStore } from '../store';
import { stripRows, strips, type Strip } from '../windows';
import { ObjectTable, type ChangeObject } from './stats';
import { CHANGE, StripLabeller } from './strip-label';
import { LabelForest } from './union-find';

export interface LabelContext extends RunContext {
  /** Rows per strip; defaults to `stripRows(width, height)`. The result does not depend on it. */
  stripRows?: number;
}

export interface ObjectOptions {
  /** Change magnitude per pixel, for each object's mean and max (NaN is ignored). */
  magnitude?: BandStore<Float32Array>;
  /** CVA direction class id (0..4) per pixel, for each object's dominant class. */
  directionClass?: BandStore<Float32Array>;
  /** Georeferencing of the mask, for areas in m², map and lon/lat centroids. */
  geo?: GeoInfo | null;
  /** When given, receives the final object id of every pixel (0 = not an object). */
  labels?: BandStore<Uint32Array>;
  /** Most objects to list; past it a TooManyObjectsError carries the count instead. */
  limit?: number;
}

/** A mask with more objects than can be listed (noise, an uncleaned mask); `count` says how many. */
export class TooManyObjectsError extends Error {
  constructor(readonly count: number) {
    super(`${count} change objects`);
    this.name = 'TooManyObjectsError';
  }
}

/** How the provisional labels of a pass resolve: finalIds[provisional] = object id 1..count. */
interface Resolution {
  finalIds: Int32Array;
  provisional: number;
  count: number;
}

/** Called per strip with its labels, its mask rows and the number of provisional labels so far. */
type StripVisitor = (s: Strip, labels: Int32Array, mask: Uint8Array, labelsSoFar: number) => Promise<void> | void;

function checkSize(mask: BandStore<Uint8Array>, other: { width: number; height: number }, name: string): void {
  if (other.width !== mask.width || other.height !== mask.height) {
    throw new RangeError(`${name} is ${other.width}×${other.height} but the mask is ${mask.width}×${mask.height}`);
  }
}

/**
 * Runs the strip labelling over the mask, calling `visit` with each strip's labels: provisional
 * labels (offset by the labels of earlier strips) when `finalIds` is null, else final object ids.
 */
async function scanStrips(mask: BandStore<Uint8Array>, ctx: LabelContext, stage: string, finalIds: Int32Array | null, visit: StripVisitor): Promise<void> {
  const { width, height } = mask;
  const rows = Math.max(1, Math.min(ctx.stripRows ?? stripRows(width, height), height));
  const labeller = new StripLabeller(width, rows);
  const maskBuf = new Uint8Array(rows * width);
  const labelBuf = new Int32Array(rows * width);
  let base = 0;
  for (const s of strips(height, rows)) {
    throwIfAborted(ctx.signal);
    const n = s.rows * width;
    const m = await mask.read(s.y0, s.rows, maskBuf.subarray(0, n));
    const labels = labelBuf.subarray(0, n);
    const k = labeller.label(m, s.rows, labels);
    for (let i = 0; i < n; i++) if (labels[i]) labels[i] = finalIds ? finalIds[base + labels[i]] : base + labels[i];
    base += k;
    await visit(s, labels, m, base);
    ctx.onProgress?.({ stage, done: s.y0 + s.rows, total: height });
  }
}

/** The labelling pass: provisional labels → union across strip borders → resolved final ids. */
async function resolveObjects(
  mask: BandStore<Uint8Array>,
  table: ObjectTable,
  ctx: LabelContext,
  addStrip: (s: Strip, labels: Int32Array) => Promise<void>
): Promise<Resolution> {
  const forest = new LabelForest();
  const prev = new Int32Array(mask.width);
  const w = mask.width;
  await scanStrips(mask, ctx, 'objects', null, async (s, labels, _mask, labelsSoFar) => {
    while (forest.size < labelsSoFar) forest.make();
    table.reserve(labelsSoFar);
    await addStrip(s, labels);
    if (s.y0 > 0) {
      for (let x = 0; x < w; x++) {
        const cur = labels[x];
        if (!cur) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const above = x + dx >= 0 && x + dx < w ? prev[x + dx] : 0;
          if (!above) continue;
          const absorbed = forest.union(above, cur);
          if (absorbed) table.merge(forest.find(cur), absorbed);
        }
      }
    }
    prev.set(labels.subarray(labels.length - w));
  });
  const provisional = forest.size;
  const count = forest.flatten();
  return { finalIds: forest.parent, provisional, count };
}

/**
 * Labels the 8-connected change objects of a mask and measures them (area, bbox, centroid, and
 * magnitude and direction class when those stores are given), in one pass over the mask — two
 * when `options.labels` asks for the label image. All-zero or all-nodata masks give no objects.
 */
export async function labelChangeObjects(mask: BandStore<Uint8Array>, options: ObjectOptions = {}, ctx: LabelContext = {}): Promise<ChangeObject[]> {
  const { magnitude, directionClass, labels } = options;
  for (const [name, store] of [
    ['magnitude', magnitude],
    ['direction class', directionClass],
    ['labels', labels]
  ] as const) {
    if (store) checkSize(mask, store, name);
  }
  const table = new ObjectTable(!!magnitude, !!directionClass);
  const w = mask.width;
  const rows = Math.max(1, Math.min(ctx.stripRows ?? stripRows(w, mask.height), mask.height));
  const magBuf = magnitude && new Float32Array(rows * w);
  const classBuf = directionClass && new Float32Array(rows * w);
  const res = await resolveObjects(mask, table, ctx, async (s, strip) => {
    const n = s.rows * w;
    const mag = magnitude && magBuf && (await magnitude.read(s.y0, s.rows, magBuf.subarray(0, n)));
    const cls = directionClass && classBuf && (await directionClass.read(s.y0, s.rows, classBuf.subarray(0, n)));
    table.add(s.y0, w, strip, mag || undefined, cls || undefined);
  });
  if (options.limit !== undefined && res.count > options.limit) throw new TooManyObjectsError(res.count);
  if (labels) {
    const out = new Uint32Array(rows * w);
    await scanStrips(mask, ctx, 'object labels', res.finalIds, async (s, ids) => {
      const o = out.subarray(0, ids.length);
      o.set(ids);
      await labels.write(s.y0, o);
    });
  }
  return table.objects(res.finalIds, res.provisional, res.count, options.geo ?? null);
}

export interface SmallObjectRemoval {
  /** Objects in the input mask. */
  objects: number;
  removedObjects: number;
  removedPixels: number;
}

/**
 * Minimum mapping unit: writes to `out` the mask without the 8-connected change objects smaller
 * than `minPixels` pixels (their pixels become 0; 0 and 255 are copied). Two passes over the
 * mask: labelling for the object areas, then the same strip labelling again to decide per pixel.
 * `out` may be `mask` itself: each strip is read before it is written.
 */
export async function removeSmallObjects(
  mask: BandStore<Uint8Array>,
  out: BandStore<Uint8Array>,
  minPixels: number,
  ctx: LabelContext = {}
): Promise<SmallObjectRemoval> {
  checkSize(mask, out, 'the output');
  if (!(minPixels >= 0)) throw new RangeError(`minimum object size must be ≥ 0 pixels, got ${minPixels}`);
  const table = new ObjectTable(false, false);
  const res = await resolveObjects(mask, table, ctx, async (s, labels) => table.add(s.y0, mask.width, labels));
  const areas = table.areas(res.finalIds, res.provisional, res.count);
  let removedObjects = 0;
  for (let id = 1; id <= res.count; id++) if (areas[id] < minPixels) removedObjects++;
  let removedPixels = 0;
  await scanStrips(mask, ctx, 'minimum mapping unit', res.finalIds, async (s, ids, m) => {
    for (let i = 0; i < ids.length; i++) {
      if (m[i] === CHANGE && areas[ids[i]] < minPixels) {
        m[i] = 0;
        removedPixels++;
      }
    }
    await out.write(s.y0, m);
  });
  return { objects: res.count, removedObjects, removedPixels };
}
