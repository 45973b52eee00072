/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline: at install, caches every file of the build — the list written by
 * scripts/list-build.js (which, unlike `$service-worker`'s `build`, includes the worker chunks and
 * the .wasm) — then serves same-origin GETs cache-first. One cache per build `version`.
 */
import { build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `sitewatch-${version}`;
const scope = new URL(sw.registration.scope);

/** Every file of this build, as absolute URLs; falls back to Kit's lists when the full list is missing (dev). */
async function precacheList(): Promise<string[]> {
  const kit = [...build, ...files, ...prerendered].map((p) => new URL(p, scope).href);
  try {
    const res = await fetch(new URL('precache.json', scope), { cache: 'no-store' });
    if (!res.ok) return kit;
    const listed = ((await res.json()) as string[]).map((p) => new URL(p, scope).href);
    return [...new Set([...listed, ...kit])];
  } catch {
    return kit;
  }
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(await precacheList());
      await sw.skipWaiting();
    })()
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })()
  );
});

/** A directory URL is stored as its index.html (adapter-static writes /index.html for /). */
function candidates(url: URL): string[] {
  const u = new URL(url.href);
  u.search = '';
  u.hash = '';
  if (u.pathname.endsWith('/')) return [u.href, `${u.href}index.html`];
  return [u.href, `${u.href}.html`];
}

sw.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== sw.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const key of candidates(url)) {
        const hit = await cache.match(key);
        if (hit) return hit;
      }
      return fetch(event.request);
    })()
  );
});
