/** Object outlines on pixel edges: rings with holes, saddles, orientation, simplification. */
import { describe, expect, it } from 'vitest';
import type { Position } from '../../src/lib/core/objects/crs';
import { geoInfoFor } from '../../src/lib/core/io/tiff-writer';
import { labelChangeObjects } from '../../src/lib/core/objects/label';
import { objectPolygons, positionsArea2, type PolygonOptions } from '../../src/lib/core/objects/polygons';
import { simplifyRing } from '../../src/lib/core/objects/simplify';
import { Sfc32, unit } from '../../src/lib/core/scene/prng';
import { MemoryStore } from '../../src/lib/core/store';

function maskFrom(...rows: string[]): MemoryStore<Uint8Array> {
  const m = new MemoryStore(rows[0].length, rows.length, Uint8Array);
  rows
    .join('')
    .split('')
    .forEach((c, i) => (m.data[i] = c === '#' ? 1 : c === 'N' ? 255 : 0));
  return m;
}

function randomMask(width: number, height: number, p: number, seed: number): MemoryStore<Uint8Array> {
  const rng = new Sfc32(seed, 2);
  const m = new MemoryStore(width, height, Uint8Array);
  for (let i = 0; i < m.data.length; i++) m.data[i] = unit(rng.next()) < p ? 1 : 0;
  return m;
}

async function outlines(mask: MemoryStore<Uint8Array>, options: PolygonOptions = {}, stripRows?: number) {
  const labels = new MemoryStore(mask.width, mask.height, Uint32Array);
  const objects = await labelChangeObjects(mask, { labels, geo: options.geo });
  return { objects, polygons: await objectPolygons(labels, objects, options, { stripRows }) };
}

const area = (rings: Position[][]) => rings.reduce((a, r) => a + positionsArea2(r) / 2, 0);

/** Closed, at least 4 positions, and no vertex visited twice. */
function expectSimpleRing(ring: Position[]): void {
  expect(ring.length).toBeGreaterThanOrEqual(4);
  expect(ring[0]).toEqual(ring.at(-1));
  const keys = ring.slice(0, -1).map((p) => p.join(','));
  expect(new Set(keys).size).toBe(keys.length);
}

describe('objectPolygons: hand-computed', () => {
  it('one pixel is one counter-clockwise square (pixel coordinates)', async () => {
    const { polygons } = await outlines(maskFrom('...', '.#.'));
    expect(polygons).toEqual([
      {
        id: 1,
        coordinates: [
          [
            [
              [1, 1],
              [2, 1],
              [2, 2],
              [1, 2],
              [1, 1]
            ]
          ]
        ]
      }
    ]);
  });

  it('two pixels touching at a corner: two squares of one MultiPolygon, touching at that corner', async () => {
    const { polygons } = await outlines(maskFrom('#.', '.#'));
    expect(polygons[0].coordinates).toEqual([
      [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0]
        ]
      ],
      [
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 2],
          [1, 1]
        ]
      ]
    ]);
  });

  it('a ring with a hole: a shell and a clockwise hole, area 8', async () => {
    const { polygons } = await outlines(maskFrom('.....', '.###.', '.#.#.', '.###.', '.....'));
    const [[shell, hole], ...rest] = polygons[0].coordinates;
    expect(rest).toEqual([]);
    expect(shell).toEqual([
      [1, 1],
      [4, 1],
      [4, 4],
      [1, 4],
      [1, 1]
    ]);
    expect(positionsArea2(hole)).toBe(-2);
    expect(area([shell, hole])).toBe(8);
  });

  it('a hole touching the outside at a corner stays a hole, touching its simple shell at one point', async () => {
    const { polygons } = await outlines(maskFrom('.##', '#.#', '###'));
    const [[shell, hole], ...rest] = polygons[0].coordinates;
    expect(rest).toEqual([]);
    expectSimpleRing(shell);
    expectSimpleRing(hole);
    expect(shell).toContainEqual([1, 1]);
    expect(hole).toContainEqual([1, 1]);
    expect(area([shell, hole])).toBe(7);
  });

  it('a diagonal of holes that cuts the object gives two polygons, not disconnected interiors', async () => {
    const { polygons } = await outlines(maskFrom('.###', '#.##', '##.#', '###.'));
    expect(polygons[0].coordinates.map((p) => [p.length, area(p)])).toEqual([
      [1, 6],
      [1, 6]
    ]);
  });

  it('an island in a hole that touches the hole at a corner is a second polygon of the same object', async () => {
    const { objects, polygons } = await outlines(maskFrom('######', '#....#', '#....#', '#..#.#', '#...##', '######'));
    expect(objects).toHaveLength(1);
    const parts = polygons[0].coordinates;
    expect(parts.map((p) => p.length)).toEqual([2, 1]);
    for (const p of parts) p.forEach(expectSimpleRing);
    expect(area(parts.flat())).toBe(objects[0].areaPx);
  });

  it('the whole image as one object is the image rectangle', async () => {
    const { polygons } = await outlines(maskFrom('####', '####', '####'), {}, 1);
    expect(polygons[0].coordinates).toEqual([
      [
        [
          [0, 0],
          [4, 0],
          [4, 3],
          [0, 3],
          [0, 0]
        ]
      ]
    ]);
  });
});

describe('objectPolygons: generated masks', () => {
  it.each([0.25, 0.45, 0.6])('p = %f: area = pixel count, simple closed rings, shells CCW, holes CW', async (p) => {
    const { objects, polygons } = await outlines(randomMask(53, 41, p, Math.round(p * 100)));
    expect(polygons.map((o) => o.id)).toEqual(objects.map((o) => o.id));
    for (const [k, o] of polygons.entries()) {
      for (const rings of o.coordinates) {
        rings.forEach(expectSimpleRing);
        expect(positionsArea2(rings[0])).toBeGreaterThan(0);
        for (const hole of rings.slice(1)) expect(positionsArea2(hole)).toBeLessThan(0);
      }
      expect(area(o.coordinates.flat())).toBe(objects[k].areaPx);
    }
  });

  it('the label window does not change the result (objects taller than a strip)', async () => {
    const mask = randomMask(40, 60, 0.5, 11);
    expect((await outlines(mask, {}, 1)).polygons).toEqual((await outlines(mask)).polygons);
  });

  it('map coordinates: a north-up grid flips y, and shells stay counter-clockwise', async () => {
    const geo = geoInfoFor(32637, [500000, 10, 0, 4000000, 0, -10]);
    const { polygons } = await outlines(maskFrom('.#', '##'), { geo });
    const [[shell]] = polygons[0].coordinates;
    expect(positionsArea2(shell)).toBe(2 * 300);
    expect(shell).toContainEqual([500020, 3999980]);
    expect(shell).toContainEqual([500010, 4000000]);
  });
});

describe('simplification (Douglas–Peucker)', () => {
  // A 10 × 1 stair: one step of 1 px over 10 px, then back along the bottom.
  const stair = [0, 0, 5, 0, 5, 1, 10, 1, 10, 2, 0, 2];

  it('tolerance 0 keeps every vertex; a tolerance removes corners within it', () => {
    expect(simplifyRing(stair, 0, () => false)).toEqual(stair);
    expect(simplifyRing(stair, 0.4, () => false)).toEqual(stair);
    expect(simplifyRing(stair, 0.6, () => false)).toEqual([0, 0, 10, 1, 10, 2, 0, 2]);
  });

  it('keeps locked vertices (where rings touch) and never collapses a ring', () => {
    const square = [0, 0, 2, 0, 4, 0, 4, 4, 0, 4];
    expect(simplifyRing(square, 0.5, () => false)).toEqual([0, 0, 4, 0, 4, 4, 0, 4]);
    expect(simplifyRing(square, 0.5, (x, y) => x === 2 && y === 0)).toEqual(square);
    expect(simplifyRing([0, 0, 1, 0, 1, 1, 0, 1], 5, () => false)).toEqual([0, 0, 1, 0, 1, 1, 0, 1]);
  });

  it('a disc outline loses its stair vertices and keeps its area within 2 %', async () => {
    const rows = Array.from({ length: 41 }, (_, y) => Array.from({ length: 41 }, (_, x) => ((x - 20) ** 2 + (y - 20) ** 2 <= 380 ? '#' : '.')).join(''));
    const exact = (await outlines(maskFrom(...rows))).polygons[0].coordinates[0][0];
    const { objects, polygons } = await outlines(maskFrom(...rows), { simplifyPx: 0.75 });
    const simple = polygons[0].coordinates[0][0];
    expect(simple.length).toBeLessThan(exact.length / 2);
    expectSimpleRing(simple);
    expect(Math.abs(positionsArea2(simple) / 2 - objects[0].areaPx) / objects[0].areaPx).toBeLessThan(0.02);
  });
});
