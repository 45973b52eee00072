import type { Kernels } from '../../../wasm/types';
import { coreRows, type ChangeStatistic } from '../method';
import type { PairStrip } from '../pair-reader';

/**
 * Pixel-wise change statistics, each a sum over the selected bands done by
 * one WASM kernel per band and finished in place.
 *
 * - absolute difference: (1/B) Σ |b − a| (image differencing; Singh 1989, doi:10.1080/01431168908903939)
 * - log-ratio: (1/B) Σ |ln((max(b,0) + ε) / (max(a,0) + ε))| (Dekker 1998, doi:10.1080/014311698215649)
 *
 * Nodata (NaN) in any band of either image propagates to the magnitude through the arithmetic.
 */
function perBand(
  kernels: Kernels,
  unit: string,
  accumulate: (out: Float32Array, a: Float32Array, b: Float32Array) => void,
  finish: (out: Float32Array, bands: number) => void
): ChangeStatistic {
  return {
    halo: 0,
    unit,
    magnitude(strip: PairStrip, out: Float32Array) {
      out.fill(0);
      for (let i = 0; i < strip.a.length; i++) accumulate(out, coreRows(strip, strip.a[i]), coreRows(strip, strip.b[i]));
      finish(out, strip.a.length);
    }
  };
}

const mean = (k: Kernels) => (out: Float32Array, bands: number) => {
  if (bands > 1) k.scale(out, 1 / bands);
};

/** `values` names the unit of the input values: "DN", or "σ" after z-score normalization. */
export function absoluteDifference(k: Kernels, values: string): ChangeStatistic {
  return perBand(k, `${values} (mean |Δ|)`, (o, a, b) => k.absDiffAccumulate(o, a, b), mean(k));
}

/** ε: 1 digital number for integer data (keeps zeros finite), 1e-6 for floating-point data. */
export function logRatio(k: Kernels, integer: boolean): ChangeStatistic {
  const eps = integer ? 1 : 1e-6;
  return perBand(k, 'mean |ln ratio|', (o, a, b) => k.logRatioAccumulate(o, a, b, eps), mean(k));
}
