/**
 * Mutations of a valid TIFF, each driven by a seeded stream so that (seed file, mutation seed)
 * reproduces an input exactly: byte and bit flips, "interesting" 16- and 32-bit values written
 * over directory entries and block lists, truncation, insertion, deletion and splicing.
 */
import { prng } from '../../tests/helpers/prng';

const INTERESTING_32 = [0, 1, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff, 16, 17, 2 ** 31 - 1];
const INTERESTING_16 = [0, 1, 2, 3, 4, 5, 7, 8, 12, 16, 0x7fff, 0x8000, 0xffff];

/** The byte range of the first directory (where most structure lives) of a little-endian TIFF. */
function directoryRange(bytes: Uint8Array): [number, number] {
  if (bytes.length < 8) return [0, bytes.length];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = bytes[0] === 0x49;
  const ifd = view.getUint32(4, le);
  if (ifd + 2 > bytes.length) return [0, bytes.length];
  return [ifd, Math.min(bytes.length, ifd + 2 + view.getUint16(ifd, le) * 12 + 4)];
}

export function mutate(seed: Uint8Array, mutationSeed: number, other: Uint8Array): Uint8Array {
  const random = prng(mutationSeed);
  const int = (n: number) => Math.floor(random() * n);
  let bytes: Uint8Array = seed.slice();
  const steps = 1 + int(4);
  for (let s = 0; s < steps; s++) {
    const [d0, d1] = directoryRange(bytes);
    // Half of the edits aim at the directory: that is where one byte changes the whole reading.
    const at = random() < 0.5 && d1 > d0 ? d0 + int(d1 - d0) : int(Math.max(1, bytes.length));
    const view = new DataView(bytes.buffer);
    const le = bytes[0] === 0x49;
    switch (int(9)) {
      case 0:
        bytes[at] ^= 1 << int(8);
        break;
      case 1:
        bytes[at] = int(256);
        break;
      case 2:
        if (at + 2 <= bytes.length) view.setUint16(at, INTERESTING_16[int(INTERESTING_16.length)], le);
        break;
      case 3:
        if (at + 4 <= bytes.length) view.setUint32(at, INTERESTING_32[int(INTERESTING_32.length)] >>> 0, le);
        break;
      case 4:
        bytes = bytes.slice(0, int(bytes.length + 1));
        break;
      case 5: {
        const insert = Uint8Array.from({ length: 1 + int(16) }, () => int(256));
        bytes = concat(bytes.subarray(0, at), insert, bytes.subarray(at));
        break;
      }
      case 6:
        bytes = concat(bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + 1 + int(16))));
        break;
      case 7: {
        const from = int(Math.max(1, other.length));
        const n = Math.min(1 + int(256), other.length - from, bytes.length - at);
        if (n > 0) bytes.set(other.subarray(from, from + n), at);
        break;
      }
      default:
        // a directory entry's field type or count
        if (d1 - d0 > 14) {
          const entry = d0 + 2 + 12 * int(Math.floor((d1 - d0 - 6) / 12));
          if (random() < 0.5) view.setUint16(entry + 2, 1 + int(18), le);
          else view.setUint32(entry + 4, INTERESTING_32[int(INTERESTING_32.length)] >>> 0, le);
        }
    }
  }
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
