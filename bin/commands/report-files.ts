import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ChangeSummary, InputRecord } from '../../src/lib/core/change/summary';
import { DEFAULT_DISPLAY, describeDisplay } from '../../src/lib/core/render/display';
import { renderFigure } from '../../src/lib/core/figure/figure';
import type { ChangeObject } from '../../src/lib/core/objects/stats';
import type { RasterSource } from '../../src/lib/core/raster';
import type { RecipeFile } from '../../src/lib/core/recipe/recipe';
import { reportHtml, type ReportOutputFile } from '../../src/lib/core/report/report';
import { figureText, type ReportSettings } from '../../src/lib/core/report/settings';
import type { PixelSite } from '../../src/lib/core/sites/site';
import type { SiteStatistics } from '../../src/lib/core/sites/statistics';
import type { BandStore } from '../../src/lib/core/store';
import { sha256Hex } from '../../src/lib/core/io/sha256';

export interface ReportRun {
  dir: string;
  /** When the run started writing (ms since the epoch): older files in the folder are not its outputs. */
  startedMs: number;
  settings: ReportSettings;
  before: RasterSource;
  after: RasterSource;
  inputs: InputRecord[];
  sizes: [number, number];
  mask: BandStore<Uint8Array>;
  pixelSites: readonly PixelSite[];
  summary: ChangeSummary & { objects: number };
  sites: readonly SiteStatistics[] | null;
  objects: readonly ChangeObject[];
  objectSites: ReadonlyMap<number, readonly string[]> | null;
  recipe: RecipeFile;
}

/** figure.png, then report.html naming the SHA-256 of every other file the run wrote (figure.png included). */
export async function writeReport(run: ReportRun): Promise<void> {
  const names = { before: basename(run.inputs[0].path), after: basename(run.inputs[1].path) };
  const text = figureText(run.settings, names, run.summary, run.sites);
  const figure = await renderFigure({
    before: run.before,
    after: run.after,
    mask: run.mask,
    sites: run.pixelSites,
    text,
    width: run.settings.figureWidth,
    display: run.settings.display
  });
  await writeFile(join(run.dir, 'figure.png'), figure.png);
  const outputs: ReportOutputFile[] = [];
  for (const name of (await readdir(run.dir)).sort()) {
    const info = await stat(join(run.dir, name));
    if (name === 'report.html' || !info.isFile() || info.mtimeMs < run.startedMs) continue;
    const bytes = await readFile(join(run.dir, name));
    outputs.push({ name, sizeBytes: bytes.length, sha256: await sha256Hex(new Blob([bytes])) });
  }
  const html = reportHtml({
    title: text.title,
    caption: text.caption,
    createdAt: new Date().toISOString(),
    figurePng: figure.png,
    summary: run.summary,
    sites: run.sites,
    objects: run.objects,
    objectSites: run.objectSites,
    inputs: [run.before, run.after].map((source, k) => ({
      role: k === 0 ? 'before' : 'after',
      name: names[k === 0 ? 'before' : 'after'],
      sizeBytes: run.sizes[k],
      sha256: run.inputs[k].sha256,
      width: source.info.width,
      height: source.info.height,
      bands: source.info.bands,
      dtype: source.info.dtype,
      crs: source.info.geo?.crsName ?? 'not georeferenced',
      date: k === 0 ? run.settings.beforeDate : run.settings.afterDate,
      display: describeDisplay((run.settings.display ?? DEFAULT_DISPLAY)[k === 0 ? 'before' : 'after'], source.info)
    })),
    outputs,
    recipe: run.recipe
  });
  await writeFile(join(run.dir, 'report.html'), html);
}
