import type { InputRecord } from './change/summary';
import { sha256Hex } from './io/sha256';
import type { RasterInfo } from './raster';

/** The provenance record of one input file, as listed in every summary. */
export async function describeInput(blob: Blob, name: string, info: RasterInfo, signal?: AbortSignal): Promise<InputRecord> {
  return {
    path: name,
    sha256: await sha256Hex(blob, signal),
    width: info.width,
    height: info.height,
    bands: info.bands,
    dtype: info.dtype
  };
}
