/** recipe.json: written by every run, and `sitewatch change --recipe` reproduces the run byte for byte. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPair, sitewatch } from '../helpers/cli';

let pair: ReturnType<typeof demoPair>;

function change(...args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'sitewatch-recipe-'));
  const r = sitewatch('change', pair.before, pair.after, '--out', out, '--quiet', ...args);
  return { out, ...r };
}

const withoutTimings = (path: string) => ({ ...JSON.parse(readFileSync(path, 'utf8')), timingsMs: null });

beforeAll(() => {
  pair = demoPair('demo-400', '--width', '400', '--height', '260');
});

describe('sitewatch change --recipe', () => {
  it('writes recipe.json with the inputs’ SHA-256 and every option, and runs it again to the same bytes', () => {
    const first = change(
      '--method',
      'cva',
      '--threshold',
      'sigma:1.5',
      '--clean',
      'median:3,mmu:6px',
      '--bands',
      '1,2,3',
      '--sites',
      join(pair.dir, 'sites.geojson')
    );
    expect(first.code, first.stderr).toBe(0);
    const recipe = JSON.parse(readFileSync(join(first.out, 'recipe.json'), 'utf8'));
    const summary = JSON.parse(readFileSync(join(first.out, 'summary.json'), 'utf8'));
    expect(recipe).toMatchObject({
      format: 'sitewatch-recipe',
      formatVersion: 1,
      inputs: { before: { name: 'before.tif', sha256: summary.inputs[0].sha256 }, after: { name: 'after.tif', sha256: summary.inputs[1].sha256 } },
      options: { method: 'cva', threshold: 'sigma:1.5', clean: 'median:3,mmu:6px', bands: [1, 2, 3], normalize: null }
    });
    expect(recipe.sites.features).toHaveLength(2);

    const again = change('--recipe', join(first.out, 'recipe.json'));
    expect(again.code, again.stderr).toBe(0);
    for (const file of ['magnitude.tif', 'mask.tif', 'angle.tif', 'class.tif', 'objects.csv', 'objects.geojson', 'sites.csv', 'recipe.json']) {
      expect(readFileSync(join(again.out, file)).equals(readFileSync(join(first.out, file))), file).toBe(true);
    }
    expect(withoutTimings(join(again.out, 'summary.json'))).toEqual(withoutTimings(join(first.out, 'summary.json')));
  });

  it('refuses an input that is not the file the recipe names, and option flags beside it', () => {
    const first = change('--method', 'absdiff');
    const recipe = join(first.out, 'recipe.json');
    const swapped = sitewatch('change', pair.after, pair.before, '--out', first.out, '--recipe', recipe);
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toMatch(/after\.tif: is not the before image of .*recipe\.json: SHA-256/);
    const clash = change('--recipe', recipe, '--method', 'cva');
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('--recipe gives every option: drop --method');
  });

  it('names the file and the field of a broken recipe', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitewatch-recipe-'));
    const bad = join(dir, 'bad.json');
    const first = change('--method', 'absdiff');
    const recipe = JSON.parse(readFileSync(join(first.out, 'recipe.json'), 'utf8'));
    writeFileSync(bad, JSON.stringify({ ...recipe, options: { ...recipe.options, threshold: 'otsu2' } }));
    const r = change('--recipe', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.json: options.threshold: threshold must be');
  });
});

describe('sitewatch change --recipe with display settings', () => {
  it('draws the figure with the recipe’s bands and stretch, names them in the report, and names a bad setting', () => {
    const first = change('--method', 'absdiff', '--report');
    expect(first.code, first.stderr).toBe(0);
    const recipe = JSON.parse(readFileSync(join(first.out, 'recipe.json'), 'utf8'));
    expect(recipe.report.display).toBeUndefined();
    const display = {
      before: { bands: [4, 3, 2], stretch: { kind: 'stddev', amount: 2 } },
      after: { bands: [4], stretch: { kind: 'minmax', amount: 0 } }
    };
    const dir = mkdtempSync(join(tmpdir(), 'sitewatch-recipe-'));
    const styled = join(dir, 'styled.json');
    writeFileSync(styled, JSON.stringify({ ...recipe, report: { ...recipe.report, display } }));
    const again = change('--recipe', styled, '--report');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(again.out, 'recipe.json'), 'utf8')).report.display).toEqual(display);
    expect(readFileSync(join(again.out, 'mask.tif')).equals(readFileSync(join(first.out, 'mask.tif')))).toBe(true);
    expect(readFileSync(join(again.out, 'figure.png')).equals(readFileSync(join(first.out, 'figure.png')))).toBe(false);
    const html = readFileSync(join(again.out, 'report.html'), 'utf8');
    expect(html).toContain('bands 4, 3, 2 as RGB · mean ± 2 σ stretch');
    expect(html).toContain('band 4 as grey · min–max stretch');
    expect(readFileSync(join(first.out, 'report.html'), 'utf8')).toContain('bands 3, 2, 1 as RGB · 2–98 % stretch');

    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ ...recipe, report: { ...recipe.report, display: { ...display, after: { bands: [4, 3], stretch: display.after.stretch } } } })
    );
    const r = change('--recipe', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.json: report.display.after.bands must be null, or one or three band numbers');
  });
});

describe('sitewatch change --report', () => {
  it('writes figure.png at the asked width and a self-contained report.html naming both inputs’ and every output’s SHA-256', () => {
    const r = change(
      '--sites',
      join(pair.dir, 'sites.geojson'),
      '--report',
      '--figure-width',
      '1200',
      '--before-date',
      '2024-03-14',
      '--after-date',
      '2024-11-02',
      '--title',
      'Two crossings'
    );
    expect(r.code, r.stderr).toBe(0);
    const png = readFileSync(join(r.out, 'figure.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1200);
    const html = readFileSync(join(r.out, 'report.html'), 'utf8');
    const summary = JSON.parse(readFileSync(join(r.out, 'summary.json'), 'utf8'));
    expect(html).toContain('<title>Two crossings</title>');
    for (const input of summary.inputs) expect(html).toContain(input.sha256);
    expect(html).toContain(createHash('sha256').update(png).digest('hex'));
    expect(html).toContain(
      createHash('sha256')
        .update(readFileSync(join(r.out, 'mask.tif')))
        .digest('hex')
    );
    expect(html).toContain('New crossing');
    expect(html).toContain('2024-11-02');
    // Nothing to fetch: no URL attribute but the inline figure, and a CSP that forbids every request.
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
    expect([...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1].slice(0, 22))).toEqual(['data:image/png;base64,']);
    // The report's figure is figure.png.
    expect(html).toContain(png.toString('base64'));
  });

  it('draws the same figure again from the recipe', () => {
    const first = change('--report', '--figure-width', '800', '--caption', 'A caption');
    const again = change('--report', '--recipe', join(first.out, 'recipe.json'));
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(again.out, 'figure.png')).equals(readFileSync(join(first.out, 'figure.png')))).toBe(true);
  });
});
