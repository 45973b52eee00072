/**
 * A seeded synthetic radar (SAR) amplitude pair with exact ground truth: fields of three
 * backscatter levels, a river, a bright town; between the dates a flood turns the fields along the
 * river into open water, two fields are harvested and new bright buildings appear. Both images
 * carry fully developed multiplicative speckle, the property that makes radar change detection
 * differ from optical: the noise grows with the brightness, so a plain difference sees false change
 * in every bright area while a ratio does not.
 *
 * Speckle model: intensity I = R · G with G ~ Gamma(L, 1/L) for an L-look image (Goodman 1976,
 * "Some fundamental properties of speckle", JOSA 66(11), doi:10.1364/JOSA.66.001145; Ulaby &
 * Dobson 1989); the stored 8-bit value is the amplitude √I. Byte-identical on every machine: the
 * exponential draws come from a table snapped to a 2^-24 grid, as the optical scene's Gaussian does.
 */

import { between, Sfc32 } from './prng';

export interface SpeckleSceneOptions {
  seed: number;
  width: number;
  height: number;
  /** Equivalent number of looks: 1 is single-look (strongest speckle). */
  looks: number;
}

export const SPECKLE_LESSON: SpeckleSceneOptions = { seed: 1976, width: 400, height: 400, looks: 4 };

export interface SpeckleScene {
  width: number;
  height: number;
  before: Uint8Array;
  after: Uint8Array;
  /** 1 where the backscatter changed between the dates, 0 elsewhere. */
  truth: Uint8Array;
}

/** Mean amplitudes (DN) of the surfaces. */
const AMPLITUDE = { water: 14, bare: 55, grass: 85, crop: 125, town: 200, building: 230 } as const;

const TABLE_BITS = 16;
const GRID = 2 ** 24;
let expTable: Float64Array | null = null;

/** Quantiles of Exp(1) at the midpoints of 2^16 equiprobable bins (one lookup per draw). */
function exponentialTable(): Float64Array {
  if (expTable) return expTable;
  const n = 1 << TABLE_BITS;
  const t = new Float64Array(n);
  for (let k = 0; k < n; k++) t[k] = Math.round(-Math.log(1 - (k + 0.5) / n) * GRID) / GRID;
  expTable = t;
  return t;
}

/** Multiplies the amplitudes `a` by √G, G ~ Gamma(looks, 1/looks), and quantises to 8 bits. */
export function speckle(a: Float64Array, looks: number, rng: Sfc32): Uint8Array {
  const t = exponentialTable();
  const mask = (1 << TABLE_BITS) - 1;
  const out = new Uint8ClampedArray(a.length);
  for (let i = 0; i < a.length; i++) {
    let g = 0;
    for (let l = 0; l < looks; l++) g += t[rng.next() & mask];
    out[i] = a[i] * Math.sqrt(g / looks);
  }
  return new Uint8Array(out.buffer);
}

type Box = [number, number, number, number];

function fill(img: Float64Array, width: number, [x0, y0, x1, y1]: Box, value: number): void {
  for (let y = Math.max(0, y0); y < y1; y++) img.fill(value, y * width + Math.max(0, x0), y * width + Math.min(width, x1));
}

/**
 * Generates the pair for `opts`. Layout as fractions of the image, so any size ≥ 64 px holds the
 * same story.
 * @throws RangeError for sizes below 64 px or looks outside 1–16.
 */
export function generateSpeckleScene(opts: SpeckleSceneOptions): SpeckleScene {
  const { seed, width, height, looks } = opts;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 64 || height < 64) throw new RangeError(`speckle scene: size must be ≥ 64 px`);
  if (!Number.isInteger(looks) || looks < 1 || looks > 16) throw new RangeError(`speckle scene: looks must be an integer 1–16, not ${looks}`);
  const rng = new Sfc32(seed, 71);
  const before = new Float64Array(width * height);
  const after = new Float64Array(width * height);
  const kinds = [AMPLITUDE.bare, AMPLITUDE.grass, AMPLITUDE.crop] as const;

  // Fields on a jittered grid; the river runs across at 60–75 % of the height.
  const cols = 8;
  const rows = 8;
  const riverTop = (x: number) => Math.round(height * (0.62 + 0.04 * Math.sin((x / width) * 2 * Math.PI)));
  const riverWidth = Math.round(height * 0.07);
  const fields: { box: Box; level: number; row: number; col: number }[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const box: Box = [
        Math.round((c * width) / cols),
        Math.round((r * height) / rows),
        Math.round(((c + 1) * width) / cols),
        Math.round(((r + 1) * height) / rows)
      ];
      const level = kinds[Math.floor(between(rng, 0, 3))];
      fields.push({ box, level, row: r, col: c });
      fill(before, width, box, level);
    }
  }
  // The town: a bright block of streets in the north-west.
  const town: Box = [Math.round(width * 0.06), Math.round(height * 0.08), Math.round(width * 0.3), Math.round(height * 0.3)];
  fill(before, width, town, AMPLITUDE.town);
  for (let y = town[1] + 6; y < town[3]; y += 12) fill(before, width, [town[0], y, town[2], y + 2], AMPLITUDE.bare);
  for (let x = 0; x < width; x++) {
    const top = riverTop(x);
    for (let y = top; y < Math.min(height, top + riverWidth); y++) before[y * width + x] = AMPLITUDE.water;
  }
  after.set(before);

  // The flood: the fields just north of the river, in the eastern half, under water.
  for (const f of fields) {
    if (f.col >= cols / 2 && f.col < cols - 1 && f.row === 4) fill(after, width, f.box, AMPLITUDE.water);
  }
  for (let x = 0; x < width; x++) {
    const top = riverTop(x);
    for (let y = top; y < Math.min(height, top + riverWidth); y++) after[y * width + x] = AMPLITUDE.water;
  }
  // Harvest: two crop fields in the south become bare.
  const south = fields.filter((f) => f.row === rows - 1 && f.level !== AMPLITUDE.bare).slice(0, 2);
  for (const f of south) fill(after, width, f.box, AMPLITUDE.bare);
  // New buildings on a field in the north-east: strong corner reflectors.
  const site = fields.find((f) => f.row === 1 && f.col === cols - 2)!.box;
  const [sx0, sy0, sx1, sy1] = site;
  const bw = Math.max(3, Math.round((sx1 - sx0) / 5));
  for (let k = 0; k < 3; k++) {
    const x0 = sx0 + Math.round((sx1 - sx0) * (0.1 + 0.3 * k));
    fill(after, width, [x0, sy0 + Math.round((sy1 - sy0) * 0.2), x0 + bw, sy0 + Math.round((sy1 - sy0) * 0.75)], AMPLITUDE.building);
  }

  const truth = new Uint8Array(width * height);
  for (let i = 0; i < truth.length; i++) truth[i] = before[i] !== after[i] ? 1 : 0;
  return {
    width,
    height,
    before: speckle(before, looks, new Sfc32(seed, 72)),
    after: speckle(after, looks, new Sfc32(seed, 73)),
    truth
  };
}
