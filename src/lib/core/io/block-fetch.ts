/**
 * Reads the compressed bytes of many TIFF blocks with few file reads: blocks that lie next to each
 * other in the file (as GDAL writes strips and tile rows) are fetched as one slice and handed out
 * as views. A 1-row-strip file then costs one read per window instead of one per row.
 */
import { throwIfAborted } from '../raster';

/** Gaps up to this size between blocks are read through rather than split into two reads. */
const MAX_GAP = 64 * 1024;
/** Largest single read. */
const MAX_READ = 32 * 2 ** 20;

export interface BlockBytes {
  /** Index of the block in the file's offset/byte-count tables. */
  index: number;
  bytes: Uint8Array;
}

/** The bytes of blocks `indices` of `blob`, in the order given. */
export async function fetchBlocks(
  blob: Blob,
  offsets: readonly number[],
  counts: readonly number[],
  indices: readonly number[],
  signal?: AbortSignal
): Promise<BlockBytes[]> {
  const order = [...indices].sort((a, b) => offsets[a] - offsets[b]);
  const groups: { start: number; end: number; members: number[] }[] = [];
  for (const i of order) {
    const group = groups.at(-1);
    const end = offsets[i] + counts[i];
    if (group && offsets[i] - group.end <= MAX_GAP && end - group.start <= MAX_READ) {
      group.members.push(i);
      group.end = Math.max(group.end, end);
    } else groups.push({ start: offsets[i], end, members: [i] });
  }
  const found = new Map<number, Uint8Array>();
  await Promise.all(
    groups.map(async ({ start, end, members }) => {
      throwIfAborted(signal);
      const buffer = await blob.slice(start, end).arrayBuffer();
      for (const j of members) found.set(j, new Uint8Array(buffer, offsets[j] - start, counts[j]));
    })
  );
  return indices.map((index) => ({ index, bytes: found.get(index)! }));
}
