/**
 * SHA-256 of an input file for the recipe, in 8 MiB chunks so a multi-gigabyte scene is hashed
 * without being held in memory. hash-wasm runs the same in Node and in a browser worker.
 */
import { createSHA256 } from 'hash-wasm';
import { throwIfAborted } from '../raster';

const CHUNK_BYTES = 8 * 1024 * 1024;

export async function sha256Hex(blob: Blob, signal?: AbortSignal): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  for (let at = 0; at < blob.size; at += CHUNK_BYTES) {
    throwIfAborted(signal);
    hasher.update(new Uint8Array(await blob.slice(at, at + CHUNK_BYTES).arrayBuffer()));
  }
  throwIfAborted(signal);
  return hasher.digest('hex');
}
