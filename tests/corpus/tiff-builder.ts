/**
 * A small classic-TIFF writer for the bad-input corpus and the fuzzer: every structure at a known
 * place, so a case can damage exactly one of them (a tag's type, count or value, a block's bytes,
 * the directory chain). Valid output is plain baseline TIFF that GDAL reads.
 */
import { zlibSync } from 'fflate';

export type SampleKind = 'uint8' | 'uint16' | 'int16' | 'float32' | 'float64';

const KINDS: Record<SampleKind, { bits: number; format: number; bytes: number }> = {
  uint8: { bits: 8, format: 1, bytes: 1 },
  uint16: { bits: 16, format: 1, bytes: 2 },
  int16: { bits: 16, format: 2, bytes: 2 },
  float32: { bits: 32, format: 3, bytes: 4 },
  float64: { bits: 64, format: 3, bytes: 8 }
};

export interface TiffSpec {
  width: number;
  height: number;
  /** One array of width × height values per band. */
  bands: ArrayLike<number>[];
  kind?: SampleKind;
  /** Strips of this many rows (default: 8), unless `tile` is given. */
  rowsPerStrip?: number;
  tile?: number;
  compression?: 'none' | 'deflate';
  planar?: boolean;
  bigEndian?: boolean;
  nodata?: string;
  /** Extra ASCII tags (e.g. GeoAsciiParams), tag → text. */
  ascii?: Record<number, string>;
  /** Replaces a block's stored bytes (after compression), e.g. by a decompression bomb. */
  storeBlock?: (stored: Uint8Array, raw: Uint8Array, index: number) => Uint8Array;
}

export interface BuiltTiff {
  bytes: Uint8Array;
  /** Byte position of each tag's 12-byte directory entry. */
  entry: Map<number, number>;
  /** Byte position of the first directory and of its next-directory pointer. */
  ifd: number;
  nextPointer: number;
  /** Byte position and length of each block. */
  blocks: { at: number; length: number }[];
  littleEndian: boolean;
}

interface Tag {
  code: number;
  type: 2 | 3 | 4 | 12;
  values: number[] | string;
}

function blockBytes(spec: TiffSpec, kind: SampleKind, x0: number, y0: number, w: number, h: number, bands: number[]): Uint8Array {
  const { bytes } = KINDS[kind];
  const out = new DataView(new ArrayBuffer(w * h * bands.length * bytes));
  const le = !spec.bigEndian;
  let at = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (const b of bands) {
        const inside = x0 + x < spec.width && y0 + y < spec.height;
        const v = inside ? spec.bands[b][(y0 + y) * spec.width + x0 + x] : 0;
        if (kind === 'uint8') out.setUint8(at, v);
        else if (kind === 'uint16') out.setUint16(at, v, le);
        else if (kind === 'int16') out.setInt16(at, v, le);
        else if (kind === 'float32') out.setFloat32(at, v, le);
        else out.setFloat64(at, v, le);
        at += bytes;
      }
    }
  }
  return new Uint8Array(out.buffer);
}

/** Builds the TIFF: header, blocks, then the directory and its out-of-line values. */
export function buildTiff(spec: TiffSpec): BuiltTiff {
  const kind = spec.kind ?? 'uint8';
  const { bits, format } = KINDS[kind];
  const samples = spec.bands.length;
  const planar = spec.planar === true && samples > 1;
  const bw = spec.tile ?? spec.width;
  const bh = spec.tile ?? Math.min(spec.rowsPerStrip ?? 8, spec.height);
  const blocks: Uint8Array[] = [];
  const planes = planar ? Array.from({ length: samples }, (_, b) => [b]) : [Array.from({ length: samples }, (_, b) => b)];
  for (const bandsOfPlane of planes) {
    for (let y0 = 0; y0 < spec.height; y0 += bh) {
      for (let x0 = 0; x0 < spec.width; x0 += bw) {
        const h = spec.tile ? bh : Math.min(bh, spec.height - y0);
        const raw = blockBytes(spec, kind, x0, y0, bw, h, bandsOfPlane);
        const stored = spec.compression === 'deflate' ? zlibSync(raw) : raw;
        blocks.push(spec.storeBlock ? spec.storeBlock(stored, raw, blocks.length) : stored);
      }
    }
  }
  const le = !spec.bigEndian;
  const tags: Tag[] = [
    { code: 256, type: 4, values: [spec.width] },
    { code: 257, type: 4, values: [spec.height] },
    { code: 258, type: 3, values: new Array(samples).fill(bits) },
    { code: 259, type: 3, values: [spec.compression === 'deflate' ? 8 : 1] },
    { code: 262, type: 3, values: [samples >= 3 ? 2 : 1] },
    { code: 277, type: 3, values: [samples] },
    { code: 284, type: 3, values: [planar ? 2 : 1] },
    { code: 339, type: 3, values: new Array(samples).fill(format) }
  ];
  if (samples >= 3 && samples !== 3) tags.push({ code: 338, type: 3, values: new Array(samples - 3).fill(0) });
  const offsets: number[] = [];
  let at = 8;
  for (const b of blocks) {
    offsets.push(at);
    at += b.length;
  }
  if (spec.tile) {
    tags.push({ code: 322, type: 3, values: [bw] }, { code: 323, type: 3, values: [bh] });
    tags.push({ code: 324, type: 4, values: offsets }, { code: 325, type: 4, values: blocks.map((b) => b.length) });
  } else {
    tags.push({ code: 273, type: 4, values: offsets }, { code: 278, type: 4, values: [bh] }, { code: 279, type: 4, values: blocks.map((b) => b.length) });
  }
  if (spec.nodata !== undefined) tags.push({ code: 42113, type: 2, values: spec.nodata });
  for (const [code, text] of Object.entries(spec.ascii ?? {})) tags.push({ code: Number(code), type: 2, values: text });
  tags.sort((a, b) => a.code - b.code);

  const ifd = at + (at % 2);
  const size = (t: Tag) => (typeof t.values === 'string' ? t.values.length + 1 : t.values.length * (t.type === 3 ? 2 : t.type === 12 ? 8 : 4));
  let extra = ifd + 2 + tags.length * 12 + 4;
  const total = tags.reduce((end, t) => (size(t) > 4 ? end + size(t) + (size(t) % 2) : end), extra);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(le ? [0x49, 0x49] : [0x4d, 0x4d]);
  view.setUint16(2, 42, le);
  view.setUint32(4, ifd, le);
  blocks.forEach((b, i) => bytes.set(b, offsets[i]));
  view.setUint16(ifd, tags.length, le);
  const entry = new Map<number, number>();
  tags.forEach((t, i) => {
    const e = ifd + 2 + i * 12;
    entry.set(t.code, e);
    view.setUint16(e, t.code, le);
    view.setUint16(e + 2, t.type, le);
    const count = typeof t.values === 'string' ? t.values.length + 1 : t.values.length;
    view.setUint32(e + 4, count, le);
    const n = size(t);
    const dst = n > 4 ? extra : e + 8;
    if (n > 4) {
      view.setUint32(e + 8, extra, le);
      extra += n + (n % 2);
    }
    if (typeof t.values === 'string') for (let k = 0; k < t.values.length; k++) bytes[dst + k] = t.values.charCodeAt(k) & 0xff;
    else
      t.values.forEach((v, k) => {
        if (t.type === 3) view.setUint16(dst + 2 * k, v, le);
        else if (t.type === 4) view.setUint32(dst + 4 * k, v, le);
        else view.setFloat64(dst + 8 * k, v, le);
      });
  });
  const nextPointer = ifd + 2 + tags.length * 12;
  return { bytes, entry, ifd, nextPointer, blocks: blocks.map((b, i) => ({ at: offsets[i], length: b.length })), littleEndian: le };
}

/** Byte-level edits of a built TIFF; each returns a changed copy. */
export const patch = {
  /** Sets a directory entry's field type, count, or first inline value (SHORT or LONG as typed). */
  entry(t: BuiltTiff, tag: number, field: 'type' | 'count' | 'value' | 'pointer', n: number, base = t.bytes): Uint8Array {
    const bytes = base.slice();
    const view = new DataView(bytes.buffer);
    const e = t.entry.get(tag);
    if (e === undefined) throw new Error(`tag ${tag} is not in this TIFF`);
    if (field === 'type') view.setUint16(e + 2, n, t.littleEndian);
    else if (field === 'count') view.setUint32(e + 4, n, t.littleEndian);
    else if (field === 'pointer') view.setUint32(e + 8, n, t.littleEndian);
    else if (view.getUint16(e + 2, t.littleEndian) === 3) view.setUint16(e + 8, n, t.littleEndian);
    else view.setUint32(e + 8, n, t.littleEndian);
    return bytes;
  },
  /** Writes a 32-bit value at a byte position (e.g. one element of an out-of-line LONG array). */
  u32(t: BuiltTiff, at: number, n: number, base = t.bytes): Uint8Array {
    const bytes = base.slice();
    new DataView(bytes.buffer).setUint32(at, n, t.littleEndian);
    return bytes;
  },
  u16(t: BuiltTiff, at: number, n: number, base = t.bytes): Uint8Array {
    const bytes = base.slice();
    new DataView(bytes.buffer).setUint16(at, n, t.littleEndian);
    return bytes;
  },
  /** The byte position of the values of a tag stored out of line. */
  valuesAt(t: BuiltTiff, tag: number): number {
    return new DataView(t.bytes.buffer).getUint32(t.entry.get(tag)! + 8, t.littleEndian);
  },
  /** Replaces one block's bytes in place (same length), e.g. with garbage. */
  block(t: BuiltTiff, index: number, fill: (i: number) => number): Uint8Array {
    const bytes = t.bytes.slice();
    const { at, length } = t.blocks[index];
    for (let i = 0; i < length; i++) bytes[at + i] = fill(i) & 0xff;
    return bytes;
  }
};
