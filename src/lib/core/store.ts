/**
 * Where a single-band result (magnitude, mask) lives while and after it is computed. Stages write
 * and read it in row windows, so a file-backed store keeps memory bounded by the window.
 */
export interface BandStore<T extends Float32Array | Uint8Array | Uint32Array> {
  readonly width: number;
  readonly height: number;
  write(y0: number, rows: T): Promise<void>;
  /** Rows [y0, y0 + rows); `into`, when given, is filled and returned instead of a new array. */
  read(y0: number, rows: number, into?: T): Promise<T>;
}

type Ctor<T> = { new (n: number): T };

/** A whole band in memory: the browser worker keeps results this way for display and download. */
export class MemoryStore<T extends Float32Array | Uint8Array | Uint32Array> implements BandStore<T> {
  readonly data: T;
  constructor(
    readonly width: number,
    readonly height: number,
    ctor: Ctor<T>
  ) {
    this.data = new ctor(width * height);
  }
  async write(y0: number, rows: T): Promise<void> {
    this.data.set(rows, y0 * this.width);
  }
  async read(y0: number, rows: number, into?: T): Promise<T> {
    const view = this.data.subarray(y0 * this.width, (y0 + rows) * this.width) as T;
    if (!into) return view;
    into.set(view);
    return into;
  }
}
