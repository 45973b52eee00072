/** The valid TIFFs the fuzzer mutates: every layout and codec path of the reader, small. */
import { encodeGeoTiff, geoInfoFor } from '../../src/lib/core/io/tiff-writer';
import { buildTiff } from '../../tests/corpus/tiff-builder';
import { prng } from '../../tests/helpers/prng';

export interface Seed {
  name: string;
  bytes: Uint8Array;
  /** Integer samples and no nodata or alpha: a NaN in the decoded result can only mean lost data. */
  integerOnly: boolean;
}

export function fuzzSeeds(): Seed[] {
  const width = 64;
  const height = 48;
  const random = prng(2024);
  const band = () => Array.from({ length: width * height }, () => 1 + Math.floor(random() * 250));
  const bands = [band(), band(), band()];
  const u8 = (b: number[]) => Uint8Array.from(b);
  const geo = geoInfoFor(32637, [500000, 10, 0, 4000000, 0, -10]);
  const seed = (name: string, bytes: Uint8Array, integerOnly = true): Seed => ({ name, bytes, integerOnly });
  return [
    seed('strips', buildTiff({ width, height, bands }).bytes),
    seed('strips-deflate', buildTiff({ width, height, bands, compression: 'deflate' }).bytes),
    seed('tiles-deflate', buildTiff({ width, height, bands, tile: 16, compression: 'deflate' }).bytes),
    seed('planar', buildTiff({ width, height, bands, planar: true, rowsPerStrip: 16 }).bytes),
    seed('msb-uint16', buildTiff({ width, height, bands, kind: 'uint16', bigEndian: true }).bytes),
    seed('float32-nodata', buildTiff({ width, height, bands: [bands[0]], kind: 'float32', nodata: '0' }).bytes, false),
    seed(
      'geotiff-predictor-tiles',
      encodeGeoTiff({ width, height, bands: bands.map(u8), dtype: 'uint8', geo, nodata: null, compression: 'deflate', predictor: true, tileSize: 16 })
    )
  ];
}
