import type { Kernels } from '../../wasm/types';
import { alignPair, requireReliable } from '../align/align';
import { guessMapping } from '../bands';
import { formatCleanSpec } from '../clean/spec';
import { pixelAreaM2 } from '../io/geo';
import { histogramMatch, histogramMatchPreparation } from '../normalize/histogram-matching';
import { radcal, radcalPreparation } from '../normalize/radcal';
import { applyZScore, bandStatistics } from '../normalize/zscore';
import { InputError, type RasterSource, type RunContext } from '../raster';
import type { BandStore } from '../store';
import { formatThresholdSpec, resolveThreshold } from '../threshold/spec';
import { VERSION } from '../version';
import { classify } from './classify';
import { MagnitudeMoments, magnitudeHistogram } from './magnitude-stats';
import { medianPrefilter } from './median-prefilter';
import type { ChangeStatistic } from './method';
import { createStatistic } from './methods/index';
import { spectralIndexBands, SPECTRAL_INDEX_KINDS, type SpectralIndexKind } from './methods/spectral-index';
import type { ChangeOptions } from './options';
import { checkPair } from './pair';
import { PairReader } from './pair-reader';
import { planRecipe, type Recipe } from './recipe';
import { sanityWarnings } from './sanity';
import { thresholdOverlap } from '../threshold/class-overlap';
import { thresholdBySeparation, type SeparationChoice } from '../threshold/separation';
import type { ChangeSummary, InputRecord, MagnitudeHistogram } from './summary';

export interface ChangeStores {
  magnitude: BandStore<Float32Array>;
  mask: BandStore<Uint8Array>;
  /** A store for an extra Float32 output of the method (e.g. "mad1", "pNoChange", "class"). */
  extra(name: string): Promise<BandStore<Float32Array>>;
}

export interface ChangeOutcome {
  summary: ChangeSummary;
  histogram: MagnitudeHistogram;
  recipe: Recipe;
  /** The method's extra outputs by name. */
  extras: Map<string, BandStore<Float32Array>>;
  notes: string[];
}

const INTEGER = new Set(['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32']);

/** 1-based band numbers to use, validated against both images. */
export function resolveBands(before: RasterSource, after: RasterSource, bands: number[] | null): number[] {
  const nb = before.info.bands;
  const na = after.info.bands;
  if (!bands) {
    if (nb !== na) {
      throw new InputError(after.info.name, `it has ${na} band(s) but ${before.info.name} has ${nb}; choose the bands to compare`);
    }
    return Array.from({ length: nb }, (_, i) => i + 1);
  }
  if (bands.length === 0) throw new InputError('bands', 'no band selected');
  for (const b of bands) {
    if (!Number.isInteger(b) || b < 1 || b > Math.min(nb, na)) {
      throw new InputError('bands', `band ${b} does not exist (before has ${nb}, after has ${na} bands)`);
    }
  }
  return bands;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * One change analysis: align → plan (recipe) → normalize → fit the method → magnitude → threshold →
 * clean, strip by strip, so memory is bounded by the strip size plus whatever the stores keep.
 * Nodata (NaN in either image, any selected band) stays NaN in the magnitude, 255 in the mask,
 * and is left out of every statistic and count.
 */
export async function detectChange(
  before: RasterSource,
  afterInput: RasterSource,
  options: ChangeOptions,
  stores: ChangeStores,
  kernels: Kernels,
  inputs: InputRecord[],
  ctx: RunContext = {}
): Promise<ChangeOutcome> {
  const t0 = performance.now();
  const notes = checkPair(before.info, afterInput.info, options.align);
  const aligned = await alignPair(before, afterInput, { mode: options.align, resampling: options.resampling }, ctx);
  if (aligned.alignment.method === 'auto') requireReliable(aligned, afterInput.info);
  else if (aligned.alignment.reason) notes.push(aligned.alignment.reason);
  const after = aligned.after;
  const alignMs = round(performance.now() - t0);
  const mapping = options.bandMapping ?? guessMapping(before.info)?.mapping ?? null;
  const wanted =
    options.method !== 'auto' && SPECTRAL_INDEX_KINDS.includes(options.method as SpectralIndexKind) && !options.bands && mapping
      ? spectralIndexBands(options.method as SpectralIndexKind, mapping)
      : options.bands;
  const bands = resolveBands(before, after, wanted);
  const recipe = planRecipe(options, bands);
  const integer = INTEGER.has(before.info.dtype) && INTEGER.has(after.info.dtype);
  const pair = new PairReader(before, after, bands, ctx);
  const timingsMs: Record<string, number> = { align: alignMs };

  // After z-scoring, values are no longer digital numbers: no data-type range, no spectral indices.
  const standardized = recipe.normalize === 'zscore';
  const statistic: ChangeStatistic = createStatistic(recipe.method, {
    kernels,
    integer,
    values: standardized ? 'σ' : 'DN',
    irmad: options.irmad,
    mapping: standardized ? null : mapping,
    supervised: options.supervised ?? null
  });
  if (recipe.normalize !== 'none' || statistic.fitReadsPixels) pair.keepDecoded();

  let normalization: Record<string, unknown> | null = null;
  if (recipe.prefilter === 'median3') pair.preparations.push(medianPrefilter);
  if (standardized) {
    const n0 = performance.now();
    const stats = await bandStatistics(pair, ctx);
    pair.preparations.push({ halo: 0, inPlace: true, apply: (s) => (applyZScore(s, stats), s) });
    normalization = { method: 'zscore', before: stats.before, after: stats.after };
    timingsMs.normalize = round(performance.now() - n0);
  }
  if (recipe.normalize === 'histmatch') {
    const n0 = performance.now();
    const match = await histogramMatch(pair, ctx);
    pair.preparations.push(histogramMatchPreparation(match));
    const range = (h: { min: number; max: number }) => [h.min, h.max];
    normalization = { method: 'histmatch', validPixels: match.validPixels, beforeRanges: match.before.map(range), afterRanges: match.after.map(range) };
    timingsMs.normalize = round(performance.now() - n0);
  }
  if (recipe.normalize === 'irmad') {
    const n0 = performance.now();
    const fit = await radcal(pair, kernels, integer, options.irmad, ctx);
    pair.preparations.push(radcalPreparation(fit));
    normalization = { ...fit };
    timingsMs.normalize = round(performance.now() - n0);
  }

  const f0 = performance.now();
  const fit =
    (await statistic.fit?.({ pair, kernels, ctx, integer: integer && !standardized, bandNames: bands.map((b) => before.info.bandNames[b - 1] ?? null) })) ??
    null;
  timingsMs.fit = round(performance.now() - f0);

  const { width } = pair;
  const extras = new Map<string, BandStore<Float32Array>>();
  for (const name of statistic.outputs ?? []) extras.set(name, await stores.extra(name));
  const extraBuffers = [...extras.keys()].map(() => new Float32Array(pair.rows * width));
  let out = new Float32Array(pair.rows * width);
  const moments = new MagnitudeMoments();
  const m0 = performance.now();
  await pair.pass(
    async (strip) => {
      const n = strip.rows * width;
      if (out.length !== n) out = new Float32Array(n);
      const extraRows = extraBuffers.map((b) => b.subarray(0, n));
      statistic.magnitude(strip, out, extraRows);
      moments.add(out, kernels);
      await stores.magnitude.write(strip.y0, out);
      let i = 0;
      for (const store of extras.values()) await store.write(strip.y0, extraRows[i++]);
    },
    { stage: 'magnitude', halo: statistic.halo }
  );
  timingsMs.magnitude = round(performance.now() - m0);

  const h0 = performance.now();
  const valid = moments.count;
  const min = valid > 0 ? moments.min : 0;
  const max = valid > 0 ? moments.max : 0;
  const histogram = await magnitudeHistogram(stores.magnitude, min, max, kernels, ctx);
  let threshold: number | null;
  let onLog = false;
  let rule = formatThresholdSpec(recipe.threshold);
  let thresholdMethod = recipe.threshold.method;
  let selection: SeparationChoice | null = null;
  let modelHistogram: MagnitudeHistogram = histogram;
  if (recipe.thresholdBySeparation && valid > 0) {
    // δ keeps ln finite at 0 without moving the bulk of the magnitudes: 1 % of their mean.
    const logOffset = min >= 0 ? Math.max(moments.mean * 0.01, Number.MIN_VALUE) : null;
    const logHistogram = logOffset === null ? null : await magnitudeHistogram(stores.magnitude, min, max, kernels, ctx, logOffset);
    selection = thresholdBySeparation(histogram, logHistogram, logOffset ?? 0, moments.minCount);
    const chosen = selection!.chosen;
    threshold = chosen.value;
    onLog = chosen.scale === 'log';
    rule = chosen.rule;
    thresholdMethod = chosen.rule;
    if (onLog && logHistogram) modelHistogram = logHistogram;
  } else {
    try {
      threshold = resolveThreshold(recipe.threshold, histogram, moments, statistic.chiSquareDf ?? null);
    } catch (e) {
      throw new InputError('threshold', (e as Error).message);
    }
  }
  const automatic = options.threshold === null || recipe.threshold.method !== 'manual';
  const overlap = selection !== null ? selection.chosen.overlap : automatic && threshold !== null ? thresholdOverlap(modelHistogram, threshold) : null;
  timingsMs.histogram = round(performance.now() - h0);
  const pixelArea = before.info.geo ? pixelAreaM2(before.info.geo) : null;
  const k0 = performance.now();
  const { thresholded, changed } = await classify(stores, threshold, recipe.clean, pixelArea, kernels, ctx);
  timingsMs.mask = round(performance.now() - k0);
  timingsMs.read = round(pair.readMs);
  timingsMs.total = round(performance.now() - t0);

  const summary: ChangeSummary = {
    version: VERSION,
    method: recipe.method,
    threshold: {
      method: thresholdMethod,
      value: threshold,
      rule,
      onLogMagnitude: onLog,
      classOverlap: overlap,
      ...(selection ? { tiePixels: selection.tiePixels, candidates: selection.candidates } : {})
    },
    magnitudeUnit: statistic.unit,
    width,
    height: pair.height,
    bands,
    validPixels: valid,
    changedPixels: changed,
    changedFraction: valid > 0 ? changed / valid : 0,
    pixelAreaM2: pixelArea,
    changedAreaM2: pixelArea === null ? null : changed * pixelArea,
    crs: before.info.geo?.crsName ?? null,
    alignment: aligned.alignment,
    grid: aligned.grid,
    recipe: {
      requested: recipe.requested,
      method: recipe.method,
      normalize: recipe.normalize,
      prefilter: recipe.prefilter,
      threshold: rule,
      clean: formatCleanSpec(recipe.clean),
      reasons: recipe.reasons
    },
    magnitudeStats: {
      min: valid > 0 ? min : null,
      max: valid > 0 ? max : null,
      mean: valid > 0 ? moments.mean : null,
      std: valid > 0 ? moments.std : null,
      skewness: valid > 0 ? moments.skewness : null
    },
    thresholdedPixels: thresholded,
    normalization,
    fit,
    inputs,
    warnings: sanityWarnings({ validPixels: valid, changedPixels: changed, classOverlap: overlap }),
    timingsMs
  };
  if (recipe.method === 'irmad' && fit) summary.irmad = fit;
  return { summary, histogram, recipe, extras, notes };
}
