/**
 * Histogram matching of *after* to *before*, band by band (Gonzalez & Woods, "Digital Image
 * Processing", 4th ed., §3.3.2; Richards, "Remote Sensing Digital Image Analysis", 6th ed., §4.5):
 * each after value v becomes the before value at the same cumulative frequency, F_before⁻¹(F_after(v)).
 *
 * Both cumulative distributions are taken over the pixels valid in both images (no NaN in any
 * selected band of either), from histograms of HISTOGRAM_BINS bins over each band's range (two
 * passes: range, then counts); F_after(v) and F_before⁻¹ are interpolated linearly within a bin.
 * Degenerate input: a constant band maps to before's mean; no pixel valid in both → InputError.
 */
import { coreRows } from '../change/method';
import type { PairReader, PairStrip, StripPreparation } from '../change/pair-reader';
import { InputError, throwIfAborted, type RunContext } from '../raster';

export const HISTOGRAM_BINS = 4096;

interface BandHistogram {
  min: number;
  max: number;
  counts: Float64Array;
}

export interface HistogramMatch {
  method: 'histmatch';
  /** Per selected band: before's and after's histograms (HISTOGRAM_BINS bins over [min, max]). */
  before: BandHistogram[];
  after: BandHistogram[];
  validPixels: number;
}

function validMask(strip: PairStrip, out: Uint8Array): Uint8Array {
  const size = strip.rows * strip.width;
  out.fill(1, 0, size);
  for (const band of [...strip.a, ...strip.b]) {
    const rows = coreRows(strip, band);
    for (let i = 0; i < size; i++) if (rows[i] !== rows[i]) out[i] = 0;
  }
  return out;
}

/** Two passes over the pair: each band's range, then its histogram, over the pixels valid in both. */
export async function histogramMatch(pair: PairReader, ctx: RunContext = {}): Promise<HistogramMatch> {
  const n = pair.bands.length;
  const ranges = Array.from({ length: 2 * n }, () => [Infinity, -Infinity]);
  let mask = new Uint8Array(0);
  let valid = 0;
  await pair.pass(
    (strip) => {
      throwIfAborted(ctx.signal);
      const size = strip.rows * strip.width;
      if (mask.length < size) mask = new Uint8Array(size);
      validMask(strip, mask);
      [...strip.a, ...strip.b].forEach((band, k) => {
        const rows = coreRows(strip, band);
        const r = ranges[k];
        for (let i = 0; i < size; i++) {
          if (!mask[i]) continue;
          if (k === 0) valid++;
          if (rows[i] < r[0]) r[0] = rows[i];
          if (rows[i] > r[1]) r[1] = rows[i];
        }
      });
    },
    { stage: 'histogram matching: ranges' }
  );
  if (valid === 0) throw new InputError('histogram matching', 'no pixel is valid in both images');
  const hist: BandHistogram[] = ranges.map(([min, max]) => ({ min, max, counts: new Float64Array(HISTOGRAM_BINS) }));
  await pair.pass(
    (strip) => {
      throwIfAborted(ctx.signal);
      const size = strip.rows * strip.width;
      validMask(strip, mask);
      [...strip.a, ...strip.b].forEach((band, k) => {
        const rows = coreRows(strip, band);
        const h = hist[k];
        const scale = h.max > h.min ? HISTOGRAM_BINS / (h.max - h.min) : 0;
        for (let i = 0; i < size; i++) if (mask[i]) h.counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((rows[i] - h.min) * scale))]++;
      });
    },
    { stage: 'histogram matching: histograms' }
  );
  return { method: 'histmatch', before: hist.slice(0, n), after: hist.slice(n), validPixels: valid };
}

/** Cumulative fractions at the bins' upper edges, starting with 0 at the lower edge of bin 0. */
function cdf(h: BandHistogram): Float64Array {
  const c = new Float64Array(HISTOGRAM_BINS + 1);
  for (let i = 0; i < HISTOGRAM_BINS; i++) c[i + 1] = c[i] + h.counts[i];
  const total = c[HISTOGRAM_BINS];
  for (let i = 0; i <= HISTOGRAM_BINS; i++) c[i] /= total;
  return c;
}

/** A function v ↦ F_before⁻¹(F_after(v)) for one band. */
export function matchingFunction(before: BandHistogram, after: BandHistogram): (v: number) => number {
  const ca = cdf(after);
  const cb = cdf(before);
  const wa = (after.max - after.min) / HISTOGRAM_BINS;
  const wb = (before.max - before.min) / HISTOGRAM_BINS;
  if (!(wb > 0)) return () => before.min;
  return (v) => {
    if (v !== v) return NaN;
    let f: number;
    if (!(wa > 0)) f = 0.5;
    else {
      const x = Math.min(HISTOGRAM_BINS, Math.max(0, (v - after.min) / wa));
      const i = Math.min(HISTOGRAM_BINS - 1, Math.floor(x));
      f = ca[i] + (x - i) * (ca[i + 1] - ca[i]);
    }
    // Smallest edge j with cb[j] ≥ f, then linear within bin j − 1.
    let lo = 0;
    let hi = HISTOGRAM_BINS;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cb[mid] < f) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return before.min;
    const below = cb[lo - 1];
    const t = cb[lo] > below ? (f - below) / (cb[lo] - below) : 1;
    return before.min + (lo - 1 + t) * wb;
  };
}

/** after → matched to before, every row of the strip (halo included), in place. */
export function histogramMatchPreparation(match: HistogramMatch): StripPreparation {
  const fns = match.before.map((b, k) => matchingFunction(b, match.after[k]));
  return {
    halo: 0,
    inPlace: true,
    apply(strip) {
      strip.b.forEach((band, k) => {
        const f = fns[k];
        for (let i = 0; i < band.length; i++) band[i] = f(band[i]);
      });
      return strip;
    }
  };
}
