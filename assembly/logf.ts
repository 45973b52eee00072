/**
 * Natural logarithm in f32, as a scalar function and a v128 twin that perform the same sequence of
 * f32 operations (no fused multiply-add exists in WASM), so the SIMD and scalar builds of every
 * kernel that calls them give bit-identical results.
 *
 * The algorithm and the polynomial are Cephes `logf` by Stephen L. Moshier (Cephes Math Library,
 * single precision, logf.c): split x = f · 2^e with f in [√½, √2) and t = f − 1, then
 * ln x = t − t²/2 + t³ · P(t) + e · ln 2, with ln 2 split into 0.693359375 (exact in few bits)
 * − 2.12194440e-4 so e · ln 2 adds almost no rounding error. Cephes reports a peak relative error
 * of 7.6e-8 on [0.5, 2]; tests/unit/kernels.test.ts finds at most 1 ulp against the correctly
 * rounded log from 2^-149 to 2^128. Unlike the Cephes source, subnormal inputs are scaled by 2^23
 * first and the special cases are resolved by selection, not branches: ln(0) = −Inf,
 * ln(+Inf) = +Inf, ln(x < 0) = NaN, and a NaN input is returned as is.
 */

const SQRT_HALF: f32 = 0.707106781186547524;
const MIN_NORMAL: f32 = 1.17549435e-38; // 2^-126
const TWO_POW_23: f32 = 8388608.0;
const P0: f32 = 7.0376836292e-2;
const P1: f32 = -1.151461031e-1;
const P2: f32 = 1.167699874e-1;
const P3: f32 = -1.2420140846e-1;
const P4: f32 = 1.4249322787e-1;
const P5: f32 = -1.6668057665e-1;
const P6: f32 = 2.0000714765e-1;
const P7: f32 = -2.4999993993e-1;
const P8: f32 = 3.3333331174e-1;
const LN2_LO: f32 = -2.1219444e-4;
const LN2_HI: f32 = 0.693359375;

/** ln(x) for one f32. */
// @ts-ignore: decorator
@inline export function lnf(x: f32): f32 {
  const tiny = x < MIN_NORMAL;
  const bits = reinterpret<u32>(select<f32>(x * TWO_POW_23, x, tiny));
  let e = <i32>(bits >>> 23) - 126 - select<i32>(23, 0, tiny);
  const m = reinterpret<f32>((bits & 0x007fffff) | 0x3f000000); // x = m · 2^e, m in [0.5, 1)
  const low = <i32>(m < SQRT_HALF); // then f = 2m, e − 1
  e -= low;
  // t = m − 1, or 2m − 1 (exact) when low; a product rather than a select, which V8 turns into a branch
  const t = m - 1.0 + m * <f32>low;
  const z = t * t;
  let y = P0 * t + P1;
  y = y * t + P2;
  y = y * t + P3;
  y = y * t + P4;
  y = y * t + P5;
  y = y * t + P6;
  y = y * t + P7;
  y = y * t + P8;
  y = y * t * z;
  const fe = <f32>e;
  y = y + LN2_LO * fe;
  y = y + -0.5 * z;
  let r = t + y;
  r = r + LN2_HI * fe;
  r = select<f32>(r, x, x < Infinity); // x itself for NaN and +Inf
  r = select<f32>(-Infinity, r, x == 0);
  return select<f32>(NaN, r, x < 0);
}

// V8's x64 backend rebuilds a v128 constant from immediates at every use (three instructions);
// a splat load from linear memory is one. So the v128 twin reads its constants from 4-byte cells.
const MIN_NORMAL_AT = memory.data<f32>([MIN_NORMAL]);
const TWO_POW_23_AT = memory.data<f32>([TWO_POW_23]);
const SQRT_HALF_AT = memory.data<f32>([SQRT_HALF]);
const ONE_AT = memory.data<f32>([1]);
const P_AT = memory.data<f32>([P0, P1, P2, P3, P4, P5, P6, P7, P8]);
const LN2_LO_AT = memory.data<f32>([LN2_LO]);
const MINUS_HALF_AT = memory.data<f32>([-0.5]);
const LN2_HI_AT = memory.data<f32>([LN2_HI]);
const INFINITY_AT = memory.data<f32>([Infinity]);
const MINUS_INFINITY_AT = memory.data<f32>([-Infinity]);
const NAN_AT = memory.data<f32>([NaN]);
const EXPONENT_BIAS_AT = memory.data<i32>([126]);
const TWENTY_THREE_AT = memory.data<i32>([23]);
const MANTISSA_AT = memory.data<i32>([0x007fffff]);
const HALF_EXPONENT_AT = memory.data<i32>([0x3f000000]);

// @ts-ignore: decorator
@inline function splat(cell: usize): v128 {
  return v128.load32_splat(cell);
}

// @ts-ignore: decorator
@inline function poly(y: v128, t: v128, k: i32): v128 {
  return f32x4.add(f32x4.mul(y, t), splat(P_AT + (<usize>k << 2)));
}

/** ln(x) for four f32 lanes; the same operations as `lnf`, lane by lane. */
// @ts-ignore: decorator
@inline export function lnf4(x: v128): v128 {
  const zero = f32x4.splat(0);
  const tiny = f32x4.lt(x, splat(MIN_NORMAL_AT));
  const bits = v128.bitselect(f32x4.mul(x, splat(TWO_POW_23_AT)), x, tiny);
  let e = i32x4.sub(i32x4.shr_u(bits, 23), splat(EXPONENT_BIAS_AT));
  e = i32x4.sub(e, v128.and(tiny, splat(TWENTY_THREE_AT)));
  const m = v128.or(v128.and(bits, splat(MANTISSA_AT)), splat(HALF_EXPONENT_AT));
  const low = f32x4.lt(m, splat(SQRT_HALF_AT));
  e = i32x4.add(e, low); // low lanes are −1
  const t = f32x4.add(f32x4.sub(m, splat(ONE_AT)), v128.and(m, low));
  const z = f32x4.mul(t, t);
  let y = poly(splat(P_AT), t, 1);
  y = poly(y, t, 2);
  y = poly(y, t, 3);
  y = poly(y, t, 4);
  y = poly(y, t, 5);
  y = poly(y, t, 6);
  y = poly(y, t, 7);
  y = poly(y, t, 8);
  y = f32x4.mul(f32x4.mul(y, t), z);
  const fe = f32x4.convert_i32x4_s(e);
  y = f32x4.add(y, f32x4.mul(splat(LN2_LO_AT), fe));
  y = f32x4.add(y, f32x4.mul(splat(MINUS_HALF_AT), z));
  let r = f32x4.add(t, y);
  r = f32x4.add(r, f32x4.mul(splat(LN2_HI_AT), fe));
  r = v128.bitselect(r, x, f32x4.lt(x, splat(INFINITY_AT)));
  r = v128.bitselect(splat(MINUS_INFINITY_AT), r, f32x4.eq(x, zero));
  return v128.bitselect(splat(NAN_AT), r, f32x4.lt(x, zero));
}
