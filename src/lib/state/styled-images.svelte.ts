/**
 * The two inputs drawn with the analyst's bands and stretch. The worker renders them (the stretch
 * from a histogram of the display values); with the default settings the slots' own previews are
 * the same pictures, so nothing is rendered twice. The latest request per image wins.
 */
import { isDefaultImageDisplay, type ImageDisplay } from '../core/render/display';
import type { StretchRange } from '../core/render/stretch';
import type { WorkerBridge } from '../worker/bridge';
import { toDisplayImage, type DisplayImage } from './display';
import { DISPLAY_MAX } from './constants';

export type Side = 'before' | 'after';

export interface StyledImage {
  image: DisplayImage;
  /** Per displayed band, the stretch's range in data units. */
  ranges: (StretchRange | null)[];
  /** What was drawn: raster id, aligned or not, and the settings. */
  key: string;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class StyledImages {
  before = $state.raw<StyledImage | null>(null);
  after = $state.raw<StyledImage | null>(null);
  busy = $state(false);
  readonly #tickets = { before: 0, after: 0 };

  constructor(
    private readonly bridge: WorkerBridge,
    private readonly report: (message: string) => void
  ) {}

  /**
   * Draws raster `id` (after on before's grid when `aligned`) with `display`; the default settings
   * clear the side (the slot's preview shows it). Nothing is redrawn when the key is unchanged.
   */
  async show(side: Side, id: string | null, display: ImageDisplay, aligned: boolean): Promise<void> {
    const key = JSON.stringify([id, aligned, display]);
    if (this[side]?.key === key) return;
    const ticket = ++this.#tickets[side];
    if (!id || isDefaultImageDisplay(display)) {
      this[side] = null;
      return;
    }
    this.busy = true;
    try {
      const img = await this.bridge.call((api) => api.displayImage(id, DISPLAY_MAX, display, aligned));
      const image = await toDisplayImage(img);
      if (ticket === this.#tickets[side]) this[side] = { image, ranges: img.stretch, key };
    } catch (err) {
      if (ticket === this.#tickets[side]) this.report(messageOf(err));
    } finally {
      if (ticket === this.#tickets[side]) this.busy = false;
    }
  }

  clear(): void {
    ++this.#tickets.before;
    ++this.#tickets.after;
    this.before = this.after = null;
  }
}
