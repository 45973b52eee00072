import type { MagnitudeHistogram } from '../change/summary';
import { exp } from '../stats/exp';
import { classOverlap, splitModel } from './class-overlap';
import { thresholdKittlerIllingworth } from './kittler-illingworth';
import { binUpperEdge, thresholdOtsu } from './otsu';

/** One threshold `auto` considered: which rule, on which scale, and how separable its classes are. */
export interface ThresholdCandidate {
  rule: 'otsu' | 'ki';
  scale: 'magnitude' | 'log';
  /** In magnitude units; change = magnitude > value. */
  value: number;
  /** {@link classOverlap} of the two-class model the split implies; 1 when a class is empty. */
  overlap: number;
}

export interface SeparationChoice {
  chosen: ThresholdCandidate;
  candidates: ThresholdCandidate[];
  /** Pixels exactly at the minimum magnitude (e.g. equal on both dates): left out of the choice. */
  tiePixels: number;
}

/**
 * `auto`'s threshold for a one-band magnitude: Otsu (doi:10.1109/TSMC.1979.4310076) and
 * Kittler–Illingworth (doi:10.1016/0031-3203(86)90030-0), each on the magnitude m and on
 * ln(m + δ), four candidates in all; the one whose two-class normal model separates the classes
 * best — the smallest overlap of the prior-weighted class densities relative to the smaller class
 * (Inman & Bradley 1989, doi:10.1080/03610928908830127) — is chosen. The overlap does not depend
 * on the scale the model was fitted on, so m and ln m compete fairly; a split through the middle
 * of the no-change mode gives two heavily overlapping classes and loses to a split between modes.
 *
 * Ties never decide: the pixels exactly at the minimum magnitude — on quantized data after a
 * median filter often a fifth of the image, where both dates are equal — are left out of both
 * histograms before any rule runs. On ln(m + δ) such a spike sits far left of everything else and
 * Otsu splits it off, marking the whole no-change mode as change; without it the rules see the
 * distribution of the pixels that differ at all. Tie pixels stay "no change" (m = min ≤ threshold).
 *
 * @param h histogram of m over [min, max]; @param logH histogram of ln(m + δ) over
 *   [ln(min + δ), ln(max + δ)], or null when m can be negative; @param logOffset δ;
 * @param tiePixels how many valid pixels equal min exactly (all fall in bin 0 of both histograms).
 * @returns null when no pixel is valid. When every valid pixel is a tie, the threshold is the
 *   minimum (nothing changes). Candidates tie → the earlier in the order Otsu m, KI m, Otsu ln, KI ln.
 */
export function thresholdBySeparation(h: MagnitudeHistogram, logH: MagnitudeHistogram | null, logOffset: number, tiePixels: number): SeparationChoice | null {
  let total = 0;
  for (let i = 0; i < h.counts.length; i++) total += h.counts[i];
  if (total === 0) return null;
  const scales: { scale: ThresholdCandidate['scale']; h: MagnitudeHistogram; toMagnitude: (x: number) => number }[] = [
    { scale: 'magnitude', h: withoutTies(h, tiePixels), toMagnitude: (x) => x }
  ];
  if (logH) scales.push({ scale: 'log', h: withoutTies(logH, tiePixels), toMagnitude: (x) => exp(x) - logOffset });
  if (total === tiePixels) {
    const only: ThresholdCandidate = { rule: 'otsu', scale: 'magnitude', value: h.min, overlap: 1 };
    return { chosen: only, candidates: [only], tiePixels };
  }
  const candidates: ThresholdCandidate[] = [];
  for (const s of scales) {
    for (const rule of ['otsu', 'ki'] as const) {
      const t = rule === 'otsu' ? thresholdOtsu(s.h) : thresholdKittlerIllingworth(s.h);
      if (t === null) continue;
      const k = splitBin(s.h, t);
      const model = splitModel(s.h.counts, k);
      // Exactly at the top of the scale the threshold marks nothing; exp(ln(max + δ)) − δ can round below max.
      const value = k >= s.h.counts.length - 1 ? h.max : s.toMagnitude(binUpperEdge(s.h, k));
      candidates.push({ rule, scale: s.scale, value, overlap: model ? classOverlap(model) : 1 });
    }
  }
  let chosen = candidates[0];
  for (const c of candidates) if (c.overlap < chosen.overlap) chosen = c;
  return { chosen, candidates, tiePixels };
}

/** The histogram with the tie pixels taken out of its first bin. */
function withoutTies(h: MagnitudeHistogram, tiePixels: number): MagnitudeHistogram {
  const counts = h.counts.slice();
  counts[0] -= Math.min(counts[0], tiePixels);
  return { ...h, counts };
}

/** The last bin whose upper edge is the threshold (rules return bin upper edges, or max). */
function splitBin(h: MagnitudeHistogram, t: number): number {
  const bins = h.counts.length;
  const w = (h.max - h.min) / bins;
  if (!(w > 0)) return bins - 1;
  return Math.max(0, Math.min(bins - 1, Math.round((t - h.min) / w) - 1));
}
