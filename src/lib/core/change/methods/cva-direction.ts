import type { CvaRules, Kernels } from '../../../wasm/types';
import { describeMapping, type BandMapping, type BandRole } from '../../bands';
import { coreRows, type ChangeStatistic, type MethodContext } from '../method';
import type { PairStrip } from '../pair-reader';
import { VISIBLE_ROLES } from './spectral-index';

/** The direction classes, as coded in the `class` output; colours for maps and legends. */
export const DIRECTION_CLASSES = [
  { id: 0, name: 'other', colour: '#9e9e9e' },
  { id: 1, name: 'brightening', colour: '#fdd835' },
  { id: 2, name: 'darkening', colour: '#3949ab' },
  { id: 3, name: 'built-up gain', colour: '#e53935' },
  { id: 4, name: 'vegetation loss', colour: '#8d6e63' }
] as const;

/** The vegetation-rule bands of the mapping among the selected bands; null when red or NIR is missing. */
function vegetationBands(mapping: BandMapping | null, selected: readonly number[]): CvaRules | null {
  const at = (r: BandRole) => (mapping?.[r] === undefined ? -1 : selected.indexOf(mapping[r]));
  if (at('red') < 0 || at('nir') < 0) return null;
  return {
    red: at('red'),
    nir: at('nir'),
    swir1: at('swir1') < 0 ? null : at('swir1'),
    visible: VISIBLE_ROLES.map(at).filter((i) => i >= 0)
  };
}

/** Scratch for an output the caller did not ask for, reused from strip to strip. */
class Scratch {
  private data = new Float32Array(0);
  take(n: number): Float32Array {
    if (this.data.length !== n) this.data = new Float32Array(n);
    return this.data;
  }
}

/**
 * Change vector analysis with direction (Malila 1980, "Change vector analysis: an approach for
 * detecting forest changes with Landsat", LARS Symposia paper 385; the magnitude/direction split
 * after Bovolo & Bruzzone 2007, doi:10.1109/TGRS.2006.885408).
 *
 * Magnitude: ‖Δ‖ = √Σ (after − before)² over the selected bands, in `values` units ("DN", or
 * "σ" after z-score normalization — but the NDVI/NDBI rules need unstandardised values). Extra outputs:
 * - `angle`: the spectral angle between the before and after vectors, arccos(a·b / (‖a‖ ‖b‖)) in
 *   radians, [0, π]; NaN when either vector is zero.
 * - `class`: a direction class id (DIRECTION_CLASSES), the first rule that holds:
 *   3 built-up gain: NDVI drops (NDVI_after < NDVI_before) and, with SWIR1 mapped and selected,
 *     NDBI rises; without SWIR1, the visible bands (blue, green, red, those mapped and selected)
 *     get brighter in sum (Σ Δ > 0);
 *   4 vegetation loss: NDVI drops and the built-up test fails;
 *   1 brightening: no band gets darker and at least one brighter (every Δ ≥ 0, Σ Δ > 0);
 *   2 darkening: no band gets brighter and at least one darker;
 *   0 other: bands move in opposite directions, or no change at all.
 *   Rules 3 and 4 need red and NIR in the mapping and among the selected bands; without them
 *   (or with mapping null) only 0–2 occur — `fit` reports which. There is no dead band: every
 *   pixel gets a direction, meaningful where the change mask says change.
 *
 * Nodata: NaN or ±Infinity in any selected band of either image gives NaN in all three outputs.
 * An undefined NDVI (NIR + red = 0) skips rules 3–4; an undefined NDBI fails the built-up test.
 * `fit` must run before `magnitude`.
 */
export function cvaDirection(mapping: BandMapping | null, values = 'DN'): ChangeStatistic {
  let veg: CvaRules | null | undefined;
  let kernels: Kernels | undefined;
  const scratch = [new Scratch(), new Scratch()];

  return {
    halo: 0,
    unit: `${values} (‖Δ‖)`,
    outputs: ['angle', 'class'],
    async fit(m: MethodContext) {
      veg = vegetationBands(mapping, m.pair.bands);
      kernels = m.kernels;
      const rules = !veg ? 'brightness only' : veg.swir1 !== null ? 'NDVI and NDBI' : 'NDVI and visible brightness';
      return { classRules: rules, mapping: mapping ? describeMapping(mapping) : null };
    },
    magnitude(strip: PairStrip, out: Float32Array, extras: Float32Array[]) {
      if (veg === undefined) throw new Error('cvaDirection: fit() must run before magnitude()');
      const a = strip.a.map((band) => coreRows(strip, band));
      const b = strip.b.map((band) => coreRows(strip, band));
      const [angle, cls] = extras;
      kernels!.cvaDirection(out, angle ?? scratch[0].take(out.length), cls ?? scratch[1].take(out.length), a, b, veg);
    }
  };
}
