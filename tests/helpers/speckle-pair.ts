/**
 * A seeded 8-bit SAR-like flood pair: speckled land, dark permanent water and a small flooded area
 * that turns dark in the after image. Intensity speckle is Gamma(L, 1/L) distributed (L looks);
 * values are rounded and clipped to 0…255, so the dark water is a handful of digital numbers and,
 * after a 3 × 3 median, many pixels are equal on both dates — the ties that make the log-ratio's
 * histogram spike at exactly 0.
 */
import { prng } from './prng';

export interface SpecklePair {
  width: number;
  height: number;
  before: Float32Array;
  after: Float32Array;
  /** 1 where the flood changed the ground. */
  truth: Uint8Array;
}

export interface SpeckleOptions {
  seed: number;
  size?: number;
  looks?: number;
  /** Fraction of the image flooded (changed), about. */
  changed?: number;
  /** Fraction of the image covered by permanent water, about. */
  water?: number;
  landDn?: number;
  waterDn?: number;
}

export function specklePair(o: SpeckleOptions): SpecklePair {
  const size = o.size ?? 301;
  const looks = o.looks ?? 3;
  const random = prng(o.seed);
  const width = size;
  const height = size;
  const n = width * height;
  const before = new Float32Array(n);
  const after = new Float32Array(n);
  const truth = new Uint8Array(n);
  // Permanent water: everything left of a wavy shoreline; the flood: a disc on the land side.
  const shore = (o.water ?? 0.35) * width;
  const radius = Math.sqrt(((o.changed ?? 0.01) * n) / Math.PI);
  const cx = shore + 2 * radius + random() * (width - shore - 4 * radius);
  const cy = 2 * radius + random() * (height - 4 * radius);
  const landDn = o.landDn ?? 70;
  const waterDn = o.waterDn ?? 1.5;
  const speckle = () => {
    let s = 0;
    for (let l = 0; l < looks; l++) s -= Math.log(1 - random());
    return s / looks;
  };
  const dn = (v: number) => Math.min(255, Math.round(v));
  for (let y = 0; y < height; y++) {
    const edge = shore + 6 * Math.sin(y / 17);
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const water = x < edge;
      // Smooth land texture (fields) so the land is not one flat level.
      const land = landDn * (1 + 0.35 * Math.sin(x / 23) * Math.cos(y / 31));
      const flooded = !water && (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;
      truth[i] = flooded ? 1 : 0;
      before[i] = dn((water ? waterDn : land) * speckle());
      after[i] = dn((water || flooded ? waterDn : land) * speckle());
    }
  }
  return { width, height, before, after, truth };
}
