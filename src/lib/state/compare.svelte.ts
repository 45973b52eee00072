/**
 * How the two dates are compared on the map: a swipe divider, flicker (blink between the dates at
 * a chosen rate, pausable), or fade (the after image over the before at a chosen opacity).
 */
export type CompareMode = 'swipe' | 'flicker' | 'fade';

export const COMPARE_MODES: { id: CompareMode; label: string; key: string }[] = [
  { id: 'swipe', label: 'Swipe', key: '1' },
  { id: 'flicker', label: 'Flicker', key: '2' },
  { id: 'fade', label: 'Fade', key: '3' }
];

export class Compare {
  mode = $state<CompareMode>('swipe');
  /** Opacity of the after image in fade mode. */
  fade = $state(0.5);
  /** Flicker: switches per second. */
  rate = $state(1.5);
  paused = $state(false);
  /** Flicker: the after image is the one shown now. */
  showingAfter = $state(true);
  #timer: ReturnType<typeof setTimeout> | null = null;

  /** Opacity of the after-side layers for the current mode and moment. */
  readonly afterOpacity: number = $derived(this.mode === 'fade' ? this.fade : this.mode === 'flicker' ? (this.showingAfter ? 1 : 0) : 1);

  set(mode: CompareMode): void {
    this.mode = mode;
    this.paused = false;
    this.showingAfter = true;
    this.#schedule();
  }

  togglePause(): void {
    if (this.mode !== 'flicker') return;
    this.paused = !this.paused;
    this.#schedule();
  }

  /** Shows the other date at once (flicker, paused or not). */
  step(): void {
    this.showingAfter = !this.showingAfter;
  }

  setRate(rate: number): void {
    this.rate = Math.min(8, Math.max(0.25, rate));
    this.#schedule();
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(): void {
    this.stop();
    if (this.mode !== 'flicker' || this.paused) return;
    const tick = () => {
      this.showingAfter = !this.showingAfter;
      this.#timer = setTimeout(tick, 1000 / this.rate);
    };
    this.#timer = setTimeout(tick, 1000 / this.rate);
  }
}
