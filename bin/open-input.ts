import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { openRaster } from '../src/lib/core/io/open-raster';
import type { DomainCheckedSource } from '../src/lib/core/io/sample-domain';
import { InputError } from '../src/lib/core/raster';

/**
 * A read-only Blob over a byte range of an open file. Node's `fs.openAsBlob` reports sizes modulo
 * 2³² (files over 4 GiB come back short), and the core only needs `size`, `slice` and `arrayBuffer`.
 */
class FileRangeBlob {
  constructor(
    private readonly file: FileHandle,
    private readonly start: number,
    private readonly end: number
  ) {}

  get size(): number {
    return this.end - this.start;
  }

  slice(from = 0, to = this.size): FileRangeBlob {
    const clamp = (v: number) => Math.min(this.size, Math.max(0, v < 0 ? this.size + v : v));
    const a = clamp(from);
    return new FileRangeBlob(this.file, this.start + a, this.start + Math.max(a, clamp(to)));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = new Uint8Array(this.size);
    let done = 0;
    while (done < bytes.length) {
      const { bytesRead } = await this.file.read(bytes, done, bytes.length - done, this.start + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return bytes.buffer;
  }
}

export interface OpenedInput {
  source: DomainCheckedSource;
  blob: Blob;
  close(): Promise<void>;
}

async function openBlob(path: string): Promise<{ blob: Blob; file: FileHandle }> {
  const s = await stat(path).catch(() => null);
  if (!s) throw new InputError(path, 'no such file');
  if (!s.isFile()) throw new InputError(path, 'not a regular file');
  const file = await open(path, 'r');
  return { blob: new FileRangeBlob(file, 0, s.size) as unknown as Blob, file };
}

/**
 * Opens an input file of the CLI as a Blob and a RasterSource, with its GDAL mask file
 * (`PATH.msk`) when there is one; a missing file is an InputError.
 */
export async function openInput(path: string): Promise<OpenedInput> {
  const { blob, file } = await openBlob(path);
  const maskPath = `${path}.msk`;
  const mask = (await stat(maskPath).catch(() => null))?.isFile() ? await openBlob(maskPath) : null;
  const close = async () => {
    await file.close();
    await mask?.file.close();
  };
  try {
    const sidecars = mask ? { mask: { blob: mask.blob, name: basename(maskPath) } } : {};
    return { source: await openRaster(blob, basename(path), undefined, undefined, sidecars), blob, close };
  } catch (e) {
    await close();
    throw e;
  }
}
