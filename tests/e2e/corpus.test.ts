/**
 * The bad-input corpus in real Chromium: one case of each kind of failure (tests/corpus/cases.ts)
 * dropped onto the after slot, one after another, after a good run. After each the page must be
 * alive, the slot must say "Not loaded:" with the file's name and the same problem the CLI names,
 * and the earlier result must still be on screen; at the end a good pair still runs to the same
 * numbers. Every wait is on page state.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printable } from '../../src/lib/core/raster';
import { corpusCases, type CorpusCase } from '../corpus/cases';
import { ROOT } from '../helpers/cli';
import { BUILD, SHOTS, openApp, summaryCount, type App } from './browser';

/** One case per kind of failure: truncation, directory chain, tags, sizes, blocks, codecs, formats, names. */
const SAMPLE = [
  'truncated-tiles-last-block',
  'directory-loop-self',
  'tag-unknown-type',
  'tile-width-zero',
  'size-100000²',
  'tile-2^31',
  'sample-format-complex',
  'strips-missing',
  'strip-short',
  'deflate-bomb',
  'zstd-garbage',
  'tile-garbage',
  'compression-unknown',
  'nodata-as-short',
  'png-declares-20000²',
  'jpeg-cmyk',
  'text-file',
  'empty-file',
  'name-newline'
];

let app: App;
const summaryRegion = () => app.page.getByRole('region', { name: 'Change summary' });
const afterSlot = () => app.page.locator('div.drop').filter({ has: app.page.getByLabel('After image', { exact: true }) });
let changed = 0;
let valid = 0;

/** The bad file of a case and the name it is dropped under (unique, so each wait sees its own message). */
function badFile(c: CorpusCase): { name: string; bytes: Uint8Array } {
  // The expected file is named as messages print it (control characters escaped).
  const expected = c.expect as { file: string };
  const [file, bytes] = Object.entries(c.files).find(([name]) => printable(name) === expected.file)!;
  const hostile = c.id.startsWith('name-');
  return { name: hostile ? file : `${c.id}-${file}`, bytes: bytes as Uint8Array };
}

/** Drops bytes as a file named `name` onto the after slot. */
async function drop(name: string, bytes: Uint8Array): Promise<void> {
  const zone = afterSlot();
  const handle = await app.page.evaluateHandle(
    ([data, fileName]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], fileName));
      return dt;
    },
    [Array.from(bytes), name] as const
  );
  await zone.dispatchEvent('dragover', { dataTransfer: handle });
  await zone.dispatchEvent('drop', { dataTransfer: handle });
}

async function detect(): Promise<void> {
  await expect.poll(() => app.page.getByRole('button', { name: 'Detect changes' }).isEnabled(), { timeout: 60_000 }).toBe(true);
  await app.page.getByRole('button', { name: 'Detect changes' }).click();
  await expect.poll(() => summaryRegion().count(), { timeout: 60_000 }).toBe(1);
  await expect.poll(() => summaryRegion().getAttribute('aria-busy'), { timeout: 60_000 }).not.toBe('true');
}

beforeAll(async () => {
  app = await openApp();
});

afterAll(async () => {
  await app?.close();
});

describe('bad inputs in Chromium', () => {
  const cases = new Map(corpusCases().map((c) => [c.id, c]));

  it('has every sampled case in the corpus', () => {
    expect(SAMPLE.filter((id) => !cases.has(id))).toEqual([]);
  });

  it('runs a good pair first', async () => {
    const { page } = app;
    await page.getByLabel('Before image', { exact: true }).setInputFiles(join(BUILD, 'demo/before.tif'));
    await page.getByLabel('After image', { exact: true }).setInputFiles(join(BUILD, 'demo/after.tif'));
    await detect();
    changed = await summaryCount(page, 'Changed pixels');
    valid = await summaryCount(page, 'Valid pixels');
    expect(changed).toBeGreaterThan(0);
  });

  it.each(SAMPLE)('%s: named in words, the page and the earlier result stay', async (id) => {
    const c = cases.get(id)!;
    const { name, bytes } = badFile(c);
    await drop(name, bytes);
    const error = afterSlot().locator('p.slot-error');
    const shown = printable(name);
    await expect.poll(async () => ((await error.count()) ? await error.textContent() : ''), { timeout: 30_000 }).toContain(`${shown}:`);
    const text = (await error.textContent())!;
    const problem = text.slice(text.indexOf(`${shown}: `) + shown.length + 2);
    expect(text.startsWith('Not loaded: ')).toBe(true);
    expect(problem).toMatch((c.expect as { error: RegExp }).error);
    expect(await app.page.evaluate(() => document.visibilityState)).toBe('visible');
    expect(await summaryCount(app.page, 'Changed pixels')).toBe(changed);
    expect(await summaryCount(app.page, 'Valid pixels')).toBe(valid);
  });

  it('still runs a good pair to the same numbers', async () => {
    const { page } = app;
    await page.screenshot({ path: join(SHOTS, 'corpus-after-bad-files.png') });
    await page.getByLabel('After image', { exact: true }).setInputFiles(join(BUILD, 'demo/after.tif'));
    // The new after image replaces the result once it has loaded.
    await expect.poll(() => summaryRegion().count(), { timeout: 30_000 }).toBe(0);
    expect(await afterSlot().locator('p.slot-error').count()).toBe(0);
    await detect();
    expect(await summaryCount(page, 'Changed pixels')).toBe(changed);
    expect(await summaryCount(page, 'Valid pixels')).toBe(valid);
  });

  it('names the internal mask of a masked GeoTIFF on its file card', async () => {
    await app.page.getByLabel('After image', { exact: true }).setInputFiles(join(ROOT, 'tests/fixtures/masks/internal-deflate.tif'));
    const mask = afterSlot().locator('dt:text-is("Mask") + dd');
    await expect.poll(() => mask.count(), { timeout: 30_000 }).toBe(1);
    expect(await mask.textContent()).toMatch(/^internal mask \(TIFF directory 2\) · its masked pixels are nodata$/);
    await app.page.screenshot({ path: join(SHOTS, 'corpus-masked-file.png') });
  });

  it('logged no page error', () => {
    expect(app.problems.filter((p) => p.startsWith('page error'))).toEqual([]);
  });
});
