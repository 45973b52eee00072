/** Change objects: 8-connected strip-wise labelling, per-object statistics, minimum mapping unit. */
import { readFileSync } from 'node:fs';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { geoInfoFor } from '../../src/lib/core/io/tiff-writer';
import { labelChangeObjects, removeSmallObjects, TooManyObjectsError } from '../../src/lib/core/objects/label';
import { Sfc32, unit } from '../../src/lib/core/scene/prng';
import { MemoryStore } from '../../src/lib/core/store';

/** A mask from a picture: '#' change, '.' no change, 'N' nodata. */
function maskFrom(...rows: string[]): MemoryStore<Uint8Array> {
  const m = new MemoryStore(rows[0].length, rows.length, Uint8Array);
  rows
    .join('')
    .split('')
    .forEach((c, i) => (m.data[i] = c === '#' || c === '1' ? 1 : c === 'N' ? 255 : 0));
  return m;
}

function randomMask(width: number, height: number, p: number, seed: number): MemoryStore<Uint8Array> {
  const rng = new Sfc32(seed, 1);
  const m = new MemoryStore(width, height, Uint8Array);
  for (let i = 0; i < m.data.length; i++) m.data[i] = unit(rng.next()) < p ? 1 : 0;
  return m;
}

const floatStore = (w: number, h: number, f: (c: number, r: number) => number) => {
  const s = new MemoryStore(w, h, Float32Array);
  for (let i = 0; i < w * h; i++) s.data[i] = f(i % w, Math.floor(i / w));
  return s;
};

describe('labelChangeObjects: hand-computed', () => {
  it('two pixels touching at a corner are one 8-connected object', async () => {
    const [o, ...rest] = await labelChangeObjects(maskFrom('#.', '.#'));
    expect(rest).toEqual([]);
    expect(o).toMatchObject({ id: 1, areaPx: 2, bbox: [0, 0, 2, 2], centroidPx: [1, 1], areaM2: null, centroidMap: null });
  });

  it('a ring with a hole: area 8, bounding box and centroid exact', async () => {
    const objects = await labelChangeObjects(maskFrom('.....', '.###.', '.#.#.', '.###.', '.....'));
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({ areaPx: 8, bbox: [1, 1, 4, 4], centroidPx: [2.5, 2.5] });
  });

  it('numbers objects in raster order of their first pixel; nodata is background', async () => {
    const objects = await labelChangeObjects(maskFrom('..#.#', '.#..#', '#NN##', '#....'));
    // The object at (2, 0) reaches (0, 3) diagonally; the one at (4, 0) comes down column 4.
    expect(objects.map((o) => [o.id, o.areaPx, ...o.bbox])).toEqual([
      [1, 4, 0, 0, 3, 4],
      [2, 4, 3, 0, 5, 3]
    ]);
  });

  it('mean/max magnitude ignore NaN; the dominant direction class breaks ties to the lower id', async () => {
    const mask = maskFrom('###.#');
    const magnitude = floatStore(5, 1, (c) => [1, 2, NaN, 0, 9][c]);
    const directionClass = floatStore(5, 1, (c) => [3, 1, 1, 0, NaN][c]);
    const [a, b] = await labelChangeObjects(mask, { magnitude, directionClass });
    expect(a).toMatchObject({ meanMagnitude: 1.5, maxMagnitude: 2, directionClass: 1 });
    expect(b).toMatchObject({ meanMagnitude: 9, maxMagnitude: 9, directionClass: null });
    const [tie] = await labelChangeObjects(maskFrom('##'), { directionClass: floatStore(2, 1, (c) => [4, 2][c]) });
    expect(tie.directionClass).toBe(2);
  });

  it('areas in m², centroids in map coordinates and lon/lat (UTM 37N on its central meridian)', async () => {
    // Pixel (1, 1) of a 10 m grid whose centre sits on 39°E (the zone's central meridian), 0°N.
    const geo = geoInfoFor(32637, [499985, 10, 0, 15, 0, -10]);
    const [o] = await labelChangeObjects(maskFrom('...', '.#.', '...'), { geo });
    expect(o.areaM2).toBe(100);
    expect(o.centroidMap).toEqual([500000, 0]);
    expect(o.centroidLonLat![0]).toBeCloseTo(39, 12);
    expect(o.centroidLonLat![1]).toBeCloseTo(0, 12);
    const south = geoInfoFor(32737, [499985, 10, 0, 10000015, 0, -10]);
    const [s] = await labelChangeObjects(maskFrom('...', '.#.', '...'), { geo: south });
    expect(s.centroidLonLat![0]).toBeCloseTo(39, 12);
    expect(s.centroidLonLat![1]).toBeCloseTo(0, 9);
  });

  it('Web Mercator and WGS 84 centroids; an unsupported CRS gives no lon/lat but keeps m²', async () => {
    const merc = geoInfoFor(3857, [1e6, 100, 0, 2e6, 0, -100]);
    const [m] = await labelChangeObjects(maskFrom('#'), { geo: merc });
    expect(m.centroidLonLat![0]).toBeCloseTo(proj4('EPSG:3857', 'EPSG:4326', [1e6 + 50, 2e6 - 50])[0], 9);
    const wgs = geoInfoFor(4326, [40, 0.001, 0, 35, 0, -0.001]);
    const [g] = await labelChangeObjects(maskFrom('#'), { geo: wgs });
    expect(g).toMatchObject({ areaM2: null, centroidLonLat: [40.0005, 34.9995] });
    const other = geoInfoFor(32100, [0, 2, 0, 0, 0, -2]); // NAD83 / Montana: not converted here
    const [x] = await labelChangeObjects(maskFrom('#'), { geo: other });
    expect(x).toMatchObject({ areaM2: 4, centroidMap: [1, -1], centroidLonLat: null });
  });
});

describe('labelChangeObjects: strips', () => {
  it('objects straddling strip borders: the result does not depend on the strip height', async () => {
    const mask = randomMask(61, 47, 0.42, 7);
    const whole = new MemoryStore(61, 47, Uint32Array);
    const expected = await labelChangeObjects(mask, { labels: whole }, { stripRows: 47 });
    expect(expected.some((o) => o.bbox[3] - o.bbox[1] > 10)).toBe(true);
    for (const stripRows of [1, 2, 3, 5, 16]) {
      const labels = new MemoryStore(61, 47, Uint32Array);
      expect(await labelChangeObjects(mask, { labels }, { stripRows })).toEqual(expected);
      expect(labels.data).toEqual(whole.data);
    }
  });

  it('a U that joins only in the last strip, and a spiral crossing every strip, are one object each', async () => {
    const u = maskFrom('#...#', '#...#', '#...#', '#####');
    const spiral = maskFrom('#######', '......#', '#####.#', '#...#.#', '#.#.#.#', '#.###.#', '#.....#', '#######');
    for (const stripRows of [1, 2, 3]) {
      expect((await labelChangeObjects(u, {}, { stripRows })).map((o) => o.areaPx)).toEqual([11]);
      expect((await labelChangeObjects(spiral, {}, { stripRows })).map((o) => o.areaPx)).toEqual([35]);
    }
  });
});

describe('labelChangeObjects vs scipy.ndimage.label (tests/reference/objects.json)', () => {
  const ref = JSON.parse(readFileSync(new URL('../reference/objects.json', import.meta.url), 'utf8'));
  const mask = maskFrom(...ref.mask);
  const { width, height } = ref;
  const magnitude = floatStore(width, height, (c, r) => Math.sin(0.37 * c) + Math.cos(0.21 * r) + 2);
  const directionClass = floatStore(width, height, (c, r) => (7 * c + 3 * r) % 5);

  it.each([1, 4, 56])('same objects, areas, boxes, centroids, magnitudes and classes (strips of %i rows)', async (stripRows) => {
    const objects = await labelChangeObjects(mask, { magnitude, directionClass }, { stripRows });
    expect(objects).toHaveLength(ref.objects.length);
    for (const [k, o] of objects.entries()) {
      const r = ref.objects[k];
      expect([o.id, o.areaPx, o.bbox, o.directionClass]).toEqual([r.id, r.areaPx, r.bbox, r.directionClass]);
      expect(o.centroidPx[0]).toBeCloseTo(r.centroidPx[0], 9);
      expect(o.centroidPx[1]).toBeCloseTo(r.centroidPx[1], 9);
      expect(o.meanMagnitude!).toBeCloseTo(r.meanMagnitude, 6);
      expect(o.maxMagnitude!).toBeCloseTo(r.maxMagnitude, 6);
    }
  });

  it('removeSmallObjects removes the same objects as scipy', async () => {
    const out = new MemoryStore(width, height, Uint8Array);
    const r = await removeSmallObjects(mask, out, ref.minPixels, { stripRows: 3 });
    expect(r).toMatchObject({ objects: ref.objects.length, removedObjects: ref.removedObjects });
    expect(out.data.filter((v) => v === 1).length).toBe(ref.cleanedChangePixels);
    expect(out.data.filter((v) => v === 255).length).toBe(ref.cleanedNodataPixels);
  });
});

describe('removeSmallObjects', () => {
  const mask = () => maskFrom('#..##', '.#.N#', '...N.', '##..#');

  it('clears objects below the minimum size, keeps nodata, counts what it removed', async () => {
    const out = new MemoryStore(5, 4, Uint8Array);
    // Objects: {(0,0),(1,1)} 2 px, {(3,0),(4,0),(4,1)} 3 px, {(0,3),(1,3)} 2 px, {(4,3)} 1 px.
    expect(await removeSmallObjects(mask(), out, 3)).toEqual({ objects: 4, removedObjects: 3, removedPixels: 5 });
    expect(out.data).toEqual(maskFrom('...##', '...N#', '...N.', '.....').data);
  });

  it('works in place and with any strip height; 0 and 1 keep everything', async () => {
    for (const stripRows of [1, 2, 4]) {
      const m = mask();
      await removeSmallObjects(m, m, 3, { stripRows });
      expect(m.data).toEqual(maskFrom('...##', '...N#', '...N.', '.....').data);
    }
    for (const min of [0, 1]) {
      const out = new MemoryStore(5, 4, Uint8Array);
      expect((await removeSmallObjects(mask(), out, min)).removedPixels).toBe(0);
      expect(out.data).toEqual(mask().data);
    }
  });

  it('refuses a negative or NaN size and a mismatched output', async () => {
    await expect(removeSmallObjects(mask(), new MemoryStore(5, 4, Uint8Array), -1)).rejects.toThrow(/≥ 0/);
    await expect(removeSmallObjects(mask(), new MemoryStore(5, 4, Uint8Array), NaN)).rejects.toThrow(/≥ 0/);
    await expect(removeSmallObjects(mask(), new MemoryStore(4, 4, Uint8Array), 2)).rejects.toThrow(/4×4.*5×4/);
  });
});

describe('labelChangeObjects: edge cases', () => {
  it('all nodata and all no-change give no objects and an empty label image', async () => {
    for (const c of ['N', '.']) {
      const labels = new MemoryStore(4, 3, Uint32Array);
      labels.data.fill(7);
      expect(await labelChangeObjects(maskFrom(...Array(3).fill(c.repeat(4))), { labels })).toEqual([]);
      expect(labels.data.every((v) => v === 0)).toBe(true);
    }
  });

  it('a one-pixel image, and an image that is one object', async () => {
    expect(await labelChangeObjects(maskFrom('.'))).toEqual([]);
    expect((await labelChangeObjects(maskFrom('#')))[0]).toMatchObject({ areaPx: 1, bbox: [0, 0, 1, 1], centroidPx: [0.5, 0.5] });
    const full = maskFrom(...Array(9).fill('#'.repeat(7)));
    for (const stripRows of [1, 4, 9]) {
      const objects = await labelChangeObjects(full, {}, { stripRows });
      expect(objects).toEqual([expect.objectContaining({ id: 1, areaPx: 63, bbox: [0, 0, 7, 9], centroidPx: [3.5, 4.5] })]);
    }
  });

  it('a single column and a single row', async () => {
    expect((await labelChangeObjects(maskFrom('#', '#', '.', '#'), {}, { stripRows: 1 })).map((o) => o.areaPx)).toEqual([2, 1]);
    expect((await labelChangeObjects(maskFrom('##.#N#'))).map((o) => o.areaPx)).toEqual([2, 1, 1]);
  });

  it('reports progress per strip and honours a cancelled signal', async () => {
    const seen: number[] = [];
    await labelChangeObjects(randomMask(8, 10, 0.3, 1), {}, { stripRows: 4, onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([4, 8, 10]);
    const ac = new AbortController();
    ac.abort();
    await expect(labelChangeObjects(randomMask(8, 10, 0.3, 1), {}, { signal: ac.signal })).rejects.toThrow(/cancelled/);
  });

  it('past `limit` objects, throws TooManyObjectsError with the count instead of listing them', async () => {
    const mask = maskFrom('#.#.#', '.....', '#.#.#');
    expect(await labelChangeObjects(mask, { limit: 6 })).toHaveLength(6);
    const error = await labelChangeObjects(mask, { limit: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyObjectsError);
    expect((error as TooManyObjectsError).count).toBe(6);
  });

  it('refuses stores of another size than the mask', async () => {
    const magnitude = new MemoryStore(3, 3, Float32Array);
    await expect(labelChangeObjects(maskFrom('##', '##'), { magnitude })).rejects.toThrow(/magnitude is 3×3 but the mask is 2×2/);
  });
});
