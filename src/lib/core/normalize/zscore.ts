/**
 * Z-score normalisation (`--normalize zscore`): each image standardised band by band,
 * x' = (x − mean) / std, so that the two dates meet on a common radiometric scale before a
 * difference-type change statistic (Singh 1989, "Digital change detection techniques using
 * remotely-sensed data", Int. J. Remote Sens. 10(6), 989–1003, doi:10.1080/01431168908903939;
 * Canty, "Image Analysis, Classification and Change Detection in Remote Sensing", 4th ed., §9.1).
 *
 * The means and (population, divisor n) standard deviations are taken over the pixels valid in
 * BOTH images — no NaN in any selected band of either — so both images are standardised over the
 * same ground. Degenerate input: a constant band (std 0) maps to 0 wherever it has data; no pixel
 * valid in both images gives NaN statistics, and applying them turns every pixel into nodata,
 * which is what the pair holds for a comparison.
 */
import { WeightedMoments } from '../linalg/moments';
import { coreRows } from '../change/method';
import type { PairReader, PairStrip } from '../change/pair-reader';
import { throwIfAborted, type RunContext } from '../raster';

export interface BandMoments {
  mean: number;
  std: number;
}

/** Per selected band, in the order of `pair.bands`. */
export interface ZScoreStatistics {
  before: BandMoments[];
  after: BandMoments[];
}

/** One pass over the pair: each band's mean and std over the pixels valid in both images. */
export async function bandStatistics(pair: PairReader, ctx: RunContext = {}): Promise<ZScoreStatistics> {
  const n = pair.bands.length;
  const moments = Array.from({ length: 2 * n }, () => new WeightedMoments(1));
  let valid = new Float64Array(0);
  await pair.pass(
    (strip) => {
      throwIfAborted(ctx.signal);
      const bands = [...strip.a, ...strip.b].map((band) => coreRows(strip, band));
      const count = strip.rows * strip.width;
      if (valid.length < count) valid = new Float64Array(count);
      for (let p = 0; p < count; p++) {
        let ok = 1;
        for (let k = 0; k < bands.length && ok; k++) if (Number.isNaN(bands[k][p])) ok = 0;
        valid[p] = ok;
      }
      for (let k = 0; k < bands.length; k++) moments[k].add([bands[k]], valid, count);
    },
    { stage: 'normalize' }
  );
  const stats = moments.map((m): BandMoments => {
    if (m.count === 0) return { mean: NaN, std: NaN };
    return { mean: m.mean[0], std: Math.sqrt(m.covariance().data[0]) };
  });
  return { before: stats.slice(0, n), after: stats.slice(n) };
}

/** Standardises every row of the strip (halo included) in place; NaN stays NaN. */
export function applyZScore(strip: PairStrip, stats: ZScoreStatistics): void {
  strip.a.forEach((band, i) => standardise(band, stats.before[i]));
  strip.b.forEach((band, i) => standardise(band, stats.after[i]));
}

function standardise(band: Float32Array, { mean, std }: BandMoments): void {
  // std 0 (a constant band): factor 0, every value with data becomes 0. NaN statistics: the NaN mean makes all NaN.
  const factor = std > 0 ? 1 / std : 0;
  for (let p = 0; p < band.length; p++) band[p] = (band[p] - mean) * factor;
}
