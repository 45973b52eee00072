/**
 * The session kept across reloads and browser restarts, offline, in IndexedDB (through `idb`):
 * the two input files (stored once each, as the File the analyst gave), the sites and the figure
 * settings. Persistent storage is asked for, so the browser does not evict it under pressure.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { ReportSettings } from '../core/report/settings';
import type { Slot } from '../worker/api';
import type { Site } from './sites.svelte';

const DB = 'sitewatch-session';
const STORE = 'session';

export interface SavedSession {
  before?: File;
  after?: File;
  sites?: Site[];
  report?: ReportSettings;
}

export class SavedSessionStore {
  /** Bytes the origin uses, and may use (navigator.storage.estimate), when known. */
  usage = $state<{ used: number; quota: number } | null>(null);
  persistent = $state<boolean | null>(null);
  #db: Promise<IDBPDatabase> | null = null;

  #open(): Promise<IDBPDatabase> {
    this.#db ??= openDB(DB, 1, {
      upgrade(db) {
        db.createObjectStore(STORE);
      }
    });
    return this.#db;
  }

  async load(): Promise<SavedSession> {
    const db = await this.#open();
    const [before, after, sites, report] = await Promise.all(['before', 'after', 'sites', 'report'].map((k) => db.get(STORE, k)));
    return { before, after, sites, report };
  }

  async saveFile(slot: Slot, file: File): Promise<void> {
    await (await this.#open()).put(STORE, file, slot);
    void this.measure();
  }

  async saveSites(sites: Site[]): Promise<void> {
    await (await this.#open()).put(STORE, sites, 'sites');
  }

  async saveReport(report: ReportSettings): Promise<void> {
    await (await this.#open()).put(STORE, report, 'report');
  }

  async clear(): Promise<void> {
    await (await this.#open()).clear(STORE);
    void this.measure();
  }

  /** Asks once for persistent storage and reads how much is used. */
  async measure(): Promise<void> {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!storage) return;
    if (this.persistent === null) this.persistent = storage.persist ? await storage.persist().catch(() => false) : false;
    const e = await storage.estimate?.().catch(() => null);
    if (e && e.usage !== undefined && e.quota !== undefined) this.usage = { used: e.usage, quota: e.quota };
  }
}
