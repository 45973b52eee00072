/**
 * The chi-square distribution: CDF, survival function and quantiles, for IR-MAD's chi-square
 * statistic and its thresholds.
 *
 * The CDF is the regularized lower incomplete gamma function, P(df/2, x/2), evaluated by its
 * series for x < a + 1 and by its continued fraction (modified Lentz) otherwise, as in
 * Press, Teukolsky, Vetterling & Flannery, Numerical Recipes, 3rd ed. (2007), §6.2. Each branch
 * gives the tail it is accurate for directly, so P and Q = 1 − P are both good to ~1e-12 relative,
 * including far tails. ln Γ uses the Lanczos approximation (g = 7, 9 terms; ~1e-15 relative).
 * For whole degrees of freedom, `chiSquareSfInteger` evaluates the survival function in closed
 * form instead, at a fraction of the cost.
 */
import { exp } from './exp';

const EPS = 1e-16;
const TINY = 1e-300;
/** Enough for df up to ~1e6; both expansions converge in O(√a) terms near x ≈ a. */
const MAX_TERMS = 100_000;

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7
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
  const prefix = exp(a * Math.log(x) - x - lnGamma(a));
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

/**
 * P(X > x) for X ~ χ²(k) with a whole number k ≥ 1 of degrees of freedom: Q(k/2, h) with h = x/2
 * in closed form, from Q(n + 1, h) = e^(−h) Σ_{i=0}^{n} hⁱ/i!, Q(½, h) = erfc(√h) (NIST DLMF §8.4)
 * and the recurrence Q(a + 1, h) = Q(a, h) + e^(−h) hᵃ/Γ(a + 1) (DLMF §8.8):
 *   even k: Q = e^(−h) Σ_{i=0}^{k/2−1} hⁱ / i!,
 *   odd k:  Q = erfc(√h) + e^(−h) Σ_{i=0}^{(k−3)/2} h^(i+½) / Γ(i + 3/2),
 * with erfc(√h) = e^(−h)·erfcx(√h) beyond √h = 0.46875, so one exp serves both parts. Positive
 * terms only, so there is no cancellation in either tail: the relative error stays within a small
 * multiple of h·ε, the conditioning of Q in x itself. It costs k/2 multiplications and one exp,
 * against the series or continued fraction of `chiSquareSf` — this is IR-MAD's per-pixel
 * no-change probability. Where e^(−h) would leave the normal range, the terms are summed from the
 * last one down, starting from its logarithm. 0 for x = ∞, 1 for x ≤ 0, NaN for NaN; throws a
 * RangeError unless k is a positive integer.
 */
export function chiSquareSfInteger(x: number, k: number): number {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`chi-square degrees of freedom must be a positive integer here, not ${k}`);
  if (!(x > 0)) return x <= 0 ? 1 : NaN;
  if (x === Infinity) return 0;
  const h = x / 2;
  const odd = k % 2 === 1;
  const z = odd ? Math.sqrt(h) : 0;
  const a = odd ? 0.5 : 0; // the terms are e^(−h) h^(i+a) / Γ(i + a + 1), i = 0 … m − 1
  const m = (k - (odd ? 1 : 0)) / 2;
  let sum = 0;
  if (h < MAX_EXP_ARGUMENT) {
    const e = exp(-h);
    let term = odd ? e * z * TWO_OVER_SQRT_PI : e;
    for (let i = 0; i < m; i++) {
      sum += term;
      term *= h / (i + 1 + a);
    }
    return odd ? sum + (z <= ERF_SMALL ? 1 - erfSmall(z) : e * erfcx(z)) : sum;
  }
  if (m > 0) {
    let term = exp((m - 1 + a) * Math.log(h) - h - lnGamma(m + a));
    sum = term;
    for (let i = m - 1; i > 0; i--) {
      term *= (i + a) / h;
      sum += term;
    }
  }
  return odd ? sum + exp(Math.log(erfcx(z)) - h) : sum;
}

/** Below this, e^(−h) is a normal double (e^(−708.4) is the smallest). */
const MAX_EXP_ARGUMENT = 700;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** Cody's first interval: erf by its own rational function up to here, erfcx beyond. */
const ERF_SMALL = 0.46875;

/*
 * erf and erfcx = e^(z²)·erfc(z) for z ≥ 0 by the rational Chebyshev approximations of W. J. Cody,
 * "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969), 631–637,
 * doi:10.1090/S0025-5718-1969-0247736-4, with the coefficients and intervals of his SPECFUN
 * routine CALERF (netlib.org/specfun/erf, 1990): ~1e-16 relative.
 */

/** erf(z) for 0 ≤ z ≤ 0.46875. */
function erfSmall(z: number): number {
  const y = z * z;
  const num = (((ERF_A[4] * y + ERF_A[0]) * y + ERF_A[1]) * y + ERF_A[2]) * y + ERF_A[3];
  const den = (((y + ERF_B[0]) * y + ERF_B[1]) * y + ERF_B[2]) * y + ERF_B[3];
  return (z * num) / den;
}

/** e^(z²)·erfc(z) for z > 0.46875. */
function erfcx(z: number): number {
  if (z <= 4) {
    let num = ERFC_C[8] * z;
    let den = z;
    for (let i = 0; i < 7; i++) {
      num = (num + ERFC_C[i]) * z;
      den = (den + ERFC_D[i]) * z;
    }
    return (num + ERFC_C[7]) / (den + ERFC_D[7]);
  }
  const y = 1 / (z * z);
  let num = ERFC_P[5] * y;
  let den = y;
  for (let i = 0; i < 4; i++) {
    num = (num + ERFC_P[i]) * y;
    den = (den + ERFC_Q[i]) * y;
  }
  return (1 / Math.sqrt(Math.PI) - (y * (num + ERFC_P[4])) / (den + ERFC_Q[4])) / z;
}

/** erf on [0, 0.46875]. */
const ERF_A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const ERF_B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
/** erfcx on (0.46875, 4]. */
const ERFC_C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909, 1712.04761263407058, 2051.07837782607147,
  1230.33935479799725, 2.15311535474403846e-8
];
const ERFC_D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963, 4362.61909014324716, 3439.36767414372164,
  1230.33935480374942
];
/** erfcx on (4, ∞): z·erfcx(z) = 1/√π − P(1/z²)/(z²·Q(1/z²)). */
const ERFC_P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
const ERFC_Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];

/** Density of χ²(df) at x > 0. */
function chiSquarePdf(x: number, df: number): number {
  const a = df / 2;
  return exp((a - 1) * Math.log(x) - x / 2 - a * Math.LN2 - lnGamma(a));
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
