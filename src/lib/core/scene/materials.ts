/**
 * Spectra of the scene's surfaces as 8-bit digital numbers in the order blue, green, red, NIR
 * (a 3-band scene uses the first three). The values follow the shapes of real reflectance
 * curves, so spectral methods behave as on imagery: bare soil rises from blue to NIR, vegetation
 * has the red-edge jump (low red, high NIR), water is dark in the NIR, man-made surfaces are flat.
 */

/** Digital numbers per band: [blue, green, red, nir]. */
export type Spectrum = readonly [number, number, number, number];

export const BAND_NAMES = ['blue', 'green', 'red', 'nir'] as const;

/** Desert endmembers, mixed per pixel by the terrain. */
export const SAND: Spectrum = [112, 130, 154, 168];
export const GRAVEL: Spectrum = [88, 94, 104, 114];
export const WADI_SILT: Spectrum = [98, 108, 122, 136];
export const RIPARIAN: Spectrum = [58, 80, 54, 182];
export const WATER: Spectrum = [74, 82, 62, 26];

export const CROP: Spectrum = [52, 86, 46, 204];
export const ASPHALT: Spectrum = [90, 93, 96, 100];
export const FRESH_ASPHALT: Spectrum = [66, 68, 71, 74];
export const DIRT_TRACK: Spectrum = [138, 153, 176, 190];
export const OLD_CONCRETE: Spectrum = [138, 140, 144, 148];
export const WALL: Spectrum = [118, 119, 123, 127];
export const OLD_ROOF: Spectrum = [160, 158, 160, 166];
export const CANOPY_ROOF: Spectrum = [186, 188, 190, 194];

/** Ground levelled and compacted for building: smoother and brighter than the natural sand. */
export const GRADED_EARTH: Spectrum = [134, 150, 171, 184];
export const NEW_CONCRETE: Spectrum = [174, 176, 178, 181];
export const SLAB: Spectrum = [160, 161, 163, 166];
export const ROOF_WHITE: Spectrum = [222, 224, 226, 228];
export const ROOF_GREY: Spectrum = [194, 195, 196, 198];
export const ROOF_BLUE: Spectrum = [168, 146, 118, 136];

/**
 * Fraction of the light a shadowed surface keeps per band: only diffuse skylight reaches it, and
 * skylight is bluer than direct sun, so shadows are darkest in red and NIR.
 */
export const SHADOW: Spectrum = [0.44, 0.38, 0.33, 0.3];
