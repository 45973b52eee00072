#!/usr/bin/env node
/**
 * A tiny static server for the built app (`build/`), for local use and tests. `vite preview`
 * serves .svelte-kit/output instead, and the app needs application/wasm to compile its kernels.
 *
 *   node scripts/serve.js [dir=build] [port=$PORT|4173] [--open-demo]
 *
 * Also importable: `const { url, close } = await serve('build', 0)`.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8'
};

/** The file a URL path maps to (`/` → index.html, `/about` → about.html), or null outside root. */
async function locate(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return null;
  const candidates = path.endsWith('/') ? [join(file, 'index.html')] : [file, `${file}.html`, join(file, 'index.html')];
  for (const c of candidates) {
    const s = await stat(c).catch(() => null);
    if (s?.isFile()) return { file: c, size: s.size };
  }
  return null;
}

/**
 * Serves `dir` on 127.0.0.1:`port` (0 = any free port). Resolves once listening.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function serve(dir = 'build', port = 4173) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const found = await locate(root, pathname);
    if (!found) {
      if (process.env.SERVE_LOG) console.error(`serve: 404 ${pathname}`);
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(found.file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': found.size,
      // Hashed assets never change; everything else is revalidated so a rebuild shows at once.
      'cache-control': pathname.includes('/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff'
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(found.file).pipe(res);
  });
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolveListen({
        url: `http://127.0.0.1:${actual}/`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          })
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const positional = args.filter((a) => !a.startsWith('--'));
  const dir = positional[0] ?? 'build';
  const port = Number(positional[1] ?? process.env.PORT ?? 4173);
  const { url } = await serve(dir, port).catch((err) => {
    console.error(`Could not serve ${dir} on port ${port}: ${err.message}`);
    process.exit(1);
  });
  console.log(`Sitewatch is served from ${resolve(dir)} at ${url}`);
  if (args.includes('--open-demo')) console.log(`Open ${url} in a browser and press "Try the demo".`);
  console.log('Press Ctrl+C to stop.');
}
