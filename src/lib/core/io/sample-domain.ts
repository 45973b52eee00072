/**
 * The domain every method can compute on: finite samples with |v| ≤ 10¹⁸, so that differences,
 * squares and sums over hundreds of bands stay finite in float32 (2·10¹⁸ squared is 4·10³⁶, below
 * float32's 3.4·10³⁸). Samples outside it (±Inf, ±3.4·10³⁸ fill values) are read as nodata, and
 * counted once per pixel and band, so that the run can say how many it set aside.
 */
import { printable, type RasterSource } from '../raster';

export const SAMPLE_LIMIT = 1e18;

export interface DomainCheckedSource extends RasterSource {
  /** Notes on what reading applied or set aside, e.g. "12 samples were ±Inf or beyond ±1e18; read as nodata". */
  notes(): string[];
}

export function withSampleDomain(source: RasterSource): DomainCheckedSource {
  const { width, height } = source.info;
  const seen = new Map<number, Uint8Array>();
  let setAside = 0;
  return {
    info: source.info,
    async readRows(y0, rows, bands, signal) {
      const out = await source.readRows(y0, rows, bands, signal);
      bands.forEach((band, k) => {
        const data = out[k];
        let rowsSeen = seen.get(band);
        if (!rowsSeen) seen.set(band, (rowsSeen = new Uint8Array(height)));
        for (let r = 0; r < rows; r++) {
          let found = 0;
          for (let i = r * width, end = i + width; i < end; i++) {
            const v = data[i];
            if (v > SAMPLE_LIMIT || v < -SAMPLE_LIMIT) {
              data[i] = NaN;
              found++;
            }
          }
          if (!rowsSeen[y0 + r]) setAside += found;
          rowsSeen[y0 + r] = 1;
        }
      });
      return out;
    },
    notes() {
      const own = setAside === 0 ? [] : [`${printable(source.info.name)}: ${setAside} sample(s) were ±Inf or beyond ±1e18 and were read as nodata`];
      return [...(source.notes?.() ?? []), ...own];
    }
  };
}
