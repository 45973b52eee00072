import type { Kernels } from '../../wasm/types';
import { throwIfAborted, type RunContext } from '../raster';
import type { BandStore } from '../store';
import { stripRows, strips } from '../windows';
import { HISTOGRAM_BINS } from './options';
import type { MagnitudeHistogram } from './summary';

/** Running moments of the valid (non-NaN) magnitudes, merged strip by strip in f64. */
export class MagnitudeMoments {
  count = 0;
  sum = 0;
  sumSquares = 0;
  sumCubes = 0;
  min = Infinity;
  max = -Infinity;
  /** How many valid magnitudes equal `min` exactly (ties: e.g. both dates equal). */
  minCount = 0;

  add(values: Float32Array, kernels: Kernels): void {
    const mm = kernels.minMax(values);
    if (mm.count === 0) return;
    if (mm.min <= this.min) {
      let ties = 0;
      for (let i = 0; i < values.length; i++) if (values[i] === mm.min) ties++;
      this.minCount = mm.min < this.min ? ties : this.minCount + ties;
    }
    this.min = Math.min(this.min, mm.min);
    this.max = Math.max(this.max, mm.max);
    this.count += mm.count;
    // Centred on the strip's minimum so Σm³ keeps its digits for large magnitudes.
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === v) {
        s1 += v;
        s2 += v * v;
      }
    }
    this.sum += s1;
    this.sumSquares += s2;
    let s3 = 0;
    const mean = s1 / mm.count;
    for (let i = 0; i < values.length; i++) {
      const d = values[i] - mean;
      if (d === d) s3 += d * d * d;
    }
    // Shift the strip's third central moment to the origin: Σm³ = Σd³ + 3μΣd² + nμ³ with Σd² = s2 − nμ².
    this.sumCubes += s3 + 3 * mean * (s2 - mm.count * mean * mean) + mm.count * mean ** 3;
  }

  get mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }

  get std(): number {
    if (this.count === 0) return NaN;
    return Math.sqrt(Math.max(0, this.sumSquares / this.count - this.mean ** 2));
  }

  /** Population skewness E[(m − μ)³]/σ³; 0 for a constant magnitude. */
  get skewness(): number {
    const n = this.count;
    if (n === 0) return NaN;
    const mu = this.mean;
    const sd = this.std;
    if (!(sd > 0)) return 0;
    const m3 = this.sumCubes / n - 3 * mu * (this.sumSquares / n) + 2 * mu ** 3;
    return m3 / sd ** 3;
  }
}

/**
 * Histogram of the valid magnitudes over [min, max] with HISTOGRAM_BINS bins, optionally of
 * ln(m + δ) instead (`logOffset` = δ) for heavy-tailed magnitudes.
 */
export async function magnitudeHistogram(
  store: BandStore<Float32Array>,
  min: number,
  max: number,
  kernels: Kernels,
  ctx: RunContext = {},
  logOffset: number | null = null
): Promise<MagnitudeHistogram> {
  const counts = new Uint32Array(HISTOGRAM_BINS);
  const rows = stripRows(store.width, store.height);
  const buf = new Float32Array(rows * store.width);
  const lo = logOffset === null ? min : Math.log(min + logOffset);
  const hi = logOffset === null ? max : Math.log(max + logOffset);
  for (const s of strips(store.height, rows)) {
    throwIfAborted(ctx.signal);
    const data = await store.read(s.y0, s.rows, buf.subarray(0, s.rows * store.width));
    if (logOffset !== null) for (let i = 0; i < data.length; i++) data[i] = Math.log(data[i] + logOffset);
    kernels.histogram(counts, data, lo, hi);
    ctx.onProgress?.({ stage: 'histogram', done: s.y0 + s.rows, total: store.height });
  }
  return { min: lo, max: hi, counts };
}
