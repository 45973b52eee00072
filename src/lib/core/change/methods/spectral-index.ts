import { describeMapping, type BandMapping, type BandRole } from '../../bands';
import { InputError } from '../../raster';
import { coreRows, type ChangeStatistic, type MethodContext } from '../method';
import type { PairStrip } from '../pair-reader';

export type SpectralIndexKind = 'ndvi' | 'ndbi' | 'ndwi' | 'builtup';

export const SPECTRAL_INDEX_KINDS: readonly SpectralIndexKind[] = ['ndvi', 'ndbi', 'ndwi', 'builtup'];

/**
 * (x − y) / (x + y), NaN when x + y = 0 or either value is not finite (nodata), so a pixel whose
 * index is undefined is nodata rather than a spurious ±1 or ±Infinity.
 */
export function normalizedDifference(x: number, y: number): number {
  const sum = x + y;
  return sum === 0 || !Number.isFinite(sum) ? NaN : (x - y) / sum;
}

/** The visible roles, whose mapped bands the brightness terms average. */
export const VISIBLE_ROLES: readonly BandRole[] = ['blue', 'green', 'red'];

const LABEL: Record<Exclude<SpectralIndexKind, 'builtup'>, string> = { ndvi: 'NDVI', ndbi: 'NDBI', ndwi: 'NDWI' };

/** The roles a kind needs, given what the mapping has (built-up gain uses SWIR1 when present). */
function requiredRoles(kind: SpectralIndexKind, mapping: BandMapping): BandRole[] {
  if (kind === 'ndvi') return ['nir', 'red'];
  if (kind === 'ndbi') return ['swir1', 'nir'];
  if (kind === 'ndwi') return ['green', 'nir'];
  if (mapping.swir1 !== undefined) return ['swir1', 'nir', 'red'];
  return ['nir', ...VISIBLE_ROLES.filter((r) => r === 'red' || mapping[r] !== undefined)];
}

function checkMapping(kind: SpectralIndexKind, mapping: BandMapping): BandRole[] {
  const roles = requiredRoles(kind, mapping);
  const missing = roles.filter((r) => mapping[r] === undefined);
  if (missing.length > 0) {
    const name = kind === 'builtup' ? 'Built-up gain' : `Δ${LABEL[kind]}`;
    const needs = roles.map((r) => r.toUpperCase()).join(' and ');
    throw new InputError('bands', `${name} needs ${needs}; the band mapping has ${describeMapping(mapping)}`);
  }
  return roles;
}

/** The 1-based bands a spectral index reads; select these (at least) for the pair. */
export function spectralIndexBands(kind: SpectralIndexKind, mapping: BandMapping): number[] {
  return checkMapping(kind, mapping).map((r) => mapping[r] as number);
}

/**
 * Position of each role's band among the pair's selected bands; an InputError when one was not
 * selected.
 */
function rolePositions(roles: readonly BandRole[], mapping: BandMapping, selected: readonly number[], what: string): Partial<Record<BandRole, number>> {
  const at: Partial<Record<BandRole, number>> = {};
  for (const r of roles) {
    const i = selected.indexOf(mapping[r] as number);
    if (i < 0) throw new InputError('bands', `${what} needs band ${mapping[r]} (${r}), which is not among the selected bands ${selected.join(', ')}`);
    at[r] = i;
  }
  return at;
}

/** Signed change of pixel i from the before (a) and after (b) bands: Δindex, or the built-up gain G. */
type PixelDelta = (a: Float32Array[], b: Float32Array[], i: number) => number;

function pixelDelta(kind: SpectralIndexKind, withSwir: boolean, at: Record<BandRole, number>, visible: readonly BandRole[]): PixelDelta {
  const nd = (v: Float32Array[], i: number, x: BandRole, y: BandRole) => normalizedDifference(v[at[x]][i], v[at[y]][i]);
  const ndvi = (v: Float32Array[], i: number) => nd(v, i, 'nir', 'red');
  const ndbi = (v: Float32Array[], i: number) => nd(v, i, 'swir1', 'nir');
  const brightness = (v: Float32Array[], i: number) => {
    let sum = 0;
    for (const r of visible) sum += v[at[r]][i];
    return sum / visible.length;
  };
  if (kind === 'ndvi') return (a, b, i) => ndvi(b, i) - ndvi(a, i);
  if (kind === 'ndbi') return (a, b, i) => ndbi(b, i) - ndbi(a, i);
  if (kind === 'ndwi') return (a, b, i) => nd(b, i, 'green', 'nir') - nd(a, i, 'green', 'nir');
  if (withSwir) return (a, b, i) => ndbi(b, i) - ndbi(a, i) + ndvi(a, i) - ndvi(b, i);
  return (a, b, i) => ndvi(a, i) - ndvi(b, i) + normalizedDifference(brightness(b, i), brightness(a, i));
}

/**
 * Spectral-index differencing: the index of the after image minus that of the before image.
 *
 * - `ndvi`: NDVI = (NIR − red) / (NIR + red) (Rouse et al. 1974, "Monitoring vegetation systems
 *   in the Great Plains with ERTS", NASA SP-351).
 * - `ndbi`: NDBI = (SWIR1 − NIR) / (SWIR1 + NIR) (Zha, Gao & Ni 2003, doi:10.1080/01431160304987).
 * - `ndwi`: NDWI = (green − NIR) / (green + NIR) (McFeeters 1996, doi:10.1080/01431169608948714).
 * - `builtup`: a signed built-up gain G. With SWIR1: G = ΔNDBI − ΔNDVI (Zha et al. 2003 build the
 *   built-up map as NDBI − NDVI). With only visible and NIR bands: G = −ΔNDVI + ΔB, where
 *   B = mean of the mapped visible bands (blue, green, red) and ΔB = (B_after − B_before) /
 *   (B_after + B_before), a scale-free brightness gain in [−1, 1] — new roofs, concrete and cleared
 *   ground lose vegetation and get brighter in the visible.
 *
 * Magnitude: |Δindex| for the indices, max(0, G) for built-up gain, so new construction and
 * cleared vegetation (G > 0) are told apart from vegetation gain (G < 0, visible in `delta`).
 * Extra output `delta`: the signed Δindex, or G.
 *
 * Nodata: NaN or ±Infinity in a needed band of either image, and a zero denominator (e.g.
 * NIR + red = 0, as in zero-filled borders), give NaN. Constant images give 0; one pixel works.
 * A mapping without the needed roles throws an InputError at construction; `fit` (which must run
 * before `magnitude`) throws one when a needed band is not among the pair's selected bands.
 */
export function spectralIndex(kind: SpectralIndexKind, mapping: BandMapping): ChangeStatistic {
  const roles = checkMapping(kind, mapping);
  const withSwir = mapping.swir1 !== undefined;
  let delta: PixelDelta | null = null;

  return {
    halo: 0,
    unit: kind === 'builtup' ? (withSwir ? 'built-up gain (ΔNDBI − ΔNDVI)' : 'built-up gain (−ΔNDVI + Δbrightness)') : `Δ ${LABEL[kind]}`,
    outputs: ['delta'],
    async fit(m: MethodContext) {
      const at = rolePositions(roles, mapping, m.pair.bands, kind === 'builtup' ? 'Built-up gain' : `Δ${LABEL[kind]}`);
      delta = pixelDelta(
        kind,
        withSwir,
        at as Record<BandRole, number>,
        VISIBLE_ROLES.filter((r) => roles.includes(r))
      );
      return { bands: Object.fromEntries(roles.map((r) => [r, mapping[r]])) };
    },
    magnitude(strip: PairStrip, out: Float32Array, extras: Float32Array[]) {
      if (!delta) throw new Error('spectralIndex: fit() must run before magnitude()');
      const a = strip.a.map((band) => coreRows(strip, band));
      const b = strip.b.map((band) => coreRows(strip, band));
      const signed = extras[0];
      for (let i = 0; i < out.length; i++) {
        const d = delta(a, b, i);
        out[i] = kind === 'builtup' ? Math.max(0, d) : Math.abs(d); // both keep NaN
        if (signed) signed[i] = d;
      }
    }
  };
}
