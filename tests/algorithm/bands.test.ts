import { describe, expect, it } from 'vitest';
import { BAND_PRESETS, describeMapping, guessMapping, mappingFromBandNames, presetMapping } from '../../src/lib/core/bands';

const S2_L1C = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B8A', 'B9', 'B10', 'B11', 'B12'];

describe('presetMapping', () => {
  it('maps Sentinel-2 by its band count: L1C, L2A and the 10 m stack', () => {
    expect(presetMapping('sentinel2', 13)).toEqual({ blue: 2, green: 3, red: 4, nir: 8, swir1: 12, swir2: 13 });
    expect(presetMapping('sentinel2', 12)).toEqual({ blue: 2, green: 3, red: 4, nir: 8, swir1: 11, swir2: 12 });
    expect(presetMapping('sentinel2', 4)).toEqual({ blue: 1, green: 2, red: 3, nir: 4 });
    expect(presetMapping('sentinel2', 6)).toBeNull();
  });

  it('maps Landsat OLI and TM/ETM+ stacks', () => {
    expect(presetMapping('landsat89', 7)).toEqual({ blue: 2, green: 3, red: 4, nir: 5, swir1: 6, swir2: 7 });
    expect(presetMapping('landsat89', 11)).toEqual(presetMapping('landsat89', 7));
    expect(presetMapping('landsat89', 6)).toBeNull();
    expect(presetMapping('landsat457', 6)).toEqual({ blue: 1, green: 2, red: 3, nir: 4, swir1: 5, swir2: 6 });
    expect(presetMapping('landsat457', 7)).toMatchObject({ swir1: 5, swir2: 7 });
    expect(presetMapping('landsat457', 5)).toBeNull();
  });

  it('maps RGB and blue-green-red-NIR files', () => {
    expect(presetMapping('rgb', 3)).toEqual({ red: 1, green: 2, blue: 3 });
    expect(presetMapping('rgbn', 4)).toEqual({ blue: 1, green: 2, red: 3, nir: 4 });
    expect(presetMapping('rgbn', 3)).toBeNull();
  });

  it('lists every preset once with a label', () => {
    expect(BAND_PRESETS.map((p) => p.id)).toEqual(['sentinel2', 'landsat89', 'landsat457', 'rgb', 'rgbn']);
    for (const p of BAND_PRESETS) expect(p.label.length).toBeGreaterThan(0);
  });
});

describe('mappingFromBandNames', () => {
  it('reads role words, case-insensitively', () => {
    expect(mappingFromBandNames(['blue', 'green', 'red', 'nir'])).toEqual({ blue: 1, green: 2, red: 3, nir: 4 });
    expect(mappingFromBandNames(['Red', 'NIR', 'SWIR1', 'swir 2'])).toEqual({ red: 1, nir: 2, swir1: 3, swir2: 4 });
    expect(mappingFromBandNames(['Near Infrared', 'Shortwave infrared 1', 'swir16', 'swir22'])).toEqual({ nir: 1, swir1: 2, swir2: 4 });
    expect(mappingFromBandNames(['B4 (red)', 'Band 8 - NIR'])).toEqual({ red: 1, nir: 2 });
    expect(mappingFromBandNames(['R', 'G', 'B'])).toEqual({ red: 1, green: 2, blue: 3 });
  });

  it('reads stated wavelengths (ENVI band names of the Taizhou Landsat pair, nm)', () => {
    const envi = [1, 2, 3, 4, 5, 7].map(
      (b, i) => `Resize (ETM+ Meta (Band ${b}):L71119038_MTL.txt) (${[0.4825, 0.565, 0.66, 0.825, 1.65, 2.22][i].toFixed(6)} Micrometers)`
    );
    expect(mappingFromBandNames(envi)).toEqual(presetMapping('landsat457', 6));
    expect(mappingFromBandNames(['443 nm', '705 nm', 'B4, central wavelength 665 nm', '842 nm'])).toEqual({ red: 3, nir: 4 });
  });

  it('does not take red-edge or coastal bands for red or blue', () => {
    expect(mappingFromBandNames(['Coastal blue', 'Red Edge 1', 'Vegetation red edge', 'blue', 'red'])).toEqual({ blue: 4, red: 5 });
  });

  it('reads Sentinel-2 codes: B4/B8, zero-padded, B8A only when B8 is absent', () => {
    expect(mappingFromBandNames(['B4', 'B8'])).toEqual({ red: 1, nir: 2 });
    expect(mappingFromBandNames(S2_L1C)).toEqual(presetMapping('sentinel2', 13));
    expect(mappingFromBandNames(['B02', 'B03', 'B04', 'B8A', 'B11', 'B12'])).toEqual({ blue: 1, green: 2, red: 3, nir: 4, swir1: 5, swir2: 6 });
    expect(mappingFromBandNames(['B8A', 'B8'])).toMatchObject({ nir: 2 });
  });

  it('tells Landsat OLI from TM/ETM+ codes, and leaves ambiguous codes alone', () => {
    expect(mappingFromBandNames(['SR_B1', 'SR_B2', 'SR_B3', 'SR_B4', 'SR_B5', 'SR_B6', 'SR_B7'])).toEqual(presetMapping('landsat89', 7));
    expect(mappingFromBandNames(['B1', 'B2', 'B3', 'B4', 'B5', 'B7'])).toEqual(presetMapping('landsat457', 6));
    expect(mappingFromBandNames(['B2', 'B3', 'B4'])).toBeNull(); // OLI blue-green-red or TM green-red-NIR?
  });

  it('lets role words win over codes, and returns null when nothing is recognised', () => {
    expect(mappingFromBandNames(['nir', 'B4', 'B8'])).toEqual({ nir: 1, red: 2 });
    expect(mappingFromBandNames([null, null, 'elevation'])).toBeNull();
    expect(mappingFromBandNames([])).toBeNull();
  });
});

describe('guessMapping', () => {
  it('prefers the band names (the demo scene)', () => {
    expect(guessMapping({ bands: 4, bandNames: ['blue', 'green', 'red', 'nir'] })).toEqual({ mapping: { blue: 1, green: 2, red: 3, nir: 4 }, basis: 'names' });
  });

  it('falls back to the band count', () => {
    const byCount = (bands: number) => guessMapping({ bands, bandNames: new Array(bands).fill(null) });
    expect(byCount(3)).toEqual({ mapping: { red: 1, green: 2, blue: 3 }, basis: 'rgb' });
    expect(byCount(4)?.basis).toBe('rgbn');
    expect(byCount(6)).toEqual({ mapping: presetMapping('landsat457', 6), basis: 'landsat457' });
    expect(byCount(7)?.basis).toBe('landsat89');
    expect(byCount(12)?.mapping).toEqual(presetMapping('sentinel2', 12));
    expect(byCount(13)?.basis).toBe('sentinel2');
    for (const n of [1, 2, 5, 9, 10, 14]) expect(byCount(n)).toBeNull();
  });
});

describe('describeMapping', () => {
  it('lists roles in spectral order', () => {
    expect(describeMapping({ nir: 4, red: 3 })).toBe('red = band 3, nir = band 4');
    expect(describeMapping({})).toBe('no bands');
  });
});
