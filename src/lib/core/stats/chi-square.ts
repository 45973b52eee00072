/**
 * The chi-square distribution: CDF, survival function and quantiles, for IR-MAD's chi-square
 * statistic and its thresholds.
 *
 * The CDF is the regularized lower incomplete gamma function, P(df/2, x/2), evaluated by its
 * series for x < a + 1 and by its continued fraction (modified Lentz) otherwise, as in
 * Press, Teukolsky, Vetterling & Flannery, Numerical Recipes, 3rd ed. (2007), §6.2. Each branch
 * gives the tail it is accurate for directly, so P and Q = 1 − P are both good to ~1e-12 relative,
 * including far tails. ln Γ uses the Lanczos approximation (g = 7, 9 terms; ~1e-15 relative).
 */

const EPS = 1e-16;
const TINY = 1e-300;
/** Enough for df up to ~1e6; both expansions converge in O(√a) terms near x ≈ a. */
const MAX_TERMS = 100_000;

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];

/** ln Γ(a) for a > 0 (Lanczos, with the reflection formula below 0.5). */
function lnGamma(a: number): number {
  if (a < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - lnGamma(1 - a);
  const z = a - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** { p: P(a, x), q: Q(a, x) } for a > 0, x ≥ 0. */
function regularizedGamma(a: number, x: number): { p: number; q: number } {
  if (x === 0) return { p: 0, q: 1 };
  if (x === Infinity) return { p: 1, q: 0 };
  const prefix = Math.exp(a * Math.log(x) - x - lnGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_TERMS && Math.abs(term) > Math.abs(sum) * EPS; n++) {
      term *= x / (a + n);
      sum += term;
    }
    const p = sum * prefix;
    return { p, q: 1 - p };
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= EPS) break;
  }
  const q = prefix * h;
  return { p: 1 - q, q };
}

function checkDf(df: number): void {
  if (!(df > 0 && df < Infinity)) throw new RangeError(`chi-square degrees of freedom must be positive and finite, not ${df}`);
}

/** P(X ≤ x) for X ~ χ²(df); 0 for x ≤ 0, NaN for NaN. Throws a RangeError unless 0 < df < ∞. */
export function chiSquareCdf(x: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(x)) return NaN;
  return x <= 0 ? 0 : regularizedGamma(df / 2, x / 2).p;
}

/** P(X > x) for X ~ χ²(df), accurate in the far upper tail where 1 − chiSquareCdf loses digits. */
export function chiSquareSf(x: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(x)) return NaN;
  return x <= 0 ? 1 : regularizedGamma(df / 2, x / 2).q;
}

/** Density of χ²(df) at x > 0. */
function chiSquarePdf(x: number, df: number): number {
  const a = df / 2;
  return Math.exp((a - 1) * Math.log(x) - x / 2 - a * Math.LN2 - lnGamma(a));
}

/**
 * The root of an increasing g(x) = F(x) − target on (0, ∞), with g' = the χ² density: the root is
 * bracketed by doubling, then refined by Newton steps, bisecting whenever a step leaves the
 * bracket (NR §9.4, rtsafe), until the step is below 1e-15 relative or the bracket is two
 * adjacent doubles.
 */
function solve(g: (x: number) => number, df: number): number {
  let lo = 0;
  let hi = Math.max(1, df);
  while (g(hi) < 0) {
    lo = hi;
    hi *= 2;
  }
  let x = (lo + hi) / 2;
  for (let i = 0; i < 2000; i++) {
    const gx = g(x);
    if (gx === 0) return x;
    if (gx < 0) lo = x;
    else hi = x;
    const newton = x - gx / chiSquarePdf(x, df);
    const next = newton > lo && newton < hi ? newton : (lo + hi) / 2;
    if (next === lo || next === hi || Math.abs(next - x) <= 1e-15 * x) return next;
    x = next;
  }
  return x;
}

/** The x with P(X ≤ x) = p for X ~ χ²(df): 0 for p = 0, ∞ for p = 1; RangeError for p ∉ [0, 1]. */
export function chiSquareQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a probability must lie in [0, 1], not ${p}`);
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  // Solve on whichever tail is smaller, where its own expansion keeps full relative accuracy.
  return p <= 0.5 ? solve((x) => chiSquareCdf(x, df) - p, df) : chiSquareUpperQuantile(1 - p, df);
}

/**
 * The x with P(X > x) = alpha for X ~ χ²(df), i.e. the (1 − alpha) quantile computed without
 * forming 1 − alpha, so alpha = 1e-12 keeps its digits. ∞ for alpha = 0, 0 for alpha = 1.
 */
export function chiSquareUpperQuantile(alpha: number, df: number): number {
  checkDf(df);
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`a probability must lie in [0, 1], not ${alpha}`);
  if (alpha === 0) return Infinity;
  if (alpha === 1) return 0;
  return alpha < 0.5 ? solve((x) => alpha - chiSquareSf(x, df), df) : chiSquareQuantile(1 - alpha, df);
}
