/**
 * Fractal value noise — random values on a lattice, smoothly interpolated, summed over octaves
 * (fractional Brownian motion; Perlin 1985, "An image synthesizer", doi:10.1145/325165.325247,
 * uses gradients instead of values, the octave sum is the same). It gives the desert its
 * brightness texture, gravel plains, wadis and vegetation patches at natural-looking scales.
 *
 * The noise is evaluated a whole row at a time: the lattice is interpolated once to the row, and
 * each pixel's lattice column and weight are precomputed per image column, so a pixel costs two
 * loads and a lerp per octave — a few nanoseconds, which matters at 64 million pixels × 10 octaves.
 */

import { hash32, unit } from './prng';

/** Octaves finer than this many pixels per lattice cell would only alias. */
const MIN_CELL_PX = 2;

/** Smoothstep: C¹-continuous interpolation weight, so the noise has no creases at lattice lines. */
function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** One octave: values in [0, 1) on a lattice of `cellPx`-pixel cells, shifted by a random offset. */
class Octave {
  private readonly lattice: Float64Array;
  private readonly stride: number;
  private readonly col: Int32Array;
  private readonly wx: Float64Array;
  private readonly line: Float64Array;
  private readonly offsetY: number;

  constructor(
    width: number,
    height: number,
    private readonly cellPx: number,
    private readonly amplitude: number,
    salt: number
  ) {
    // A random sub-cell shift per octave keeps the lattice lines of different octaves from coinciding.
    const offsetX = unit(hash32(salt, 0x51, 0)) * cellPx;
    this.offsetY = unit(hash32(salt, 0x52, 0)) * cellPx;
    this.stride = Math.floor((width + offsetX) / cellPx) + 2;
    const rows = Math.floor((height + this.offsetY) / cellPx) + 2;
    this.lattice = new Float64Array(this.stride * rows);
    for (let j = 0; j < rows; j++) {
      for (let i = 0; i < this.stride; i++) this.lattice[j * this.stride + i] = unit(hash32(i, j, salt));
    }
    this.col = new Int32Array(width);
    this.wx = new Float64Array(width);
    for (let x = 0; x < width; x++) {
      const g = (x + 0.5 + offsetX) / cellPx;
      const i = Math.floor(g);
      this.col[x] = i;
      this.wx[x] = smooth(g - i);
    }
    this.line = new Float64Array(this.stride);
  }

  addRow(y: number, out: Float64Array): void {
    const g = (y + 0.5 + this.offsetY) / this.cellPx;
    const j = Math.floor(g);
    const wy = smooth(g - j);
    const { lattice, stride, line, col, wx, amplitude } = this;
    const top = j * stride;
    for (let i = 0; i < stride; i++) {
      const v0 = lattice[top + i];
      line[i] = v0 + wy * (lattice[top + stride + i] - v0);
    }
    for (let x = 0; x < out.length; x++) {
      const i = col[x];
      const v0 = line[i];
      out[x] += amplitude * (v0 + wx[x] * (line[i + 1] - v0));
    }
  }
}

/** Octave scale in metres and its weight in the sum. */
export interface OctaveSpec {
  cellM: number;
  weight: number;
}

/**
 * A fractal noise field over a `width` × `height` image, values in [0, 1) (weights are normalised),
 * with octave scales given in metres so the terrain looks the same at any pixel size.
 */
export class FractalNoise {
  private readonly octaves: Octave[];

  constructor(width: number, height: number, pixelSizeM: number, specs: readonly OctaveSpec[], salt: number) {
    const total = specs.reduce((s, o) => s + o.weight, 0);
    this.octaves = specs.map((o, k) => new Octave(width, height, Math.max(MIN_CELL_PX, o.cellM / pixelSizeM), o.weight / total, hash32(salt, k, 0x0c7a)));
  }

  /** Writes the field's values along row `y` into `out` (length = width). */
  row(y: number, out: Float64Array): void {
    out.fill(0);
    for (const o of this.octaves) o.addRow(y, out);
  }
}
