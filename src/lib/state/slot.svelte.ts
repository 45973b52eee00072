import type { OpenedRaster, PreviewImage, Slot } from '../worker/api';
import type { DisplayImage } from './display';

/** One input image as the UI sees it: the file, its metadata, its preview, or why it failed. */
export class ImageSlot {
  readonly slot: Slot;
  file = $state.raw<File | null>(null);
  /** The file being read while `loading`; it replaces `file` only once it has opened and rendered. */
  pending = $state.raw<File | null>(null);
  opened = $state.raw<OpenedRaster | null>(null);
  preview = $state.raw<DisplayImage | null>(null);
  /** Per displayed band, the 2–98 % stretch of the preview in data units. */
  stretch = $state.raw<PreviewImage['stretch'] | null>(null);
  displayBands = $state.raw<number[] | null>(null);
  loading = $state(false);
  /** Progress of reading the preview, 0–100, while loading. */
  percent = $state<number | null>(null);
  error = $state<string | null>(null);
  /** Bumped by every load: a reply for an older ticket is stale and dropped. */
  ticket = 0;

  constructor(slot: Slot) {
    this.slot = slot;
  }

  get info() {
    return this.opened?.info ?? null;
  }

  get ready() {
    return this.opened !== null && !this.loading;
  }

  /** Starts loading `file`; what the slot holds stays until `commit`, so a bad file loses nothing. */
  begin(file: File): number {
    this.pending = file;
    this.error = null;
    this.loading = true;
    this.percent = null;
    return ++this.ticket;
  }

  /** Marks the slot loading before its file is known (e.g. while the demo is fetched); `load` follows. */
  expect(): number {
    this.error = null;
    this.loading = true;
    this.percent = null;
    return ++this.ticket;
  }

  /** Ends an `expect` that led to no load (the fetch failed), unless a newer load took over. */
  settle(ticket: number): void {
    if (ticket === this.ticket) this.loading = false;
  }

  /** Empties the slot (a cleared session); a load in flight becomes stale. */
  reset(): void {
    ++this.ticket;
    this.file = this.pending = this.opened = this.preview = this.stretch = this.displayBands = null;
    this.loading = false;
    this.percent = null;
    this.error = null;
  }

  commit(file: File, opened: OpenedRaster, preview: DisplayImage, stretch: PreviewImage['stretch']): void {
    this.file = file;
    this.opened = opened;
    this.preview = preview;
    this.stretch = stretch;
    this.displayBands = opened.displayBands;
  }
}
