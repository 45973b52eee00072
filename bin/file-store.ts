import { open, type FileHandle } from 'node:fs/promises';
import type { BandStore } from '../src/lib/core/store';

/**
 * A single-band result kept in its own output GeoTIFF: the header is written first, then rows go
 * straight to their place in the contiguous pixel block, so the CLI never holds a whole band.
 */
export class GeoTiffFileStore<T extends Float32Array | Uint8Array> implements BandStore<T> {
  private constructor(
    private readonly file: FileHandle,
    private readonly dataOffset: number,
    readonly width: number,
    readonly height: number,
    private readonly bytesPerPixel: number
  ) {}

  static async create<T extends Float32Array | Uint8Array>(
    path: string,
    layout: { header: Uint8Array; dataOffset: number; byteLength: number },
    width: number,
    height: number,
    bytesPerPixel: number
  ): Promise<GeoTiffFileStore<T>> {
    const file = await open(path, 'w+');
    await file.write(layout.header, 0, layout.header.length, 0);
    await file.truncate(layout.byteLength);
    return new GeoTiffFileStore<T>(file, layout.dataOffset, width, height, bytesPerPixel);
  }

  async write(y0: number, rows: T): Promise<void> {
    const bytes = new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength);
    await this.file.write(bytes, 0, bytes.length, this.dataOffset + y0 * this.width * this.bytesPerPixel);
  }

  async read(y0: number, rows: number, into?: T): Promise<T> {
    const n = rows * this.width;
    const out = into ?? ((this.bytesPerPixel === 4 ? new Float32Array(n) : new Uint8Array(n)) as T);
    const bytes = new Uint8Array(out.buffer, out.byteOffset, n * this.bytesPerPixel);
    await this.file.read(bytes, 0, bytes.length, this.dataOffset + y0 * this.width * this.bytesPerPixel);
    return out;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
