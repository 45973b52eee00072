/**
 * Relative radiometric normalization on invariant pixels, RADCAL (Canty, Nielsen & Schmidt 2004,
 * "Automatic radiometric normalization of multitemporal satellite imagery", Remote Sens. Environ.
 * 91, 441–451, doi:10.1016/j.rse.2004.02.002; Canty & Nielsen 2008, "Automatic radiometric
 * normalization of multitemporal satellite imagery with the iteratively re-weighted MAD
 * transformation", Remote Sens. Environ. 112, 1025–1036, doi:10.1016/j.rse.2007.07.013).
 *
 * IR-MAD is fitted to the pair; the pixels whose no-change probability exceeds 0.95 are taken as
 * invariant; per band, an orthogonal (total least squares) regression of before on after over
 * those pixels gives the gain and offset that map after onto before's radiometry, applied to
 * after: after' = offset + gain · after. Orthogonal rather than ordinary regression because both
 * dates carry noise. The fit per band reports the invariant pixels' correlation and the RMS of
 * before − after' over them (the no-change residual), which also standardizes the bands for a
 * difference statistic.
 *
 * Nodata: pixels with NaN in any selected band of either image take no part and stay NaN.
 * Degenerate input: fewer than 10 invariant pixels, or a band constant over them → InputError.
 */
import type { Kernels } from '../../wasm/types';
import { coreRows } from '../change/method';
import { irmad, type IrMadOptions } from '../change/methods/irmad';
import type { PairReader, PairStrip, StripPreparation } from '../change/pair-reader';
import { InputError, throwIfAborted, type RunContext } from '../raster';

/** No-change probability above which a pixel is invariant (Canty & Nielsen 2008). */
export const INVARIANT_PROBABILITY = 0.95;

export interface RadcalFit {
  method: 'irmad';
  invariantPixels: number;
  /** Per selected band: after' = offsets[i] + gains[i] · after. */
  gains: number[];
  offsets: number[];
  /** Correlation of before and after over the invariant pixels, per band. */
  correlations: number[];
  /** RMS of before − after' over the invariant pixels, per band (the no-change residual). */
  residualRms: number[];
}

/** Orthogonal regression y = a + b·x from central moments (Canty 2019, §9.6): b = (syy − sxx + √((syy − sxx)² + 4sxy²)) / (2sxy). */
export function orthogonalRegression(sxx: number, syy: number, sxy: number, mx: number, my: number): { gain: number; offset: number } {
  const gain = sxy === 0 ? Math.sqrt(syy / sxx) : (syy - sxx + Math.sqrt((syy - sxx) ** 2 + 4 * sxy * sxy)) / (2 * sxy);
  return { gain, offset: my - gain * mx };
}

/** Fits RADCAL on the pair (one IR-MAD fit, then one pass over the pixels). */
export async function radcal(pair: PairReader, kernels: Kernels, integer: boolean, irmadOptions: IrMadOptions = {}, ctx: RunContext = {}): Promise<RadcalFit> {
  const n = pair.bands.length;
  const mad = irmad(irmadOptions);
  await mad.fit({ pair, kernels, ctx, integer, bandNames: pair.bands.map(() => null) });
  // Per band: Σx, Σy, Σxx, Σyy, Σxy over invariant pixels (x = after, y = before), shifted by the
  // first invariant pixel's values for numerical stability.
  const sums = Array.from({ length: n }, () => new Float64Array(5));
  const shift = new Float64Array(2 * n).fill(NaN);
  let count = 0;
  let z = new Float32Array(0);
  let extras: Float32Array[] = [];
  await pair.pass(
    (strip: PairStrip) => {
      throwIfAborted(ctx.signal);
      const size = strip.rows * strip.width;
      if (z.length !== size) {
        z = new Float32Array(size);
        extras = Array.from({ length: n + 1 }, () => new Float32Array(size));
      }
      mad.magnitude(strip, z, extras);
      const p = extras[n];
      const a = strip.a.map((band) => coreRows(strip, band));
      const b = strip.b.map((band) => coreRows(strip, band));
      for (let i = 0; i < size; i++) {
        if (!(p[i] > INVARIANT_PROBABILITY)) continue;
        if (count === 0) for (let k = 0; k < n; k++) ((shift[k] = b[k][i]), (shift[n + k] = a[k][i]));
        count++;
        for (let k = 0; k < n; k++) {
          const x = b[k][i] - shift[k];
          const y = a[k][i] - shift[n + k];
          const s = sums[k];
          s[0] += x;
          s[1] += y;
          s[2] += x * x;
          s[3] += y * y;
          s[4] += x * y;
        }
      }
    },
    { stage: 'RADCAL: invariant pixels' }
  );
  if (count < 10) throw new InputError('RADCAL', `only ${count} invariant pixels (no-change probability > ${INVARIANT_PROBABILITY}): too few to normalize`);
  const fit: RadcalFit = { method: 'irmad', invariantPixels: count, gains: [], offsets: [], correlations: [], residualRms: [] };
  for (let k = 0; k < n; k++) {
    const [sx, sy, sxx0, syy0, sxy0] = sums[k];
    const mx = sx / count;
    const my = sy / count;
    const sxx = sxx0 / count - mx * mx;
    const syy = syy0 / count - my * my;
    const sxy = sxy0 / count - mx * my;
    if (!(sxx > 0 && syy > 0)) throw new InputError('RADCAL', `band ${pair.bands[k]} is constant over the invariant pixels`);
    const { gain, offset } = orthogonalRegression(sxx, syy, sxy, mx + shift[k], my + shift[n + k]);
    // mean of (y − offset − gain·x)² from the moments.
    const meanResidual = my + shift[n + k] - offset - gain * (mx + shift[k]);
    const residualVar = syy - 2 * gain * sxy + gain * gain * sxx + meanResidual * meanResidual;
    fit.gains.push(gain);
    fit.offsets.push(offset);
    fit.correlations.push(sxy / Math.sqrt(sxx * syy));
    fit.residualRms.push(Math.sqrt(Math.max(0, residualVar)));
  }
  return fit;
}

/** after' = offset + gain · after for every row of the strip (halo included), in place. */
export function radcalPreparation(fit: RadcalFit): StripPreparation {
  return {
    halo: 0,
    inPlace: true,
    apply(strip) {
      strip.b.forEach((band, k) => {
        const g = fit.gains[k];
        const o = fit.offsets[k];
        for (let i = 0; i < band.length; i++) band[i] = o + g * band[i];
      });
      return strip;
    }
  };
}
