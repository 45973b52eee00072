/**
 * Rotation and scale between two images by the Fourier–Mellin transform: the magnitude of the
 * Fourier transform ignores translation, and in log-polar coordinates a rotation and a scaling
 * become a translation, found by phase correlation (Reddy & Chatterji 1996, "An FFT-based
 * technique for translation, rotation, and scale-invariant image registration", IEEE TIP 5(8),
 * doi:10.1109/83.506761). The magnitude spectrum is point-symmetric, so the angle is found modulo
 * 180°: callers test both θ and θ + 180° (e.g. by the translation peak each gives).
 */
import { fft2, toComplex } from './fft2';
import { phaseCorrelate, windowed } from './phase-correlation';

export interface RotationScale {
  /** Rotation of the moving image's content relative to the reference, on screen, counter-clockwise, degrees in (−90, 90]. */
  rotationDeg: number;
  /** Scale of the moving image relative to the reference (2 = features twice as large). */
  scale: number;
  /** Peak ratio of the log-polar phase correlation (see PhaseCorrelation). */
  peakRatio: number;
}

/** |FFT| with DC at the centre, high-pass filtered by Reddy & Chatterji's H = (1 − X)(2 − X), X = cos(πξ)cos(πη). */
function filteredMagnitude(image: Float64Array, n: number): Float64Array {
  const c = toComplex(image);
  fft2(c, n, n);
  const out = new Float64Array(n * n);
  for (let y = 0; y < n; y++) {
    const fy = (y < n / 2 ? y : y - n) / n;
    const sy = (y + n / 2) % n;
    for (let x = 0; x < n; x++) {
      const fx = (x < n / 2 ? x : x - n) / n;
      const X = Math.cos(Math.PI * fx) * Math.cos(Math.PI * fy);
      const i = 2 * (y * n + x);
      out[sy * n + ((x + n / 2) % n)] = Math.hypot(c[i], c[i + 1]) * (1 - X) * (2 - X);
    }
  }
  return out;
}

/**
 * Log-polar resampling of a centred n × n magnitude: row = angle over [0°, 180°) in `angles`
 * steps, column = log radius from 1 to n/2 in `radii` steps (bilinear).
 */
function logPolar(mag: Float64Array, n: number, angles: number, radii: number): Float64Array {
  const out = new Float64Array(angles * radii);
  const c = n / 2;
  const logMax = Math.log(n / 2);
  for (let a = 0; a < angles; a++) {
    const theta = (Math.PI * a) / angles;
    const ct = Math.cos(theta);
    const st = Math.sin(theta);
    for (let k = 0; k < radii; k++) {
      const r = Math.exp((k * logMax) / radii);
      const x = c + r * ct;
      const y = c - r * st;
      const ix = Math.floor(x);
      const iy = Math.floor(y);
      if (ix < 0 || iy < 0 || ix + 1 >= n || iy + 1 >= n) continue;
      const fx = x - ix;
      const fy = y - iy;
      const i = iy * n + ix;
      out[a * radii + k] = (1 - fy) * ((1 - fx) * mag[i] + fx * mag[i + 1]) + fy * ((1 - fx) * mag[i + n] + fx * mag[i + n + 1]);
    }
  }
  return out;
}

/**
 * Rotation and scale of `moving` relative to `reference`: two n × n images (n a power of two),
 * already mean-removed and tapered (see `windowed`).
 */
export function fourierMellin(reference: Float64Array, moving: Float64Array, n: number): RotationScale {
  const angles = n;
  const radii = n;
  const lr = logPolar(filteredMagnitude(reference, n), n, angles, radii);
  const lm = logPolar(filteredMagnitude(moving, n), n, angles, radii);
  // The angle axis is periodic (180°): no taper along it; the log-radius axis is tapered.
  const r = phaseCorrelate(taperColumns(lr, radii, angles), taperColumns(lm, radii, angles), radii, angles, { upsample: 20 });
  let rotationDeg = (r.dy * 180) / angles;
  if (rotationDeg <= -90) rotationDeg += 180;
  if (rotationDeg > 90) rotationDeg -= 180;
  const scale = Math.exp((-r.dx * Math.log(n / 2)) / radii);
  return { rotationDeg, scale, peakRatio: r.peakRatio };
}

function taperColumns(values: Float64Array, width: number, height: number): Float64Array {
  const tapered = windowed(values, width, height, false);
  for (let x = 0; x < width; x++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * x) / (width - 1));
    for (let y = 0; y < height; y++) tapered[y * width + x] *= w;
  }
  return tapered;
}
