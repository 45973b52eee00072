/**
 * Which band of a file holds which part of the spectrum. Spectral indices (NDVI, NDBI, NDWI) and
 * the direction classes of change vector analysis need to know where red, NIR and SWIR are; the
 * file rarely says so, so a mapping comes from the band names, a sensor preset or a guess from the
 * band count, and the analyst can always override it.
 */
import type { RasterInfo } from './raster';

export type BandRole = 'blue' | 'green' | 'red' | 'nir' | 'swir1' | 'swir2';

export const BAND_ROLES: readonly BandRole[] = ['blue', 'green', 'red', 'nir', 'swir1', 'swir2'];

/** 1-based band number of each role the file has. */
export type BandMapping = Partial<Record<BandRole, number>>;

export type BandPreset = 'sentinel2' | 'landsat89' | 'landsat457' | 'rgb' | 'rgbn';

export const BAND_PRESETS: readonly { id: BandPreset; label: string }[] = [
  { id: 'sentinel2', label: 'Sentinel-2 (13 bands L1C, 12 bands L2A, or the 4-band 10 m stack B2 B3 B4 B8)' },
  { id: 'landsat89', label: 'Landsat 8/9 OLI (bands 1–7 or more, in band order)' },
  { id: 'landsat457', label: 'Landsat 4/5 TM, 7 ETM+ (bands 1–5, 7; or 1–7 with thermal)' },
  { id: 'rgb', label: 'RGB (red, green, blue)' },
  { id: 'rgbn', label: 'Blue, green, red, NIR (PlanetScope, most 4-band VHR products, the demo scene)' }
];

const SENTINEL2_10M: BandMapping = { blue: 1, green: 2, red: 3, nir: 4 };

/**
 * The mapping of a preset for a file with `bandCount` bands, or null when the preset does not fit
 * that many bands. Sentinel-2: 13 bands in L1C order (B1…B8, B8A, B9, B10, B11, B12), 12 bands in
 * L2A order (no B10), or 4 bands (B2, B3, B4, B8). Landsat 4/5/7: 6 bands are TM 1–5, 7; 7 or more
 * are TM 1–7, thermal band 6 included, so SWIR2 is band 7.
 */
export function presetMapping(preset: BandPreset, bandCount: number): BandMapping | null {
  switch (preset) {
    case 'sentinel2':
      if (bandCount === 13) return { blue: 2, green: 3, red: 4, nir: 8, swir1: 12, swir2: 13 };
      if (bandCount === 12) return { blue: 2, green: 3, red: 4, nir: 8, swir1: 11, swir2: 12 };
      return bandCount === 4 ? { ...SENTINEL2_10M } : null;
    case 'landsat89':
      return bandCount >= 7 ? { blue: 2, green: 3, red: 4, nir: 5, swir1: 6, swir2: 7 } : null;
    case 'landsat457':
      if (bandCount < 6) return null;
      return { blue: 1, green: 2, red: 3, nir: 4, swir1: 5, swir2: bandCount === 6 ? 6 : 7 };
    case 'rgb':
      return bandCount >= 3 ? { red: 1, green: 2, blue: 3 } : null;
    case 'rgbn':
      return bandCount >= 4 ? { blue: 1, green: 2, red: 3, nir: 4 } : null;
  }
}

/** Role words in band descriptions, tried in this order on the lower-cased, space-separated name. */
const ROLE_WORDS: readonly [BandRole, RegExp][] = [
  ['swir2', /\bswir ?2\b|\bswir22\b|\bshort ?wave infrared 2\b/],
  ['swir1', /\bswir ?1\b|\bswir16\b|\bshort ?wave infrared 1\b|^swir$|^short ?wave infrared$/],
  ['nir', /\bnir\b|\bnir08\b|\bnear infrared\b/],
  ['red', /^(?!.*\bred ?edge\b).*\bred\b|^r$/],
  ['green', /\bgreen\b|^g$/],
  ['blue', /^(?!.*\bcoastal\b).*\bblue\b|^b$/]
];

/** Wavelength ranges (µm) of each role; coastal (< 0.45) and red-edge (0.69–0.76) bands fall outside. */
const ROLE_WAVELENGTHS: readonly [BandRole, number, number][] = [
  ['blue', 0.45, 0.52],
  ['green', 0.52, 0.6],
  ['red', 0.62, 0.69],
  ['nir', 0.76, 0.9],
  ['swir1', 1.55, 1.75],
  ['swir2', 2.08, 2.35]
];

const WAVELENGTH = /(\d+(?:\.\d+)?)\s*(nm|nanometers?|µm|um|micrometers?|microns?)\b/;

/** The role of a band description that states a (central) wavelength, e.g. "(0.4825 Micrometers)", "665 nm". */
function roleOfWavelength(name: string): BandRole | undefined {
  const m = WAVELENGTH.exec(name);
  if (!m) return undefined;
  const um = Number(m[1]) / (m[2].startsWith('n') ? 1000 : 1);
  return ROLE_WAVELENGTHS.find(([, lo, hi]) => um >= lo && um < hi)?.[0];
}

/** Band-number codes: B4, B04, B8A, SR_B4, TOA_B4 (case-insensitive). */
const BAND_CODE = /^(?:(?:sr|toa)_)?b(0?)(\d{1,2})(a?)$/;

const SENTINEL2_CODES: Record<string, BandRole> = { '2': 'blue', '3': 'green', '4': 'red', '8': 'nir', '8a': 'nir', '11': 'swir1', '12': 'swir2' };
const OLI_CODES: Record<string, BandRole> = { '2': 'blue', '3': 'green', '4': 'red', '5': 'nir', '6': 'swir1', '7': 'swir2' };
const TM_CODES: Record<string, BandRole> = { '1': 'blue', '2': 'green', '3': 'red', '4': 'nir', '5': 'swir1', '7': 'swir2' };

/**
 * Which sensor a set of band codes belongs to, or null when the codes do not say: a zero-padded
 * code, B8A or any band ≥ 8 means Sentinel-2; otherwise B6 present means Landsat 8/9 OLI (bands
 * 2–7 are blue…SWIR2), B7 without B6 means Landsat TM/ETM+ (bands 1–5, 7). A TM stack with its
 * thermal band named B6 is therefore read as OLI: name such bands, or choose the preset.
 */
function codeTable(codes: { num: number; padded: boolean; a: boolean }[]): Record<string, BandRole> | null {
  const has = (n: number) => codes.some((c) => c.num === n);
  if (codes.some((c) => c.padded || c.a || c.num >= 8)) return SENTINEL2_CODES;
  if (has(6)) return OLI_CODES;
  return has(7) ? TM_CODES : null;
}

/**
 * A mapping read from band descriptions, or null when no band is recognised. Names that say the
 * role ('Red', 'NIR', 'Near infrared', 'SWIR 1', 'swir16', 'B4 (red)') win, then a stated
 * wavelength ('… (0.4825 Micrometers)' as ENVI writes, '665 nm'); band-number codes
 * ('B4', 'B08', 'SR_B5') are used for the roles still missing when the set of codes identifies
 * the sensor (see codeTable). The first band of each role wins. Red-edge and coastal bands are
 * not taken for red or blue.
 */
export function mappingFromBandNames(names: readonly (string | null)[]): BandMapping | null {
  const mapping: BandMapping = {};
  const codes: { band: number; num: number; padded: boolean; a: boolean }[] = [];
  names.forEach((raw, i) => {
    const name = raw?.trim().toLowerCase() ?? '';
    const words = name.replace(/[^a-z0-9]+/g, ' ').trim();
    const role = ROLE_WORDS.find(([, re]) => re.test(words))?.[0] ?? roleOfWavelength(name);
    if (role) mapping[role] ??= i + 1;
    const code = role ? null : BAND_CODE.exec(name);
    if (code) codes.push({ band: i + 1, num: Number(code[2]), padded: code[1] === '0', a: code[3] === 'a' });
  });
  const table = codeTable(codes);
  if (table) {
    // B8 before B8A: the broad NIR band when both are there.
    for (const c of [...codes].sort((p, q) => Number(p.a) - Number(q.a))) {
      const role = table[`${c.num}${c.a ? 'a' : ''}`];
      if (role) mapping[role] ??= c.band;
    }
  }
  return Object.keys(mapping).length > 0 ? mapping : null;
}

export interface MappingGuess {
  mapping: BandMapping;
  /** 'names' when read from the band descriptions, else the preset guessed from the band count. */
  basis: 'names' | BandPreset;
}

const PRESET_BY_COUNT: Partial<Record<number, BandPreset>> = {
  3: 'rgb',
  4: 'rgbn',
  6: 'landsat457',
  7: 'landsat89',
  8: 'landsat89',
  11: 'landsat89',
  12: 'sentinel2',
  13: 'sentinel2'
};

/**
 * The best guess at a file's mapping: from its band names when they say anything, else from the
 * band count — 3 bands: red, green, blue; 4: blue, green, red, NIR (Sentinel-2 10 m stack,
 * PlanetScope, the demo scene); 6: Landsat TM/ETM+ 1–5, 7; 7, 8 or 11: Landsat 8/9 OLI in band
 * order; 12 or 13: Sentinel-2 L2A/L1C. Any other count gives null (the analyst must say).
 */
export function guessMapping(info: Pick<RasterInfo, 'bands' | 'bandNames'>): MappingGuess | null {
  const named = mappingFromBandNames(info.bandNames);
  if (named) return { mapping: named, basis: 'names' };
  const preset = PRESET_BY_COUNT[info.bands];
  const mapping = preset ? presetMapping(preset, info.bands) : null;
  return preset && mapping ? { mapping, basis: preset } : null;
}

/** "red = band 3, nir = band 4" — for messages and reports. */
export function describeMapping(mapping: BandMapping): string {
  const parts = BAND_ROLES.filter((r) => mapping[r] !== undefined).map((r) => `${r} = band ${mapping[r]}`);
  return parts.length > 0 ? parts.join(', ') : 'no bands';
}
