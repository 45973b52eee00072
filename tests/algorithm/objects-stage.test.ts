import { describe, expect, it } from 'vitest';
import { changeObjects, MAX_OBJECTS } from '../../src/lib/core/change/objects-stage';
import { MemoryStore } from '../../src/lib/core/store';

function stores(width: number, height: number, changed: (x: number, y: number) => boolean) {
  const mask = new MemoryStore(width, height, Uint8Array);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) mask.data[y * width + x] = changed(x, y) ? 1 : 0;
  const magnitude = new MemoryStore(width, height, Float32Array);
  magnitude.data.fill(1);
  return { mask, magnitude, labels: new MemoryStore(width, height, Uint32Array) };
}

describe('changeObjects', () => {
  it('lists, outlines and tabulates the objects of a mask in pixel coordinates when not georeferenced', async () => {
    const s = stores(20, 10, (x, y) => (x >= 2 && x < 6 && y >= 1 && y < 4) || (x === 15 && y === 8));
    const out = await changeObjects(s, null);
    expect(out.count).toBe(2);
    expect(out.objects.map((o) => o.areaPx)).toEqual([12, 1]);
    expect(out.geojsonImageCrs).toBeNull();
    const fc = JSON.parse(out.geojson);
    expect(fc.features).toHaveLength(2);
    expect(fc.crs).toBeUndefined();
    expect(out.csv.trim().split('\r\n')).toHaveLength(3);
  });

  it(`counts but does not list more than ${MAX_OBJECTS} objects (a noisy, uncleaned mask)`, async () => {
    // Isolated pixels two apart: no two touch, not even diagonally.
    const side = 2 * Math.ceil(Math.sqrt(MAX_OBJECTS + 1000));
    const s = stores(side, side, (x, y) => x % 2 === 0 && y % 2 === 0);
    const out = await changeObjects(s, null);
    expect(out.count).toBe((side / 2) ** 2);
    expect(out.objects).toEqual([]);
    expect(out.notes[0]).toMatch(/counted but not listed/);
    expect(JSON.parse(out.geojson).features).toEqual([]);
  });
});
