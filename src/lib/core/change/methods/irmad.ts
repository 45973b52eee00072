/**
 * Iteratively reweighted multivariate alteration detection (IR-MAD).
 *
 * Nielsen, A. A. (2007). The regularized iteratively reweighted MAD method for change detection
 * in multi- and hyperspectral data. IEEE Trans. Image Process. 16(2), 463–478.
 * doi:10.1109/TIP.2006.888195. Conventions (ordering, signs, stopping rule) follow Canty,
 * "Image Analysis, Classification and Change Detection in Remote Sensing", 4th ed. (2019), ch. 9,
 * and his iMad.py.
 *
 * Each iteration is one pass over the pair: weighted means and the 2N×2N covariance of the N
 * before and N after bands, with weights = the no-change probability of every pixel under the
 * previous iteration's transformation (1 at first). The canonical correlation analysis of that
 * covariance gives the MAD variates MADᵢ = Uᵢ − Vᵢ, ordered by ascending correlation ρᵢ, with
 * var(MADᵢ) = σᵢ² = 2(1 − ρᵢ). Under no change Z = Σ (MADᵢ/σᵢ)² is approximately χ²(N), and the
 * no-change probability is 1 − F_χ²(Z; N). Iterations stop when no ρᵢ moves by `tolerance` or more,
 * or after `maxIterations`.
 *
 * Nodata: a pixel with NaN in any selected band of either image takes no part in any statistic
 * and gets NaN in Z, every MAD and pNoChange. Degenerate input: no pixel valid in both images →
 * InputError; a constant band or exactly collinear bands → with lambda > 0 one canonical
 * correlation of 0 per lost dimension (that MAD variate is then the other image's variate), with
 * lambda = 0 → InputError; every band of an image constant → InputError; identical images →
 * every ρ ≈ 1, MADs 0, Z = 0, pNoChange = 1; one band → ρ = |corr(x, y)|.
 */
import { WeightedMoments } from '../../linalg/moments';
import { InputError } from '../../raster';
import { chiSquareSfInteger } from '../../stats/chi-square';
import { coreRows, type ChangeStatistic, type MethodContext } from '../method';
import type { PairStrip } from '../pair-reader';
import { madChiSquare, madChiSquareWindow, madTransform, type MadTransform } from './irmad-transform';

export interface IrMadOptions {
  /** Upper bound on the reweighting iterations (passes over the pair); default 50. */
  maxIterations?: number;
  /** Stop once max |Δρᵢ| between two iterations is below this; default 1e-3 (Canty). */
  tolerance?: number;
  /**
   * Ridge added to the diagonals of both band covariances, relative to their mean band variance;
   * default 1e-6: far below what moves ρ at 1e-4 on real bands, enough to keep exactly collinear
   * bands (RGB of a grey image) solvable. 0 gives the textbook, unregularised result.
   */
  lambda?: number;
}

export const IRMAD_DEFAULTS: Required<IrMadOptions> = { maxIterations: 50, tolerance: 1e-3, lambda: 1e-6 };

/** What summary.json records about the fit. */
export type IrMadFit = {
  /** ρ of the final iteration, ascending (the order of mad1..madN). */
  canonicalCorrelations: number[];
  iterations: number;
  converged: boolean;
  lambda: number;
};

export function irmad(options: IrMadOptions = {}): IrMad {
  return new IrMad({
    maxIterations: options.maxIterations ?? IRMAD_DEFAULTS.maxIterations,
    tolerance: options.tolerance ?? IRMAD_DEFAULTS.tolerance,
    lambda: options.lambda ?? IRMAD_DEFAULTS.lambda
  });
}

export class IrMad implements ChangeStatistic {
  readonly halo = 0;
  readonly fitReadsPixels = true;
  readonly unit = 'χ² (Z)';
  private transform: MadTransform | null = null;
  private pixel = new Float64Array(0);
  private mads = new Float64Array(0);
  private weights = new Float64Array(0);

  constructor(private readonly options: Required<IrMadOptions>) {
    const { maxIterations, tolerance, lambda } = options;
    if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`IR-MAD maxIterations must be a positive integer, not ${maxIterations}`);
    if (!(tolerance >= 0)) throw new RangeError(`IR-MAD tolerance must be ≥ 0, not ${tolerance}`);
    if (!(lambda >= 0 && lambda < Infinity)) throw new RangeError(`IR-MAD lambda must be finite and ≥ 0, not ${lambda}`);
  }

  /** mad1..madN (ascending ρ) and pNoChange; known once `fit` has run. */
  get outputs(): readonly string[] {
    const n = this.transform?.bands ?? 0;
    return n === 0 ? [] : [...Array.from({ length: n }, (_, i) => `mad${i + 1}`), 'pNoChange'];
  }

  /** N, the number of bands; known once `fit` has run. */
  get chiSquareDf(): number | undefined {
    return this.transform?.bands;
  }

  async fit(m: MethodContext): Promise<IrMadFit> {
    const { maxIterations, tolerance, lambda } = this.options;
    const n = m.pair.bands.length;
    this.pixel = new Float64Array(2 * n);
    this.mads = new Float64Array(n);
    let previous: MadTransform | null = null;
    let iterations = 0;
    let converged = false;
    while (iterations < maxIterations && !converged) {
      const moments = new WeightedMoments(2 * n, m.kernels);
      const weighting = previous;
      await m.pair.pass((strip) => this.accumulate(strip, moments, weighting), { stage: `IR-MAD iteration ${iterations + 1}` });
      if (moments.weight === 0) {
        throw new InputError('IR-MAD', iterations === 0 ? 'no pixel is valid in both images' : 'no pixel has a non-zero no-change probability');
      }
      const next = madTransform(moments.covariance(), Float64Array.from(moments.mean), lambda);
      iterations++;
      converged = maxChange(next.rho, previous?.rho ?? new Float64Array(n)) < tolerance;
      previous = next;
    }
    this.transform = previous;
    return { canonicalCorrelations: Array.from(previous!.rho), iterations, converged, lambda };
  }

  /** Z of the strip's core rows into `out`; mad1..madN and pNoChange into `extras` when given. */
  magnitude(strip: PairStrip, out: Float32Array, extras: Float32Array[]): void {
    const t = this.transform;
    if (!t) throw new Error('IR-MAD: fit must run before magnitude');
    const n = t.bands;
    if (extras.length !== 0 && extras.length !== n + 1) throw new RangeError(`IR-MAD writes ${n + 1} extra outputs, not ${extras.length}`);
    const variables = stripVariables(strip);
    const { pixel, mads } = this;
    for (let p = 0; p < out.length; p++) {
      const valid = gather(variables, p, pixel);
      const z = valid ? madChiSquare(t, pixel, mads) : NaN;
      out[p] = z;
      if (extras.length === 0) continue;
      for (let i = 0; i < n; i++) extras[i][p] = valid ? mads[i] : NaN;
      extras[n][p] = valid ? chiSquareSfInteger(z, n) : NaN;
    }
  }

  /** One strip into the weighted moments: weight 0 for nodata, else the no-change probability. */
  private accumulate(strip: PairStrip, moments: WeightedMoments, weighting: MadTransform | null): void {
    const variables = stripVariables(strip);
    const count = strip.rows * strip.width;
    if (this.weights.length < count) this.weights = new Float64Array(count);
    const weights = this.weights;
    if (weighting) {
      madChiSquareWindow(weighting, variables, weights, count); // Z first, then its probability in place
      for (let p = 0; p < count; p++) {
        const z = weights[p];
        weights[p] = z === z ? chiSquareSfInteger(z, weighting.bands) : 0;
      }
    } else {
      weights.fill(1, 0, count);
      for (const band of variables) for (let p = 0; p < count; p++) if (band[p] !== band[p]) weights[p] = 0;
    }
    moments.add(variables, weights, count);
  }
}

/** The core rows of every before band, then every after band. */
function stripVariables(strip: PairStrip): Float32Array[] {
  return [...strip.a, ...strip.b].map((band) => coreRows(strip, band));
}

/** Pixel p of every variable into x; false when any is NaN (nodata). */
function gather(variables: readonly Float32Array[], p: number, x: Float64Array): boolean {
  for (let k = 0; k < variables.length; k++) {
    const v = variables[k][p];
    if (v !== v) return false;
    x[k] = v;
  }
  return true;
}

function maxChange(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
