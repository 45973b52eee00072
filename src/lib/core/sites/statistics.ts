/**
 * The numbers of each site after a run: pixels inside, valid and changed pixels, changed
 * fraction and area, the change objects that touch it (with the largest), mean magnitude, and
 * gain/loss when the method has a direction. One pass over the result in strips of rows, each
 * site rasterized row by row (rasterize.ts), so memory is a strip plus one row per site.
 */
import { DIRECTION_CLASSES } from '../change/methods/cva-direction';
import { MASK_NODATA } from '../export';
import type { ChangeObject } from '../objects/stats';
import { throwIfAborted, type RunContext } from '../raster';
import type { BandStore } from '../store';
import { stripRows, strips } from '../windows';
import { rasterizeSiteRow } from './rasterize';
import type { PixelSite } from './site';

export interface SiteStores {
  mask: BandStore<Uint8Array>;
  magnitude: BandStore<Float32Array>;
  /** Object id per pixel (0 = none); null when the objects were too many to list. */
  labels: BandStore<Uint32Array> | null;
  /** CVA direction class per pixel. */
  directionClass?: BandStore<Float32Array>;
  /** Signed change of a spectral index per pixel (> 0 gain, < 0 loss). */
  delta?: BandStore<Float32Array>;
}

export interface SiteObject {
  id: number;
  /** The whole object's area, in pixels and m² (null when unknown). */
  areaPx: number;
  areaM2: number | null;
  /** Its pixels inside the site. */
  pixelsInSite: number;
}

/** Changed pixels by direction: CVA's classes, or the sign of a spectral index's change. */
export type SiteDirection = { kind: 'class'; changedPixels: Record<string, number> } | { kind: 'sign'; gainPixels: number; lossPixels: number };

export interface SiteStatistics {
  name: string;
  /** Pixels whose centre lies inside the site, within the image. */
  pixels: number;
  /** Ground area of those pixels; null when the pixel area is unknown. */
  areaM2: number | null;
  /** True when part of the site lies outside the image (only the part inside is counted). */
  partlyOutside: boolean;
  validPixels: number;
  changedPixels: number;
  /** changedPixels / validPixels (0 without valid pixels). */
  changedFraction: number;
  changedAreaM2: number | null;
  changedAreaHa: number | null;
  /** Change objects with at least one pixel in the site; null when the objects were not listed. */
  objects: number | null;
  /** The largest of those objects (by whole area), largest first. */
  largestObjects: SiteObject[];
  /** Mean magnitude of the site's valid pixels, and of its changed pixels; null when there are none. */
  meanMagnitude: number | null;
  meanChangedMagnitude: number | null;
  direction: SiteDirection | null;
}

export interface SiteStatisticsOptions {
  width: number;
  height: number;
  pixelAreaM2: number | null;
  /** The run's change objects in id order (objects[id − 1]), to size the objects a site touches. */
  objects: readonly ChangeObject[];
  /** How many of the largest objects to list per site. */
  largest?: number;
}

export interface SitesOutcome {
  sites: SiteStatistics[];
  /** Object id → the names of the sites it touches (only objects touching a site). */
  objectSites: Map<number, string[]>;
}

class Accumulator {
  pixels = 0;
  valid = 0;
  changed = 0;
  magSum = 0;
  magCount = 0;
  changedMagSum = 0;
  changedMagCount = 0;
  classCounts = new Float64Array(DIRECTION_CLASSES.length);
  gain = 0;
  loss = 0;
  objectPixels = new Map<number, number>();
}

/** Per-site statistics of a finished run (see the module comment). */
export async function siteStatistics(
  sites: readonly PixelSite[],
  stores: SiteStores,
  options: SiteStatisticsOptions,
  ctx: RunContext = {}
): Promise<SitesOutcome> {
  const { width, height } = options;
  const acc = sites.map(() => new Accumulator());
  if (sites.length === 0) return { sites: [], objectSites: new Map() };
  const rows0 = Math.max(0, Math.floor(Math.min(...sites.map((s) => s.bounds[1]))));
  const rows1 = Math.min(height, Math.ceil(Math.max(...sites.map((s) => s.bounds[3]))));
  const stripHeight = stripRows(width, height);
  const rowMask = new Uint8Array(width);
  const scratch = { crossings: new Float64Array(16) };
  const total = Math.max(0, rows1 - rows0);
  for (const strip of strips(total, stripHeight)) {
    throwIfAborted(ctx.signal);
    const y0 = rows0 + strip.y0;
    const mask = await stores.mask.read(y0, strip.rows);
    const magnitude = await stores.magnitude.read(y0, strip.rows);
    const labels = stores.labels ? await stores.labels.read(y0, strip.rows) : null;
    const classes = stores.directionClass ? await stores.directionClass.read(y0, strip.rows) : null;
    const delta = stores.delta ? await stores.delta.read(y0, strip.rows) : null;
    for (let r = 0; r < strip.rows; r++) {
      const y = y0 + r;
      const base = r * width;
      sites.forEach((site, s) => {
        const x0 = Math.max(0, Math.floor(site.bounds[0]));
        const x1 = Math.min(width, Math.ceil(site.bounds[2]) + 1);
        if (x0 >= x1) return;
        rowMask.fill(0, x0, x1);
        if (rasterizeSiteRow(site, y, rowMask, scratch) === 0) return;
        const a = acc[s];
        for (let x = x0; x < x1; x++) {
          if (rowMask[x] === 0) continue;
          a.pixels++;
          const i = base + x;
          const m = mask[i];
          if (m === MASK_NODATA) continue;
          a.valid++;
          const v = magnitude[i];
          if (v === v) {
            a.magSum += v;
            a.magCount++;
          }
          if (m !== 1) continue;
          a.changed++;
          if (v === v) {
            a.changedMagSum += v;
            a.changedMagCount++;
          }
          if (labels && labels[i] !== 0) a.objectPixels.set(labels[i], (a.objectPixels.get(labels[i]) ?? 0) + 1);
          if (classes) {
            const c = classes[i];
            if (c >= 0 && c < DIRECTION_CLASSES.length) a.classCounts[c]++;
          }
          if (delta) {
            if (delta[i] > 0) a.gain++;
            else if (delta[i] < 0) a.loss++;
          }
        }
      });
    }
    ctx.onProgress?.({ stage: 'sites', done: strip.y0 + strip.rows, total });
  }
  const objectSites = new Map<number, string[]>();
  const result = sites.map((site, s) => {
    const a = acc[s];
    for (const id of a.objectPixels.keys()) objectSites.set(id, [...(objectSites.get(id) ?? []), site.name]);
    return summarise(site, a, stores, options);
  });
  return { sites: result, objectSites: new Map([...objectSites].sort((p, q) => p[0] - q[0])) };
}

function summarise(site: PixelSite, a: Accumulator, stores: SiteStores, options: SiteStatisticsOptions): SiteStatistics {
  const area = options.pixelAreaM2;
  const changedAreaM2 = area === null ? null : a.changed * area;
  const largestObjects = [...a.objectPixels]
    .map(([id, pixelsInSite]) => ({
      id,
      areaPx: options.objects[id - 1]?.areaPx ?? pixelsInSite,
      areaM2: options.objects[id - 1]?.areaM2 ?? null,
      pixelsInSite
    }))
    .sort((p, q) => q.areaPx - p.areaPx || p.id - q.id)
    .slice(0, options.largest ?? 5);
  const [x0, y0, x1, y1] = site.bounds;
  let direction: SiteDirection | null = null;
  if (stores.directionClass) {
    direction = { kind: 'class', changedPixels: Object.fromEntries(DIRECTION_CLASSES.map((c) => [c.name, a.classCounts[c.id]])) };
  } else if (stores.delta) direction = { kind: 'sign', gainPixels: a.gain, lossPixels: a.loss };
  return {
    name: site.name,
    pixels: a.pixels,
    areaM2: area === null ? null : a.pixels * area,
    partlyOutside: x0 < 0 || y0 < 0 || x1 > options.width || y1 > options.height,
    validPixels: a.valid,
    changedPixels: a.changed,
    changedFraction: a.valid > 0 ? a.changed / a.valid : 0,
    changedAreaM2,
    changedAreaHa: changedAreaM2 === null ? null : changedAreaM2 / 1e4,
    objects: stores.labels ? a.objectPixels.size : null,
    largestObjects,
    meanMagnitude: a.magCount > 0 ? a.magSum / a.magCount : null,
    meanChangedMagnitude: a.changedMagCount > 0 ? a.changedMagSum / a.changedMagCount : null,
    direction
  };
}
