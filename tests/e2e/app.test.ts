import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPair, sitewatch } from '../helpers/cli';
import { BUILD, SHOTS, dropServedFile, openApp, summaryCount, type App } from './browser';

let app: App;
let cli: { out: string; summary: any };
const summaryRegion = () => app.page.getByRole('region', { name: 'Change summary' });

/** Clicks a download button and returns the downloaded bytes. */
async function download(name: string): Promise<Buffer> {
  const [dl] = await Promise.all([app.page.waitForEvent('download'), app.page.getByRole('button', { name }).click()]);
  const path = join(mkdtempSync(join(tmpdir(), 'sitewatch-dl-')), dl.suggestedFilename());
  await dl.saveAs(path);
  return readFileSync(path);
}

async function detect(): Promise<void> {
  await app.page.getByRole('button', { name: 'Detect changes' }).click();
  await expect.poll(() => summaryRegion().count(), { timeout: 60_000 }).toBe(1);
  await expect.poll(() => summaryRegion().getAttribute('aria-busy'), { timeout: 60_000 }).not.toBe('true');
}

beforeAll(async () => {
  // The CLI's numbers for the very files the built app bundles as its demo.
  const out = mkdtempSync(join(tmpdir(), 'sitewatch-e2e-cli-'));
  const r = sitewatch('change', join(BUILD, 'demo/before.tif'), join(BUILD, 'demo/after.tif'), '--out', out);
  expect(r.code, r.stderr).toBe(0);
  cli = { out, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) };
  app = await openApp();
});

afterAll(async () => {
  await app?.close();
});

describe('the app in Chromium', () => {
  it('loads dropped images, detects change and shows the CLI’s numbers', async () => {
    const { page } = app;
    await page.getByLabel('Before image', { exact: true }).setInputFiles(join(BUILD, 'demo/before.tif'));
    await dropServedFile(page, 'After image', '/demo/after.tif', 'after.tif');
    await expect.poll(() => page.getByRole('button', { name: 'Detect changes' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByText('UTM zone 37N').count()).toBeGreaterThan(0);
    await detect();
    await page.screenshot({ path: join(SHOTS, 'result.png') });

    expect(await summaryCount(page, 'Changed pixels')).toBe(cli.summary.changedPixels);
    expect(await summaryCount(page, 'Valid pixels')).toBe(cli.summary.validPixels);
    const text = (await summaryRegion().textContent()) ?? '';
    expect(text).toContain(`${(100 * cli.summary.changedFraction).toFixed(2)} %`);
    expect(text).toMatch(/ha/);
    expect(text).toMatch(/m²/);
  });

  it('downloads GeoTIFFs byte-identical to the CLI’s and the summary', async () => {
    expect((await download('Download magnitude (GeoTIFF)')).equals(readFileSync(join(cli.out, 'magnitude.tif')))).toBe(true);
    expect((await download('Download mask (GeoTIFF)')).equals(readFileSync(join(cli.out, 'mask.tif')))).toBe(true);
    const summary = JSON.parse((await download('Download summary (JSON)')).toString('utf8'));
    for (const key of ['method', 'threshold', 'width', 'height', 'bands', 'validPixels', 'changedPixels', 'changedFraction', 'pixelAreaM2', 'changedAreaM2']) {
      expect(summary[key], key).toEqual(cli.summary[key]);
    }
    expect(summary.inputs.map((i: any) => i.sha256)).toEqual(cli.summary.inputs.map((i: any) => i.sha256));
  });

  it('names a corrupt file and keeps the earlier result', async () => {
    const { page } = app;
    const bad = join(mkdtempSync(join(tmpdir(), 'sitewatch-bad-')), 'broken.tif');
    const good = readFileSync(join(BUILD, 'demo/after.tif'));
    writeFileSync(bad, good.subarray(0, 4096));
    await page.getByLabel('After image', { exact: true }).setInputFiles(bad);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/broken\.tif/);
    expect(await summaryCount(page, 'Changed pixels')).toBe(cli.summary.changedPixels);
    await page.screenshot({ path: join(SHOTS, 'error.png') });
  });

  it('names an after image of another size, without georeferencing, that cannot be aligned, as soon as it is loaded', async () => {
    const { page } = app;
    const small = join(mkdtempSync(join(tmpdir(), 'sitewatch-small-')), 'small.png');
    execFileSync('gdal_translate', ['-q', '-of', 'PNG', '-b', '1', '-srcwin', '0', '0', '64', '48', join(BUILD, 'demo/after.tif'), small]);
    await page.getByLabel('After image', { exact: true }).setInputFiles(small);
    await expect.poll(() => page.getByText('small.png').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/small\.png: automatic alignment is unreliable/).count(), { timeout: 60_000 }).toBe(1);
    expect(await page.getByRole('button', { name: 'Detect changes' }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'mismatch.png') });
  });

  it('cancels a run and stays usable', async () => {
    const { page } = app;
    const big = demoPair('e2e-big', '--width', '6000', '--height', '4000');
    await page.getByLabel('Before image', { exact: true }).setInputFiles(big.before);
    await page.getByLabel('After image', { exact: true }).setInputFiles(big.after);
    await expect.poll(() => page.getByRole('button', { name: 'Detect changes' }).isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.getByRole('button', { name: 'Detect changes' }).click();
    await page.getByRole('progressbar').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('progressbar').count(), { timeout: 20_000 }).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'cancelled.png') });
    // Usable afterwards: the demo runs to the same numbers as before. Wait for the demo's files
    // themselves to be loaded (not for a button state, which the previous pair also satisfies).
    await page.getByRole('button', { name: 'Try the demo' }).click();
    const demoLoaded = async () => {
      const sizes = await page.locator('dl.card dd', { hasText: ' px' }).allTextContents();
      return sizes.length === 2 && !sizes.some((t) => /6\D?000 × 4\D?000/.test(t));
    };
    await expect.poll(demoLoaded, { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Detect changes' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    await detect();
    expect(await summaryCount(page, 'Changed pixels')).toBe(cli.summary.changedPixels);
  });

  it('works offline once installed: every built file is cached, the demo runs after a reload', async () => {
    const { page, context } = app;
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const precache: string[] = JSON.parse(readFileSync(join(BUILD, 'precache.json'), 'utf8'));
    await expect
      .poll(
        () =>
          page.evaluate(async (urls) => {
            const missing: string[] = [];
            for (const u of urls) if (!(await caches.match(new URL(u, location.origin).href))) missing.push(u);
            return missing;
          }, precache),
        { timeout: 30_000 }
      )
      .toEqual([]);
    expect(precache.some((u) => u.endsWith('.wasm'))).toBe(true);
    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByRole('button', { name: 'Try the demo' }).click();
      await expect.poll(() => page.getByRole('button', { name: 'Detect changes' }).isEnabled(), { timeout: 30_000 }).toBe(true);
      await detect();
      expect(await summaryCount(page, 'Changed pixels')).toBe(cli.summary.changedPixels);
      await page.screenshot({ path: join(SHOTS, 'offline.png') });
    } finally {
      await context.setOffline(false);
    }
  });

  it('made no request to another origin and logged no error', () => {
    expect(app.problems.filter((p) => !p.includes('broken.tif'))).toEqual([]);
  });
});
