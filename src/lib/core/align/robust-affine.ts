/**
 * A robust affine fit to point pairs (window centres → where their content was found), in the
 * spirit of RANSAC (Fischler & Bolles 1981, doi:10.1145/358669.358692): with the few tens of
 * windows co-registration uses, every triple is tried; the triple whose affine agrees with most
 * pairs (within `tolerance` px) wins, then least squares on its inliers is iterated with
 * 3σ-trimming (σ from the median absolute residual). Windows on real change or on featureless
 * ground disagree with the rest and are left out rather than pulling the estimate.
 */
import { applyAffine, fitAffine, type Affine } from './affine';

export interface RobustAffine {
  affine: Affine;
  /** Indices of the pairs the final fit kept. */
  inliers: number[];
  /** Root-mean-square residual of the inliers, px. */
  rmse: number;
  /** Residual of every pair, px. */
  residuals: number[];
}

function residualsOf(a: Affine, p: readonly [number, number][], q: readonly [number, number][]): number[] {
  return p.map(([x, y], i) => {
    const [u, v] = applyAffine(a, x, y);
    return Math.hypot(u - q[i][0], v - q[i][1]);
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The robust fit, or null with fewer than `minInliers` (≥ 3) pairs agreeing. */
export function robustAffine(p: readonly [number, number][], q: readonly [number, number][], tolerance: number, minInliers = 3): RobustAffine | null {
  const n = p.length;
  if (n < 3) return null;
  let best: number[] = [];
  let bestScore = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      for (let k = j + 1; k < n; k++) {
        const a = fitAffine([p[i], p[j], p[k]], [q[i], q[j], q[k]]);
        if (!a) continue;
        const res = residualsOf(a, p, q);
        const inliers = res.flatMap((r, m) => (r <= tolerance ? [m] : []));
        // More inliers first; among equals, the smaller summed residual (MSAC-like).
        const score = -inliers.length * 1e6 + inliers.reduce((s, m) => s + res[m], 0);
        if (score < bestScore) {
          bestScore = score;
          best = inliers;
        }
      }
    }
  }
  if (best.length < Math.max(3, minInliers)) return null;
  let inliers = best;
  let affine: Affine | null = null;
  for (let iter = 0; iter < 10; iter++) {
    affine = fitAffine(
      inliers.map((m) => p[m]),
      inliers.map((m) => q[m])
    );
    if (!affine) return null;
    const res = residualsOf(affine, p, q);
    const sigma = Math.max(0.02, 1.4826 * median(inliers.map((m) => res[m])));
    const next = res.flatMap((r, m) => (r <= Math.min(tolerance, 3 * sigma) || r <= 0.05 ? [m] : []));
    if (next.length < Math.max(3, minInliers)) break;
    const same = next.length === inliers.length && next.every((m, i) => m === inliers[i]);
    inliers = next;
    if (same) break;
  }
  affine = fitAffine(
    inliers.map((m) => p[m]),
    inliers.map((m) => q[m])
  );
  if (!affine) return null;
  const residuals = residualsOf(affine, p, q);
  const rmse = Math.sqrt(inliers.reduce((s, m) => s + residuals[m] ** 2, 0) / inliers.length);
  return { affine, inliers, rmse, residuals };
}
