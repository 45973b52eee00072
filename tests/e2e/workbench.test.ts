/**
 * Sites, figure, report and recipe in real Chromium: the demo's two sites load with the demo, their
 * cards give the CLI's numbers, two drawn sites get their own cards, and the figure, report and
 * recipe the app downloads are the CLI's (`sitewatch change --sites … --report`) — the figure byte
 * for byte, the report opening offline with no request to any origin.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sitewatch } from '../helpers/cli';
import { BUILD, SHOTS, openApp, type App } from './browser';

let app: App;
let cli: { out: string; summary: any };
const BEFORE = join(BUILD, 'demo/before.tif');
const AFTER = join(BUILD, 'demo/after.tif');
const SITES = join(BUILD, 'demo/sites.geojson');

const cards = (page: Page) => page.getByTestId('site-card');

async function download(page: Page, name: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.getByRole('button', { name, exact: true }).click()]);
  const path = join(mkdtempSync(join(tmpdir(), 'sitewatch-dl-')), dl.suggestedFilename());
  await dl.saveAs(path);
  return readFileSync(path);
}

/** A point of the map given as fractions of its size, in page pixels. */
async function mapPoint(page: Page, [fx, fy]: [number, number]): Promise<[number, number]> {
  const box = (await page.locator('.stage .map').boundingBox())!;
  return [box.x + fx * box.width, box.y + fy * box.height];
}

/** Draws a rectangle: a click at one corner, a click at the opposite one. */
async function clickBox(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.mouse.click(...(await mapPoint(page, from)));
  await page.mouse.move(...(await mapPoint(page, to)), { steps: 5 });
  await page.mouse.click(...(await mapPoint(page, to)));
  await page.waitForTimeout(200);
}

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'sitewatch-e2e-workbench-'));
  const r = sitewatch('change', BEFORE, AFTER, '--out', out, '--quiet', '--sites', SITES, '--report');
  expect(r.code, r.stderr).toBe(0);
  cli = { out, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) };
  app = await openApp();
});

afterAll(async () => {
  await app?.close();
});

describe('sites, figure and report in Chromium', () => {
  it('loads the demo with its two sites and shows a card per site with the CLI’s numbers', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await expect.poll(() => page.getByLabel('Site name').count(), { timeout: 60_000 }).toBe(2);
    expect(await page.getByLabel('Site name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['Old crossing', 'New crossing']);
    await expect.poll(() => page.getByRole('button', { name: 'Detect changes' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByRole('button', { name: 'Detect changes' }).click();
    await expect.poll(() => cards(page).count(), { timeout: 180_000 }).toBe(2);
    const text = await cards(page).allTextContents();
    const [oldSite, newSite] = cli.summary.sites;
    expect(text[0]).toContain('Old crossing');
    expect(text[1]).toContain('New crossing');
    for (const [k, s] of [oldSite, newSite].entries()) {
      expect(text[k]).toContain(`${(s.changedAreaM2 / 1e4).toFixed(s.changedAreaM2 >= 1e4 ? 1 : 2)} ha`);
      expect(text[k]).toContain(`${s.objects} object`);
      expect(text[k]).toContain(`of ${s.validPixels.toLocaleString('en-GB')} valid px`);
    }
    expect(newSite.changedAreaM2).toBeGreaterThan(50 * Math.max(1, oldSite.changedAreaM2));
    await page.screenshot({ path: join(SHOTS, 'workbench-sites-1440.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'workbench-sites-1024.png') });
    for (const size of [
      { width: 1024, height: 700 },
      { width: 1440, height: 900 }
    ]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      // The cards sit below the map, never over its toolbar or its picture.
      const viewer = (await page.locator('.work > .viewer').boundingBox())!;
      for (const card of await cards(page).all()) expect((await card.boundingBox())!.y).toBeGreaterThanOrEqual(viewer.y + viewer.height);
      expect(viewer.height).toBeGreaterThan(300);
      // The scale bar's labels stand apart at every zoom.
      for (const zoom of ['Zoom in', 'Zoom in', 'Zoom out', 'Zoom out', 'Zoom out']) {
        // The text's own extent (the label elements are wider boxes with the text centred).
        const measure = () =>
          page.locator('.ol-scale-step-text').evaluateAll((els) =>
            els.map((e) => {
              const range = document.createRange();
              range.selectNodeContents(e);
              return { text: e.textContent, ...range.getBoundingClientRect().toJSON() };
            })
          );
        // The scale bar is shown again once the map has rendered at its new size.
        await expect.poll(async () => (await measure()).every((l) => l.width > 0)).toBe(true);
        const labels = await measure();
        expect(labels.length).toBeGreaterThanOrEqual(2);
        for (let k = 1; k < labels.length; k++) expect(labels[k].left, JSON.stringify(labels)).toBeGreaterThan(labels[k - 1].right);
        await page.getByTitle(zoom, { exact: true }).click();
        await page.waitForTimeout(400);
      }
      await page.keyboard.press('f');
    }
  });

  it('downloads the CLI’s figure byte for byte, and a report that opens offline naming both inputs’ SHA-256', async () => {
    const { page, context } = app;
    const figure = await download(page, 'Figure (PNG)');
    expect(figure.equals(readFileSync(join(cli.out, 'figure.png')))).toBe(true);
    const recipe = JSON.parse((await download(page, 'Recipe (JSON)')).toString('utf8'));
    expect(recipe).toEqual(JSON.parse(readFileSync(join(cli.out, 'recipe.json'), 'utf8')));
    const html = (await download(page, 'Report (HTML)')).toString('utf8');
    for (const input of cli.summary.inputs) expect(html).toContain(input.sha256);
    const path = join(mkdtempSync(join(tmpdir(), 'sitewatch-report-')), 'report.html');
    writeFileSync(path, html);
    const viewer = await context.newPage();
    const requests: string[] = [];
    viewer.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await context.setOffline(true);
    await viewer.goto(`file://${path}`);
    expect(await viewer.locator('h1').textContent()).toBe('Change from before.tif to after.tif');
    expect(await viewer.locator('figure img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(2400);
    expect(await viewer.locator('table').first().textContent()).toContain('New crossing');
    await viewer.screenshot({ path: join(SHOTS, 'workbench-report.png'), fullPage: false });
    await context.setOffline(false);
    await viewer.close();
    expect(requests).toEqual([]);
  });

  it('draws two sites on the map and reads their cards', async () => {
    const { page } = app;
    for (let k = 0; k < 2; k++)
      await page
        .getByRole('button', { name: /^Delete / })
        .first()
        .click();
    await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(0);
    await page.getByRole('button', { name: 'Rectangle', exact: true }).click();
    await clickBox(page, [0.55, 0.45], [0.75, 0.7]);
    await clickBox(page, [0.15, 0.55], [0.3, 0.7]);
    await page.getByRole('button', { name: 'Rectangle', exact: true }).click();
    await expect.poll(() => cards(page).count(), { timeout: 60_000 }).toBe(2);
    const text = await cards(page).allTextContents();
    expect(text[0]).toContain('Site 1');
    expect(text[1]).toContain('Site 2');
    for (const t of text) expect(t).toMatch(/[\d.]+ ha changed/);
    await page.screenshot({ path: join(SHOTS, 'workbench-drawn-sites.png') });
  });
});

describe('a recipe opened in the app', () => {
  it('brings back the CLI run’s options and sites, and the run gives the CLI’s site numbers', async () => {
    const { page } = app;
    await page.getByTestId('recipe-file').setInputFiles(join(cli.out, 'recipe.json'));
    await expect.poll(() => page.getByText('the next run uses its options exactly').count(), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(() => page.getByLabel('Site name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)), { timeout: 30_000 })
      .toEqual(['Old crossing', 'New crossing']);
    await page.getByRole('button', { name: 'Detect changes' }).click();
    await expect.poll(async () => (await cards(page).allTextContents()).join('|'), { timeout: 180_000 }).toContain('Old crossing');
    const text = await cards(page).allTextContents();
    expect(text).toHaveLength(2);
    expect(text[1]).toContain(`of ${cli.summary.sites[1].validPixels.toLocaleString('en-GB')} valid px`);
    expect(text[1]).toContain(`${cli.summary.sites[1].objects} object`);
    // (The report opened from a file:// page earlier is this test's own doing.)
    expect(app.problems.filter((p) => !p.includes('map container') && !p.includes('file:///'))).toEqual([]);
  });
});

describe('comparing the two dates in Chromium', () => {
  /** The map below its date tags (which name the mode), as pixels. */
  const mapShot = async (page: Page) => {
    const box = (await page.locator('.stage .map').boundingBox())!;
    return page.screenshot({ clip: { x: box.x, y: box.y + 40, width: box.width, height: box.height - 40 } });
  };

  /** How many bytes of two same-size screenshots differ. */
  const differing = (a: Buffer, b: Buffer) => {
    const [x, y] = [decode(a).data, decode(b).data];
    if (x.length !== y.length) return Infinity;
    let n = 0;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
    return n;
  };

  it('flickers between the dates at the chosen rate, pauses on Space, and fades from before to after', async () => {
    const { page } = app;
    await page.locator('.stage .map').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('m'); // mask off: the images alone
    await page.keyboard.press('o');
    await page.keyboard.press('3');
    const fade = page.getByLabel('Fade between before and after');
    await fade.fill('0');
    await page.waitForTimeout(300);
    const mapBox = await page.locator('.stage .map').boundingBox();
    const beforeOnly = await mapShot(page);
    await fade.fill('1');
    await page.waitForTimeout(300);
    await expect.poll(async () => (await mapShot(page)).equals(beforeOnly)).toBe(false);
    const afterOnly = await mapShot(page);
    await fade.fill('0.5');
    await page.waitForTimeout(300);
    await expect
      .poll(async () => {
        const half = await mapShot(page);
        return half.equals(beforeOnly) || half.equals(afterOnly);
      })
      .toBe(false);

    await page.locator('.stage .map').click({ position: { x: 5, y: 5 } }); // keys go to the map, not the slider
    await page.keyboard.press('2');
    const date = page.getByTestId('flicker-date');
    const seen = new Set<string>();
    for (let k = 0; k < 12 && seen.size < 2; k++) {
      seen.add((await date.textContent()) ?? '');
      await page.waitForTimeout(250);
    }
    expect([...seen].sort()).toEqual(['After', 'Before']);
    await page.keyboard.press(' ');
    await page.waitForTimeout(300);
    const held = await date.textContent();
    await page.waitForTimeout(1500);
    expect(await date.textContent()).toBe(held);
    if (held !== 'Before') await page.keyboard.press('.');
    await expect.poll(() => date.textContent()).toBe('Before');
    await page.waitForTimeout(300);
    // Flicker's before is fade at 0, pixel for pixel: the map neither moved nor changed size with the controls.
    expect(await page.locator('.stage .map').boundingBox()).toEqual(mapBox);
    expect(differing(await mapShot(page), beforeOnly)).toBe(0);
    await page.keyboard.press('.');
    await expect.poll(() => date.textContent()).toBe('After');
    await page.waitForTimeout(300);
    expect(differing(await mapShot(page), afterOnly)).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'workbench-flicker.png') });

    // Measuring a known distance: the two points' map coordinates as the status bar shows them.
    await page.keyboard.press('1');
    const coords = async (p: [number, number]) => {
      const shown = (await page.locator('.coords').textContent()) ?? '';
      await page.mouse.move(...(await mapPoint(page, p)));
      // The status bar follows the pointer on the next frame: wait for it to show the new position.
      const hit: { m: RegExpExecArray | null } = { m: null };
      await expect
        .poll(async () => {
          const text = (await page.locator('.coords').textContent()) ?? '';
          hit.m = text === shown ? null : /x ([\d.]+) m\s+y ([\d.]+) m/.exec(text);
          return hit.m !== null;
        })
        .toBe(true);
      return [Number(hit.m![1]), Number(hit.m![2])];
    };
    const [ax, ay] = await coords([0.3, 0.3]);
    const [bx, by] = await coords([0.7, 0.6]);
    await page.getByRole('button', { name: 'Measure distance', exact: true }).click();
    await page.mouse.click(...(await mapPoint(page, [0.3, 0.3])));
    await page.mouse.dblclick(...(await mapPoint(page, [0.7, 0.6])));
    await expect.poll(() => page.getByTestId('measured').count()).toBe(1);
    const text = (await page.getByTestId('measured').textContent())!;
    const metres = text.endsWith(' km') ? 1000 * parseFloat(text) : parseFloat(text);
    // UTM grid distance vs the geodesic on the sphere: within 0.5 % here (scale factor and sphere vs ellipsoid).
    expect(Math.abs(metres / Math.hypot(bx - ax, by - ay) - 1)).toBeLessThan(0.005);
    await page.screenshot({ path: join(SHOTS, 'workbench-measure.png') });
    await page.getByRole('button', { name: 'Measure distance', exact: true }).click();
    await page.getByRole('button', { name: 'Clear the measurements', exact: true }).click();

    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'workbench-keys.png') });
    await page.keyboard.press('Escape');
    await page.keyboard.press('1');
    await page.keyboard.press('m');
    await page.keyboard.press('o');
  });
});

describe('display stretch and bands in Chromium', () => {
  it('redraws the view with the chosen bands and stretch, and the figure is the CLI’s for the recipe that carries them', async () => {
    const { page } = app;
    const map = page.locator('.stage .map');
    const plain = await map.screenshot();
    const before = page.getByRole('group', { name: 'Before display' });
    await expect.poll(() => page.getByTestId('before-ranges').textContent()).toMatch(/^R [\d.]+–[\d.]+ · G .* · B /);
    const defaultRanges = await page.getByTestId('before-ranges').textContent();
    await before.getByLabel('Before R band').selectOption('4');
    await before.getByLabel('Before stretch').selectOption('stddev');
    await page.getByRole('group', { name: 'After display' }).getByLabel('After stretch').selectOption('minmax');
    await expect.poll(() => page.getByTestId('before-ranges').textContent(), { timeout: 30_000 }).not.toBe(defaultRanges);
    await expect.poll(async () => (await map.screenshot()).equals(plain), { timeout: 30_000 }).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'workbench-display-1440.png') });

    const recipeBytes = await download(page, 'Recipe (JSON)');
    const recipe = JSON.parse(recipeBytes.toString('utf8'));
    expect(recipe.report.display).toEqual({
      before: { bands: [4, 2, 1], stretch: { kind: 'stddev', amount: 2 } },
      after: { bands: null, stretch: { kind: 'minmax', amount: 0 } }
    });
    const figure = await download(page, 'Figure (PNG)');
    const dir = mkdtempSync(join(tmpdir(), 'sitewatch-e2e-display-'));
    writeFileSync(join(dir, 'recipe.json'), recipeBytes);
    const r = sitewatch('change', BEFORE, AFTER, '--out', join(dir, 'out'), '--quiet', '--recipe', join(dir, 'recipe.json'), '--report');
    expect(r.code, r.stderr).toBe(0);
    expect(figure.equals(readFileSync(join(dir, 'out', 'figure.png')))).toBe(true);
    expect(figure.equals(readFileSync(join(cli.out, 'figure.png')))).toBe(false);

    for (const side of ['Before', 'After'])
      await page
        .getByRole('group', { name: `${side} display` })
        .getByRole('button', { name: 'default' })
        .click();
    await expect.poll(() => page.getByTestId('before-ranges').textContent(), { timeout: 30_000 }).toBe(defaultRanges);
    await expect.poll(async () => (await map.screenshot()).equals(plain), { timeout: 30_000 }).toBe(true);
    // (After the comparison: a resized window may re-centre the map.)
    await page.getByRole('group', { name: 'Before display' }).getByLabel('Before stretch').selectOption('minmax');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole('region', { name: 'Display' }).scrollIntoViewIfNeeded();
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(SHOTS, 'workbench-display-1024.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('group', { name: 'Before display' }).getByRole('button', { name: 'default' }).click();
  });
});

describe('the session in Chromium', () => {
  const siteNames = (page: Page) => page.getByLabel('Site name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

  it('survives a reload: both inputs, the sites and the figure settings; and is gone once cleared', async () => {
    const { page } = app;
    await page.getByPlaceholder('Change from before to after').fill('Two crossings, one new');
    const names = await siteNames(page);
    expect(names.length).toBeGreaterThan(0);
    await page.waitForTimeout(500); // the saving writes are asynchronous
    await page.reload();
    await expect.poll(() => siteNames(page), { timeout: 60_000 }).toEqual(names);
    await expect.poll(() => page.getByRole('button', { name: 'Detect changes' }).isEnabled(), { timeout: 60_000 }).toBe(true);
    expect(await page.locator('.input').first().textContent()).toContain('before.tif');
    expect(await page.locator('.input').nth(1).textContent()).toContain('after.tif');
    expect(await page.getByText(/Session saved in this browser · [\d.]+ MiB/).count()).toBe(1);
    await page.getByRole('button', { name: 'Detect changes' }).click();
    await expect.poll(() => cards(page).count(), { timeout: 180_000 }).toBe(names.length);
    expect(await page.getByPlaceholder('Change from before to after').inputValue()).toBe('Two crossings, one new');
    await page.screenshot({ path: join(SHOTS, 'workbench-restored.png') });

    await page.getByRole('button', { name: 'Clear this session' }).click();
    await expect.poll(() => page.getByLabel('Site name').count()).toBe(0);
    await page.waitForTimeout(300);
    await page.reload();
    await page.waitForTimeout(2000);
    expect(await page.getByLabel('Site name').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Detect changes' }).isEnabled()).toBe(false);
  });
});
