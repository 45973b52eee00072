/**
 * Translation between two images by phase correlation (Kuglin & Hines 1975), refined to a
 * fraction of a pixel by evaluating the inverse DFT of the normalized cross-power spectrum on an
 * upsampled grid around the peak, by matrix-multiply DFT (Guizar-Sicairos, Thurman & Fienup 2008,
 * "Efficient subpixel image registration algorithms", Opt. Lett. 33(2), doi:10.1364/OL.33.000156).
 * Plain peak interpolation is biased by ~0.15 px on interpolated imagery; the upsampled DFT is not.
 */
import { fft2, toComplex } from './fft2';

export interface PhaseCorrelation {
  /** `moving` shows at (x, y) what `reference` shows at (x − dx, y − dy). */
  dx: number;
  dy: number;
  /**
   * Height of the normalized correlation peak, in [0, 1]: 1 for a pure circular shift, near
   * 1/√(N) for unrelated images. A measure of how much the two have in common.
   */
  peak: number;
  /** Peak height over the highest value outside the peak's main lobe (5 × 5 px without a low-pass). */
  peakRatio: number;
}

/** The Hann window over `n` samples (zero at both ends). */
export function hann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = n > 1 ? 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)) : 1;
  return w;
}

/**
 * An image prepared for correlation: NaN → the mean of the valid values, mean removed, then a
 * separable Hann window so that the image borders do not correlate.
 */
export function windowed(values: ArrayLike<number>, width: number, height: number, window = true): Float64Array {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) {
      sum += v;
      n++;
    }
  }
  const mean = n > 0 ? sum / n : 0;
  const wx = hann(width);
  const wy = hann(height);
  const out = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = values[y * width + x];
      out[y * width + x] = (v === v ? v - mean : 0) * (window ? wx[x] * wy[y] : 1);
    }
  }
  return out;
}

/** Signed DFT frequency of index k for length n (numpy's fftfreq · n). */
const freq = (k: number, n: number) => (k < Math.ceil(n / 2) ? k : k - n);

/**
 * Normalized cross-power spectrum M·conj(R)/|M·conj(R)| of two real images (power-of-two sizes),
 * optionally weighted by a raised-cosine low-pass that falls from 1 at DC to 0 at `lowpass` × the
 * Nyquist frequency: the highest frequencies carry aliasing and the phase errors of resampling
 * kernels, which pure phase correlation would weigh as much as the rest and which bias a
 * sub-pixel estimate (on cubic-resampled imagery by ~0.07 px without it, < 0.01 px with 0.5).
 */
function crossPower(reference: ArrayLike<number>, moving: ArrayLike<number>, width: number, height: number, lowpass: number | null): Float64Array {
  const r = toComplex(reference);
  const m = toComplex(moving);
  fft2(r, width, height);
  fft2(m, width, height);
  const out = new Float64Array(2 * width * height);
  for (let i = 0; i < out.length; i += 2) {
    const re = m[i] * r[i] + m[i + 1] * r[i + 1];
    const im = m[i + 1] * r[i] - m[i] * r[i + 1];
    const mag = Math.hypot(re, im);
    if (mag > 1e-30) {
      out[i] = re / mag;
      out[i + 1] = im / mag;
    }
  }
  if (lowpass) {
    const cut = lowpass;
    const raised = (f: number) => (Math.abs(f) < 0.5 * cut ? 0.5 + 0.5 * Math.cos((Math.PI * f) / (0.5 * cut)) : 0);
    const wx = Float64Array.from({ length: width }, (_, k) => raised(freq(k, width) / width));
    const wy = Float64Array.from({ length: height }, (_, l) => raised(freq(l, height) / height));
    for (let l = 0; l < height; l++) {
      for (let k = 0; k < width; k++) {
        const i = 2 * (l * width + k);
        out[i] *= wx[k] * wy[l];
        out[i + 1] *= wx[k] * wy[l];
      }
    }
  }
  return out;
}

/**
 * The inverse DFT of `spectrum` evaluated on a `size` × `size` grid of points spaced 1/upsample
 * pixel, starting at (x0, y0): r(x, y) = Σ S(k, l) e^{2πi(kx/W + ly/H)} / (W·H). Two matrix
 * products, O(size·W·H + size²·W) (Guizar-Sicairos et al. 2008, eq. 12 and their appendix).
 */
export function upsampledDft(spectrum: Float64Array, width: number, height: number, size: number, upsample: number, x0: number, y0: number): Float64Array {
  // Step 1: along y, for each target row t: T[t][k] = Σ_l S[l][k] e^{2πi fl (y0 + t/u) / H}.
  const tmp = new Float64Array(2 * size * width);
  for (let t = 0; t < size; t++) {
    const y = y0 + t / upsample;
    for (let l = 0; l < height; l++) {
      const a = (2 * Math.PI * freq(l, height) * y) / height;
      const c = Math.cos(a);
      const s = Math.sin(a);
      const row = 2 * l * width;
      const trow = 2 * t * width;
      for (let k = 0; k < width; k++) {
        const re = spectrum[row + 2 * k];
        const im = spectrum[row + 2 * k + 1];
        tmp[trow + 2 * k] += re * c - im * s;
        tmp[trow + 2 * k + 1] += re * s + im * c;
      }
    }
  }
  // Step 2: along x.
  const out = new Float64Array(size * size);
  const cs = new Float64Array(2 * width);
  for (let u = 0; u < size; u++) {
    const x = x0 + u / upsample;
    for (let k = 0; k < width; k++) {
      const a = (2 * Math.PI * freq(k, width) * x) / width;
      cs[2 * k] = Math.cos(a);
      cs[2 * k + 1] = Math.sin(a);
    }
    for (let t = 0; t < size; t++) {
      let re = 0;
      const trow = 2 * t * width;
      for (let k = 0; k < width; k++) re += tmp[trow + 2 * k] * cs[2 * k] - tmp[trow + 2 * k + 1] * cs[2 * k + 1];
      out[t * size + u] = re / (width * height);
    }
  }
  return out;
}

export interface PhaseCorrelationOptions {
  /** Upsampling factor of the sub-pixel refinement: the shift is found to 1/upsample px. 1 = integer. */
  upsample?: number;
  /** Weigh the cross-power spectrum by a raised-cosine low-pass to this fraction of Nyquist (see crossPower). */
  lowpass?: number | null;
}

/**
 * Phase correlation of two equally sized real images whose sides are powers of two (prepare them
 * with `windowed`). Returns the shift of `moving` relative to `reference`.
 */
export function phaseCorrelate(
  reference: ArrayLike<number>,
  moving: ArrayLike<number>,
  width: number,
  height: number,
  { upsample = 100, lowpass = null }: PhaseCorrelationOptions = {}
): PhaseCorrelation {
  const spectrum = crossPower(reference, moving, width, height, lowpass);
  const surface = spectrum.slice();
  fft2(surface, width, height, true);
  let best = 0;
  let peak = -Infinity;
  for (let i = 0; i < width * height; i++) {
    if (surface[2 * i] > peak) {
      peak = surface[2 * i];
      best = i;
    }
  }
  const px = best % width;
  const py = (best - px) / width;
  // The low-pass widens the peak: look for the runner-up beyond its main lobe.
  const lobe = lowpass ? Math.ceil(2 / lowpass) : 2;
  let second = 0;
  for (let y = 0; y < height; y++) {
    const ddy = Math.min(Math.abs(y - py), height - Math.abs(y - py));
    for (let x = 0; x < width; x++) {
      const ddx = Math.min(Math.abs(x - px), width - Math.abs(x - px));
      if ((ddx > lobe || ddy > lobe) && surface[2 * (y * width + x)] > second) second = surface[2 * (y * width + x)];
    }
  }
  let dx = px > width / 2 ? px - width : px;
  let dy = py > height / 2 ? py - height : py;
  if (upsample > 1) {
    // 1.5 pixels around the integer peak at 1/upsample spacing (Guizar-Sicairos et al.).
    const size = Math.ceil(upsample * 1.5);
    const half = Math.floor(size / 2);
    const fine = upsampledDft(spectrum, width, height, size, upsample, dx - half / upsample, dy - half / upsample);
    let fbest = 0;
    for (let i = 1; i < fine.length; i++) if (fine[i] > fine[fbest]) fbest = i;
    const fx = fbest % size;
    const fy = (fbest - fx) / size;
    dx += (fx - half) / upsample;
    dy += (fy - half) / upsample;
    peak = Math.max(peak, fine[fbest]);
  }
  return { dx, dy, peak, peakRatio: second > 0 ? peak / second : Infinity };
}
