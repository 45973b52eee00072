/**
 * The one entry point for reading a user's file: recognise it by its first bytes (never by its
 * name, which users get wrong) and hand it to the matching reader.
 */
import { InputError, throwIfAborted, type RasterSource } from '../raster';
import { openGeoTiff } from './geotiff-source';
import { openJpeg, openPng, openWebp } from './image-source';
import { sidecarMask, withMask } from './mask';
import { DEFAULT_READ_LIMITS, type ReadLimits } from './read-limits';
import { withSampleDomain, type DomainCheckedSource } from './sample-domain';

function startsWith(head: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return bytes.every((b, i) => head[at + i] === b);
}

/** The first bytes as a user can recognise them: printable ASCII shown as text, the rest as hex. */
function describeStart(head: Uint8Array): string {
  const bytes = Array.from(head.subarray(0, 8));
  if (bytes.every((b) => b >= 0x20 && b < 0x7f)) return `"${String.fromCharCode(...bytes)}"`;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** A file beside the input that GDAL would read with it: its `.msk` mask file (io/mask.ts). */
export interface Sidecars {
  mask?: { blob: Blob; name: string };
}

/**
 * Opens a GeoTIFF, PNG, JPEG or WebP; any other or unreadable file gives an InputError naming it.
 * A `.msk` mask file given with it applies unless the file has an internal mask (as in GDAL).
 * Samples outside the computable domain (sample-domain.ts) read as nodata.
 */
export async function openRaster(
  blob: Blob,
  name: string,
  signal?: AbortSignal,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  sidecars: Sidecars = {}
): Promise<DomainCheckedSource> {
  let source = await openAny(blob, name, signal, limits);
  if (sidecars.mask && !source.info.mask) {
    const mask = await openAny(sidecars.mask.blob, sidecars.mask.name, signal, limits);
    source = withMask(source, sidecarMask(source, mask));
  }
  return withSampleDomain(source);
}

async function openAny(blob: Blob, name: string, signal: AbortSignal | undefined, limits: ReadLimits): Promise<RasterSource> {
  throwIfAborted(signal);
  if (blob.size === 0) throw new InputError(name, 'the file is empty');
  const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  if (startsWith(head, [0x49, 0x49]) || startsWith(head, [0x4d, 0x4d])) {
    const littleEndian = head[0] === 0x49;
    const magic = littleEndian ? head[2] | (head[3] << 8) : (head[2] << 8) | head[3];
    if (magic === 42 || magic === 43) return openGeoTiff(blob, name, signal, limits);
  }
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return openPng(blob, name, signal, limits);
  if (startsWith(head, [0xff, 0xd8, 0xff])) return openJpeg(blob, name, signal, limits);
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) {
    return openWebp(blob, name, signal, limits);
  }
  throw new InputError(name, `not a GeoTIFF, PNG, JPEG or WebP file (starts with ${describeStart(head)})`);
}
