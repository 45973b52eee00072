/**
 * The exponential of fdlibm, bit for bit, so Node (the CLI) and every browser compute the same
 * numbers: ECMAScript leaves the rounding of Math.exp to the engine, and Chromium 156's V8 rounds
 * about 9 % of arguments one ulp away from Node 20's (a port of this very routine). IR-MAD weights
 * every pixel by a χ² survival function built on exp, so those ulps moved 116 of the demo's 1.6 M
 * float32 magnitudes and the app's magnitude.tif was no longer the CLI's byte for byte.
 *
 * Source: fdlibm 5.3 e_exp.c (Sun Microsystems, 1993; as in FreeBSD msun and V8's ieee754::exp,
 * including V8's exp(1) = Math.E). Error < 1 ulp.
 */

const view = new DataView(new ArrayBuffer(8));

function highWord(x: number): number {
  view.setFloat64(0, x);
  return view.getUint32(0);
}

function fromWords(hi: number, lo: number): number {
  view.setUint32(0, hi >>> 0);
  view.setUint32(4, lo >>> 0);
  return view.getFloat64(0);
}

const HALF = [0.5, -0.5];
const LN2_HI = [6.9314718036912381649e-1, -6.9314718036912381649e-1];
const LN2_LO = [1.90821492927058770002e-10, -1.90821492927058770002e-10];
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.4513321910194110842e2;
const TWO_M1000 = 9.3326361850321887899e-302;
const HUGE = 1e300;

export function exp(arg: number): number {
  let x = arg;
  let hx = highWord(x);
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78…: NaN, ±Infinity, overflow or underflow
    if (hx >= 0x7ff00000) return Number.isNaN(x) ? x + x : xsb === 0 ? x : 0;
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln 2: argument reduction x = k ln 2 + r
    if (hx < 0x3ff0a2b2) {
      if (x === 1) return Math.E;
      hi = x - LN2_HI[xsb];
      lo = LN2_LO[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = (INV_LN2 * x + HALF[xsb]) | 0;
      hi = x - k * LN2_HI[0];
      lo = k * LN2_LO[0];
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2⁻²⁸
    if (HUGE + x > 1) return 1 + x;
  } else k = 0;
  const t = x * x;
  const twopk = k >= -1021 ? fromWords(0x3ff00000 + (k << 20), 0) : fromWords(0x3ff00000 + ((k + 1000) << 20), 0);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2.0 * 8.98846567431157953865e307 : y * twopk;
  return y * twopk * TWO_M1000;
}
