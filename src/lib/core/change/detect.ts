import type { Kernels } from '../../wasm/types';
import { pixelAreaM2 } from '../io/geo';
import { InputError, throwIfAborted, type RasterSource, type RunContext } from '../raster';
import type { BandStore } from '../store';
import { thresholdOtsu } from '../threshold/otsu';
import { VERSION } from '../version';
import { stripRows, strips } from '../windows';
import { PairReader } from './pair-reader';
import { HISTOGRAM_BINS, logRatioEpsilon, magnitudeUnit, type ChangeOptions } from './options';
import { checkPair } from './pair';
import type { ChangeSummary, InputRecord, MagnitudeHistogram } from './summary';

export interface ChangeStores {
  magnitude: BandStore<Float32Array>;
  mask: BandStore<Uint8Array>;
}

export interface ChangeOutcome {
  summary: ChangeSummary;
  histogram: MagnitudeHistogram;
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

/**
 * One change analysis: magnitude → histogram → threshold → mask, strip by strip, so memory is
 * bounded by the strip size plus whatever the stores keep. Nodata (NaN in either image, any
 * selected band) stays NaN in the magnitude, 255 in the mask, and is left out of every count.
 */
export async function detectChange(
  before: RasterSource,
  after: RasterSource,
  options: ChangeOptions,
  stores: ChangeStores,
  kernels: Kernels,
  inputs: InputRecord[],
  ctx: RunContext = {}
): Promise<ChangeOutcome> {
  const t0 = performance.now();
  const notes = checkPair(before.info, after.info);
  const bands = resolveBands(before, after, options.bands);
  const { width, height } = before.info;
  const integer = INTEGER.has(before.info.dtype) && INTEGER.has(after.info.dtype);
  const eps = logRatioEpsilon(integer);
  const pair = new PairReader(before, after, bands, ctx);

  let min = Infinity;
  let max = -Infinity;
  let valid = 0;
  let out = new Float32Array(pair.rows * width);
  const m0 = performance.now();
  await pair.pass(
    async ({ y0, rows, a, b }) => {
      if (out.length !== rows * width) out = new Float32Array(rows * width);
      else out.fill(0);
      for (let i = 0; i < bands.length; i++) {
        if (options.method === 'cva') kernels.squaredDiffAccumulate(out, a[i], b[i]);
        else if (options.method === 'absdiff') kernels.absDiffAccumulate(out, a[i], b[i]);
        else kernels.logRatioAccumulate(out, a[i], b[i], eps);
      }
      if (options.method === 'cva') kernels.sqrt(out);
      else if (bands.length > 1) kernels.scale(out, 1 / bands.length);
      const mm = kernels.minMax(out);
      min = Math.min(min, mm.min);
      max = Math.max(max, mm.max);
      valid += mm.count;
      await stores.magnitude.write(y0, out);
    },
    { stage: 'magnitude' }
  );
  const timingsMs: Record<string, number> = { read: pair.readMs, magnitude: performance.now() - m0 - pair.readMs };

  const h0 = performance.now();
  const histogram = await magnitudeHistogram(stores.magnitude, valid > 0 ? min : 0, valid > 0 ? max : 0, kernels, ctx);
  timingsMs.histogram = performance.now() - h0;

  const threshold = options.threshold.method === 'manual' ? options.threshold.value : thresholdOtsu(histogram);
  const k0 = performance.now();
  const changed = await applyThreshold(stores, threshold, kernels, ctx);
  timingsMs.mask = performance.now() - k0;
  timingsMs.total = performance.now() - t0;
  for (const k of Object.keys(timingsMs)) timingsMs[k] = Math.round(timingsMs[k] * 10) / 10;

  const pixelArea = before.info.geo ? pixelAreaM2(before.info.geo) : null;
  const summary: ChangeSummary = {
    version: VERSION,
    method: options.method,
    threshold: { method: options.threshold.method, value: threshold },
    magnitudeUnit: magnitudeUnit(options.method),
    width,
    height,
    bands,
    validPixels: valid,
    changedPixels: changed,
    changedFraction: valid > 0 ? changed / valid : 0,
    pixelAreaM2: pixelArea,
    changedAreaM2: pixelArea === null ? null : changed * pixelArea,
    crs: before.info.geo?.crsName ?? null,
    inputs,
    timingsMs
  };
  return { summary, histogram, notes };
}

/** Histogram of the valid magnitudes over [min, max] with HISTOGRAM_BINS bins. */
export async function magnitudeHistogram(
  store: BandStore<Float32Array>,
  min: number,
  max: number,
  kernels: Kernels,
  ctx: RunContext = {}
): Promise<MagnitudeHistogram> {
  const counts = new Uint32Array(HISTOGRAM_BINS);
  const rows = stripRows(store.width, store.height);
  const buf = new Float32Array(rows * store.width);
  for (const s of strips(store.height, rows)) {
    throwIfAborted(ctx.signal);
    const data = await store.read(s.y0, s.rows, buf.subarray(0, s.rows * store.width));
    kernels.histogram(counts, data, min, max);
    ctx.onProgress?.({ stage: 'histogram', done: s.y0 + s.rows, total: store.height });
  }
  return { min, max, counts };
}

/**
 * Writes the change mask for threshold t (1 where magnitude > t, 0 otherwise, 255 for nodata)
 * and returns the number of changed pixels. t = null (no valid pixel) marks nothing as change.
 */
export async function applyThreshold(stores: ChangeStores, t: number | null, kernels: Kernels, ctx: RunContext = {}): Promise<number> {
  const { width, height } = stores.magnitude;
  const rows = stripRows(width, height);
  const buf = new Float32Array(rows * width);
  const mask = new Uint8Array(rows * width);
  let changed = 0;
  for (const s of strips(height, rows)) {
    throwIfAborted(ctx.signal);
    const n = s.rows * width;
    const data = await stores.magnitude.read(s.y0, s.rows, buf.subarray(0, n));
    const m = mask.subarray(0, n);
    changed += kernels.threshold(m, data, t ?? Infinity);
    await stores.mask.write(s.y0, m);
    ctx.onProgress?.({ stage: 'mask', done: s.y0 + s.rows, total: height });
  }
  return changed;
}
