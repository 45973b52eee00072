import { describe, expect, it } from 'vitest';
import { accumulateConfusion, emptyConfusion, type Confusion } from '../../src/lib/core/accuracy/confusion';
import { evaluateMasks } from '../../src/lib/core/accuracy/evaluate';
import { accuracyMetrics } from '../../src/lib/core/accuracy/metrics';
import { InputError, type Progress, type RasterInfo, type RasterSource } from '../../src/lib/core/raster';

const f32 = (values: number[]) => Float32Array.from(values);

function confusion(mask: number[], truth: number[], unchanged: number[] | null = null): Confusion {
  const acc = emptyConfusion();
  accumulateConfusion(acc, f32(mask), f32(truth), unchanged && f32(unchanged));
  return acc;
}

/** A single-band in-memory raster whose pixel (x, y) is value(x, y). */
function source(name: string, width: number, height: number, value: (x: number, y: number) => number): RasterSource {
  const info: RasterInfo = {
    name,
    sizeBytes: 0,
    format: 'GeoTIFF',
    width,
    height,
    bands: 1,
    dtype: 'float32',
    nodata: null,
    geo: null,
    bandNames: [null],
    blockHeight: 1
  };
  return {
    info,
    async readRows(y0, rows) {
      const out = new Float32Array(rows * width);
      for (let r = 0; r < rows; r++) for (let x = 0; x < width; x++) out[r * width + x] = value(x, y0 + r);
      return [out];
    }
  };
}

describe('accumulateConfusion', () => {
  it('counts the four outcomes and leaves nodata unscored', () => {
    // mask:  1  1  0  0  255 NaN 1   0
    // truth: 1  0  1  0  1   1   NaN 7
    expect(confusion([1, 1, 0, 0, 255, NaN, 1, 0], [1, 0, 1, 0, 1, 1, NaN, 7])).toEqual({ tp: 1, fp: 1, fn: 2, tn: 1 });
  });

  it('scores partial truth: changed > 0 wins, unchanged > 0 is no change, the rest is not scored', () => {
    // pixel:     a  b  c  d  e    f
    // mask:      1  1  0  0  1    0
    // changed:   1  0  0  0  255  0
    // unchanged: 0  1  1  0  1    NaN
    // a tp, b fp, c tn, d unscored (in neither), e tp (changed wins), f unscored.
    expect(confusion([1, 1, 0, 0, 1, 0], [1, 0, 0, 0, 255, 0], [0, 1, 1, 0, 1, NaN])).toEqual({ tp: 2, fp: 1, fn: 0, tn: 1 });
  });

  it('adds to what is already counted, window after window', () => {
    const acc = emptyConfusion();
    accumulateConfusion(acc, f32([1, 0]), f32([1, 1]), null);
    accumulateConfusion(acc, f32([1, 0]), f32([0, 0]), null);
    expect(acc).toEqual({ tp: 1, fp: 1, fn: 1, tn: 1 });
  });

  it('scores nothing on an all-nodata mask', () => {
    expect(confusion([255, NaN, 255], [1, 0, 1])).toEqual({ tp: 0, fp: 0, fn: 0, tn: 0 });
  });

  it('rejects a value that a change mask cannot hold', () => {
    expect(() => confusion([0, 1, 2], [0, 0, 0])).toThrow(/mask value 2 is neither 0 \(no change\), 1 \(change\) nor 255/);
  });
});

describe('accuracyMetrics', () => {
  it('computes every score of a 2 × 2 confusion (hand-computed)', () => {
    // tp 40, fp 10, fn 20, tn 130; n = 200.
    // precision 40/50 = 0.8; recall 40/60 = 2/3; F1 = 80/110 = 8/11; IoU = 40/70 = 4/7;
    // OA = 170/200 = 0.85. κ: pₒ = 0.85; mask change 50/200 = 0.25, truth change 60/200 = 0.3,
    // pₑ = 0.25·0.3 + 0.75·0.7 = 0.6; κ = (0.85 − 0.6)/(1 − 0.6) = 0.625.
    const m = accuracyMetrics({ tp: 40, fp: 10, fn: 20, tn: 130 });
    expect(m).toMatchObject({ tp: 40, fp: 10, fn: 20, tn: 130, precision: 0.8, overallAccuracy: 0.85 });
    expect(m.recall).toBeCloseTo(2 / 3, 15);
    expect(m.f1).toBeCloseTo(8 / 11, 15);
    expect(m.iou).toBeCloseTo(4 / 7, 15);
    expect(m.kappa).toBeCloseTo(0.625, 15);
  });

  it('agrees with κ = (pₒ − pₑ)/(1 − pₑ) on lopsided counts', () => {
    for (const [tp, fp, fn, tn] of [
      [1, 0, 0, 1e6],
      [0, 5, 7, 3],
      [123456789, 2345678, 3456789, 987654321]
    ]) {
      const n = tp + fp + fn + tn;
      const pe = ((tp + fp) / n) * ((tp + fn) / n) + ((fn + tn) / n) * ((fp + tn) / n);
      expect(accuracyMetrics({ tp, fp, fn, tn }).kappa).toBeCloseTo(((tp + tn) / n - pe) / (1 - pe), 12);
    }
  });

  it('defines the 0/0 cases', () => {
    // Nothing scored: every score is 0/0.
    expect(accuracyMetrics({ tp: 0, fp: 0, fn: 0, tn: 0 })).toEqual({
      tp: 0,
      fp: 0,
      fn: 0,
      tn: 0,
      precision: null,
      recall: null,
      f1: null,
      iou: null,
      overallAccuracy: null,
      kappa: null
    });
    // No change anywhere, in mask or truth: perfect agreement, but only by chance.
    expect(accuracyMetrics({ tp: 0, fp: 0, fn: 0, tn: 9 })).toMatchObject({
      precision: null,
      recall: null,
      f1: null,
      iou: null,
      overallAccuracy: 1,
      kappa: null
    });
    // Missed all change, marked none: precision 0/0, recall 0, F1 0.
    expect(accuracyMetrics({ tp: 0, fp: 0, fn: 4, tn: 5 })).toMatchObject({ precision: null, recall: 0, f1: 0, iou: 0, kappa: 0 });
    // Marked change where the truth has none: recall 0/0, precision 0.
    expect(accuracyMetrics({ tp: 0, fp: 3, fn: 0, tn: 5 })).toMatchObject({ precision: 0, recall: null, f1: 0, iou: 0, kappa: 0 });
  });
});

describe('evaluateMasks', () => {
  // 2048 × 1100 px: more than one strip (stripRows gives 1024 rows at this width).
  const W = 2048;
  const H = 1100;
  const mask = source('mask.tif', W, H, (x, y) => (y === 3 ? 255 : x < 100 ? 1 : 0));
  const truth = source('truth.tif', W, H, (x) => (x >= 50 && x < 150 ? 1 : 0));

  it('reads strip by strip and counts the whole image, reporting progress', async () => {
    const progress: Progress[] = [];
    const m = await evaluateMasks(mask, truth, null, { onProgress: (p) => progress.push(p) });
    const rows = H - 1; // row 3 is nodata in the mask
    expect(m).toMatchObject({ tp: 50 * rows, fp: 50 * rows, fn: 50 * rows, tn: (W - 150) * rows });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ stage: 'evaluate', done: H, total: H });
  });

  it('scores only the pixels partial truth labels', async () => {
    const unchanged = source('unchanged.tif', W, H, (x) => (x >= 1000 ? 1 : 0));
    const m = await evaluateMasks(mask, truth, unchanged, {});
    const rows = H - 1;
    expect(m).toMatchObject({ tp: 50 * rows, fp: 0, fn: 50 * rows, tn: (W - 1000) * rows });
  });

  it('scores nothing when the mask is all nodata', async () => {
    const m = await evaluateMasks(
      source('nodata.tif', 8, 4, () => NaN),
      source('t.tif', 8, 4, () => 1),
      null
    );
    expect(m).toMatchObject({ tp: 0, fp: 0, fn: 0, tn: 0, precision: null, overallAccuracy: null, kappa: null });
  });

  it('names the reference whose size differs from the mask', async () => {
    const small = source('small.png', 64, 48, () => 0);
    await expect(evaluateMasks(mask, small, null)).rejects.toThrow(InputError);
    await expect(evaluateMasks(mask, small, null)).rejects.toThrow(/^small\.png: it is 64 × 48 px but the mask mask\.tif is 2048 × 1100 px/);
    await expect(evaluateMasks(mask, truth, small)).rejects.toThrow(/^small\.png:/);
  });

  it('names a mask that holds other values than 0, 1, 255', async () => {
    const magnitude = source('magnitude.tif', 8, 4, (x) => x * 0.5);
    await expect(
      evaluateMasks(
        magnitude,
        source('t.tif', 8, 4, () => 0),
        null
      )
    ).rejects.toThrow(/^magnitude\.tif: mask value 0\.5 .* in rows 0–3; is it a change mask\?/);
  });

  it('stops between strips when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(evaluateMasks(mask, truth, null, { signal: controller.signal })).rejects.toThrow(/cancelled/);
  });
});
