/**
 * The magnitude histogram split by a reference: one histogram of the magnitudes of the truth's
 * change pixels and one of its no-change pixels, on the bins of the run's own histogram. Drawn
 * under the threshold, they show why a threshold lands where it does and what it must get wrong
 * where the two overlap (e.g. Bruzzone & Prieto 2000, "Automatic analysis of the difference image
 * for unsupervised change detection", doi:10.1109/36.843009, who model exactly these two classes).
 */
import type { MagnitudeHistogram } from '../change/summary';
import { HISTOGRAM_BINS } from '../change/options';
import { throwIfAborted, type RasterSource, type RunContext } from '../raster';
import type { BandStore } from '../store';
import { stripRows, strips } from '../windows';
import type { Kernels } from '../../wasm/types';

/** The bins of one histogram: [min, max] of m, or of ln(m + logOffset) when logOffset is set. */
export interface BinSpec {
  min: number;
  max: number;
  logOffset: number | null;
}

export interface ClassHistograms {
  /** Magnitudes of the pixels the reference calls change. */
  change: MagnitudeHistogram;
  /** Magnitudes of the pixels the reference calls no change (with partial truth: in `unchanged`). */
  noChange: MagnitudeHistogram;
}

/**
 * One ClassHistograms per bin spec, strip by strip. Pixel rules are those of accumulateConfusion:
 * NaN magnitude or truth is not counted; truth > 0 is change; with `unchanged` (partial truth) a
 * pixel is no change only where unchanged > 0. Bins follow the kernel's histogram exactly.
 * @throws RangeError when a reference does not cover the magnitude's pixels.
 */
export async function classHistograms(
  magnitude: BandStore<Float32Array>,
  truth: RasterSource,
  unchanged: RasterSource | null,
  specs: readonly BinSpec[],
  kernels: Kernels,
  ctx: RunContext = {}
): Promise<ClassHistograms[]> {
  const { width, height } = magnitude;
  for (const ref of unchanged ? [truth, unchanged] : [truth]) {
    if (ref.info.width !== width || ref.info.height !== height) {
      throw new RangeError(`${ref.info.name} is ${ref.info.width} × ${ref.info.height} px but the magnitude is ${width} × ${height} px`);
    }
  }
  const out = specs.map((s) => ({
    change: { min: s.min, max: s.max, counts: new Uint32Array(HISTOGRAM_BINS) },
    noChange: { min: s.min, max: s.max, counts: new Uint32Array(HISTOGRAM_BINS) }
  }));
  const rows = stripRows(width, height, truth.info.blockHeight);
  const change = new Float32Array(rows * width);
  const noChange = new Float32Array(rows * width);
  for (const s of strips(height, rows)) {
    throwIfAborted(ctx.signal);
    const [m, [t], u] = await Promise.all([
      magnitude.read(s.y0, s.rows),
      truth.readRows(s.y0, s.rows, [0], ctx.signal),
      unchanged ? unchanged.readRows(s.y0, s.rows, [0], ctx.signal) : null
    ]);
    let nc = 0;
    let nn = 0;
    for (let i = 0; i < m.length; i++) {
      const v = m[i];
      if (Number.isNaN(v) || Number.isNaN(t[i])) continue;
      if (t[i] > 0) change[nc++] = v;
      else if (u === null || u[0][i] > 0) noChange[nn++] = v;
    }
    specs.forEach((spec, k) => {
      for (const [values, n, h] of [
        [change, nc, out[k].change],
        [noChange, nn, out[k].noChange]
      ] as const) {
        const data = values.slice(0, n);
        if (spec.logOffset !== null) for (let i = 0; i < n; i++) data[i] = Math.log(data[i] + spec.logOffset);
        kernels.histogram(h.counts, data, spec.min, spec.max);
      }
    });
    ctx.onProgress?.({ stage: 'truth histograms', done: s.y0 + s.rows, total: height });
  }
  return out;
}
