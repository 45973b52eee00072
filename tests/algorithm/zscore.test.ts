/** Z-score normalisation: a hand-computed case, agreement with a direct two-pass computation, edge cases. */
import { describe, expect, it } from 'vitest';
import { PairReader, type PairStrip } from '../../src/lib/core/change/pair-reader';
import { applyZScore, bandStatistics, type ZScoreStatistics } from '../../src/lib/core/normalize/zscore';
import { HEIGHT, memorySource, syntheticPair, WIDTH } from '../reference/irmad-fixture';

function pairOf(before: Float32Array[], after: Float32Array[], width: number, height: number, rows?: number): PairReader {
  const pair = new PairReader(
    memorySource('before', width, height, before),
    memorySource('after', width, height, after),
    before.map((_, i) => i + 1)
  );
  // PairReader picks the strip height from the image size; tests force other strip layouts.
  if (rows) Object.assign(pair, { rows });
  return pair;
}

/** The whole pair standardised strip by strip, as the normalize stage will run it. */
async function standardised(pair: PairReader, stats: ZScoreStatistics): Promise<{ a: Float32Array[]; b: Float32Array[] }> {
  const a = pair.bands.map(() => new Float32Array(pair.width * pair.height));
  const b = pair.bands.map(() => new Float32Array(pair.width * pair.height));
  await pair.pass(
    (strip: PairStrip) => {
      applyZScore(strip, stats);
      strip.a.forEach((band, i) => a[i].set(band, strip.y0 * pair.width));
      strip.b.forEach((band, i) => b[i].set(band, strip.y0 * pair.width));
    },
    { stage: 'test' }
  );
  return { a, b };
}

describe('z-score, hand-computed', () => {
  it('uses the pixels valid in both images and standardises every pixel with data', async () => {
    // Pixel 3 is nodata in the before image, so both images' statistics use pixels 0–2:
    // before 1 2 3 → mean 2, std √(2/3); after 2 4 6 → mean 4, std √(8/3).
    const pair = pairOf([Float32Array.of(1, 2, 3, NaN)], [Float32Array.of(2, 4, 6, 8)], 2, 2);
    const stats = await bandStatistics(pair);
    expect(stats.before[0].mean).toBeCloseTo(2, 14);
    expect(stats.before[0].std).toBeCloseTo(Math.sqrt(2 / 3), 14);
    expect(stats.after[0].mean).toBeCloseTo(4, 14);
    expect(stats.after[0].std).toBeCloseTo(Math.sqrt(8 / 3), 14);
    const { a, b } = await standardised(pair, stats);
    const k = Math.sqrt(1.5);
    expect(Array.from(a[0])).toEqual([-k, 0, k, NaN].map((v) => (Number.isNaN(v) ? NaN : expect.closeTo(v, 6))));
    expect(Array.from(b[0])).toEqual([-k, 0, k, 2 * k].map((v) => expect.closeTo(v, 6)));
  });
});

describe('z-score, multi-band pair', () => {
  it('matches a direct two-pass computation and does not depend on the strip height', async () => {
    const { before, after } = syntheticPair();
    const stats = await bandStatistics(pairOf(before, after, WIDTH, HEIGHT));
    const oneRow = await bandStatistics(pairOf(before, after, WIDTH, HEIGHT, 1));
    const valid = (p: number) => [...before, ...after].every((band) => !Number.isNaN(band[p]));
    const pixels = Array.from({ length: WIDTH * HEIGHT }, (_, p) => p).filter(valid);
    const direct = (band: Float32Array) => {
      const mean = pixels.reduce((s, p) => s + band[p], 0) / pixels.length;
      return { mean, std: Math.sqrt(pixels.reduce((s, p) => s + (band[p] - mean) ** 2, 0) / pixels.length) };
    };
    for (const [side, bands] of [
      ['before', before],
      ['after', after]
    ] as const) {
      bands.forEach((band, i) => {
        const d = direct(band);
        for (const s of [stats, oneRow]) {
          expect(s[side][i].mean).toBeCloseTo(d.mean, 10);
          expect(s[side][i].std).toBeCloseTo(d.std, 10);
        }
      });
    }
    const { a, b } = await standardised(pairOf(before, after, WIDTH, HEIGHT), stats);
    for (const band of [...a, ...b]) {
      const z = pixels.map((p) => band[p]);
      expect(z.reduce((s, v) => s + v, 0) / z.length).toBeCloseTo(0, 5);
      expect(z.reduce((s, v) => s + v * v, 0) / z.length).toBeCloseTo(1, 5);
    }
  });

  it('standardises the halo rows of a strip too', () => {
    const strip: PairStrip = { width: 2, y0: 1, rows: 1, haloTop: 1, haloBottom: 0, a: [Float32Array.of(3, 5, 7, 9)], b: [Float32Array.of(0, 0, 0, 0)] };
    applyZScore(strip, { before: [{ mean: 5, std: 2 }], after: [{ mean: 0, std: 1 }] });
    expect(Array.from(strip.a[0])).toEqual([-1, 0, 1, 2]);
  });
});

describe('z-score, degenerate input', () => {
  it('a constant band has std 0 and maps to 0 where it has data', async () => {
    const pair = pairOf([Float32Array.of(7, 7, 7, NaN)], [Float32Array.of(1, 2, 3, 4)], 2, 2);
    const stats = await bandStatistics(pair);
    expect(stats.before[0]).toEqual({ mean: 7, std: 0 });
    const { a } = await standardised(pair, stats);
    expect(Array.from(a[0])).toEqual([0, 0, 0, NaN]);
  });

  it('no pixel valid in both images: NaN statistics, and every pixel becomes nodata', async () => {
    const pair = pairOf([Float32Array.of(1, NaN)], [Float32Array.of(NaN, 2)], 2, 1);
    const stats = await bandStatistics(pair);
    expect(stats).toEqual({ before: [{ mean: NaN, std: NaN }], after: [{ mean: NaN, std: NaN }] });
    const { a, b } = await standardised(pair, stats);
    expect([...a[0], ...b[0]].every(Number.isNaN)).toBe(true);
  });

  it('one pixel: std 0, so it maps to 0', async () => {
    const stats = await bandStatistics(pairOf([Float32Array.of(5)], [Float32Array.of(9)], 1, 1));
    expect(stats).toEqual({ before: [{ mean: 5, std: 0 }], after: [{ mean: 9, std: 0 }] });
  });

  it('honours a cancelled run', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(bandStatistics(pairOf([Float32Array.of(1)], [Float32Array.of(2)], 1, 1), { signal: controller.signal })).rejects.toThrow('cancelled');
  });
});
