/** The recipe hash must equal any other SHA-256, also across the 8 MiB chunk boundaries. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/core/io/sha256';

const MiB = 1024 * 1024;

describe('sha256Hex', () => {
  it.each([0, 1, 8 * MiB - 1, 8 * MiB, 8 * MiB + 1, 17 * MiB + 5])('%i bytes', async (size) => {
    const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 31 + (i >> 11)) & 255);
    const want = createHash('sha256').update(bytes).digest('hex');
    expect(await sha256Hex(new Blob([bytes]))).toBe(want);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sha256Hex(new Blob([new Uint8Array(10)]), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
