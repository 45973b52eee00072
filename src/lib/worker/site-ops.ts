/**
 * Sites, figure and report of a finished run, with the same core calls as `sitewatch change
 * --sites --report`, so the app's numbers, figure.png and report.html match the CLI's.
 */
import type { ChangeOptions } from '../core/change/options';
import type { InputRecord } from '../core/change/summary';
import { summaryJson } from '../core/export';
import { DEFAULT_DISPLAY, describeDisplay } from '../core/render/display';
import { renderFigure } from '../core/figure/figure';
import { pixelAreaM2 } from '../core/io/geo';
import { sha256Hex } from '../core/io/sha256';
import { objectsCsv } from '../core/objects/csv';
import { objectsMapUnit } from '../core/change/objects-stage';
import type { RasterSource } from '../core/raster';
import { makeRecipe, recipeJson } from '../core/recipe/recipe';
import { reportHtml } from '../core/report/report';
import { figureText, type ReportSettings } from '../core/report/settings';
import { sitesCsv } from '../core/sites/csv';
import type { SiteSet } from '../core/sites/site';
import { siteStatistics, type SitesOutcome } from '../core/sites/statistics';
import { sitesToPixels } from '../core/sites/to-pixels';
import { runFiles } from './run-ops';
import type { RunRecord } from './runs';

/** The per-site numbers of the run's current mask and objects. */
export async function runSites(run: RunRecord, sites: SiteSet): Promise<SitesOutcome> {
  const { width, height } = run.before;
  const listed = run.objects.objects.length === run.objects.count;
  return siteStatistics(
    sitesToPixels(sites, run.before.geo, 'sites'),
    {
      mask: run.stores.mask,
      magnitude: run.stores.magnitude,
      labels: listed ? run.stores.labels : null,
      directionClass: run.extras.get('class'),
      delta: run.extras.get('delta')
    },
    { width, height, pixelAreaM2: run.before.geo ? pixelAreaM2(run.before.geo) : null, objects: run.objects.objects }
  );
}

export interface ReportSide {
  file: File;
  source: RasterSource;
  input: InputRecord;
}

/** Every file of the run as `sitewatch change [--sites] --report` writes them, by file name. */
export async function reportFiles(
  run: RunRecord,
  before: ReportSide,
  after: ReportSide,
  sites: SiteSet | null,
  settings: ReportSettings,
  options: ChangeOptions
): Promise<Record<string, Blob>> {
  const perSite = sites && sites.sites.length ? await runSites(run, sites) : null;
  const summary = { ...run.summary, ...(perSite && { sites: perSite.sites }) };
  const base = runFiles(run);
  const files: Record<string, Blob> = {
    'magnitude.tif': base.magnitude,
    'mask.tif': base.mask,
    'summary.json': new Blob([summaryJson(summary)], { type: 'application/json' }),
    'objects.geojson': base.objectsGeojson,
    'objects.csv': perSite
      ? new Blob([objectsCsv(run.objects.objects, { mapUnit: objectsMapUnit(run.before.geo), sites: perSite.objectSites })], { type: 'text/csv' })
      : base.objectsCsv,
    ...(base.objectsCrsGeojson && { 'objects-crs.geojson': base.objectsCrsGeojson }),
    ...Object.fromEntries(Object.entries(base.extras).map(([name, blob]) => [`${name}.tif`, blob]))
  };
  if (perSite) files['sites.csv'] = new Blob([sitesCsv(perSite.sites)], { type: 'text/csv' });
  const recipe = makeRecipe(
    {
      before: { name: before.file.name, sizeBytes: before.file.size, sha256: before.input.sha256 },
      after: { name: after.file.name, sizeBytes: after.file.size, sha256: after.input.sha256 }
    },
    options,
    sites && sites.sites.length ? sites : null,
    settings
  );
  files['recipe.json'] = new Blob([recipeJson(recipe)], { type: 'application/json' });
  const text = figureText(settings, { before: before.file.name, after: after.file.name }, run.summary, perSite?.sites ?? null);
  const pixelSites = sites ? sitesToPixels(sites, run.before.geo, 'sites') : [];
  const figure = await renderFigure({
    before: before.source,
    after: after.source,
    mask: run.stores.mask,
    sites: pixelSites,
    text,
    width: settings.figureWidth,
    display: settings.display
  });
  files['figure.png'] = new Blob([figure.png as BlobPart], { type: 'image/png' });
  const outputs = [];
  for (const name of Object.keys(files).sort()) outputs.push({ name, sizeBytes: files[name].size, sha256: await sha256Hex(files[name]) });
  const html = reportHtml({
    title: text.title,
    caption: text.caption,
    createdAt: new Date().toISOString(),
    figurePng: figure.png,
    summary: run.summary,
    sites: perSite?.sites ?? null,
    objects: run.objects.objects,
    objectSites: perSite?.objectSites ?? null,
    inputs: [before, after].map((side, k) => ({
      role: k === 0 ? ('before' as const) : ('after' as const),
      name: side.file.name,
      sizeBytes: side.file.size,
      sha256: side.input.sha256,
      width: side.source.info.width,
      height: side.source.info.height,
      bands: side.source.info.bands,
      dtype: side.source.info.dtype,
      crs: side.source.info.geo?.crsName ?? 'not georeferenced',
      date: k === 0 ? settings.beforeDate : settings.afterDate,
      display: describeDisplay((settings.display ?? DEFAULT_DISPLAY)[k === 0 ? 'before' : 'after'], side.source.info)
    })),
    outputs,
    recipe
  });
  files['report.html'] = new Blob([html], { type: 'text/html' });
  return files;
}
