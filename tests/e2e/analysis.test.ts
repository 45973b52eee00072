/**
 * The analysis workbench in real Chromium: a chosen method and threshold, the change objects, a
 * moved threshold and the accuracy check must all give the numbers and bytes of the CLI.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sitewatch } from '../helpers/cli';
import { BUILD, SHOTS, openApp, summaryCount, type App } from './browser';

let app: App;
const BEFORE = join(BUILD, 'demo/before.tif');
const AFTER = join(BUILD, 'demo/after.tif');
const TRUTH = join(BUILD, 'demo/truth.tif');

interface CliRun {
  out: string;
  summary: any;
  csv: string;
  accuracy: any;
}

/** `sitewatch change … --out DIR` and `sitewatch evaluate` of its mask against the demo truth. */
function cliRun(...args: string[]): CliRun {
  const out = mkdtempSync(join(tmpdir(), 'sitewatch-e2e-analysis-'));
  const r = sitewatch('change', BEFORE, AFTER, '--out', out, '--quiet', ...args);
  expect(r.code, r.stderr).toBe(0);
  const json = join(out, 'accuracy.json');
  const e = sitewatch('evaluate', '--mask', join(out, 'mask.tif'), '--truth', TRUTH, '--json', json);
  expect(e.code, e.stderr).toBe(0);
  return {
    out,
    summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')),
    csv: readFileSync(join(out, 'objects.csv'), 'utf8'),
    accuracy: JSON.parse(readFileSync(json, 'utf8'))
  };
}

const dataLines = (csv: string) => csv.split('\r\n').filter((l) => l !== '').length - 1;

let irmad: CliRun;
let moved: CliRun;
/** A threshold between KI's and the bulk of the change, in χ² (Z). */
const MOVED_THRESHOLD = 120;

const summaryRegion = (page: Page) => page.getByRole('region', { name: 'Change summary' });
const accuracyRegion = (page: Page) => page.getByRole('region', { name: 'Accuracy' });
const objectRows = (page: Page) => page.getByRole('table', { name: 'Change objects' }).locator('tbody tr');

async function term(region: ReturnType<typeof summaryRegion>, name: string): Promise<string> {
  return ((await region.locator(`dt:text-is("${name}") + dd`).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Longitude and latitude may differ in their last bits: Chromium's V8 and Node's V8 round sin,
 * cos, atan2… differently by an ulp, and proj4 uses them. (exp is made the same in the worker, see
 * src/lib/worker/deterministic-math.ts; a deterministic libm for proj4 is not there yet.)
 * Everything else must be identical.
 */
const RELATIVE_TOLERANCE = 1e-13;
const LON_LAT = new Set(['centroid_lon_deg', 'centroid_lat_deg']);

function sameNumberish(a: unknown, b: unknown, path: string): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a !== b) expect(Math.abs(a - b), path).toBeLessThanOrEqual(RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)));
  } else if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, path).toBe(b.length);
    a.forEach((x, i) => sameNumberish(x, b[i], `${path}[${i}]`));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a), path).toEqual(Object.keys(b));
    for (const k of Object.keys(a)) sameNumberish((a as any)[k], (b as any)[k], `${path}.${k}`);
  } else expect(a, path).toBe(b);
}

/** objects.csv as the CLI wrote it, up to the last bits of floating-point fields (see sameNumberish). */
function expectSameCsv(app: string, cli: string): void {
  const rows = (t: string) => t.split('\r\n').map((line) => line.split(','));
  const a = rows(app);
  const b = rows(cli);
  expect(a.length).toBe(b.length);
  expect(a[0]).toEqual(b[0]);
  a.forEach((row, i) =>
    row.forEach((field, j) => {
      const other = b[i][j];
      if (field === other) return;
      expect(LON_LAT.has(b[0][j]), `${b[0][j]} of row ${i}: ${field} vs ${other}`).toBe(true);
      sameNumberish(Number(field), Number(other), `${b[0][j]} of row ${i}`);
    })
  );
}

/** The whole number a row's value starts with ("2,877 (8-connected regions)" → 2877). */
async function leadingCount(region: ReturnType<typeof summaryRegion>, name: string): Promise<number> {
  return Number((/^[\d,]+/.exec(await term(region, name))?.[0] ?? 'NaN').replace(/,/g, ''));
}

async function download(page: Page, name: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
  const path = join(mkdtempSync(join(tmpdir(), 'sitewatch-dl-')), dl.suggestedFilename());
  await dl.saveAs(path);
  return readFileSync(path);
}

/** Waits for the summary to settle and the outlines to arrive. */
async function settled(page: Page): Promise<void> {
  await expect.poll(() => summaryRegion(page).count(), { timeout: 120_000 }).toBe(1);
  await expect.poll(() => summaryRegion(page).getAttribute('aria-busy'), { timeout: 60_000 }).not.toBe('true');
  await expect.poll(() => page.getByRole('checkbox', { name: /^Outlines/ }).isEnabled(), { timeout: 60_000 }).toBe(true);
}

beforeAll(async () => {
  irmad = cliRun('--method', 'irmad', '--threshold', 'ki');
  moved = cliRun('--method', 'irmad', '--threshold', String(MOVED_THRESHOLD));
  app = await openApp();
});

afterAll(async () => {
  await app?.close();
});

describe('analysis in Chromium', () => {
  it('runs IR-MAD with Kittler–Illingworth and shows the CLI’s numbers and canonical correlations', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Detect changes' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByRole('radio', { name: 'IR-MAD', exact: true }).check();
    await page.getByRole('radio', { name: 'Kittler–Illingworth', exact: true }).check();
    await page.getByRole('button', { name: 'Detect changes' }).click();
    await settled(page);

    expect(await summaryCount(page, 'Changed pixels')).toBe(irmad.summary.changedPixels);
    expect(await summaryCount(page, 'Valid pixels')).toBe(irmad.summary.validPixels);
    expect(await leadingCount(summaryRegion(page), 'Change objects')).toBe(irmad.summary.objects);
    const rho = await term(summaryRegion(page), 'Canonical correlations');
    for (const r of irmad.summary.irmad.canonicalCorrelations as number[]) expect(rho).toContain(r.toFixed(4));
    expect(await term(summaryRegion(page), 'IR-MAD iterations')).toContain(String(irmad.summary.irmad.iterations));
    expect(await term(summaryRegion(page), 'Recipe')).toMatch(/IR-MAD.*Kittler–Illingworth.*no cleaning/);
    await page.screenshot({ path: join(SHOTS, 'analysis-irmad.png') });
  });

  it('lists as many objects as the CLI’s objects.csv and zooms to the one clicked', async () => {
    const { page } = app;
    expect(await objectRows(page).count()).toBe(dataLines(irmad.csv));
    // Sortable: by id ascending the first row is object 1; by area (the default, descending) the largest.
    await page.getByRole('button', { name: /^#/ }).click();
    expect(await objectRows(page).first().getAttribute('data-id')).toBe('1');
    await page.getByRole('button', { name: /^Area/ }).click();
    const largest = irmad.csv
      .split('\r\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split(',').map(Number))
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
    expect(await objectRows(page).first().getAttribute('data-id')).toBe(String(largest));
    const scale = page.getByLabel('View scale');
    const before = await scale.textContent();
    const first = objectRows(page).first();
    await first.click();
    await expect.poll(() => first.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => scale.textContent(), { timeout: 5000 }).not.toBe(before);
    await page.waitForTimeout(400); // let the zoom animation finish for the picture
    await page.screenshot({ path: join(SHOTS, 'analysis-object.png') });
  });

  it('downloads the CLI’s magnitude, mask, summary and objects (lon/lat up to an ulp)', async () => {
    const { page } = app;
    expect((await download(page, 'Download magnitude (GeoTIFF)')).equals(readFileSync(join(irmad.out, 'magnitude.tif')))).toBe(true);
    expect((await download(page, 'Download mask (GeoTIFF)')).equals(readFileSync(join(irmad.out, 'mask.tif')))).toBe(true);
    for (const extra of ['mad1', 'pNoChange']) {
      expect((await download(page, `Download ${extra} (GeoTIFF)`)).equals(readFileSync(join(irmad.out, `${extra}.tif`))), extra).toBe(true);
    }
    const summary = JSON.parse((await download(page, 'Download summary (JSON)')).toString('utf8'));
    for (const key of ['method', 'threshold', 'magnitudeUnit', 'changedPixels', 'thresholdedPixels', 'recipe', 'magnitudeStats', 'fit', 'irmad', 'objects']) {
      expect(summary[key], key).toEqual(irmad.summary[key]);
    }
    expectSameCsv((await download(page, 'Download objects (CSV)')).toString('utf8'), irmad.csv);
    // In the image's CRS the outlines are affine maps of pixel corners: byte for byte the CLI's.
    expect((await download(page, 'Download objects (GeoJSON, image CRS)')).equals(readFileSync(join(irmad.out, 'objects-crs.geojson')))).toBe(true);
    const wgs84 = JSON.parse((await download(page, 'Download objects (GeoJSON, WGS 84)')).toString('utf8'));
    sameNumberish(wgs84, JSON.parse(readFileSync(join(irmad.out, 'objects.geojson'), 'utf8')), 'objects.geojson');
  });

  it('scores the mask against the demo truth as `sitewatch evaluate` does', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Load demo truth' }).click();
    const region = accuracyRegion(page);
    await expect.poll(() => region.locator('dt:text-is("Cohen\'s κ")').count(), { timeout: 30_000 }).toBe(1);
    expect(await term(region, "Cohen's κ")).toBe(irmad.accuracy.kappa.toFixed(4));
    expect(await term(region, 'F1')).toBe(irmad.accuracy.f1.toFixed(4));
    expect(await term(region, 'Precision')).toBe(irmad.accuracy.precision.toFixed(4));
    expect(await term(region, 'Recall')).toBe(irmad.accuracy.recall.toFixed(4));
    expect(await term(region, 'IoU')).toBe(irmad.accuracy.iou.toFixed(4));
    expect(await term(region, 'Overall accuracy')).toBe(irmad.accuracy.overallAccuracy.toFixed(4));
    expect(JSON.parse((await download(page, 'Download accuracy (JSON)')).toString('utf8'))).toEqual(irmad.accuracy);
    await page.getByRole('button', { name: 'Fit to image' }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'analysis-accuracy.png') });
  });

  it('moves the threshold without re-running: summary, objects and scores follow, as the CLI gives them', async () => {
    const { page } = app;
    const input = page.getByRole('spinbutton', { name: 'Threshold value' });
    await input.fill(String(MOVED_THRESHOLD));
    await input.press('Enter');
    await expect.poll(() => summaryCount(page, 'Changed pixels'), { timeout: 30_000 }).toBe(moved.summary.changedPixels);
    await settled(page);
    expect(await leadingCount(summaryRegion(page), 'Change objects')).toBe(moved.summary.objects);
    expect(await objectRows(page).count()).toBe(dataLines(moved.csv));
    await expect.poll(() => term(accuracyRegion(page), "Cohen's κ"), { timeout: 30_000 }).toBe(moved.accuracy.kappa.toFixed(4));
    expectSameCsv((await download(page, 'Download objects (CSV)')).toString('utf8'), moved.csv);
    expect((await download(page, 'Download mask (GeoTIFF)')).equals(readFileSync(join(moved.out, 'mask.tif')))).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'analysis-moved.png') });
  });

  it('shows CVA’s direction classes with a legend and the class of each object', async () => {
    const { page } = app;
    await page.getByRole('radio', { name: 'Change vector analysis (CVA)', exact: true }).check();
    await page.getByRole('radio', { name: 'Method default', exact: true }).check();
    await page.getByRole('button', { name: 'Detect changes' }).click();
    await expect.poll(() => page.getByLabel('Direction classes').count(), { timeout: 60_000 }).toBe(1);
    await settled(page);
    const legend = (await page.getByLabel('Direction classes').textContent()) ?? '';
    for (const name of ['built-up gain', 'vegetation loss', 'brightening', 'darkening', 'other']) expect(legend).toContain(name);
    expect(await page.getByRole('checkbox', { name: 'Direction' }).isChecked()).toBe(true);
    const header = await page.getByRole('table', { name: 'Change objects' }).locator('thead').textContent();
    expect(header).toContain('Direction');
    await page.getByRole('checkbox', { name: 'Errors' }).uncheck();
    await page.screenshot({ path: join(SHOTS, 'analysis-cva.png') });
  });

  it('made no request to another origin and logged no error', () => {
    expect(app.problems).toEqual([]);
  });
});
