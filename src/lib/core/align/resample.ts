/**
 * Resampling kernels: the value of an image at continuous pixel coordinates (pixel centres at
 * i + 0.5), from a window of its rows. Nearest neighbour, bilinear, and cubic convolution with
 * Keys' a = −0.5 (Keys 1981, "Cubic convolution interpolation for digital image processing",
 * doi:10.1109/TASSP.1981.1163711; GDAL's "cubic"). Points outside the image are NaN; a point
 * whose kernel touches a NaN is NaN (nodata spreads by the kernel's reach, never averaged in);
 * the image's edge is extended by its border pixels for the kernel's reach beyond the last centre.
 */

export type Resampling = 'nearest' | 'bilinear' | 'cubic';

export const RESAMPLINGS: readonly Resampling[] = ['nearest', 'bilinear', 'cubic'];

/** Rows [y0, y0 + rows) of a `width` × `height` image, one Float32Array per band. */
export interface RowWindow {
  y0: number;
  rows: number;
  width: number;
  height: number;
  bands: Float32Array[];
}

/** Rows of context a kernel needs beyond the one holding the point, above and below. */
export const KERNEL_REACH: Record<Resampling, number> = { nearest: 0, bilinear: 1, cubic: 2 };

function cubicWeight(t: number): number {
  const a = -0.5;
  const x = Math.abs(t);
  if (x <= 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  return 0;
}

/**
 * Samples every band of `win` at the n points (u[i], v[i]) into out[b][i]; points outside the
 * image, or not covered by the window, become NaN.
 */
export function resample(win: RowWindow, u: Float64Array, v: Float64Array, n: number, kind: Resampling, out: Float32Array[], offset = 0): void {
  const { width, height, y0, rows } = win;
  const last = y0 + rows - 1;
  const nb = win.bands.length;
  const wx = new Float64Array(4);
  const wy = new Float64Array(4);
  const cols = new Int32Array(4);
  const rowAt = new Int32Array(4);
  for (let i = 0; i < n; i++) {
    const x = u[i];
    const y = v[i];
    if (!(x >= 0 && x < width && y >= 0 && y < height)) {
      for (let b = 0; b < nb; b++) out[b][offset + i] = NaN;
      continue;
    }
    if (kind === 'nearest') {
      const r = Math.floor(y);
      const k = (r - y0) * width + Math.floor(x);
      for (let b = 0; b < nb; b++) out[b][offset + i] = r >= y0 && r <= last ? win.bands[b][k] : NaN;
      continue;
    }
    const fx = x - 0.5;
    const fy = y - 0.5;
    const ix = Math.floor(fx);
    const iy = Math.floor(fy);
    weights(kind, fx - ix, wx);
    weights(kind, fy - iy, wy);
    const taps = kind === 'bilinear' ? 2 : 4;
    const first = kind === 'bilinear' ? 0 : -1;
    for (let t = 0; t < taps; t++) {
      cols[t] = Math.min(width - 1, Math.max(0, ix + first + t));
      const r = Math.min(height - 1, Math.max(0, iy + first + t));
      rowAt[t] = r >= y0 && r <= last ? (r - y0) * width : -1;
    }
    for (let b = 0; b < nb; b++) {
      const band = win.bands[b];
      let sum = 0;
      for (let ty = 0; ty < taps && sum === sum; ty++) {
        if (wy[ty] === 0) continue;
        if (rowAt[ty] < 0) {
          sum = NaN;
          break;
        }
        let line = 0;
        for (let tx = 0; tx < taps; tx++) if (wx[tx] !== 0) line += wx[tx] * band[rowAt[ty] + cols[tx]];
        sum += wy[ty] * line;
      }
      out[b][offset + i] = sum;
    }
  }
}

/** The kernel's weights at the taps around a point at fraction t past the first centre. */
function weights(kind: Resampling, t: number, w: Float64Array): void {
  if (kind === 'bilinear') {
    w[0] = 1 - t;
    w[1] = t;
    return;
  }
  for (let k = 0; k < 4; k++) w[k] = cubicWeight(k - 1 - t);
}
