/** Display stretches from a histogram (min–max, percent clip, mean ± kσ) and the display settings that choose bands and stretch. */
import { describe, expect, it } from 'vitest';
import { checkDisplaySettings, checkImageDisplay, describeDisplay, displayBands } from '../../src/lib/core/render/display';
import { renderPreview } from '../../src/lib/core/render/preview';
import { histogramQuantile, stretchRange } from '../../src/lib/core/render/stretch';
import { reportDisplay } from '../../src/lib/core/report/settings';
import { memorySource } from '../helpers/memory-source';
import { prng } from '../helpers/prng';

describe('stretchRange', () => {
  it('gives the exact range, mean ± kσ and the quantile inside its bin on hand-computed cases', () => {
    const v = Float32Array.from([1, 2, 3, 4, 5]);
    expect(stretchRange(v, { kind: 'minmax', amount: 0 })).toEqual({ low: 1, high: 5 });
    const sd = stretchRange(v, { kind: 'stddev', amount: 1 })!;
    expect(sd.low).toBeCloseTo(3 - Math.SQRT2, 12);
    expect(sd.high).toBeCloseTo(3 + Math.SQRT2, 12);
    // Clamped to the data's range: ±10σ of five values is wider than [1, 5].
    expect(stretchRange(v, { kind: 'stddev', amount: 10 })).toEqual({ low: 1, high: 5 });
    // Two bins [0, 1) and [1, 2], two values each: a quarter of the values lie below 0.5.
    expect(histogramQuantile(Float64Array.from([2, 2]), 4, 0.25, 0, 2)).toBe(0.5);
    expect(histogramQuantile(Float64Array.from([2, 2]), 4, 0.75, 0, 2)).toBe(1.5);
    expect(histogramQuantile(Float64Array.from([0, 4]), 4, 0, 0, 2)).toBe(1);
  });

  it('puts the 2nd and 98th percentiles of 0…9999 within one bin of 200 and 9800', () => {
    const v = Float32Array.from({ length: 10000 }, (_, i) => i);
    const r = stretchRange(v, { kind: 'percent', amount: 2 })!;
    const bin = 9999 / 4096;
    expect(Math.abs(r.low - 200)).toBeLessThan(bin);
    expect(Math.abs(r.high - 9800)).toBeLessThan(bin);
    const z = stretchRange(v, { kind: 'percent', amount: 0 })!;
    expect([z.low, z.high]).toEqual([0, 9999]);
  });

  it('matches the sorted-sample percentile of a skewed 16-bit-like band within a bin', () => {
    const rnd = prng(7);
    const v = Float32Array.from({ length: 50001 }, () => Math.round(300 + 4000 * rnd() ** 3));
    v[17] = 65535; // one saturated pixel
    const sorted = Float64Array.from(v).sort();
    const r = stretchRange(v, { kind: 'percent', amount: 2 })!;
    const bin = (65535 - sorted[0]) / 4096;
    expect(Math.abs(r.low - sorted[Math.round(0.02 * 50000)])).toBeLessThan(bin);
    expect(Math.abs(r.high - sorted[Math.round(0.98 * 50000)])).toBeLessThan(bin);
    expect(r.high).toBeLessThan(5000); // the outlier does not wash the picture out
  });

  it('skips NaN, reads a strided band, gives null without a valid value and low = high on a constant band', () => {
    expect(stretchRange(Float32Array.from([NaN, NaN]))).toBeNull();
    expect(stretchRange(Float32Array.from([]))).toBeNull();
    expect(stretchRange(Float32Array.from([7, NaN, 7]), { kind: 'percent', amount: 2 })).toEqual({ low: 7, high: 7 });
    expect(stretchRange(Float32Array.from([1, 100, 2, 200, 3, 300]), { kind: 'minmax', amount: 0 }, 1, 2)).toEqual({ low: 100, high: 300 });
    expect(stretchRange(Float32Array.from([5]), { kind: 'stddev', amount: 2 })).toEqual({ low: 5, high: 5 });
  });
});

describe('display settings', () => {
  const info = memorySource('x.tif', 2, 1, [
    [0, 1],
    [0, 1],
    [0, 1],
    [0, 1]
  ]).info;

  it('chooses the bands, 1-based, and refuses a band the image lacks', () => {
    expect(displayBands({ bands: null, stretch: { kind: 'percent', amount: 2 } }, info)).toEqual([0, 1, 2]);
    expect(displayBands({ bands: [4, 3, 2], stretch: { kind: 'minmax', amount: 0 } }, info)).toEqual([3, 2, 1]);
    expect(() => displayBands({ bands: [5], stretch: { kind: 'minmax', amount: 0 } }, info)).toThrow('has no band 5 to display (it has 4)');
    expect(describeDisplay({ bands: [4, 3, 2], stretch: { kind: 'stddev', amount: 2.5 } }, info)).toBe('bands 4, 3, 2 as RGB · mean ± 2.5 σ stretch');
    expect(describeDisplay({ bands: [2], stretch: { kind: 'percent', amount: 1 } }, info)).toBe('band 2 as grey · 1–99 % stretch');
  });

  it('says which field of a stored setting is wrong, and leaves the defaults out of a recipe', () => {
    expect(() => checkImageDisplay({ bands: [1, 2], stretch: { kind: 'minmax', amount: 0 } }, 'd')).toThrow('d.bands must be null, or one or three');
    expect(() => checkImageDisplay({ bands: null, stretch: { kind: 'gamma', amount: 0 } }, 'd')).toThrow('d.stretch.kind must be one of');
    expect(() => checkImageDisplay({ bands: null, stretch: { kind: 'percent', amount: 60 } }, 'd')).toThrow('d.stretch.amount must be a percentage');
    expect(() => checkDisplaySettings({ before: null }, 'report.display')).toThrow('report.display.before must be');
    const plain = { bands: null, stretch: { kind: 'percent', amount: 2 } };
    expect(reportDisplay(undefined)).toEqual({});
    expect(reportDisplay({ before: plain, after: plain })).toEqual({});
    const chosen = { before: plain, after: { bands: [1], stretch: { kind: 'minmax', amount: 0 } } };
    expect(reportDisplay(chosen)).toEqual({ display: chosen });
  });
});

describe('renderPreview with a display', () => {
  it('draws the chosen bands as red, green, blue with the chosen stretch', async () => {
    // Band k holds values k·10 + x: min–max maps each band's 0…3 step to 0…255.
    const bands = [0, 1, 2, 3].map((k) => [0, 1, 2, 3].map((x) => k * 10 + x));
    const src = memorySource('p.tif', 4, 1, bands);
    const img = await renderPreview(src, { maxSize: 4, bands: [3, 0, 1], stretch: { kind: 'minmax', amount: 0 } });
    expect(img.stretch).toEqual([
      { low: 30, high: 33 },
      { low: 0, high: 3 },
      { low: 10, high: 13 }
    ]);
    expect(Array.from(img.rgba.subarray(4, 8))).toEqual([85, 85, 85, 255]);
    const grey = await renderPreview(src, { maxSize: 4, bands: [2], stretch: { kind: 'minmax', amount: 0 } });
    expect(Array.from(grey.rgba.subarray(12, 16))).toEqual([255, 255, 255, 255]);
  });
});
