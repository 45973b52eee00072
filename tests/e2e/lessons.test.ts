/**
 * The lessons as a class would use them: installed, then offline; every lesson opened from the
 * picker, every step applied with one click, and every number the step promises checked on screen.
 * Screenshots of each lesson at 1440 × 900 and 1024 × 700 go to test-results/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lib/lessons/catalog';
import { SHOTS, openApp, type App } from './browser';

let app: App;

beforeAll(async () => {
  app = await openApp();
  const { page, context } = app;
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // Installed when the service worker has cached every lesson file; then the network goes away.
  const lessonFiles = LESSONS.flatMap((l) =>
    ['before.tif', 'after.tif', 'truth.tif', ...(l.partialTruth ? ['unchanged.tif'] : [])].map((f) => `${l.dir}/${f}`)
  );
  const missing = () =>
    page.evaluate(async (urls) => (await Promise.all(urls.map((u) => caches.match(new URL(u, location.origin).href)))).filter((r) => !r).length, lessonFiles);
  for (let tries = 0; (await missing()) > 0; tries++) {
    if (tries > 120) throw new Error('the service worker did not cache the lessons within a minute');
    await page.waitForTimeout(500);
  }
  await context.setOffline(true);
  await page.reload();
});

afterAll(async () => {
  await app?.context.setOffline(false);
  await app?.close();
});

/** Waits until the step's promise table has numbers (no run, load or scoring pending), then reads it. */
async function promisedRows(): Promise<{ metric: string; kept: string; text: string }[]> {
  const { page } = app;
  await expect
    .poll(() => page.locator('tr[data-metric]').evaluateAll((rows) => rows.filter((r) => r.getAttribute('data-kept') === 'pending').length), {
      timeout: 120_000
    })
    .toBe(0);
  return page
    .locator('tr[data-metric]')
    .evaluateAll((rows) =>
      rows.map((r) => ({ metric: r.getAttribute('data-metric')!, kept: r.getAttribute('data-kept')!, text: (r as HTMLElement).innerText }))
    );
}

describe('lessons, offline in Chromium', () => {
  for (const lesson of LESSONS) {
    it(`${lesson.title}: every step keeps its promises`, { timeout: 600_000 }, async () => {
      const { page } = app;
      await page.getByRole('button', { name: 'Lessons' }).click();
      await page.locator(`[data-lesson="${lesson.id}"]`).click();
      await expect.poll(() => page.getByRole('region', { name: 'Lesson' }).textContent(), { timeout: 60_000 }).toContain(lesson.title);
      // Loaded: both images are in and the first step is shown.
      await expect.poll(() => page.getByRole('button', { name: 'Detect changes' }).isEnabled(), { timeout: 60_000 }).toBe(true);

      for (let i = 0; i < lesson.steps.length; i++) {
        const step = lesson.steps[i];
        await page
          .getByRole('list', { name: 'Steps' })
          .getByRole('button', { name: String(i + 1), exact: true })
          .click();
        await expect.poll(() => page.locator('article.step').getAttribute('data-step')).toBe(String(i + 1));
        if (!step.promises?.length) continue;
        await expect.poll(() => page.locator('tr[data-metric]').count()).toBe(step.promises.length);
        const rows = await promisedRows();
        for (const r of rows) expect(r.kept, `${lesson.id} step ${i + 1}: ${r.text}`).toBe('true');
        // The accuracy panel shows the same κ as the step, from the same scoring.
        const kappa = rows.find((r) => r.metric === 'kappa');
        if (kappa) {
          const shown = await page.getByRole('region', { name: 'Accuracy' }).locator('dt:text-is("Cohen\'s κ") + dd').textContent();
          expect(kappa.text).toContain(shown!.trim());
        }
      }
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(SHOTS, `lesson-${lesson.id}-1440.png`) });
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(SHOTS, `lesson-${lesson.id}-1024.png`) });
      await page.setViewportSize({ width: 1440, height: 900 });
    });
  }

  it('live: dragging the threshold re-scores the mask (thresholds lesson)', { timeout: 300_000 }, async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Lessons' }).click();
    await page.locator('[data-lesson="thresholds"]').click();
    await expect.poll(() => page.getByRole('button', { name: 'Detect changes' }).isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.getByRole('list', { name: 'Steps' }).getByRole('button', { name: '2', exact: true }).click();
    const before = await promisedRows();
    expect(before[0].kept).toBe('true');
    // Down to 40 with the keyboard-free path the histogram offers: its threshold field.
    await page.getByLabel('Threshold value').fill('40');
    await page.getByLabel('Threshold value').press('Enter');
    await expect.poll(async () => (await promisedRows())[0].kept, { timeout: 60_000 }).toBe('false');
    const low = await promisedRows();
    expect(Number(low[0].text.split('\t')[1])).toBeLessThan(0.3);
  });

  it('compares the mask on screen with a kept one (thresholds lesson: Otsu kept, Kittler–Illingworth on screen)', { timeout: 300_000 }, async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Lessons' }).click();
    await page.locator('[data-lesson="thresholds"]').click();
    await expect.poll(() => page.getByRole('button', { name: 'Detect changes' }).isEnabled(), { timeout: 60_000 }).toBe(true);
    const steps = page.getByRole('list', { name: 'Steps' });
    await steps.getByRole('button', { name: '1', exact: true }).click();
    expect((await promisedRows())[0].kept).toBe('true');
    await page.getByRole('button', { name: 'Keep these scores to compare' }).click();
    const table = page.getByRole('table', { name: 'Scores kept for comparison' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await steps.getByRole('button', { name: '2', exact: true }).click();
    await expect.poll(async () => (await promisedRows())[0]?.text ?? '', { timeout: 120_000 }).toMatch(/κ ≥ 0.84/);
    await table.getByRole('button', { name: 'Compare' }).click();

    const panel = page.getByRole('region', { name: 'Mask difference' });
    await expect.poll(() => panel.getAttribute('aria-busy'), { timeout: 60_000 }).toBe('false');
    const count = async (key: string) => Number(((await panel.locator(`li[data-count="${key}"] .num`).textContent()) ?? '').replace(/[^0-9]/g, ''));
    const [both, onlyScreen, onlyKept] = [await count('both'), await count('screen'), await count('kept')];
    // Kittler–Illingworth's threshold lies below Otsu's on the same magnitude, and nothing is cleaned:
    // every pixel Otsu marked is marked again, and more.
    expect(onlyKept).toBe(0);
    expect(onlyScreen).toBeGreaterThan(0);
    expect(both).toBeGreaterThan(0);
    const changed = await page.getByRole('region', { name: 'Change summary' }).locator('dt:text-is("Changed pixels") + dd').textContent();
    expect(both + onlyScreen).toBe(Number(changed!.replace(/[^0-9]/g, '')));
    const kappa = Number(await panel.locator('[data-agreement]').textContent());
    expect(kappa).toBeGreaterThan(0);
    expect(kappa).toBeLessThan(1);
    expect(await page.getByRole('checkbox', { name: 'Mask difference' }).isChecked()).toBe(true);
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SHOTS, 'lesson-mask-difference-1440.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SHOTS, 'lesson-mask-difference-1024.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await panel.getByRole('button', { name: 'Stop comparing' }).click();
    await expect.poll(() => panel.count()).toBe(0);
  });

  it('restores a shared link offline', { timeout: 300_000 }, async () => {
    const { page } = app;
    await page.goto(new URL('/#lesson=taizhou&step=2&method=cva&threshold=ki&normalize=zscore&clean=none', app.url).href);
    await expect.poll(() => page.locator('article.step').getAttribute('data-step'), { timeout: 60_000 }).toBe('2');
    await expect.poll(() => page.getByRole('region', { name: 'Change summary' }).count(), { timeout: 120_000 }).toBe(1);
    const rows = await promisedRows();
    expect(rows[0].kept).toBe('true');
    // KI on z-scored CVA: the README's κ ≈ 0.92 for Taizhou.
    const text = (await page.getByRole('region', { name: 'Change summary' }).textContent()) ?? '';
    expect(text).toMatch(/Kittler/);
  });

  it('keeps two analyses’ scores side by side', { timeout: 300_000 }, async () => {
    const { page } = app;
    // On from the shared link: Taizhou, z-scored CVA with KI.
    await page.getByRole('button', { name: 'Keep these scores to compare' }).click();
    await page.getByRole('list', { name: 'Steps' }).getByRole('button', { name: '1', exact: true }).click();
    await expect.poll(async () => (await promisedRows())[0]?.metric, { timeout: 120_000 }).toBe('kappa');
    await page.getByRole('button', { name: 'Keep these scores to compare' }).click();
    const table = page.getByRole('table', { name: 'Scores kept for comparison' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows[0]).toMatch(/cva · zscore · ki/);
    expect(rows[1]).toMatch(/cva · otsu/);
    const kappa = (row: string) => Number(row.split('\t')[1]);
    expect(kappa(rows[0])).toBeGreaterThan(0.9);
    expect(kappa(rows[1])).toBeLessThan(0.2);
  });

  it('prints the lesson as a one-page handout', { timeout: 120_000 }, async () => {
    const { page } = app;
    await page.emulateMedia({ media: 'print' });
    try {
      const handout = page.locator('article.handout');
      expect(await handout.isVisible()).toBe(true);
      const text = await handout.innerText();
      expect(text).toContain('Two dates, two radiometries');
      for (const s of LESSONS.find((l) => l.id === 'taizhou')!.steps) expect(text).toContain(s.title);
      expect(text).toMatch(/Accuracy of cva/);
      await page.screenshot({ path: join(SHOTS, 'lesson-handout.png'), fullPage: true });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length).toBe(1);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('made no request to another origin and logged no error', () => {
    expect(app.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p))).toEqual([]);
  });
});
