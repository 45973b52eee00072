/**
 * A seeded synthetic before/after image pair with exact ground truth, modelled on the
 * Albukamal/al-Qa'im border area: desert, a river, a road network, an old crossing that does not
 * change and a new crossing built between the dates. It is the bundled teaching scene, the test
 * fixture with known answers and the benchmark input, so it must be byte-identical for the same
 * options on every machine (integer-seeded streams, no Math.random, no clock) and O(pixels) in
 * typed arrays, to reach benchmark sizes such as 8000 × 8000 × 3.
 */

import { clipBox, draw, type Feature } from './features';
import { BAND_NAMES } from './materials';
import { between, Sfc32 } from './prng';
import { expose, type Light } from './sensor';
import { planLayout, type Site } from './sites';
import { renderTerrain, riverCourse } from './terrain';

export type { Site } from './sites';

export interface SceneOptions {
  seed: number;
  width: number;
  height: number;
  bands: 3 | 4;
  /** Ground sampling distance, metres: feature sizes are set in metres through it. */
  pixelSizeM: number;
  /** Standard deviation of the sensor noise added to each image, DN. */
  noiseSigma: number;
}

/** The bundled demo: 6.4 km × 4 km at 4 m, about the footprint of both crossings and the river. */
export const DEMO_SCENE: SceneOptions = { seed: 2024, width: 1600, height: 1000, bands: 4, pixelSizeM: 4, noiseSigma: 3 };

export interface Scene {
  width: number;
  height: number;
  bandNames: string[];
  /** One array per band, row-major 8-bit digital numbers. */
  before: Uint8Array[];
  after: Uint8Array[];
  /** 1 where the land cover changed between the dates, 0 elsewhere. */
  truth: Uint8Array;
  sites: Site[];
  /** GDAL-order affine, north-up, metres in `epsg`. */
  transform: [number, number, number, number, number, number];
  epsg: 32637;
}

/** Below this the two sites and their parts no longer fit as separate shapes. */
export const MIN_SCENE_SIZE = 32;

/** The scene centre in UTM 37N: the Euphrates valley between Albukamal (Syria) and al-Qa'im (Iraq). */
const CENTRE_E = 680000;
const CENTRE_N = 3812000;

const STREAM = { light: 41, noiseBefore: 42, noiseAfter: 43 } as const;

function checkOptions({ seed, width, height, bands, pixelSizeM, noiseSigma }: SceneOptions): void {
  const fail = (problem: string) => {
    throw new RangeError(`scene options: ${problem}`);
  };
  if (!Number.isInteger(seed)) fail(`seed must be an integer, not ${seed}`);
  for (const [name, v] of [
    ['width', width],
    ['height', height]
  ] as const) {
    if (!Number.isInteger(v) || v < MIN_SCENE_SIZE) fail(`${name} must be an integer ≥ ${MIN_SCENE_SIZE}, not ${v}`);
  }
  if (bands !== 3 && bands !== 4) fail(`bands must be 3 or 4, not ${bands}`);
  if (!(pixelSizeM > 0 && Number.isFinite(pixelSizeM))) fail(`pixelSizeM must be a positive number of metres, not ${pixelSizeM}`);
  if (!(noiseSigma >= 0 && Number.isFinite(noiseSigma))) fail(`noiseSigma must be ≥ 0 DN, not ${noiseSigma}`);
}

/**
 * 1 where any band of the noise-free images differs: change is defined by what was drawn, never by
 * a threshold. Only pixels inside a construction shape's box can differ, so only those are compared.
 */
function changedPixels(before: Uint8ClampedArray[], after: Uint8ClampedArray[], width: number, height: number, drawn: Feature[]): Uint8Array {
  const truth = new Uint8Array(width * height);
  for (const { shape } of drawn) {
    const [x0, y0, x1, y1] = clipBox(shape.box, width, height);
    for (let y = y0; y < y1; y++) {
      for (let i = y * width + x0; i < y * width + x1; i++) {
        for (let b = 0; b < before.length; b++) if (before[b][i] !== after[b][i]) truth[i] = 1;
      }
    }
  }
  return truth;
}

const asBytes = (band: Uint8ClampedArray) => new Uint8Array(band.buffer, band.byteOffset, band.length);

/**
 * Generates the scene for `opts`. Both images share the noise-free land; the after image also gets
 * the new crossing, then a per-band gain (1.08–1.15) and offset (−6…+8 DN) for the other date's
 * light; each image gets its own sensor noise. Truth marks only the drawn construction.
 * @throws RangeError when an option is out of range (sizes below MIN_SCENE_SIZE included).
 */
export function generateScene(opts: SceneOptions): Scene {
  checkOptions(opts);
  const { seed, width, height, bands, pixelSizeM, noiseSigma } = opts;
  const before = Array.from({ length: bands }, () => new Uint8ClampedArray(width * height));

  const river = riverCourse(width, height, pixelSizeM, seed);
  renderTerrain(before, width, height, pixelSizeM, river, seed);
  const layout = planLayout(width, height, pixelSizeM, river, seed);
  for (const f of layout.existing) draw(before, width, height, f);
  const after = before.map((band) => band.slice());
  for (const f of layout.construction) draw(after, width, height, f);
  const truth = changedPixels(before, after, width, height, layout.construction);

  const lightRng = new Sfc32(seed, STREAM.light);
  const lights: Light[] = before.map(() => ({ gain: between(lightRng, 1.08, 1.15), offset: between(lightRng, -6, 8) }));
  const noiseBefore = new Sfc32(seed, STREAM.noiseBefore);
  const noiseAfter = new Sfc32(seed, STREAM.noiseAfter);
  for (let b = 0; b < bands; b++) {
    expose(before[b], { gain: 1, offset: 0 }, noiseSigma, noiseBefore);
    expose(after[b], lights[b], noiseSigma, noiseAfter);
  }

  return {
    width,
    height,
    bandNames: BAND_NAMES.slice(0, bands),
    before: before.map(asBytes),
    after: after.map(asBytes),
    truth,
    sites: layout.sites,
    transform: [CENTRE_E - (width * pixelSizeM) / 2, pixelSizeM, 0, CENTRE_N + (height * pixelSizeM) / 2, 0, -pixelSizeM],
    epsg: 32637
  };
}
