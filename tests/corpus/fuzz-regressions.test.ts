/**
 * Every input the fuzzer (scripts/fuzz) found bad, kept as a regression case: (seed file, mutation
 * seed) regenerates the same bytes, which must now give a clear error naming the file (or a
 * correct result) — through the same classification the fuzzer uses.
 */
import { describe, expect, it } from 'vitest';
import { classify, type Outcome } from '../../scripts/fuzz/classify';
import { mutate } from '../../scripts/fuzz/mutate';
import { fuzzSeeds } from '../../scripts/fuzz/seeds';
import { openRaster } from '../../src/lib/core/io/open-raster';

const FOUND: { seed: string; mutation: number; was: string; now: RegExp }[] = [
  {
    seed: 'strips',
    mutation: 29,
    was: 'a 1000-value Compression tag printed whole',
    now: /^fuzz\.tif: the TIFF directory is damaged: tag 259 \(compression\) has \d+ values instead of one$/
  },
  { seed: 'float32-nodata', mutation: 27, was: '"the image size is missing × 48 pixels"', now: /^fuzz\.tif: / },
  { seed: 'strips', mutation: 911, was: '"unsupported sample type: 8-bit sample format undefined"', now: /^fuzz\.tif: / },
  { seed: 'geotiff-predictor-tiles', mutation: 100328, was: '"unsupported sample type: 8-bit sample format undefined"', now: /^fuzz\.tif: / },
  {
    seed: 'geotiff-predictor-tiles',
    mutation: 102232,
    was: '"Invalid typed array length: 49200" from undoing the predictor of a short tile',
    now: /^fuzz\.tif: tile 0 \(rows 0–15, columns 0–63\) cannot be decoded: its data is shorter or longer than its layout needs$/
  },
  {
    seed: 'geotiff-predictor-tiles',
    mutation: 503653,
    was: 'a RangeError from geotiff.js reading a damaged Predictor tag (a crash)',
    now: /^fuzz\.tif: the TIFF directory is damaged: /
  }
];

async function outcomeOf(bytes: Uint8Array): Promise<Outcome> {
  try {
    const source = await openRaster(new Blob([bytes as BlobPart]), 'fuzz.tif');
    const { width, height, bands, dtype, nodata } = source.info;
    const rows = await source.readRows(
      0,
      height,
      Array.from({ length: bands }, (_, b) => b)
    );
    const nan = rows.reduce((n, band) => n + band.filter(Number.isNaN).length, 0);
    return { ok: true, width, height, bands, dtype, nodata, nan };
  } catch (e) {
    return { ok: false, inputError: (e as Error).name === 'InputError', message: (e as Error).message, kind: (e as Error).name };
  }
}

describe('inputs the fuzzer found', () => {
  const seeds = fuzzSeeds();
  it.each(FOUND.map((f) => [`${f.seed} #${f.mutation}: ${f.was}`, f] as const))('%s', async (_, f) => {
    const i = seeds.findIndex((s) => s.name === f.seed);
    const outcome = await outcomeOf(mutate(seeds[i].bytes, f.mutation, seeds[(i + 1) % seeds.length].bytes));
    expect(['clear-error', 'result']).toContain(classify(outcome, 'fuzz.tif', seeds[i].integerOnly));
    if (!outcome.ok) expect(outcome.message).toMatch(f.now);
  });
});
