import type { ChangeSummary } from './change/summary';
import { singleBandGeoTiffHeader } from './io/tiff-writer';
import type { RasterInfo } from './raster';

/** Nodata of the mask: neither change (1) nor no change (0). */
export const MASK_NODATA = 255;

/**
 * The magnitude as a Float32 GeoTIFF on *before*'s grid: uncompressed, nodata = NaN, so the
 * bytes are the same wherever it is written (app or CLI).
 */
export function magnitudeHeader(before: RasterInfo, description = 'change magnitude') {
  return singleBandGeoTiffHeader({
    width: before.width,
    height: before.height,
    dtype: 'float32',
    geo: before.geo,
    nodata: NaN,
    description
  });
}

/** The change mask as a UInt8 GeoTIFF: 1 change, 0 no change, 255 nodata (declared). */
export function maskHeader(before: RasterInfo, description = 'change mask: 1 change, 0 no change, 255 nodata') {
  return singleBandGeoTiffHeader({
    width: before.width,
    height: before.height,
    dtype: 'uint8',
    geo: before.geo,
    nodata: MASK_NODATA,
    description
  });
}

export function magnitudeGeoTiff(before: RasterInfo, data: Float32Array): Blob {
  return new Blob([magnitudeHeader(before).header as BlobPart, data as BlobPart], { type: 'image/tiff' });
}

/** An extra Float32 output of a method (e.g. "mad1", "pNoChange", "class"), described by its name. */
export function extraGeoTiff(before: RasterInfo, name: string, data: Float32Array): Blob {
  return new Blob([magnitudeHeader(before, name).header as BlobPart, data as BlobPart], { type: 'image/tiff' });
}

export function maskGeoTiff(before: RasterInfo, data: Uint8Array): Blob {
  return new Blob([maskHeader(before).header as BlobPart, data as BlobPart], { type: 'image/tiff' });
}

export function summaryJson(summary: ChangeSummary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}
