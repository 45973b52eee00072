import { describe, expect, it } from 'vitest';
import { decodeOnce, withDecodedCache } from '../../src/lib/core/io/decoded-cache';
import type { RasterSource } from '../../src/lib/core/raster';
import { memorySource } from '../helpers/memory-source';

const W = 5;
const H = 4;
const bands = [0, 1, 2].map((b) => Array.from({ length: W * H }, (_, i) => b * 100 + i));

/** The memory source, counting the band-rows it decodes. */
function counted(): { source: RasterSource; decoded: number[] } {
  const inner = memorySource('x.tif', W, H, bands);
  const decoded: number[] = [];
  return {
    decoded,
    source: {
      info: inner.info,
      readRows: (y0, rows, wanted, signal) => {
        decoded.push(...wanted);
        return inner.readRows(y0, rows, wanted, signal);
      }
    }
  };
}

describe('withDecodedCache', () => {
  it('decodes a strip once: a second pass over the same windows reads nothing', async () => {
    const { source, decoded } = counted();
    const cached = withDecodedCache(source, 1 << 20);
    const first = await cached.readRows(0, 2, [0, 2]);
    const second = await cached.readRows(0, 2, [0, 2]);
    expect(decoded).toEqual([0, 2]);
    expect(second).toEqual(first);
    expect(Array.from(second[1])).toEqual(bands[2].slice(0, 2 * W));
    expect(cached.heldBytes).toBe(2 * 2 * W * 4);
  });

  it('decodes only the bands it does not hold, and returns them in the order asked', async () => {
    const { source, decoded } = counted();
    const cached = withDecodedCache(source, 1 << 20);
    await cached.readRows(2, 2, [1]);
    const got = await cached.readRows(2, 2, [2, 1, 0]);
    expect(decoded).toEqual([1, 2, 0]);
    got.forEach((band, i) => expect(Array.from(band)).toEqual(bands[[2, 1, 0][i]].slice(2 * W, 4 * W)));
  });

  it('hands out copies: a caller changing its rows does not change the next pass', async () => {
    const { source } = counted();
    const cached = withDecodedCache(source, 1 << 20);
    (await cached.readRows(0, 1, [0]))[0].fill(-1);
    (await cached.readRows(0, 1, [0]))[0].fill(-2);
    expect(Array.from((await cached.readRows(0, 1, [0]))[0])).toEqual(bands[0].slice(0, W));
  });

  it('keeps the first strips until the budget is spent, then decodes the rest every time', async () => {
    const { source, decoded } = counted();
    const cached = withDecodedCache(source, W * 4); // one band-row
    for (let pass = 0; pass < 2; pass++) for (let y = 0; y < H; y++) await cached.readRows(y, 1, [0]);
    expect(decoded).toEqual([0, 0, 0, 0, 0, 0, 0]);
    cached.clear();
    expect(cached.heldBytes).toBe(0);
  });
});

describe('decodeOnce', () => {
  it('caches a raster that fits whole, and leaves a larger one alone', () => {
    const { source } = counted();
    expect(decodeOnce(source, W * H * 3 * 4)).not.toBe(source);
    expect(decodeOnce(source, W * H * 3 * 4 - 1)).toBe(source);
  });
});
