/**
 * Validity masks as GDAL defines them (RFC 15, the mask band): a byte raster on the image's grid
 * where 0 is nodata and anything else is data, one for all bands (GMF_PER_DATASET) or one per
 * band. Two places hold one: an internal mask, a further TIFF directory with NewSubfileType = 4
 * (PhotometricInterpretation 4, usually 1 bit per pixel), as GDAL writes with
 * GDAL_TIFF_INTERNAL_MASK=YES and as JPEG-compressed COGs carry their footprint; and a `.msk`
 * file beside the image (its name plus ".msk"), as GDAL writes otherwise. Masked pixels read as
 * nodata, as GDAL reads them, and the source's notes say where the mask came from and how many
 * pixels it set aside. An internal mask wins over a `.msk` file, as in GDAL.
 */
import { InputError, printable, throwIfAborted, type RasterSource } from '../raster';

export interface ValidityMask {
  /** Where the mask comes from, as the notes say it, e.g. "its internal mask (TIFF directory 2)". */
  origin: string;
  /** One mask per band, or one for every band. */
  perBand: boolean;
  /** Rows [y0, y0 + rows) of the mask of 0-based `band` (0 when not per band): 0 marks nodata. */
  read(y0: number, rows: number, band: number, signal?: AbortSignal): Promise<ArrayLike<number>>;
}

/** `source` with the pixels `mask` marks as nodata read as NaN; `info.mask` names its origin. */
export function withMask(source: RasterSource, mask: ValidityMask): RasterSource {
  const { width, height, name } = source.info;
  /** Per mask read (one, or one per band), the rows already counted. */
  const counted = new Map<number, Uint8Array>();
  let masked = 0;
  return {
    info: { ...source.info, mask: mask.origin },
    async readRows(y0, rows, bands, signal) {
      const out = await source.readRows(y0, rows, bands, signal);
      const masks = new Map<number, ArrayLike<number>>();
      for (const [k, band] of bands.entries()) {
        const key = mask.perBand ? band : 0;
        let m = masks.get(key);
        if (!m) {
          throwIfAborted(signal);
          m = await mask.read(y0, rows, key, signal);
          masks.set(key, m);
          masked += countNew(m, counted, key, y0, rows, width, height);
        }
        const data = out[k];
        for (let i = 0; i < data.length; i++) if (m[i] === 0) data[i] = NaN;
      }
      return out;
    },
    notes() {
      const unit = mask.perBand ? 'sample(s)' : 'pixel(s)';
      const note =
        masked === 0
          ? `${printable(name)}: ${mask.origin} was applied and marks no pixel read as nodata`
          : `${printable(name)}: ${masked} ${unit} were read as nodata because ${mask.origin} marks them so`;
      return [...(source.notes?.() ?? []), note];
    }
  };
}

/** Zeros in rows of `m` not counted before for `key`; marks them counted. */
function countNew(m: ArrayLike<number>, counted: Map<number, Uint8Array>, key: number, y0: number, rows: number, width: number, height: number): number {
  let seen = counted.get(key);
  if (!seen) counted.set(key, (seen = new Uint8Array(height)));
  let zeros = 0;
  for (let r = 0; r < rows; r++) {
    if (seen[y0 + r]) continue;
    seen[y0 + r] = 1;
    for (let i = r * width, end = i + width; i < end; i++) if (m[i] === 0) zeros++;
  }
  return zeros;
}

/**
 * A `.msk` file (already opened) as the mask of `source`: on the same grid, bytes, and with one
 * band (for every band) or one per band — anything else is an error naming the mask file.
 */
export function sidecarMask(source: RasterSource, sidecar: RasterSource): ValidityMask {
  const { info } = source;
  const m = sidecar.info;
  const bad = (problem: string) => new InputError(m.name, `cannot be the mask of ${printable(info.name)}: ${problem}`);
  if (m.width !== info.width || m.height !== info.height) throw bad(`it is ${m.width} × ${m.height} pixels, the image ${info.width} × ${info.height}`);
  if (m.dtype !== 'uint8') throw bad(`its samples are ${m.dtype}, not bytes`);
  if (m.bands !== 1 && m.bands !== info.bands) throw bad(`it has ${m.bands} bands, the image ${info.bands} (a mask has one band, or one per band)`);
  return {
    origin: `the mask file ${printable(m.name)}`,
    perBand: m.bands > 1,
    async read(y0, rows, band, signal) {
      const [values] = await sidecar.readRows(y0, rows, [band], signal);
      return values;
    }
  };
}
