/** PNG kinds GDAL does not write: palettes (with and without transparency) and low-bit grey. */
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { openRaster } from '../../src/lib/core/io/open-raster';

async function open(png: Uint8Array) {
  const source = await openRaster(new Blob([png as BlobPart]), 'x.png');
  return { info: source.info, bands: await source.readRows(0, source.info.height, [...Array(source.info.bands).keys()]) };
}

describe('PNG', () => {
  it('a palette expands to RGB', async () => {
    const palette = [
      [10, 20, 30],
      [200, 100, 50],
      [0, 255, 0]
    ];
    const { info, bands } = await open(encodePng({ width: 3, height: 1, data: new Uint8Array([2, 0, 1]), channels: 1, depth: 8, palette }));
    expect([info.bands, info.dtype, info.nodata]).toEqual([3, 'uint8', null]);
    expect(bands.map((b) => Array.from(b))).toEqual([
      [0, 10, 200],
      [255, 20, 100],
      [0, 30, 50]
    ]);
  });

  it('a palette entry with alpha 0 is nodata', async () => {
    // Transparent entry first: fast-png's encoder writes tRNS only for the entries that have alpha.
    const palette = [
      [200, 100, 50, 0],
      [10, 20, 30, 255]
    ];
    const { info, bands } = await open(encodePng({ width: 2, height: 1, data: new Uint8Array([0, 1]), channels: 1, depth: 8, palette }));
    expect(info.bands).toBe(3);
    expect(bands.map((b) => Array.from(b))).toEqual([
      [NaN, 10],
      [NaN, 20],
      [NaN, 30]
    ]);
  });

  it('2-bit grey unpacks to its sample values, rows padded to whole bytes', async () => {
    // 5 px per row → 10 bits → 2 bytes per row.
    const values = [0, 1, 2, 3, 2, 3, 3, 1, 0, 1];
    const packed = new Uint8Array([0b00011011, 0b10000000, 0b11110100, 0b01000000]);
    const { info, bands } = await open(encodePng({ width: 5, height: 2, data: packed, channels: 1, depth: 2 }));
    expect([info.width, info.height, info.bands]).toEqual([5, 2, 1]);
    expect(Array.from(bands[0])).toEqual(values);
  });

  it('16-bit grey + alpha: one uint16 band, alpha 0 as NaN', async () => {
    const data = new Uint16Array([65535, 65535, 1234, 0, 7, 1]);
    const { info, bands } = await open(encodePng({ width: 3, height: 1, data, channels: 2, depth: 16 }));
    expect([info.bands, info.dtype]).toEqual([1, 'uint16']);
    expect(Array.from(bands[0])).toEqual([65535, NaN, 7]);
  });
});
