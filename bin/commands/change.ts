import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { BAND_PRESETS, presetMapping, type BandMapping, type BandPreset, BAND_ROLES, type BandRole } from '../../src/lib/core/bands';
import { parseCleanSpec } from '../../src/lib/core/clean/spec';
import { detectChange } from '../../src/lib/core/change/detect';
import { changeObjects, objectsMapUnit } from '../../src/lib/core/change/objects-stage';
import { parseAlignMode, parseResampling } from '../../src/lib/core/align/options';
import {
  DEFAULT_CHANGE_OPTIONS,
  METHOD_CHOICES,
  NORMALIZATIONS,
  type ChangeOptions,
  type MethodChoice,
  type Normalization,
  type SupervisedOptions
} from '../../src/lib/core/change/options';
import type { ChangeSummary } from '../../src/lib/core/change/summary';
import { magnitudeHeader, maskHeader, summaryJson } from '../../src/lib/core/export';
import { describeInput } from '../../src/lib/core/inputs';
import { pixelAreaM2 } from '../../src/lib/core/io/geo';
import { objectsCsv } from '../../src/lib/core/objects/csv';
import { InputError } from '../../src/lib/core/raster';
import { sitesCsv } from '../../src/lib/core/sites/csv';
import { parseSites } from '../../src/lib/core/sites/read';
import type { SiteSet } from '../../src/lib/core/sites/site';
import { siteStatistics, type SiteStatistics } from '../../src/lib/core/sites/statistics';
import { sitesToPixels } from '../../src/lib/core/sites/to-pixels';
import { parseThresholdSpec } from '../../src/lib/core/threshold/spec';
import { checkFigureWidth, DEFAULT_REPORT_SETTINGS, type ReportSettings } from '../../src/lib/core/report/settings';
import { writeReport } from './report-files';
import { checkRecipeInput, makeRecipe, parseRecipe, recipeJson, type RecipeFile } from '../../src/lib/core/recipe/recipe';
import { loadKernels } from '../../src/lib/wasm/loader';
import type { GeoInfo } from '../../src/lib/core/raster';
import { DEFAULT_FOREST } from '../../src/lib/core/supervised/forest';
import { parseTrainingSamples } from '../../src/lib/core/supervised/samples';
import { FileStore } from '../file-store';
import { openInput, type OpenedInput } from '../open-input';
import { OutputFolder, writeFailure } from '../output-folder';
import { UsageError } from '../usage-error';

/** Runs a parser of the core and turns its RangeError into a usage error naming the option. */
function parsed<T>(option: string, text: string | undefined, parse: (t: string) => T): T | null {
  if (text === undefined) return null;
  try {
    return parse(text);
  } catch (e) {
    throw new UsageError(`--${option}: ${(e as Error).message}`);
  }
}

function parseMethod(v: string): MethodChoice {
  if (!(METHOD_CHOICES as readonly string[]).includes(v)) throw new RangeError(`must be one of ${METHOD_CHOICES.join(', ')}, not "${v}"`);
  return v as MethodChoice;
}

function parseBands(v: string): number[] {
  const bands = v.split(',').map((s) => Number(s.trim()));
  if (bands.some((b) => !Number.isInteger(b) || b < 1)) throw new RangeError(`must list band numbers from 1, e.g. 1,2,3, not "${v}"`);
  return bands;
}

function parseNormalize(v: string): Normalization {
  if (!(NORMALIZATIONS as readonly string[]).includes(v)) throw new RangeError(`must be one of ${NORMALIZATIONS.join(', ')}, not "${v}"`);
  return v as Normalization;
}

/** A preset name (sentinel2, landsat89, landsat457, rgb, rgbn) or roles such as red=3,nir=4. */
function parseMapping(v: string, bandCount: number): BandMapping {
  if (BAND_PRESETS.some((p) => p.id === v)) {
    const m = presetMapping(v as BandPreset, bandCount);
    if (!m) throw new RangeError(`preset ${v} does not fit an image of ${bandCount} bands`);
    return m;
  }
  const mapping: BandMapping = {};
  for (const part of v.split(',')) {
    const [role, band] = part.split('=');
    const n = Number(band);
    if (!BAND_ROLES.includes(role as BandRole) || !Number.isInteger(n) || n < 1) {
      throw new RangeError(
        `must be a preset (${BAND_PRESETS.map((p) => p.id).join(', ')}) or roles like red=3,nir=4 (roles: ${BAND_ROLES.join(', ')}), not "${v}"`
      );
    }
    mapping[role as BandRole] = n;
  }
  return mapping;
}

function positive(v: string, integer = false): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (integer && (!Number.isInteger(n) || n < 1))) throw new RangeError(`not a valid value: "${v}"`);
  return n;
}

/**
 * `sitewatch change BEFORE AFTER --out DIR …`: magnitude.tif, mask.tif, summary.json, the
 * method's extra outputs (<name>.tif) and the change objects (objects.geojson, objects.csv).
 */
export async function runChange(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      method: { type: 'string' },
      threshold: { type: 'string' },
      bands: { type: 'string' },
      normalize: { type: 'string' },
      align: { type: 'string' },
      resampling: { type: 'string' },
      clean: { type: 'string' },
      'band-mapping': { type: 'string' },
      'irmad-max-iter': { type: 'string' },
      'irmad-tol': { type: 'string' },
      'irmad-lambda': { type: 'string' },
      kernels: { type: 'string' },
      sites: { type: 'string' },
      recipe: { type: 'string' },
      report: { type: 'boolean' },
      title: { type: 'string' },
      caption: { type: 'string' },
      'before-date': { type: 'string' },
      'after-date': { type: 'string' },
      'figure-width': { type: 'string' },
      outputs: { type: 'string' },
      train: { type: 'string' },
      seed: { type: 'string' },
      trees: { type: 'string' },
      quiet: { type: 'boolean' }
    }
  });
  if (positionals.length !== 2) throw new UsageError('change needs exactly two images: BEFORE AFTER');
  if (!values.out) throw new UsageError('--out DIR is required');
  const flavour = values.kernels ?? 'auto';
  if (flavour !== 'auto' && flavour !== 'simd' && flavour !== 'scalar') throw new UsageError('--kernels must be auto, simd or scalar');
  parsed('outputs', values.outputs, parseOutputs); // a bad list is a usage error before any work
  const fromRecipe = values.recipe ? await readRecipe(values.recipe, values) : null;
  const options = fromRecipe?.options ?? optionsFromFlags(values);
  const report = fromRecipe?.report ?? reportFromFlags(values);
  const [beforePath, afterPath] = positionals;
  const folder = await OutputFolder.check(values.out, [beforePath, afterPath]);
  const sites = values.sites ? await readSites(values.sites) : fromRecipe?.sites ? { set: fromRecipe.sites, path: values.recipe! } : null;
  const before = await openInput(beforePath);
  const after = await openInput(afterPath).catch(async (e) => {
    await before.close();
    throw e;
  });
  try {
    await folder.begin();
    await analyse(
      folder,
      before,
      after,
      beforePath,
      afterPath,
      options,
      values,
      flavour,
      sites,
      fromRecipe && { recipe: fromRecipe.recipe, path: values.recipe! },
      report
    );
    await folder.commit();
  } catch (e) {
    await folder.discard();
    throw writeFailure(e, values.out);
  } finally {
    await Promise.all([before.close(), after.close()]);
  }
}

async function analyse(
  folder: OutputFolder,
  before: OpenedInput,
  after: OpenedInput,
  beforePath: string,
  afterPath: string,
  options: ChangeOptions,
  values: { out?: string; quiet?: boolean; report?: boolean; outputs?: string; 'band-mapping'?: string; train?: string; seed?: string; trees?: string },
  flavour: 'auto' | 'simd' | 'scalar',
  sites: { set: SiteSet; path: string } | null,
  recipe: { recipe: RecipeFile; path: string } | null,
  report: ReportSettings
): Promise<void> {
  const pixelSites = sites ? sitesToPixels(sites.set, before.source.info.geo, sites.path) : null;
  if (values.train) options.supervised = await readTraining(values, before.source.info.geo);
  if (!recipe) options.bandMapping = parsed('band-mapping', values['band-mapping'], (v) => parseMapping(v, before.source.info.bands));
  const inputs = await Promise.all([describeInput(before.blob, beforePath, before.source.info), describeInput(after.blob, afterPath, after.source.info)]);
  if (recipe) {
    checkRecipeInput(recipe.recipe.inputs.before, { name: beforePath, sha256: inputs[0].sha256 }, 'before', recipe.path);
    checkRecipeInput(recipe.recipe.inputs.after, { name: afterPath, sha256: inputs[1].sha256 }, 'after', recipe.path);
  }
  const ranRecipe = makeRecipe(
    {
      before: { name: basename(beforePath), sizeBytes: before.blob.size, sha256: inputs[0].sha256 },
      after: { name: basename(afterPath), sizeBytes: after.blob.size, sha256: inputs[1].sha256 }
    },
    options,
    sites?.set ?? null,
    report
  );
  const kernels = await loadKernels(flavour);

  const dir = folder.scratchPath;
  const startedMs = Date.now() - 1000; // file times may be rounded down to the second
  const info = before.source.info;
  const { width, height } = info;
  const open: FileStore<Float32Array | Uint8Array | Uint32Array>[] = [];
  const track = <S extends FileStore<Float32Array | Uint8Array | Uint32Array>>(s: S) => (open.push(s), s);
  // A raster left out of --outputs is still computed (objects and sites read it) but in a scratch file.
  const wanted = parsed('outputs', values.outputs, parseOutputs);
  const scratch: FileStore<Float32Array | Uint8Array | Uint32Array>[] = [];
  const store = async <T extends Float32Array | Uint8Array>(
    name: string,
    header: ReturnType<typeof magnitudeHeader>,
    ctor: { new (n: number): T; BYTES_PER_ELEMENT: number }
  ) => {
    if (wanted === null || wanted.has(name)) return track(await FileStore.create(folder.file(`${name}.tif`), header, width, height, ctor));
    const s = await FileStore.create(folder.scratchFile(`${name}.raw`), null, width, height, ctor);
    scratch.push(s);
    return s;
  };
  const magnitude = await store('magnitude', magnitudeHeader(info), Float32Array);
  const mask = await store('mask', maskHeader(info), Uint8Array);
  const extra = (name: string) => store(name, magnitudeHeader(info, name), Float32Array);
  const labels = await FileStore.create(folder.scratchFile('labels.raw'), null, width, height, Uint32Array);
  try {
    const progress = values.quiet ? undefined : progressPrinter();
    const outcome = await detectChange(before.source, after.source, options, { magnitude, mask, extra }, kernels, inputs, { onProgress: progress });
    const objects = await changeObjects({ mask, magnitude, directionClass: outcome.extras.get('class'), labels }, info.geo, { onProgress: progress });
    const perSite = pixelSites
      ? await siteStatistics(
          pixelSites,
          {
            mask,
            magnitude,
            labels: objects.objects.length === objects.count ? labels : null,
            directionClass: outcome.extras.get('class'),
            delta: outcome.extras.get('delta')
          },
          { width, height, pixelAreaM2: info.geo ? pixelAreaM2(info.geo) : null, objects: objects.objects },
          { onProgress: progress }
        )
      : null;
    // Samples set aside by the sample domain rule are said in the summary (only when there are any).
    const inputNotes = [...before.source.notes(), ...after.source.notes()];
    const summary = { ...outcome.summary, objects: objects.count, ...(perSite && { sites: perSite.sites }), ...(inputNotes.length ? { inputNotes } : {}) };
    await writeFile(folder.file('summary.json'), summaryJson(summary));
    await writeFile(folder.file('recipe.json'), recipeJson(ranRecipe));
    await writeFile(folder.file('objects.geojson'), objects.geojson);
    if (objects.geojsonImageCrs) await writeFile(folder.file('objects-crs.geojson'), objects.geojsonImageCrs);
    await writeFile(
      folder.file('objects.csv'),
      perSite ? objectsCsv(objects.objects, { mapUnit: objectsMapUnit(info.geo), sites: perSite.objectSites }) : objects.csv
    );
    if (perSite) await writeFile(folder.file('sites.csv'), sitesCsv(perSite.sites));
    if (values.report) {
      await writeReport({
        dir,
        startedMs,
        settings: report,
        before: before.source,
        after: after.source,
        inputs,
        sizes: [before.blob.size, after.blob.size],
        mask,
        pixelSites: pixelSites ?? [],
        summary,
        sites: perSite?.sites ?? null,
        objects: objects.objects,
        objectSites: perSite?.objectSites ?? null,
        recipe: ranRecipe
      });
    }
    const absent = [...(wanted ?? [])].filter((n) => n !== 'magnitude' && n !== 'mask' && !outcome.extras.has(n));
    if (absent.length > 0) console.error(`sitewatch: note: --outputs: ${absent.join(', ')} not made by ${outcome.summary.recipe.method}`);
    for (const note of [...inputNotes, ...outcome.notes, ...objects.notes]) console.error(`sitewatch: note: ${note}`);
    for (const warning of summary.warnings) console.error(`sitewatch: warning: ${warning}`);
    if (!values.quiet) printSummary(summary);
    if (!values.quiet && perSite) for (const site of perSite.sites) console.log(siteLine(site));
  } finally {
    await Promise.all(open.map((s) => s.close()));
    await Promise.all([labels, ...scratch].map((s) => s.discard()));
  }
}

/** --outputs: the rasters to write: magnitude, mask, and the methods' extra outputs by name. */
function parseOutputs(v: string): Set<string> {
  const names = v.split(',').map((s) => s.trim());
  const bad = names.find((n) => !/^(magnitude|mask|angle|class|delta|pNoChange|mad[1-9]\d*)$/.test(n));
  if (bad !== undefined) throw new RangeError(`"${bad}" is not a raster output (magnitude, mask, angle, class, delta, pNoChange, mad1…madN)`);
  return new Set(names);
}

/** The options of the command line (each absent flag: the recipe decides, as in the app). */
function optionsFromFlags(values: Record<string, string | boolean | undefined>): ChangeOptions {
  const text = (k: string) => values[k] as string | undefined;
  const irmad = {
    maxIterations: parsed('irmad-max-iter', text('irmad-max-iter'), (v) => positive(v, true)) ?? DEFAULT_CHANGE_OPTIONS.irmad.maxIterations,
    tolerance: parsed('irmad-tol', text('irmad-tol'), (v) => positive(v)) ?? DEFAULT_CHANGE_OPTIONS.irmad.tolerance,
    lambda: parsed('irmad-lambda', text('irmad-lambda'), (v) => positive(v)) ?? DEFAULT_CHANGE_OPTIONS.irmad.lambda
  };
  return {
    ...DEFAULT_CHANGE_OPTIONS,
    method: parsed('method', text('method'), parseMethod) ?? DEFAULT_CHANGE_OPTIONS.method,
    threshold: parsed('threshold', text('threshold'), parseThresholdSpec),
    bands: parsed('bands', text('bands'), parseBands),
    normalize: parsed('normalize', text('normalize'), parseNormalize),
    clean: parsed('clean', text('clean'), parseCleanSpec),
    irmad,
    align: parsed('align', text('align'), parseAlignMode),
    resampling: parsed('resampling', text('resampling'), parseResampling)
  };
}

const OPTION_FLAGS = [
  ...['method', 'threshold', 'bands', 'normalize', 'align', 'resampling', 'clean', 'band-mapping', 'irmad-max-iter', 'irmad-tol', 'irmad-lambda', 'sites'],
  ...['title', 'caption', 'before-date', 'after-date', 'figure-width']
];

/** The figure's and report's settings from the command line. */
function reportFromFlags(values: Record<string, string | boolean | undefined>): ReportSettings {
  const text = (k: string) => values[k] as string | undefined;
  return {
    title: text('title') ?? '',
    caption: text('caption') ?? '',
    beforeDate: text('before-date') ?? null,
    afterDate: text('after-date') ?? null,
    figureWidth: parsed('figure-width', text('figure-width'), (v) => checkFigureWidth(Number(v))) ?? DEFAULT_REPORT_SETTINGS.figureWidth
  };
}

/** A recipe.json: its options replace the option flags, which may not be given beside it. */
async function readRecipe(path: string, values: Record<string, string | boolean | undefined>) {
  const clash = OPTION_FLAGS.filter((f) => values[f] !== undefined);
  if (clash.length) throw new UsageError(`--recipe gives every option: drop ${clash.map((f) => `--${f}`).join(', ')}`);
  const text = await readFile(path, 'utf8').catch((e: Error) => {
    throw new InputError(path, `cannot read the recipe (${e.message})`);
  });
  return parseRecipe(text, path);
}

/** The sites file, read and parsed before any image is opened, so a bad file fails fast. */
async function readSites(path: string): Promise<{ set: SiteSet; path: string }> {
  const text = await readFile(path, 'utf8').catch((e: Error) => {
    throw new InputError(path, `cannot read the sites file (${e.message})`);
  });
  return { set: parseSites(text, path), path };
}

/** `--train FILE [--seed N] [--trees N]`: the labelled pixels of analyst-taught detection. */
async function readTraining(values: { train?: string; seed?: string; trees?: string }, geo: GeoInfo | null): Promise<SupervisedOptions> {
  const file = values.train!;
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new InputError(file, e.code === 'ENOENT' ? 'no such file' : e.message);
  });
  return {
    samples: parseTrainingSamples(text, file, geo),
    seed: parsed('seed', values.seed, (v) => positive(v, true)) ?? DEFAULT_FOREST.seed,
    trees: parsed('trees', values.trees, (v) => positive(v, true)) ?? DEFAULT_FOREST.trees
  };
}

function progressPrinter() {
  let last = '';
  return (p: { stage: string; done: number; total: number }) => {
    if (!process.stderr.isTTY) return;
    const line = `${p.stage} ${Math.round((100 * p.done) / p.total)}%`;
    if (line !== last) process.stderr.write(`\r${line.padEnd(32)}`);
    last = line;
    if (p.done === p.total) process.stderr.write('\r' + ' '.repeat(32) + '\r');
  };
}

function siteLine(s: SiteStatistics): string {
  const area = s.changedAreaHa === null ? `${s.changedPixels} px` : `${s.changedAreaHa.toFixed(2)} ha`;
  const objects = s.objects === null ? '' : `, ${s.objects} objects`;
  return `site ${s.name}: ${area} changed (${(100 * s.changedFraction).toFixed(2)} % of ${s.validPixels} valid pixels)${objects}${s.partlyOutside ? ', partly outside the image' : ''}`;
}

function printSummary(s: ChangeSummary & { objects: number }): void {
  const pct = (100 * s.changedFraction).toFixed(3);
  const area =
    s.changedAreaM2 === null ? 'area unknown (not in a projected CRS)' : `${Math.round(s.changedAreaM2)} m² (${(s.changedAreaM2 / 1e4).toFixed(2)} ha)`;
  const t = s.threshold.value === null ? 'none (no valid pixel)' : `${s.threshold.value.toPrecision(6)} ${s.magnitudeUnit}`;
  const r = s.recipe;
  console.log(
    `method ${r.method}${r.requested === 'auto' ? ' (auto)' : ''}, bands ${s.bands.join(',')}, normalize ${r.normalize}, prefilter ${r.prefilter}, clean ${r.clean}`
  );
  console.log(`threshold ${r.threshold}${s.threshold.onLogMagnitude ? ' on ln(magnitude)' : ''} = ${t}`);
  console.log(`changed ${s.changedPixels} of ${s.validPixels} valid pixels (${pct} %), ${area}, ${s.objects} objects`);
}
