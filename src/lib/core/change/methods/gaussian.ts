import { reflectIndex } from './reflect';
import { exp } from '../../stats/exp';

/**
 * The weights scipy.ndimage.gaussian_filter1d uses: radius = ⌊truncate·σ + 0.5⌋,
 * w(x) = exp(−x² / 2σ²) normalised to sum 1, for x = −radius…radius.
 */
export function gaussianKernel(sigma: number, truncate: number): Float64Array {
  const radius = Math.floor(truncate * sigma + 0.5);
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let x = -radius; x <= radius; x++) sum += w[x + radius] = exp((-0.5 / (sigma * sigma)) * x * x);
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/**
 * dst[x] = Σₖ w[k] · src[x + k − r] along one row, edges reflected; `padded` (length
 * src.length + 2r) is scratch space.
 */
export function filterRow(dst: Float64Array, src: Float64Array, w: Float64Array, padded: Float64Array): void {
  const n = src.length;
  const r = (w.length - 1) / 2;
  for (let i = 0; i < r; i++) {
    padded[i] = src[reflectIndex(i - r, n)];
    padded[n + r + i] = src[reflectIndex(n + i, n)];
  }
  padded.set(src, r);
  for (let x = 0; x < n; x++) {
    let sum = 0;
    for (let k = 0; k < w.length; k++) sum += w[k] * padded[x + k];
    dst[x] = sum;
  }
}
