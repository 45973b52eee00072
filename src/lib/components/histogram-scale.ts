/**
 * The x axis of the magnitude histogram: linear in magnitude, or ln(magnitude + δ) for a
 * heavy-tailed magnitude (IR-MAD's χ², log-ratio), where a linear axis squeezes the whole
 * no-change mode and the threshold into the first few bins. Values in and out are always in
 * magnitude units; only positions change.
 */
import { niceTicks } from './ticks';

export interface HistogramScale {
  /** Fraction 0–1 along the axis of a magnitude (clamped). */
  fraction(v: number): number;
  /** The magnitude at a fraction along the axis. */
  value(f: number): number;
  /** Round, readable tick values (magnitude units). */
  ticks(count: number): number[];
  /** A dragged value rounded to what one bin can resolve. */
  round(v: number): number;
  /** The magnitude one step (one bin) above or below v. */
  step(v: number, bins: number, direction: 1 | -1): number;
}

const clamp = (f: number) => Math.min(1, Math.max(0, f));

/** A linear axis over [min, max] (histogram bounds in magnitude units). */
export function linearScale(min: number, max: number, bins: number): HistogramScale {
  const span = max > min ? max - min : 1;
  const quantum = 10 ** Math.floor(Math.log10(span / bins));
  return {
    fraction: (v) => clamp((v - min) / span),
    value: (f) => min + clamp(f) * span,
    ticks: (count) => niceTicks(min, max, count),
    round: (v) => Number((Math.round(v / quantum) * quantum).toPrecision(12)),
    step: (v, _bins, d) => Math.min(max, Math.max(min, v + (d * span) / bins))
  };
}

/** An axis in ln(v + offset) over [lo, hi] (histogram bounds in that log space). */
export function logScale(lo: number, hi: number, offset: number): HistogramScale {
  const span = hi > lo ? hi - lo : 1;
  const toValue = (x: number) => Math.exp(x) - offset;
  return {
    fraction: (v) => clamp((Math.log(Math.max(v + offset, Number.MIN_VALUE)) - lo) / span),
    value: (f) => toValue(lo + clamp(f) * span),
    ticks: () => {
      const out: { t: number; m: number }[] = [];
      const vmin = toValue(lo);
      const vmax = toValue(hi);
      // Below the offset the axis is flat (ln(v + δ) ≈ ln δ): no ticks there.
      for (let e = Math.floor(Math.log10(Math.max(vmin, offset, 1e-12))); 10 ** e <= vmax; e++) {
        for (const m of [1, 2, 5]) {
          const t = Number((m * 10 ** e).toPrecision(12));
          if (t >= vmin && t <= vmax) out.push({ t, m });
        }
      }
      // Keep only the powers of ten when 1–2–5 ticks would crowd the axis.
      return (out.length > 9 ? out.filter((x) => x.m === 1) : out).map((x) => x.t);
    },
    round: (v) => Number(v.toPrecision(4)),
    step: (v, bins, d) => Math.min(toValue(hi), Math.max(toValue(lo), toValue(Math.log(v + offset) + (d * span) / bins)))
  };
}
