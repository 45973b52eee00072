/**
 * The natural land cover of the scene: a desert plain of sand, gravel patches and wadis, crossed by
 * a river with a patchy belt of riparian vegetation — the setting of the Euphrates valley at the
 * Syria–Iraq border. Each pixel's spectrum is a linear mixture of endmember spectra weighted by
 * cover fractions (the linear mixing model; Adams, Smith & Johnson 1986, doi:10.1029/JB091iB08p08098),
 * so mixed pixels at wadi and river edges look as they do on real imagery.
 */

import { GRAVEL, RIPARIAN, SAND, WADI_SILT, WATER } from './materials';
import { FractalNoise } from './noise';
import { hash32, Sfc32 } from './prng';

/** The river as a centre line per image column, in pixels. */
export interface River {
  centreY: Float64Array;
  halfWidth: number;
  /** Width of the strip beside the banks where vegetation can grow, in pixels. */
  belt: number;
}

/** Stream and salt numbers keep the terrain's randomness apart from the rest of the scene. */
const SALT = { river: 11, soil: 12, gravel: 13, wadi: 14, scrub: 15 } as const;
const GRAIN_STREAM = 21;

/** Half-width of a wadi in noise units: the 0.5 contour of a smooth field meanders like a dry channel. */
const WADI_HALF = 0.012;
/** Peak amplitude of the static sand-grain texture, DN. */
const GRAIN_DN = 6;

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/**
 * The river's course across the lower part of the image: a meandering line ~170 m wide (the
 * Euphrates near Albukamal is 150–250 m) with a vegetated belt up to ~500 m, both shrunk to fit
 * small images.
 */
export function riverCourse(width: number, height: number, pixelSizeM: number, seed: number): River {
  const meander = new FractalNoise(
    width,
    1,
    pixelSizeM,
    [
      { cellM: 2400, weight: 0.8 },
      { cellM: 700, weight: 0.2 }
    ],
    hash32(seed, SALT.river, 0)
  );
  const centreY = new Float64Array(width);
  meander.row(0, centreY);
  const amplitude = Math.min(600 / pixelSizeM, 0.07 * height);
  for (let x = 0; x < width; x++) centreY[x] = 0.84 * height + 2 * (centreY[x] - 0.5) * amplitude;
  return {
    centreY,
    halfWidth: Math.max(1, Math.min(85 / pixelSizeM, 0.03 * height)),
    belt: Math.max(2, Math.min(500 / pixelSizeM, 0.1 * height))
  };
}

/**
 * Writes the noise-free natural land cover into `bands` (one clamped view per band, row-major),
 * which rounds and saturates each value as it is stored.
 */
export function renderTerrain(bands: Uint8ClampedArray[], width: number, height: number, pixelSizeM: number, river: River, seed: number): void {
  const field = (salt: number, octaves: [number, number][]) =>
    new FractalNoise(
      width,
      height,
      pixelSizeM,
      octaves.map(([cellM, weight]) => ({ cellM, weight })),
      hash32(seed, salt, 0)
    );
  const soil = field(SALT.soil, [
    [1600, 0.4],
    [400, 0.3],
    [100, 0.18],
    [25, 0.12]
  ]);
  const gravel = field(SALT.gravel, [
    [1200, 0.7],
    [300, 0.3]
  ]);
  const wadi = field(SALT.wadi, [
    [900, 0.75],
    [250, 0.25]
  ]);
  const scrub = field(SALT.scrub, [
    [120, 0.6],
    [40, 0.4]
  ]);
  const grain = new Sfc32(seed, GRAIN_STREAM);

  const row = () => new Float64Array(width);
  const [soilRow, gravelRow, wadiRow, scrubRow] = [row(), row(), row(), row()];
  // Per-pixel endmember weights of the current row (soil weights include the brightness texture).
  const [sandW, stonesW, siltW, vegW, waterW, textureDN] = [row(), row(), row(), row(), row(), row()];
  const { centreY, halfWidth, belt } = river;
  let top = Infinity;
  let bottom = -Infinity;
  for (const c of centreY) {
    top = Math.min(top, c - halfWidth - belt);
    bottom = Math.max(bottom, c + halfWidth + belt);
  }
  // Imported bindings can be getters under test and script loaders: read them once, not per pixel.
  const [sandDN, gravelDN, siltDN, riparianDN, waterDN] = [SAND, GRAVEL, WADI_SILT, RIPARIAN, WATER];

  for (let y = 0; y < height; y++) {
    soil.row(y, soilRow);
    gravel.row(y, gravelRow);
    wadi.row(y, wadiRow);
    const nearRiver = y + 1 > top && y < bottom;
    if (nearRiver) scrub.row(y, scrubRow);
    for (let x = 0; x < width; x++) {
      // Signed distance to the nearer bank (negative in the water); the 1-pixel ramp makes mixed bank pixels.
      const d = Math.abs(y + 0.5 - centreY[x]) - halfWidth;
      const water = clamp01(0.5 - d);
      let veg = 0;
      if (nearRiver && d < belt) {
        // Denser near the bank, sparser patches towards the desert edge of the belt.
        const threshold = 0.5 + (0.4 * Math.max(d, 0)) / belt;
        veg = (1 - water) * 0.9 * clamp01((scrubRow[x] - threshold) / 0.06);
      }
      const land = 1 - water - veg;
      const silt = land * 0.85 * Math.max(0, 1 - Math.abs(wadiRow[x] - 0.5) / WADI_HALF);
      const stones = (land - silt) * 0.8 * clamp01((gravelRow[x] - 0.55) / 0.14);
      const brightness = 0.72 + 0.56 * soilRow[x];
      sandW[x] = brightness * (land - silt - stones);
      stonesW[x] = brightness * stones;
      siltW[x] = brightness * silt;
      vegW[x] = veg;
      waterW[x] = water;
      textureDN[x] = land * GRAIN_DN * ((grain.next() & 255) / 127.5 - 1);
    }
    for (let b = 0; b < bands.length; b++) {
      const out = bands[b];
      const [s, g, w, v, h] = [sandDN[b], gravelDN[b], siltDN[b], riparianDN[b], waterDN[b]];
      for (let x = 0, i = y * width; x < width; x++, i++) {
        out[i] = s * sandW[x] + g * stonesW[x] + w * siltW[x] + v * vegW[x] + h * waterW[x] + textureDN[x];
      }
    }
  }
}
