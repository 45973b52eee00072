import type { MagnitudeHistogram } from '../change/summary';
import { exp } from '../stats/exp';

/** A class of the two-class normal model: prior, mean and standard deviation, in bin units. */
export interface NormalClass {
  prior: number;
  mean: number;
  sd: number;
}

/**
 * The two-class normal model a split implies, as in Kittler & Illingworth (1986): bins 0…k are
 * "no change", the rest "change"; each class gets the prior, mean and variance of its bins, with
 * bin indices standing for bin centres. A class held by a single bin gets the variance of a uniform
 * bin (1/12) instead of 0. Null when one side of the split holds no pixel.
 */
export function splitModel(counts: Uint32Array, k: number): [NormalClass, NormalClass] | null {
  let n1 = 0;
  let s1 = 0;
  let q1 = 0;
  let n2 = 0;
  let s2 = 0;
  let q2 = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c === 0) continue;
    if (i <= k) {
      n1 += c;
      s1 += i * c;
      q1 += i * i * c;
    } else {
      n2 += c;
      s2 += i * c;
      q2 += i * i * c;
    }
  }
  if (n1 === 0 || n2 === 0) return null;
  const n = n1 + n2;
  const cls = (m: number, s: number, q: number): NormalClass => {
    const mean = s / m;
    return { prior: m / n, mean, sd: Math.sqrt(Math.max(q / m - mean * mean, 1 / 12)) };
  };
  return [cls(n1, s1, q1), cls(n2, s2, q2)];
}

/**
 * How much the two classes of a two-class normal model overlap, relative to the smaller one:
 * ∫ min(P₁f₁(x), P₂f₂(x)) dx / min(P₁, P₂) — the share of the smaller class that the best possible
 * threshold under the model would still confuse with the other (0: perfectly separable; 1: the
 * smaller class lies entirely under the larger). The overlapping coefficient of Inman & Bradley
 * (1989, doi:10.1080/03610928908830127), taken over the prior-weighted densities.
 *
 * It does not change under any strictly monotone map of the variable applied to both classes (the
 * Jacobian multiplies both densities alike), so models fitted on m and on ln m compare fairly.
 * Computed in closed form from the (at most two) crossings of P₁f₁ and P₂f₂.
 */
export function classOverlap([a, b]: readonly [NormalClass, NormalClass]): number {
  const va = a.sd * a.sd;
  const vb = b.sd * b.sd;
  // P₁f₁ = P₂f₂ ⇔ qa·x² + qb·x + qc = 0.
  const qa = 1 / (2 * vb) - 1 / (2 * va);
  const qb = a.mean / va - b.mean / vb;
  const qc = (b.mean * b.mean) / (2 * vb) - (a.mean * a.mean) / (2 * va) + Math.log((a.prior * b.sd) / (b.prior * a.sd));
  const roots: number[] = [];
  if (Math.abs(qa) < 1e-12 * Math.max(1 / va, 1 / vb)) {
    if (qb !== 0) roots.push(-qc / qb);
  } else {
    const disc = qb * qb - 4 * qa * qc;
    if (disc >= 0) {
      const r = Math.sqrt(disc);
      roots.push((-qb - r) / (2 * qa), (-qb + r) / (2 * qa));
    }
  }
  roots.sort((x, y) => x - y);
  const edges = [-Infinity, ...roots, Infinity];
  let overlap = 0;
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = edges[i];
    const hi = edges[i + 1];
    const mid = lo === -Infinity ? (hi === Infinity ? 0 : hi - 1) : hi === Infinity ? lo + 1 : (lo + hi) / 2;
    const smaller = weightedDensity(a, mid) <= weightedDensity(b, mid) ? a : b;
    overlap += smaller.prior * (normalCdf((hi - smaller.mean) / smaller.sd) - normalCdf((lo - smaller.mean) / smaller.sd));
  }
  return Math.min(1, Math.max(0, overlap / Math.min(a.prior, b.prior)));
}

/** The class overlap of the model a threshold implies on a histogram (see {@link classOverlap}). */
export function thresholdOverlap(h: MagnitudeHistogram, threshold: number): number | null {
  const bins = h.counts.length;
  const w = (h.max - h.min) / bins;
  if (!(w > 0)) return null;
  // The last bin whose upper edge is ≤ threshold is the last "no change" bin.
  const k = Math.min(bins - 1, Math.floor((threshold - h.min) / w + 1e-9) - 1);
  const model = splitModel(h.counts, k);
  return model ? classOverlap(model) : null;
}

function weightedDensity(c: NormalClass, x: number): number {
  const z = (x - c.mean) / c.sd;
  return (c.prior / c.sd) * exp(-0.5 * z * z);
}

/**
 * Standard normal CDF through erfc by the Chebyshev fit of Numerical Recipes' `erfcc` (Press et
 * al. 1992, §6.2; fractional error < 1.2·10⁻⁷), with fdlibm's exp so every engine gives the same bits.
 */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const x = -z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * exp(-x * x + poly);
  return 0.5 * (x >= 0 ? r : 2 - r);
}
