import { open, unlink, type FileHandle } from 'node:fs/promises';
import type { BandStore } from '../src/lib/core/store';

type Pixels = Float32Array | Uint8Array | Uint32Array;
type Ctor<T> = { new (n: number): T; BYTES_PER_ELEMENT: number };

/**
 * A single-band raster kept in a file: either an output GeoTIFF (its header written first, then
 * rows go straight to their place in the contiguous pixel block) or a scratch file. The CLI never
 * holds a whole band in memory.
 */
export class FileStore<T extends Pixels> implements BandStore<T> {
  private constructor(
    private readonly file: FileHandle,
    private readonly path: string,
    private readonly dataOffset: number,
    readonly width: number,
    readonly height: number,
    private readonly ctor: Ctor<T>
  ) {}

  /** `layout` from the GeoTIFF header writers, or null for a headerless scratch file. */
  static async create<T extends Pixels>(
    path: string,
    layout: { header: Uint8Array; dataOffset: number; byteLength: number } | null,
    width: number,
    height: number,
    ctor: Ctor<T>
  ): Promise<FileStore<T>> {
    const file = await open(path, 'w+');
    if (layout) await file.write(layout.header, 0, layout.header.length, 0);
    await file.truncate(layout ? layout.byteLength : width * height * ctor.BYTES_PER_ELEMENT);
    return new FileStore<T>(file, path, layout?.dataOffset ?? 0, width, height, ctor);
  }

  private offset(y0: number): number {
    return this.dataOffset + y0 * this.width * this.ctor.BYTES_PER_ELEMENT;
  }

  async write(y0: number, rows: T): Promise<void> {
    await this.file.write(new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength), 0, rows.byteLength, this.offset(y0));
  }

  async read(y0: number, rows: number, into?: T): Promise<T> {
    const out = into ?? new this.ctor(rows * this.width);
    await this.file.read(new Uint8Array(out.buffer, out.byteOffset, out.byteLength), 0, out.byteLength, this.offset(y0));
    return out;
  }

  close(): Promise<void> {
    return this.file.close();
  }

  /** Closes and deletes a scratch file. */
  async discard(): Promise<void> {
    await this.file.close();
    await unlink(this.path);
  }
}
