/**
 * The main thread's handle on the Sitewatch worker (after squoosh's WorkerBridge): the worker
 * starts on first use, and a cancel the worker does not honour within a grace period becomes a
 * hard stop — terminate and start afresh — because a stuck worker must never freeze the app.
 */
import * as Comlink from 'comlink';
import type { SitewatchWorkerApi } from './api';

/** How long a cancelled call may take to stop by itself before the worker is terminated. */
export const HARD_STOP_MS = 2000;

export type WorkerApi = Comlink.Remote<SitewatchWorkerApi>;

export class WorkerBridge {
  #worker: Worker | null = null;
  #api: WorkerApi | null = null;
  /** Rejects every call in flight when the worker is terminated (Comlink would leave them pending). */
  #terminated: { promise: Promise<never>; reject: (e: Error) => void } | null = null;
  #onRestart = new Set<() => void>();

  /** Calls the worker; rejects with AbortError if the worker is terminated before it answers. */
  call<T>(fn: (api: WorkerApi) => Promise<T>): Promise<T> {
    const api = this.#start();
    return Promise.race([fn(api), this.#terminated!.promise]);
  }

  /**
   * Asks the worker to cancel; if `pending` has not settled HARD_STOP_MS later, terminates the
   * worker (everything it held is lost) and tells the `onRestart` listeners. Resolves to true
   * when a hard stop was needed.
   */
  async cancel(pending: Promise<unknown> | null, graceMs = HARD_STOP_MS): Promise<boolean> {
    if (!this.#api) return false;
    this.#api.cancel().catch(() => undefined);
    if (!pending) return false;
    const settled = await Promise.race([
      pending.then(
        () => true,
        () => true
      ),
      new Promise<false>((r) => setTimeout(() => r(false), graceMs))
    ]);
    if (settled) return false;
    this.terminate();
    for (const listener of this.#onRestart) listener();
    return true;
  }

  /** Wraps a callback so the worker can call it (e.g. progress); pass the result as an argument. */
  callback<F extends (...args: never[]) => unknown>(fn: F): F {
    return Comlink.proxy(fn);
  }

  /** Registers a listener for hard stops (whatever the worker held must be loaded again). */
  onRestart(listener: () => void): () => void {
    this.#onRestart.add(listener);
    return () => this.#onRestart.delete(listener);
  }

  /** Stops the worker now; the next call starts a fresh one. */
  terminate(): void {
    if (!this.#worker) return;
    this.#worker.terminate();
    this.#terminated?.reject(new DOMException('The worker was stopped', 'AbortError'));
    this.#worker = null;
    this.#api = null;
    this.#terminated = null;
  }

  #start(): WorkerApi {
    if (this.#api) return this.#api;
    // Kept literal so Vite bundles the worker and its wasm as separate chunks.
    this.#worker = new Worker(new URL('./sitewatch.worker.ts', import.meta.url), { type: 'module' });
    this.#api = Comlink.wrap<SitewatchWorkerApi>(this.#worker);
    let reject!: (e: Error) => void;
    const promise = new Promise<never>((_, rej) => (reject = rej));
    promise.catch(() => undefined);
    this.#terminated = { promise, reject };
    return this.#api;
  }
}
