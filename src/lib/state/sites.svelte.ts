/**
 * The analyst's sites: drawn on the map or imported, named, edited and deleted, kept in the before
 * image's own CRS (pixel column/row when it has none), and measured by the worker after every run
 * and every threshold move. Replies for an older run or an older list of sites are dropped.
 */
import type { Position } from '../core/objects/crs';
import type { PolygonRings, SiteSet } from '../core/sites/site';
import { sitesGeoJson } from '../core/sites/write';
import type { SitesReply, SiteStatistics } from '../worker/api';
import type { WorkerBridge } from '../worker/bridge';

export interface Site {
  id: number;
  name: string;
  polygons: PolygonRings[];
}

/** The pixel bounding box [col0, row0, col1, row1] of a site, for zooming to it. */
export type SiteBox = [number, number, number, number];

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class SiteBook {
  sites = $state.raw<Site[]>([]);
  /** Numbers of each site for `numbersRunId`, in the order of `sites`. */
  numbers = $state.raw<SiteStatistics[] | null>(null);
  numbersRunId = $state<string | null>(null);
  /** Object id → the names of the sites it touches. */
  objectSites = $state.raw<Map<number, string[]>>(new Map());
  busy = $state(false);
  #seq = 0;
  #ticket = 0;

  constructor(
    private readonly bridge: WorkerBridge,
    private readonly report: (message: string) => void
  ) {}

  /**
   * The sites as the worker and the recipe take them: in the image's CRS, named by its EPSG code
   * when it has one (so a recipe's sites read the same as the file they came from).
   */
  toSet(epsg: number | null = null): SiteSet {
    return { crs: epsg === null ? { kind: 'image' } : { kind: 'epsg', epsg }, sites: this.sites.map((s) => ({ name: s.name, polygons: s.polygons })) };
  }

  add(polygons: PolygonRings[], name?: string): Site {
    const id = ++this.#seq;
    const site = { id, name: name?.trim() || this.#freeName(), polygons };
    this.sites = [...this.sites, site];
    return site;
  }

  rename(id: number, name: string): void {
    const clean = name.trim();
    if (!clean) return;
    this.sites = this.sites.map((s) => (s.id === id ? { ...s, name: clean } : s));
  }

  reshape(id: number, polygons: PolygonRings[]): void {
    this.sites = this.sites.map((s) => (s.id === id ? { ...s, polygons } : s));
  }

  remove(id: number): void {
    this.sites = this.sites.filter((s) => s.id !== id);
  }

  clear(): void {
    this.sites = [];
    this.drop();
  }

  /** Replaces nothing: the imported sites are added after the ones already there. */
  async import(file: File | { name: string; text: () => Promise<string> }, beforeId: string): Promise<void> {
    try {
      const text = await file.text();
      const set = await this.bridge.call((api) => api.importSites(text, file.name, beforeId));
      for (const s of set.sites) this.add(s.polygons, s.name);
    } catch (err) {
      this.report(messageOf(err));
    }
  }

  /** GeoJSON of the sites: in the image's CRS, named by its EPSG code when it has one. */
  geojson(epsg: number | null): string {
    const set = this.toSet(epsg);
    return sitesGeoJson(set.sites, set.crs);
  }

  /** Measures the sites on a run (latest call wins); clears the numbers when there is no site. */
  async measure(runId: string | null): Promise<void> {
    const ticket = ++this.#ticket;
    if (!runId || this.sites.length === 0) {
      this.numbers = null;
      this.numbersRunId = runId;
      this.objectSites = new Map();
      return;
    }
    const set = $state.snapshot(this.toSet()) as SiteSet;
    this.busy = true;
    try {
      const r: SitesReply = await this.bridge.call((api) => api.siteNumbers(runId, set));
      if (ticket !== this.#ticket) return;
      this.numbers = r.sites;
      this.numbersRunId = runId;
      this.objectSites = new Map(r.objectSites);
    } catch (err) {
      if (ticket === this.#ticket) this.report(messageOf(err));
    } finally {
      if (ticket === this.#ticket) this.busy = false;
    }
  }

  drop(): void {
    ++this.#ticket;
    this.numbers = null;
    this.numbersRunId = null;
    this.objectSites = new Map();
    this.busy = false;
  }

  #freeName(): string {
    const taken = new Set(this.sites.map((s) => s.name));
    let k = this.sites.length + 1;
    while (taken.has(`Site ${k}`)) k++;
    return `Site ${k}`;
  }
}

/** Bounding box of a site in pixels, given the map → pixel conversion of the image. */
export function siteBox(site: Site, toPixel: (p: Position) => Position): SiteBox {
  const box: SiteBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of site.polygons) {
    for (const [x, y] of polygon[0]) {
      const [c, r] = toPixel([x, y]);
      box[0] = Math.min(box[0], c);
      box[1] = Math.min(box[1], r);
      box[2] = Math.max(box[2], c);
      box[3] = Math.max(box[3], r);
    }
  }
  return box;
}
