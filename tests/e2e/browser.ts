import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { serve } from '../../scripts/serve.js';
import { ROOT } from '../helpers/cli';

export const BUILD = resolve(ROOT, 'build');
export const SHOTS = resolve(ROOT, 'test-results');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

export interface App {
  url: string;
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and requests to any other origin seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/** The built app served on loopback, opened in Debian's Chromium with a fresh profile. */
export async function openApp(): Promise<App> {
  const server = await serve(BUILD, 0);
  const profile = mkdtempSync(join(tmpdir(), 'sitewatch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 }
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  context.on('request', (r) => {
    const u = new URL(r.url());
    if (!['blob:', 'data:'].includes(u.protocol) && u.origin !== new URL(server.url).origin) problems.push(`foreign request: ${r.url()}`);
  });
  await page.goto(server.url);
  return {
    url: server.url,
    context,
    page,
    problems,
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    }
  };
}

/** Drops a file that the server serves onto the drop zone of the slot labelled `label`. */
export async function dropServedFile(page: Page, label: string, urlPath: string, name: string): Promise<void> {
  const zone = page.locator('div.drop').filter({ has: page.getByLabel(label, { exact: true }) });
  const handle = await page.evaluateHandle(
    async ([path, fileName]) => {
      const blob = await (await fetch(path)).blob();
      const dt = new DataTransfer();
      dt.items.add(new File([blob], fileName, { type: 'image/tiff' }));
      return dt;
    },
    [urlPath, name] as const
  );
  await zone.dispatchEvent('dragover', { dataTransfer: handle });
  await zone.dispatchEvent('drop', { dataTransfer: handle });
}

/** The integer in the summary row named `term` (e.g. "Changed pixels"). */
export async function summaryCount(page: Page, term: string): Promise<number> {
  const region = page.getByRole('region', { name: 'Change summary' });
  const dd = region.locator(`dt:text-is("${term}") + dd`);
  const text = (await dd.textContent()) ?? '';
  return Number(text.split(' px')[0].replace(/[^0-9]/g, ''));
}
