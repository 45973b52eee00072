/**
 * recipe.json: everything needed to run one analysis again and get the same bytes — the two
 * inputs (name, size, SHA-256, so the right files are checked, not trusted), every option in the
 * CLI's own syntax, the sites, and the version that wrote it. The app downloads it and reads it
 * back; `sitewatch change --recipe recipe.json BEFORE AFTER` runs it.
 */
import { ALIGN_MODES } from '../align/options';
import { RESAMPLINGS } from '../align/resample';
import { BAND_ROLES, type BandMapping, type BandRole } from '../bands';
import { DEFAULT_CHANGE_OPTIONS, METHOD_CHOICES, NORMALIZATIONS, type ChangeOptions, type MethodChoice } from '../change/options';
import { formatCleanSpec, parseCleanSpec } from '../clean/spec';
import { InputError } from '../raster';
import { parseSitesGeoJson } from '../sites/geojson';
import type { SiteSet } from '../sites/site';
import { sitesGeoJson } from '../sites/write';
import { formatThresholdSpec, parseThresholdSpec } from '../threshold/spec';
import { VERSION } from '../version';
import { checkFigureWidth, DEFAULT_REPORT_SETTINGS, reportDisplay, type ReportSettings } from '../report/settings';

export const RECIPE_FORMAT = 'sitewatch-recipe';
export const RECIPE_FORMAT_VERSION = 1;

export interface RecipeInput {
  name: string;
  sizeBytes: number;
  sha256: string;
}

/** Options as text in the CLI's syntax; null = the recipe decides (as the CLI's absent flag). */
export interface RecipeOptions {
  method: MethodChoice;
  threshold: string | null;
  bands: number[] | null;
  normalize: ChangeOptions['normalize'];
  prefilter: ChangeOptions['prefilter'];
  clean: string | null;
  bandMapping: BandMapping | null;
  irmad: ChangeOptions['irmad'];
  /** Present only when chosen (absent: the default for the pair). */
  align?: ChangeOptions['align'];
  resampling?: ChangeOptions['resampling'];
}

export interface RecipeFile {
  format: typeof RECIPE_FORMAT;
  formatVersion: typeof RECIPE_FORMAT_VERSION;
  /** The version of Sitewatch that wrote it. */
  version: string;
  inputs: { before: RecipeInput; after: RecipeInput };
  options: RecipeOptions;
  /** The sites as a GeoJSON FeatureCollection, or null. */
  sites: unknown;
  /** The figure's and the report's title, caption, dates and width. */
  report: ReportSettings;
}

export function recipeOptions(options: ChangeOptions): RecipeOptions {
  return {
    method: options.method,
    threshold: options.threshold ? formatThresholdSpec(options.threshold) : null,
    bands: options.bands,
    normalize: options.normalize,
    prefilter: options.prefilter,
    clean: options.clean ? formatCleanSpec(options.clean) : null,
    bandMapping: options.bandMapping,
    irmad: options.irmad,
    ...(options.align !== null && { align: options.align }),
    ...(options.resampling !== null && { resampling: options.resampling })
  };
}

/** The recipe of a run. */
export function makeRecipe(
  inputs: { before: RecipeInput; after: RecipeInput },
  options: ChangeOptions,
  sites: SiteSet | null,
  report: ReportSettings = DEFAULT_REPORT_SETTINGS
): RecipeFile {
  return {
    format: RECIPE_FORMAT,
    formatVersion: RECIPE_FORMAT_VERSION,
    version: VERSION,
    inputs,
    options: recipeOptions(options),
    sites: sites ? JSON.parse(sitesGeoJson(sites.sites, sites.crs)) : null,
    report
  };
}

export function recipeJson(recipe: RecipeFile): string {
  return JSON.stringify(recipe, null, 2) + '\n';
}

type Json = Record<string, unknown>;

function field<T>(o: Json, key: string, file: string, check: (v: unknown) => v is T, what: string): T {
  const v = o[key];
  if (!check(v)) throw new InputError(file, `options.${key} must be ${what}, not ${JSON.stringify(v)}`);
  return v;
}

const isNullOrString = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isBands = (v: unknown): v is number[] | null => v === null || (Array.isArray(v) && v.length > 0 && v.every((b) => Number.isInteger(b) && b >= 1));

function parsedOptions(o: Json, file: string): ChangeOptions {
  const text = <T>(key: string, parse: (t: string) => T): T | null => {
    const v = field(o, key, file, isNullOrString, 'a text or null');
    if (v === null) return null;
    try {
      return parse(v);
    } catch (e) {
      throw new InputError(file, `options.${key}: ${(e as Error).message}`);
    }
  };
  const method = field(o, 'method', file, (v): v is MethodChoice => (METHOD_CHOICES as readonly unknown[]).includes(v), `one of ${METHOD_CHOICES.join(', ')}`);
  const normalize = field(
    o,
    'normalize',
    file,
    (v): v is ChangeOptions['normalize'] => v === null || (NORMALIZATIONS as readonly unknown[]).includes(v),
    `${NORMALIZATIONS.join(', ')} or null`
  );
  const optional = <T>(key: string, ok: readonly T[]): T | null => {
    if (o[key] === undefined || o[key] === null) return null;
    if (!ok.includes(o[key] as T)) throw new InputError(file, `options.${key} must be one of ${ok.join(', ')}`);
    return o[key] as T;
  };
  const prefilter = field(o, 'prefilter', file, (v): v is ChangeOptions['prefilter'] => v === null || v === 'none' || v === 'median3', 'none, median3 or null');
  const mapping = field(
    o,
    'bandMapping',
    file,
    (v): v is BandMapping | null =>
      v === null ||
      (typeof v === 'object' &&
        !Array.isArray(v) &&
        Object.entries(v as Json).every(([k, b]) => BAND_ROLES.includes(k as BandRole) && Number.isInteger(b) && (b as number) >= 1)),
    'null or roles such as {"red": 3, "nir": 4}'
  );
  const irmad = field(
    o,
    'irmad',
    file,
    (v): v is ChangeOptions['irmad'] => {
      const i = v as Json | null;
      return !!i && Number.isInteger(i.maxIterations) && (i.maxIterations as number) >= 1 && Number.isFinite(i.tolerance) && Number.isFinite(i.lambda);
    },
    '{maxIterations, tolerance, lambda}'
  );
  return {
    ...DEFAULT_CHANGE_OPTIONS,
    method,
    threshold: text('threshold', parseThresholdSpec),
    bands: field(o, 'bands', file, isBands, 'null or band numbers from 1'),
    normalize,
    prefilter,
    clean: text('clean', parseCleanSpec),
    bandMapping: mapping,
    irmad: { maxIterations: irmad.maxIterations, tolerance: irmad.tolerance, lambda: irmad.lambda },
    align: optional('align', ALIGN_MODES),
    resampling: optional('resampling', RESAMPLINGS)
  };
}

function input(v: unknown, key: string, file: string): RecipeInput {
  const i = v as Json | null;
  if (!i || typeof i.name !== 'string' || !Number.isFinite(i.sizeBytes) || typeof i.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(i.sha256)) {
    throw new InputError(file, `inputs.${key} must be {name, sizeBytes, sha256 (64 hex digits)}`);
  }
  return { name: i.name, sizeBytes: i.sizeBytes as number, sha256: i.sha256 };
}

/** A recipe read back: its options as ChangeOptions and its sites, validated, or an error naming the file. */
function reportSettings(v: unknown, file: string): ReportSettings {
  if (v === undefined || v === null) return DEFAULT_REPORT_SETTINGS;
  const r = v as Json;
  const text = (k: string) => {
    if (typeof r[k] !== 'string') throw new InputError(file, `report.${k} must be a text`);
    return r[k] as string;
  };
  const date = (k: string) => {
    if (r[k] !== null && typeof r[k] !== 'string') throw new InputError(file, `report.${k} must be a text or null`);
    return r[k] as string | null;
  };
  let figureWidth: number;
  try {
    figureWidth = checkFigureWidth(r.figureWidth as number);
  } catch (e) {
    throw new InputError(file, `report.figureWidth: ${(e as Error).message}`);
  }
  let display: Pick<ReportSettings, 'display'>;
  try {
    display = reportDisplay(r.display);
  } catch (e) {
    throw new InputError(file, (e as Error).message);
  }
  return { title: text('title'), caption: text('caption'), beforeDate: date('beforeDate'), afterDate: date('afterDate'), figureWidth, ...display };
}

export function parseRecipe(text: string, file: string): { recipe: RecipeFile; options: ChangeOptions; sites: SiteSet | null; report: ReportSettings } {
  let root: Json;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `not valid JSON (${(e as Error).message})`);
  }
  if (!root || root.format !== RECIPE_FORMAT) throw new InputError(file, `not a Sitewatch recipe (no "format": "${RECIPE_FORMAT}")`);
  if (root.formatVersion !== RECIPE_FORMAT_VERSION)
    throw new InputError(file, `recipe format version ${root.formatVersion} is not supported (this is ${RECIPE_FORMAT_VERSION})`);
  const inputs = root.inputs as Json | null;
  const recipeInputs = { before: input(inputs?.before, 'before', file), after: input(inputs?.after, 'after', file) };
  if (!root.options || typeof root.options !== 'object') throw new InputError(file, 'has no options');
  const options = parsedOptions(root.options as Json, file);
  const sites = root.sites ? parseSitesGeoJson(JSON.stringify(root.sites), `${file} (sites)`) : null;
  const recipe: RecipeFile = {
    format: RECIPE_FORMAT,
    formatVersion: RECIPE_FORMAT_VERSION,
    version: String(root.version),
    inputs: recipeInputs,
    options: recipeOptions(options),
    sites: root.sites ?? null,
    report: reportSettings(root.report, file)
  };
  return { recipe, options, sites, report: recipe.report };
}

/** Checks that a file is the one the recipe names (by SHA-256); throws an error naming both otherwise. */
export function checkRecipeInput(expected: RecipeInput, actual: { name: string; sha256: string }, role: 'before' | 'after', recipeFile: string): void {
  if (expected.sha256 !== actual.sha256) {
    throw new InputError(
      actual.name,
      `is not the ${role} image of ${recipeFile}: SHA-256 ${actual.sha256.slice(0, 12)}… differs from ${expected.name}'s ${expected.sha256.slice(0, 12)}…`
    );
  }
}
