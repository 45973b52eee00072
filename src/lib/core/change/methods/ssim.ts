import { InputError, type DType } from '../../raster';
import type { ChangeStatistic, MethodContext } from '../method';
import type { PairStrip } from '../pair-reader';
import { filterRow, gaussianKernel } from './gaussian';
import { windowRows } from './reflect';

export interface SsimOptions {
  /** σ of the Gaussian window in pixels (default 1.5, Wang et al.). */
  sigma?: number;
  /** L of C₁ = (0.01 L)², C₂ = (0.03 L)²; null or absent = from the data type or the data (see `ssim`). */
  dynamicRange?: number | null;
}

/** The Gaussian is cut at 3.5 σ: radius ⌊3.5 · 1.5 + 0.5⌋ = 5, the 11 × 11 window of Wang et al. */
const TRUNCATE = 3.5;

/** Full range of the integer data types (skimage's `dtype_range` spans: max − min). */
const INTEGER_RANGE: Partial<Record<DType, number>> = {
  uint8: 255,
  int8: 255,
  uint16: 65535,
  int16: 65535,
  uint32: 4294967295,
  int32: 4294967295
};

/** 1 where every selected band of both images is finite, 0 elsewhere, over the strip's whole buffer. */
function jointValidity(strip: PairStrip): Uint8Array {
  const n = strip.a[0].length;
  const valid = new Uint8Array(n).fill(1);
  for (const band of [...strip.a, ...strip.b]) {
    for (let i = 0; i < n; i++) if (!Number.isFinite(band[i])) valid[i] = 0;
  }
  return valid;
}

/**
 * The vertical half of the separable filter for one output row: Σₖ w[k]·v over the window rows
 * `rows` of each column, for v = x, y, x², y², xy (x, y = the band's values, 0 where invalid).
 */
function verticalMoments(m: Float64Array[], w: Float64Array, rows: Int32Array, a: Float32Array, b: Float32Array, valid: Uint8Array): void {
  const [sx, sy, sxx, syy, sxy] = m;
  const width = sx.length;
  for (const s of m) s.fill(0);
  for (let k = 0; k < w.length; k++) {
    const wk = w[k];
    const base = rows[k] * width;
    for (let x = 0; x < width; x++) {
      if (!valid[base + x]) continue;
      const va = a[base + x];
      const vb = b[base + x];
      sx[x] += wk * va;
      sy[x] += wk * vb;
      sxx[x] += wk * (va * va);
      syy[x] += wk * (vb * vb);
      sxy[x] += wk * (va * vb);
    }
  }
}

/** Minimum and maximum finite value over the selected bands of both images (one pass). */
async function dataRange(m: MethodContext): Promise<{ min: number; max: number }> {
  let min = Infinity;
  let max = -Infinity;
  await m.pair.pass(
    ({ a, b }) => {
      for (const band of [...a, ...b]) {
        for (const v of band) {
          if (!Number.isFinite(v)) continue;
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
    },
    { stage: 'ssim range' }
  );
  return { min, max };
}

/**
 * Structural change: 1 − SSIM, averaged over the selected bands (Wang, Bovik, Sheikh & Simoncelli
 * 2004, "Image quality assessment: from error visibility to structural similarity",
 * doi:10.1109/TIP.2003.819861). Per band, with Gaussian-weighted local statistics
 * μ, σ², σxy (weights sum to 1, no sample-covariance correction — as Wang et al. and
 * skimage's `structural_similarity(gaussian_weights=True, use_sample_covariance=False)`):
 * SSIM = (2μxμy + C₁)(2σxy + C₂) / ((μx² + μy² + C₁)(σx² + σy² + C₂)). The magnitude lies in
 * [0, 2]: 0 for identical neighbourhoods, about 1 for unrelated ones, up to 2 for inverted contrast.
 *
 * Window: Gaussian, σ = 1.5 truncated at 3.5 σ (radius 5, 11 × 11), applied separably (columns,
 * then rows) exactly as scipy.ndimage.gaussian_filter(truncate=3.5); `halo` is the radius. Image
 * edges are reflected (scipy's mode 'reflect': … b a | a b …), also for images smaller than the
 * window, so one pixel is compared with itself alone.
 *
 * C₁ = (0.01 L)², C₂ = (0.03 L)². L, unless given: while the values are integer digital numbers
 * (`MethodContext.integer`, false once they are standardized), the data type's full range (255 for
 * uint8 and int8, 65535 for 16-bit, 2³² − 1 for 32-bit; the larger one when the two images
 * differ); otherwise the data range of the pair, max − min over the selected bands of both images,
 * measured by `fit` in one pass. A measured range of 0 (constant or all-nodata pair) uses L = 1.
 *
 * Nodata (NaN or ±Infinity in any selected band of either image) is left out by normalized
 * convolution: every local statistic is a weighted mean over the valid pixels of the window
 * (Σ w·v·valid / Σ w·valid), so one nodata pixel does not erase an 11 × 11 block. A pixel that is
 * itself nodata gives NaN. Constant identical neighbourhoods give SSIM = 1 (magnitude 0).
 */
export function ssim(options: SsimOptions = {}): ChangeStatistic {
  const sigma = options.sigma ?? 1.5;
  if (!(sigma > 0 && sigma <= 50)) throw new InputError('ssim', `σ must be in (0, 50] pixels, not ${sigma}`);
  const given = options.dynamicRange ?? null;
  if (given !== null && !(given > 0 && Number.isFinite(given))) {
    throw new InputError('ssim', `the dynamic range L must be a positive number, not ${given}`);
  }
  const kernel = gaussianKernel(sigma, TRUNCATE);
  const r = (kernel.length - 1) / 2;
  let constants: { c1: number; c2: number } | null = given === null ? null : { c1: (0.01 * given) ** 2, c2: (0.03 * given) ** 2 };

  return {
    halo: r,
    // The data range of floating-point pairs is measured in one pass.
    fitReadsPixels: true,
    unit: '1 − SSIM',
    async fit(m: MethodContext) {
      let L = given;
      let basis = 'option';
      if (L === null) {
        const ranges = [m.pair.before.info.dtype, m.pair.after.info.dtype].map((t) => INTEGER_RANGE[t]);
        if (m.integer && ranges[0] !== undefined && ranges[1] !== undefined) {
          L = Math.max(ranges[0], ranges[1]);
          basis = 'data type';
        } else {
          const { min, max } = await dataRange(m);
          L = max > min ? max - min : 1;
          basis = 'data range';
        }
      }
      constants = { c1: (0.01 * L) ** 2, c2: (0.03 * L) ** 2 };
      return { sigma, window: kernel.length, dynamicRange: L, dynamicRangeBasis: basis, ...constants };
    },
    magnitude(strip: PairStrip, out: Float32Array) {
      if (!constants) throw new Error('ssim: fit() must run before magnitude()');
      const { c1, c2 } = constants;
      const { width: w, rows, haloTop } = strip;
      const n = haloTop + rows + strip.haloBottom;
      const bands = strip.a.length;
      const valid = jointValidity(strip);
      const padded = new Float64Array(w + 2 * r);
      const [vw, sw, acc] = [0, 1, 2].map(() => new Float64Array(w));
      const vertical = Array.from({ length: 5 }, () => new Float64Array(w));
      const [sx, sy, sxx, syy, sxy] = Array.from({ length: 5 }, () => new Float64Array(w));
      for (let c = 0; c < rows; c++) {
        const wr = windowRows(c, haloTop, n, r);
        vw.fill(0);
        for (let k = 0; k < kernel.length; k++) for (let x = 0; x < w; x++) vw[x] += kernel[k] * valid[wr[k] * w + x];
        filterRow(sw, vw, kernel, padded);
        acc.fill(0);
        for (let band = 0; band < bands; band++) {
          verticalMoments(vertical, kernel, wr, strip.a[band], strip.b[band], valid);
          [sx, sy, sxx, syy, sxy].forEach((dst, q) => filterRow(dst, vertical[q], kernel, padded));
          for (let x = 0; x < w; x++) {
            const W = sw[x];
            const mx = sx[x] / W;
            const my = sy[x] / W;
            const varX = sxx[x] / W - mx * mx;
            const varY = syy[x] / W - my * my;
            const cov = sxy[x] / W - mx * my;
            acc[x] += 1 - ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (varX + varY + c2));
          }
        }
        const centre = (haloTop + c) * w;
        for (let x = 0; x < w; x++) out[c * w + x] = valid[centre + x] ? acc[x] / bands : NaN;
      }
    }
  };
}
