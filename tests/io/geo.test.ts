/** Georeferencing by hand-computed cases: GDAL's reading rules, units, names and grid helpers. */
import { describe, expect, it } from 'vitest';
import { geoInfoFromTags, geoTiffTagsFor, pixelAreaM2, sameCrs, sameGrid } from '../../src/lib/core/io/geo';
import { geoInfoFor, geoKeysFor } from '../../src/lib/core/io/tiff-writer';
import type { GeoInfo } from '../../src/lib/core/raster';

/** A GeoKeyDirectory from [key, location, count, value] entries. */
const directory = (...keys: number[][]) => [1, 1, 0, keys.length, ...keys.flat()];
const utm37 = directory([1024, 0, 1, 1], [1025, 0, 1, 1], [3072, 0, 1, 32637], [3076, 0, 1, 9001]);

describe('geoInfoFromTags', () => {
  it('scale + tie point give the corner-based GDAL transform', () => {
    const geo = geoInfoFromTags({ modelPixelScale: [10, 10, 0], modelTiepoint: [2, 3, 0, 500020, 4000030, 0], geoKeyDirectory: utm37 });
    expect(geo?.transform).toEqual([500000, 10, 0, 4000060, 0, -10]);
    expect(geo).toMatchObject({ epsg: 32637, crsName: 'WGS 84 / UTM zone 37N', projected: true, linearUnitMetres: 1 });
  });

  it('PixelIsPoint moves the origin half a pixel back to the corner, as GDAL does by default', () => {
    const point = directory([1024, 0, 1, 1], [1025, 0, 1, 2], [3072, 0, 1, 32637]);
    const geo = geoInfoFromTags({ modelPixelScale: [10, 10, 0], modelTiepoint: [0, 0, 0, 500005, 3999995, 0], geoKeyDirectory: point });
    expect(geo?.transform).toEqual([500000, 10, 0, 4000000, 0, -10]);
    // …and writing it back restores the centre-based tie point.
    expect(geo && geoTiffTagsFor(geo).modelTiepoint).toEqual([0, 0, 0, 500005, 3999995, 0]);
  });

  it('a transformation matrix keeps its rotation terms', () => {
    const m = [8, 5, 0, 500000, 5, -8, 0, 4000000, 0, 0, 0, 0, 0, 0, 0, 1];
    expect(geoInfoFromTags({ modelTransformation: m, geoKeyDirectory: utm37 })?.transform).toEqual([500000, 8, 5, 4000000, 5, -8]);
  });

  it('no affine georeferencing (none at all, or ground control points only) gives null', () => {
    expect(geoInfoFromTags({})).toBeNull();
    expect(geoInfoFromTags({ modelTiepoint: [0, 0, 0, 1, 2, 0, 10, 10, 0, 3, 4, 0], geoKeyDirectory: utm37 })).toBeNull();
  });

  it('reads linear units: US survey foot, foot, user-defined size, default metre', () => {
    const withUnit = (...unit: number[][]) =>
      geoInfoFromTags({
        modelPixelScale: [1, 1, 0],
        modelTiepoint: [0, 0, 0, 0, 0, 0],
        geoDoubleParams: [0.201168],
        geoKeyDirectory: directory([1024, 0, 1, 1], [3072, 0, 1, 2263], ...unit)
      })?.linearUnitMetres;
    expect(withUnit([3076, 0, 1, 9003])).toBe(1200 / 3937);
    expect(withUnit([3076, 0, 1, 9002])).toBe(0.3048);
    expect(withUnit([3076, 0, 1, 32767], [3077, 34736, 1, 0])).toBe(0.201168);
    expect(withUnit()).toBe(1);
    expect(withUnit([3076, 0, 1, 9036])).toBeNull();
  });

  it('names the CRS from a citation first, else from the EPSG code', () => {
    const named = (keys: number[][], ascii?: string) =>
      geoInfoFromTags({ modelPixelScale: [1, 1, 0], modelTiepoint: [0, 0, 0, 0, 0, 0], geoKeyDirectory: directory(...keys), geoAsciiParams: ascii })?.crsName;
    expect(
      named(
        [
          [1024, 0, 1, 1],
          [1026, 34737, 22, 0],
          [3072, 0, 1, 32637]
        ],
        'WGS 84 / UTM zone 37N|'
      )
    ).toBe('WGS 84 / UTM zone 37N');
    expect(
      named([
        [1024, 0, 1, 1],
        [3072, 0, 1, 32701]
      ])
    ).toBe('WGS 84 / UTM zone 1S');
    expect(
      named([
        [1024, 0, 1, 2],
        [2048, 0, 1, 4326]
      ])
    ).toBe('WGS 84');
    expect(
      named([
        [1024, 0, 1, 1],
        [3072, 0, 1, 2263]
      ])
    ).toBe('EPSG:2263');
    expect(
      named([
        [1024, 0, 1, 1],
        [3072, 0, 1, 32767]
      ])
    ).toBe('user-defined');
    expect(named([])).toBe('unknown');
  });

  it('keeps the raw GeoTIFF tags for verbatim copying', () => {
    const tags = { modelPixelScale: [1, 1, 0], modelTiepoint: [0, 0, 0, 0, 0, 0], geoKeyDirectory: utm37, geoDoubleParams: [1.5], geoAsciiParams: 'x|' };
    expect(geoInfoFromTags(tags)?.geoKeys).toEqual({ directory: utm37, doubleParams: [1.5], asciiParams: 'x|' });
  });
});

describe('helpers', () => {
  const utm = geoInfoFor(32637, [500000, 0.6, 0, 4000000, 0, -0.6]);

  it('geoInfoFor builds projected and geographic GeoInfo from an EPSG code', () => {
    expect(utm).toMatchObject({ epsg: 32637, projected: true, linearUnitMetres: 1, crsName: 'WGS 84 / UTM zone 37N' });
    expect(utm.geoKeys).toEqual(geoKeysFor(32637, true));
    expect(geoInfoFor(4326, [40, 1e-4, 0, 35, 0, -1e-4])).toMatchObject({ epsg: 4326, projected: false, linearUnitMetres: null });
  });

  it('pixelAreaM2 is |det| × unit², and null where it has no meaning', () => {
    expect(pixelAreaM2(utm)).toBeCloseTo(0.36, 12);
    expect(pixelAreaM2(geoInfoFor(32637, [0, 8, 5, 0, 5, -8]))).toBe(89); // |8·(−8) − 5·5|
    const feet: GeoInfo = { ...utm, transform: [0, 3, 0, 0, 0, -3], linearUnitMetres: 0.3048 };
    expect(pixelAreaM2(feet)).toBeCloseTo(9 * 0.3048 ** 2, 12);
    expect(pixelAreaM2(geoInfoFor(4326, [40, 1e-4, 0, 35, 0, -1e-4]))).toBeNull();
    expect(pixelAreaM2({ ...utm, linearUnitMetres: null })).toBeNull();
  });

  it('sameGrid allows differences below the tolerance, in pixels', () => {
    const shifted = (dx: number) => ({ ...utm, transform: [500000 + dx, 0.6, 0, 4000000, 0, -0.6] as GeoInfo['transform'] });
    expect(sameGrid(utm, shifted(0))).toBe(true);
    expect(sameGrid(utm, shifted(0.6 * 1e-7))).toBe(true);
    expect(sameGrid(utm, shifted(0.6 * 0.01))).toBe(false);
    expect(sameGrid(utm, shifted(0.6 * 0.01), 0.02)).toBe(true);
    expect(sameGrid(utm, geoInfoFor(32638, utm.transform))).toBe(false);
    expect(sameCrs(utm, geoInfoFor(32637, [0, 1, 0, 0, 0, -1]))).toBe(true);
  });
});
