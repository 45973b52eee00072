import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { alignedSource, AFTER_WINDOW_PIXELS } from '../../src/lib/core/align/aligned-source';
import { crsDefinition } from '../../src/lib/core/align/crs';
import { georeferencedMapping, overlapFraction, requireOverlap } from '../../src/lib/core/align/grid';
import { affineMapping } from '../../src/lib/core/align/mapping';
import type { GeoInfo, RasterSource, Transform } from '../../src/lib/core/raster';
import { memorySource } from '../helpers/memory-source';

/** GeoKeys naming an EPSG CRS (projected when code ≠ 4326). */
function geo(epsg: number, transform: Transform, name = `EPSG:${epsg}`): GeoInfo {
  const projected = epsg !== 4326;
  const directory = projected ? [1, 1, 0, 2, 1024, 0, 1, 1, 3072, 0, 1, epsg] : [1, 1, 0, 2, 1024, 0, 1, 2, 2048, 0, 1, epsg];
  return { transform, epsg, crsName: name, projected, linearUnitMetres: projected ? 1 : null, geoKeys: { directory, doubleParams: null, asciiParams: null } };
}

/** An in-memory georeferenced raster whose pixel values are f(map x, map y) at the pixel centres. */
function mapFunctionSource(name: string, width: number, height: number, g: GeoInfo, f: (x: number, y: number) => number): RasterSource {
  const t = g.transform;
  const band = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) band[r * width + c] = f(t[0] + (c + 0.5) * t[1] + (r + 0.5) * t[2], t[3] + (c + 0.5) * t[4] + (r + 0.5) * t[5]);
  }
  const src = memorySource(name, width, height, [band]);
  return { ...src, info: { ...src.info, geo: g } };
}

describe('georeferenced common grid', () => {
  it('resamples a coarser, shifted after onto before (same CRS): a linear field is reproduced, outside is NaN', async () => {
    const f = (x: number, y: number) => 0.01 * (x - 500000) + 0.02 * (y - 4000000);
    const before = mapFunctionSource('before.tif', 64, 48, geo(32637, [500000, 10, 0, 4000480, 0, -10]), f);
    const after = mapFunctionSource('after.tif', 30, 30, geo(32637, [500105, 20, 0, 4000400, 0, -20]), f);
    const mapping = await georeferencedMapping(before.info, after.info);
    expect(mapping.affine).not.toBeNull();
    const aligned = alignedSource(before.info, after, mapping, 'bilinear');
    expect(aligned.info.width).toBe(64);
    expect(aligned.info.geo).toBe(before.info.geo);
    const [rows] = await aligned.readRows(0, 48, [0]);
    const t = before.info.geo!.transform;
    let inside = 0;
    for (let r = 0; r < 48; r++) {
      for (let c = 0; c < 64; c++) {
        const x = t[0] + (c + 0.5) * 10;
        const y = t[3] - (r + 0.5) * 10;
        const v = rows[r * 64 + c];
        // after covers x 500105…500705 and y 3999800…4000400; its outer half-pixel ring is edge-extended.
        const deep = x > 500115 && x < 500695 && y > 3999810 && y < 4000390;
        const outside = x < 500105 || x > 500705 || y > 4000400 || y < 3999800;
        if (deep) {
          expect(v).toBeCloseTo(f(x, y), 3);
          inside++;
        }
        if (outside) expect(v).toBeNaN();
      }
    }
    expect(inside).toBeGreaterThan(1000);
    const fraction = overlapFraction(before.info, after.info, mapping);
    expect(fraction).toBeGreaterThan(0.68); // (535 / 640) · (400 / 480) = 0.697
    expect(fraction).toBeLessThan(0.72);
  });

  it('reprojects across two CRSs (UTM 37N before, WGS 84 lon/lat after)', async () => {
    const utm = '+proj=utm +zone=37 +datum=WGS84 +units=m +no_defs';
    const toLonLat = proj4(utm, 'WGS84');
    const fll = (lon: number, lat: number) => 1000 * (lon - 39) + 2000 * (lat - 36);
    const before = mapFunctionSource('before.tif', 50, 50, geo(32637, [500000, 30, 0, 3985000, 0, -30]), (x, y) => {
      const [lon, lat] = toLonLat.forward([x, y]);
      return fll(lon, lat);
    });
    const after = mapFunctionSource('after.tif', 80, 80, geo(4326, [38.995, 0.0002, 0, 36.01, 0, -0.0002]), fll);
    const mapping = await georeferencedMapping(before.info, after.info);
    expect(mapping.affine).toBeNull();
    const [rows] = await alignedSource(before.info, after, mapping, 'bilinear').readRows(0, 50, [0]);
    const [expected] = await before.readRows(0, 50, [0]);
    let compared = 0;
    for (let i = 0; i < rows.length; i++) {
      if (Number.isNaN(rows[i])) continue;
      expect(Math.abs(rows[i] - expected[i])).toBeLessThan(0.01);
      compared++;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('names both footprints when the two do not overlap', async () => {
    const before = mapFunctionSource('before.tif', 10, 10, geo(32637, [500000, 10, 0, 4000000, 0, -10]), () => 1);
    const after = mapFunctionSource('after.tif', 10, 10, geo(32637, [600000, 10, 0, 4000000, 0, -10]), () => 1);
    const mapping = await georeferencedMapping(before.info, after.info);
    const fraction = overlapFraction(before.info, after.info, mapping);
    expect(fraction).toBe(0);
    expect(() => requireOverlap(before.info, after.info, fraction)).toThrow(
      /after\.tif: it does not overlap before\.tif: after\.tif covers x 600000\.0…600100\.0.*before\.tif covers x 500000\.0…500100\.0/
    );
  });

  it('reads at most AFTER_WINDOW_PIXELS of after per band at once, even rotated by 45°', async () => {
    const width = 3000;
    const height = 3000;
    let largest = 0;
    const after: RasterSource = {
      info: { ...memorySource('after.tif', width, height, [[]]).info },
      async readRows(_y0, rows, bands) {
        largest = Math.max(largest, rows * width);
        return bands.map(() => new Float32Array(rows * width).fill(1));
      }
    };
    const c = Math.SQRT1_2;
    const rot = affineMapping([1500 - c * 1500 + c * 1500, c, -c, 1500 - c * 1500 - c * 1500, c, c]);
    const aligned = alignedSource(after.info, after, rot, 'nearest');
    const rows = await aligned.readRows(1000, 1000, [0]);
    expect(largest).toBeLessThanOrEqual(AFTER_WINDOW_PIXELS);
    expect(rows[0][1000 * 1500 + 1500]).toBe(1);
  });
});

describe('CRS definitions', () => {
  it('finds EPSG codes in the index and names the CRS', async () => {
    const d = await crsDefinition(geo(2056, [0, 1, 0, 0, 0, -1]), 'swiss.tif');
    expect(d.name).toBe('CH1903+ / LV95');
    expect(d.proj4).toContain('+proj=somerc');
  });

  it('reads a user-defined Transverse Mercator from its GeoKeys (as EPSG:32637 defines it)', async () => {
    // ProjectedCSType = user-defined, GeographicType = 4326, CT = TM, parameters in GeoDoubleParams.
    const directory = [
      1, 1, 0, 9, 1024, 0, 1, 1, 2048, 0, 1, 4326, 3072, 0, 1, 32767, 3074, 0, 1, 32767, 3075, 0, 1, 1, 3076, 0, 1, 9001, 3080, 34736, 1, 0, 3082, 34736, 1, 1,
      3092, 34736, 1, 2
    ];
    const g: GeoInfo = {
      ...geo(32637, [0, 1, 0, 0, 0, -1]),
      epsg: null,
      crsName: 'user-defined',
      geoKeys: { directory, doubleParams: [39, 500000, 0.9996], asciiParams: null }
    };
    const d = await crsDefinition(g, 'custom.tif');
    const a = proj4(d.proj4, 'WGS84').forward([612345, 4012345]);
    const b = proj4('+proj=utm +zone=37 +datum=WGS84 +units=m +no_defs', 'WGS84').forward([612345, 4012345]);
    expect(a[0]).toBeCloseTo(b[0], 9);
    expect(a[1]).toBeCloseTo(b[1], 9);
  });

  it('names an unsupported CRS', async () => {
    await expect(crsDefinition(geo(999999, [0, 1, 0, 0, 0, -1]), 'odd.tif')).rejects.toThrow(/odd\.tif: its CRS \(EPSG:999999.*cannot be reprojected/);
    const g: GeoInfo = {
      ...geo(32637, [0, 1, 0, 0, 0, -1]),
      epsg: null,
      geoKeys: { directory: [1, 1, 0, 2, 1024, 0, 1, 1, 3072, 0, 1, 32767], doubleParams: null, asciiParams: null }
    };
    await expect(crsDefinition(g, 'bare.tif')).rejects.toThrow(/bare\.tif: its user-defined CRS .* cannot be reprojected/);
  });
});
