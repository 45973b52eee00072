/**
 * Two-dimensional complex FFT over fft.js (a radix-4 FFT for power-of-two sizes), on interleaved
 * (re, im) Float64Arrays in row-major order.
 */
import FFT from 'fft.js';

const plans = new Map<number, FFT>();

function plan(n: number): FFT {
  let p = plans.get(n);
  if (!p) plans.set(n, (p = new FFT(n)));
  return p;
}

/** The smallest power of two ≥ n (and ≥ 4). */
export function nextPow2(n: number): number {
  let p = 4;
  while (p < n) p *= 2;
  return p;
}

/**
 * In-place 2-D DFT of a `height` × `width` complex array (both powers of two). The inverse is
 * normalized (divides by width · height), so inverse(forward(x)) = x.
 */
export function fft2(data: Float64Array, width: number, height: number, inverse = false): void {
  const row = plan(width);
  const col = plan(height);
  const rin = new Float64Array(2 * width);
  const rout = new Float64Array(2 * width);
  for (let y = 0; y < height; y++) {
    rin.set(data.subarray(2 * y * width, 2 * (y + 1) * width));
    if (inverse) row.inverseTransform(rout, rin);
    else row.transform(rout, rin);
    data.set(rout, 2 * y * width);
  }
  const cin = new Float64Array(2 * height);
  const cout = new Float64Array(2 * height);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      cin[2 * y] = data[2 * (y * width + x)];
      cin[2 * y + 1] = data[2 * (y * width + x) + 1];
    }
    if (inverse) col.inverseTransform(cout, cin);
    else col.transform(cout, cin);
    for (let y = 0; y < height; y++) {
      data[2 * (y * width + x)] = cout[2 * y];
      data[2 * (y * width + x) + 1] = cout[2 * y + 1];
    }
  }
}

/** A real image as a complex array (imaginary parts zero). */
export function toComplex(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(2 * values.length);
  for (let i = 0; i < values.length; i++) out[2 * i] = values[i];
  return out;
}
