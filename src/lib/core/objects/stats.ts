/**
 * Per-object statistics of a strip-wise labelling. The table is indexed by provisional label;
 * pixels add into their provisional label, and when two provisional labels turn out to be one
 * object (a union across a strip border) the absorbed label's statistics merge into the root's,
 * so the statistics are complete when the pass ends without ever holding the label image.
 */
import { DIRECTION_CLASSES } from '../change/methods/cva-direction';
import { pixelAreaM2 } from '../io/geo';
import type { GeoInfo } from '../raster';
import { lonLatConverter, pixelToMap, type Position } from './crs';

/** Number of CVA direction classes: a class store holds ids 0..DIRECTION_CLASS_COUNT − 1. */
const DIRECTION_CLASS_COUNT = DIRECTION_CLASSES.length;

/** One change object: an 8-connected region of changed pixels. */
export interface ChangeObject {
  /** 1..n in raster order of the object's first pixel. */
  id: number;
  areaPx: number;
  /** areaPx × the ground area of a pixel; null when that is unknown (not projected, no unit). */
  areaM2: number | null;
  /** [col0, row0, col1, row1] in pixels, max exclusive. */
  bbox: [number, number, number, number];
  /** Mean of the pixel centres in pixel coordinates (GDAL convention: pixel (c, r) spans [c, c+1)). */
  centroidPx: Position;
  /** The same point in the raster's CRS; null when not georeferenced. */
  centroidMap: Position | null;
  /** The same point as [lon, lat] in WGS 84; null when the CRS is not supported (see crs.ts). */
  centroidLonLat: Position | null;
  /** Mean and max of the valid (non-NaN) magnitudes of its pixels; null without a magnitude store. */
  meanMagnitude: number | null;
  maxMagnitude: number | null;
  /** Most frequent direction class (lowest id on a tie); null without a class store or valid class. */
  directionClass: number | null;
}

function grown(a: Float64Array<ArrayBuffer>, n: number, fill: number): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2)).fill(fill);
  b.set(a);
  return b;
}

export class ObjectTable {
  private area = new Float64Array(0);
  private sumX = new Float64Array(0);
  private sumY = new Float64Array(0);
  private box = new Int32Array(0); // minX, minY, maxX, maxY (inclusive) per label
  private magSum = new Float64Array(0);
  private magCount = new Float64Array(0);
  private magMax = new Float64Array(0);
  private classCount = new Float64Array(0);

  constructor(
    private readonly withMagnitude: boolean,
    private readonly withClasses: boolean
  ) {}

  /** Makes room for provisional labels 1..n (new entries are empty). */
  reserve(n: number): void {
    const m = n + 1;
    this.area = grown(this.area, m, 0);
    this.sumX = grown(this.sumX, m, 0);
    this.sumY = grown(this.sumY, m, 0);
    if (4 * m > this.box.length) {
      const box = new Int32Array(Math.max(4 * m, 2 * this.box.length));
      box.set(this.box);
      this.box = box;
    }
    if (this.withMagnitude) {
      this.magSum = grown(this.magSum, m, 0);
      this.magCount = grown(this.magCount, m, 0);
      this.magMax = grown(this.magMax, m, -Infinity);
    }
    if (this.withClasses) this.classCount = grown(this.classCount, DIRECTION_CLASS_COUNT * m, 0);
  }

  /**
   * Adds the pixels of strip rows [y0, y0 + rows) whose labels (provisional, 0 = none) are given,
   * with their magnitudes and direction classes when the table keeps them.
   */
  add(y0: number, width: number, labels: Int32Array, magnitude?: Float32Array, classes?: Float32Array): void {
    const { area, sumX, sumY, box, magSum, magCount, magMax, classCount } = this;
    const rows = labels.length / width;
    for (let r = 0, i = 0; r < rows; r++) {
      const y = y0 + r;
      for (let x = 0; x < width; x++, i++) {
        const l = labels[i];
        if (l === 0) continue;
        const b = 4 * l;
        if (area[l] === 0) {
          box[b] = box[b + 2] = x;
          box[b + 1] = box[b + 3] = y;
        } else {
          if (x < box[b]) box[b] = x;
          if (x > box[b + 2]) box[b + 2] = x;
          box[b + 3] = y; // raster order: y never decreases
        }
        area[l]++;
        sumX[l] += x;
        sumY[l] += y;
        if (magnitude) {
          const v = magnitude[i];
          if (v === v) {
            magSum[l] += v;
            magCount[l]++;
            if (v > magMax[l]) magMax[l] = v;
          }
        }
        if (classes) {
          const c = classes[i];
          if (c >= 0 && c < DIRECTION_CLASS_COUNT && Number.isInteger(c)) classCount[DIRECTION_CLASS_COUNT * l + c]++;
        }
      }
    }
  }

  /** Merges the statistics of label `from` into label `into` (a union of the two). */
  merge(into: number, from: number): void {
    const { box } = this;
    const a = 4 * into;
    const b = 4 * from;
    box[a] = Math.min(box[a], box[b]);
    box[a + 1] = Math.min(box[a + 1], box[b + 1]);
    box[a + 2] = Math.max(box[a + 2], box[b + 2]);
    box[a + 3] = Math.max(box[a + 3], box[b + 3]);
    this.area[into] += this.area[from];
    this.sumX[into] += this.sumX[from];
    this.sumY[into] += this.sumY[from];
    if (this.withMagnitude) {
      this.magSum[into] += this.magSum[from];
      this.magCount[into] += this.magCount[from];
      this.magMax[into] = Math.max(this.magMax[into], this.magMax[from]);
    }
    if (this.withClasses) {
      for (let c = 0; c < DIRECTION_CLASS_COUNT; c++) {
        this.classCount[DIRECTION_CLASS_COUNT * into + c] += this.classCount[DIRECTION_CLASS_COUNT * from + c];
      }
    }
  }

  /**
   * The roots of the final objects: finalIds[l] is the object id (1..count) of provisional label
   * l, and the first label of each object in label order is its root, where its statistics are.
   */
  private roots(finalIds: Int32Array, provisional: number, count: number): Int32Array {
    const roots = new Int32Array(count + 1);
    for (let l = 1; l <= provisional; l++) if (roots[finalIds[l]] === 0) roots[finalIds[l]] = l;
    return roots;
  }

  /** Pixel area of every object, indexed by object id. */
  areas(finalIds: Int32Array, provisional: number, count: number): Float64Array {
    const roots = this.roots(finalIds, provisional, count);
    return Float64Array.from(roots, (r, id) => (id === 0 ? 0 : this.area[r]));
  }

  /** The final objects, in id order. */
  objects(finalIds: Int32Array, provisional: number, count: number, geo: GeoInfo | null): ChangeObject[] {
    const roots = this.roots(finalIds, provisional, count);
    const pixelArea = geo ? pixelAreaM2(geo) : null;
    const toLonLat = lonLatConverter(geo);
    const out: ChangeObject[] = [];
    for (let id = 1; id <= count; id++) {
      const r = roots[id];
      const n = this.area[r];
      const b = 4 * r;
      const centroidPx: Position = [this.sumX[r] / n + 0.5, this.sumY[r] / n + 0.5];
      const centroidMap = geo ? pixelToMap(geo, centroidPx[0], centroidPx[1]) : null;
      out.push({
        id,
        areaPx: n,
        areaM2: pixelArea === null ? null : n * pixelArea,
        bbox: [this.box[b], this.box[b + 1], this.box[b + 2] + 1, this.box[b + 3] + 1],
        centroidPx,
        centroidMap,
        centroidLonLat: centroidMap && toLonLat ? toLonLat(centroidMap) : null,
        meanMagnitude: this.withMagnitude && this.magCount[r] > 0 ? this.magSum[r] / this.magCount[r] : null,
        maxMagnitude: this.withMagnitude && this.magCount[r] > 0 ? this.magMax[r] : null,
        directionClass: this.withClasses ? this.dominantClass(r) : null
      });
    }
    return out;
  }

  private dominantClass(r: number): number | null {
    let best = -1;
    let bestCount = 0;
    for (let c = 0; c < DIRECTION_CLASS_COUNT; c++) {
      const k = this.classCount[DIRECTION_CLASS_COUNT * r + c];
      if (k > bestCount) [best, bestCount] = [c, k];
    }
    return best < 0 ? null : best;
  }
}
