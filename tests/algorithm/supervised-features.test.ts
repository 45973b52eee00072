import { describe, expect, it } from 'vitest';
import { PairReader } from '../../src/lib/core/change/pair-reader';
import { computeFeatures, FEATURE_HALO, featureNames } from '../../src/lib/core/supervised/features';
import { parseTrainingCsv, parseTrainingGeoJson } from '../../src/lib/core/supervised/samples';
import { memorySource } from '../helpers/memory-source';
import { prng } from '../helpers/prng';
import { expectIdentical } from './method-harness';

/** The whole feature stack of a pair, computed with strips of `rows` rows. */
async function stack(width: number, height: number, a: Float32Array[], b: Float32Array[], rows: number) {
  const pair = new PairReader(
    memorySource('a', width, height, a),
    memorySource('b', width, height, b),
    a.map((_, i) => i + 1)
  );
  (pair as { rows: number }).rows = rows;
  const nf = featureNames(a.length).length;
  const out = new Float32Array(nf * width * height);
  await pair.pass(
    (s) => {
      const core = s.rows * s.width;
      const part = new Float32Array(nf * core);
      computeFeatures(s, part);
      out.set(part, s.y0 * width * nf);
    },
    { stage: 'features', halo: FEATURE_HALO }
  );
  return out;
}

describe('supervised features', () => {
  const random = prng(9);
  const width = 37;
  const height = 45;
  const band = () => Float32Array.from({ length: width * height }, () => Math.round(255 * random()));
  const a = [band(), band()];
  const b = [band(), band()];

  it('name every feature once', () => {
    const names = featureNames(2);
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(0, 3)).toEqual(['a1', 'b1', 'd1']);
  });

  it('do not depend on where the strips break', async () => {
    const whole = await stack(width, height, a, b, height);
    for (const rows of [1, 7, 16]) expectIdentical(await stack(width, height, a, b, rows), whole);
  });

  it('hold the values, differences and window means of hand-checkable pixels', async () => {
    const s = await stack(width, height, a, b, height);
    const names = featureNames(2);
    const at = (name: string, x: number, y: number) => s[(y * width + x) * names.length + names.indexOf(name)];
    expect(at('a2', 5, 6)).toBe(a[1][6 * width + 5]);
    expect(at('d1', 5, 6)).toBe(b[0][6 * width + 5] - a[0][6 * width + 5]);
    let sum = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += b[0][(6 + dy) * width + 5 + dx];
    expect(at('mean3_b1', 5, 6)).toBeCloseTo(sum / 9, 4);
    // Clipped at the corner: the 2 × 2 valid part of the 3 × 3 window.
    expect(at('mean3_a1', 0, 0)).toBeCloseTo((a[0][0] + a[0][1] + a[0][width] + a[0][width + 1]) / 4, 4);
    expect(at('corr3', 5, 6)).toBeGreaterThanOrEqual(-1.0001);
    expect(at('corr3', 5, 6)).toBeLessThanOrEqual(1.0001);
  });

  it('mark a nodata pixel NaN in every feature and leave it out of its neighbours’ windows', async () => {
    const holed = a.map((x) => x.slice());
    holed[1][10 * width + 10] = NaN;
    const s = await stack(width, height, holed, b, height);
    const nf = featureNames(2).length;
    for (let f = 0; f < nf; f++) expect(Number.isNaN(s[(10 * width + 10) * nf + f])).toBe(true);
    for (let f = 0; f < nf; f++) expect(Number.isFinite(s[(10 * width + 11) * nf + f])).toBe(true);
  });
});

describe('training samples', () => {
  it('read a CSV with or without a header', () => {
    expect(parseTrainingCsv('x,y,label\n3,4,change\n5,6,no-change\n', 's.csv')).toEqual([
      { x: 3, y: 4, label: 1 },
      { x: 5, y: 6, label: 0 }
    ]);
    expect(parseTrainingCsv('1,2,Change\r\n', 's.csv')).toEqual([{ x: 1, y: 2, label: 1 }]);
  });

  it('name the file and the line of a bad CSV', () => {
    expect(() => parseTrainingCsv('x,y,label\n3,4,maybe\n', 's.csv')).toThrow(/s\.csv.*line 2.*"maybe"/);
    expect(() => parseTrainingCsv('3.5,4,change\n', 's.csv')).toThrow(/line 1: x and y must be whole/);
    expect(() => parseTrainingCsv('x,y,label\n', 's.csv')).toThrow(/no labelled pixel/);
  });

  it('read GeoJSON points and polygons in map coordinates (pixel centres inside a polygon)', () => {
    const geo = { transform: [1000, 2, 0, 5000, 0, -2] } as never; // 2 m pixels, origin (1000, 5000)
    const doc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { label: 'change' }, geometry: { type: 'Point', coordinates: [1005, 4993] } },
        {
          type: 'Feature',
          properties: { label: 'no-change' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [1000, 5000],
                [1004, 5000],
                [1004, 4996],
                [1000, 4996],
                [1000, 5000]
              ]
            ]
          }
        }
      ]
    };
    expect(parseTrainingGeoJson(JSON.stringify(doc), 't.geojson', geo)).toEqual([
      { x: 2, y: 3, label: 1 },
      { x: 0, y: 0, label: 0 },
      { x: 1, y: 0, label: 0 },
      { x: 0, y: 1, label: 0 },
      { x: 1, y: 1, label: 0 }
    ]);
    expect(() => parseTrainingGeoJson('{"type":"FeatureCollection","features":[{"properties":{},"geometry":null}]}', 't.geojson', null)).toThrow(
      /t\.geojson.*feature 1: label/
    );
  });
});
