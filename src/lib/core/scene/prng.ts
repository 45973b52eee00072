/**
 * Seeded randomness for the synthetic scene. Everything here is 32-bit integer arithmetic, which
 * every JavaScript engine computes exactly, so a seed yields the same numbers on every machine and
 * the demo scene and test fixtures are byte-identical wherever they are generated.
 */

/** 2^32, to turn a uint32 into a fraction in [0, 1). */
const TWO_POW_32 = 4294967296;

/** lowbias32 finaliser (C. Wellons, "Hash Prospector"): full avalanche in a few multiplies. */
export function lowbias32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A hash of three integers, e.g. a lattice point (x, y) and a salt. Positional hashing lets the
 * noise lattices be built in any order without consuming a sequential stream.
 */
export function hash32(a: number, b: number, c: number): number {
  return lowbias32(lowbias32(lowbias32(a ^ 0x9e3779b9) ^ b) ^ c);
}

/**
 * sfc32 (C. Doty-Humphrey, PractRand): 128-bit state, passes PractRand and BigCrush, a handful of
 * integer operations per draw — the sensor-noise pass of a benchmark-size scene draws hundreds of
 * millions of values. `stream` separates independent uses of one seed (layout, texture, noise…), so
 * drawing more numbers in one part of the scene never shifts the numbers of another. A class rather
 * than a closure so that hot loops over several generators still get `next` inlined.
 */
export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number, stream: number) {
    this.a = hash32(seed, stream, 1);
    this.b = hash32(seed, stream, 2);
    this.c = hash32(seed, stream, 3);
    // The first outputs of a freshly seeded sfc32 are still correlated with the seed words.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The next uniform unsigned 32-bit integer. */
  next(): number {
    const { a, b, c } = this;
    const t = (((a + b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }
}

/** A uint32 as a fraction in [0, 1). */
export function unit(u32: number): number {
  return u32 / TWO_POW_32;
}

/** A uniform draw in [lo, hi). */
export function between(rng: Sfc32, lo: number, hi: number): number {
  return lo + (hi - lo) * unit(rng.next());
}
