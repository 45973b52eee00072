import { predictPacked } from '../core/supervised/forest';
import type { CvaRules, Kernels } from './types';

/**
 * Plain TypeScript twins of the WASM kernels: the oracle in tests and the "plain JS" in the
 * benchmark. Each arithmetic step is rounded to f32 (Math.fround, or the store into a
 * Float32Array) as the kernels do, so every kernel but the log-ratio matches WASM bit for bit.
 * The log-ratio takes Math.log in f64 and rounds it; the WASM polynomial is within about an ulp.
 * `scale` and `logRatioAccumulate` round `k` and `eps` to f32 first, as the kernels receive them;
 * `threshold` compares in f64, which is the contract. The mask filters are written from their
 * definitions (a loop over every pixel of the structuring element or window), not from the
 * kernels' decompositions. `weightedMoments` is the two-pass textbook loop, in f64 in the kernel's
 * order, so it matches bit for bit.
 */
export const reference: Omit<Kernels, 'flavour'> = {
  absDiffAccumulate(out, a, b) {
    for (let i = 0; i < out.length; i++) out[i] += Math.abs(Math.fround(b[i] - a[i]));
  },

  squaredDiffAccumulate(out, a, b) {
    for (let i = 0; i < out.length; i++) {
      const d = Math.fround(b[i] - a[i]);
      out[i] += Math.fround(d * d);
    }
  },

  logRatioAccumulate(out, a, b, eps) {
    const e = Math.fround(eps);
    for (let i = 0; i < out.length; i++) {
      const vb = b[i];
      const va = a[i];
      const num = Math.fround((vb < 0 ? 0 : vb) + e); // max(v, 0) that keeps NaN (and −0), as f32x4.pmax
      const den = Math.fround((va < 0 ? 0 : va) + e);
      out[i] += Math.abs(Math.fround(Math.log(Math.fround(num / den))));
    }
  },

  cvaDirection(magnitude, angle, cls, a, b, rules) {
    for (let i = 0; i < magnitude.length; i++) {
      let sq = 0;
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let k = 0; k < a.length; k++) {
        const va = a[k][i];
        const vb = b[k][i];
        const d = Math.fround(vb - va);
        sq = Math.fround(sq + Math.fround(d * d));
        dot += va * vb;
        na += va * va;
        nb += vb * vb;
      }
      // Finite iff x − x is 0 (NaN and ±Infinity give NaN).
      if (!(na - na === 0 && nb - nb === 0)) {
        magnitude[i] = angle[i] = cls[i] = NaN;
        continue;
      }
      magnitude[i] = Math.sqrt(sq);
      angle[i] = na > 0 && nb > 0 ? Math.acos(Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb)))) : NaN;
      cls[i] = directionClass(a, b, i, rules);
    }
  },

  scale(out, k) {
    const k32 = Math.fround(k);
    for (let i = 0; i < out.length; i++) out[i] *= k32;
  },

  sqrt(out) {
    for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(out[i]);
  },

  minMax(data) {
    let min = Infinity;
    let max = -Infinity;
    let count = 0;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v < min) min = v;
      if (v > max) max = v;
      if (v === v) count++;
    }
    return { min: min + 0, max: max + 0, count }; // + 0 turns −0 into +0, as the kernel does
  },

  histogram(counts, data, min, max) {
    const bins = counts.length;
    if (bins === 0) return;
    const range = max - min;
    const last = bins - 1;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v !== v) continue;
      if (max === min) {
        counts[0]++;
        continue;
      }
      const f = Math.floor(((v - min) * bins) / range);
      counts[f >= last ? last : f > 0 ? f : 0]++;
    }
  },

  threshold(mask, data, t) {
    let ones = 0;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v !== v) mask[i] = 255;
      else if (v > t) {
        mask[i] = 1;
        ones++;
      } else mask[i] = 0;
    }
    return ones;
  },

  erodeDisk(out, src, width, top, radius) {
    return diskExtreme(out, src, width, top, radius, false);
  },

  dilateDisk(out, src, width, top, radius) {
    return diskExtreme(out, src, width, top, radius, true);
  },

  majority(out, src, width, top, size) {
    const h = (size - 1) / 2;
    const last = src.length / width - 1;
    let ones = 0;
    for (let i = 0; i < out.length; i++) {
      const [y, x] = [top + Math.floor(i / width), i % width];
      const centre = src[y * width + x];
      let votes = 0; // ones − zeros among the valid pixels of the window
      for (let sy = Math.max(0, y - h); sy <= Math.min(last, y + h); sy++) {
        for (let sx = Math.max(0, x - h); sx <= Math.min(width - 1, x + h); sx++) {
          const v = src[sy * width + sx];
          votes += v === 1 ? 1 : v === 0 ? -1 : 0;
        }
      }
      out[i] = centre === 255 ? 255 : votes > 0 ? 1 : votes < 0 ? 0 : centre;
      if (out[i] === 1) ones++;
    }
    return ones;
  },

  weightedMoments(mean, m2, variables, weights) {
    const dim = variables.length;
    mean.fill(0);
    m2.fill(0);
    let weight = 0;
    let count = 0;
    for (let p = 0; p < weights.length; p++) {
      const w = weights[p];
      if (!(w > 0)) continue;
      weight += w;
      count++;
      for (let j = 0; j < dim; j++) mean[j] += w * variables[j][p];
    }
    if (count === 0) return { weight, count };
    for (let j = 0; j < dim; j++) mean[j] /= weight;
    const d = new Float64Array(dim);
    for (let p = 0; p < weights.length; p++) {
      const w = weights[p];
      if (!(w > 0)) continue;
      for (let j = 0; j < dim; j++) d[j] = variables[j][p] - mean[j];
      for (let j = 0; j < dim; j++) for (let k = j; k < dim; k++) m2[j * dim + k] += w * d[j] * d[k];
    }
    for (let j = 1; j < dim; j++) for (let k = 0; k < j; k++) m2[j * dim + k] = m2[k * dim + j];
    return { weight, count };
  },

  forestPredict(out, features, featureCount, nodes, roots) {
    predictPacked(out, features, featureCount, nodes, roots);
  }
};

/** The minimum (erosion) or maximum (dilation) of the valid pixels at offsets dx² + dy² ≤ r²; nodata stays 255. */
function diskExtreme(out: Uint8Array, src: Uint8Array, width: number, top: number, r: number, dilate: boolean): number {
  const rows = src.length / width;
  const [rx, ry] = [Math.min(r, width - 1), Math.min(r, rows - 1)]; // no farther offset lands in src
  const disk: [number, number][] = [];
  for (let dy = -ry; dy <= ry; dy++) for (let dx = -rx; dx <= rx; dx++) if (dx * dx + dy * dy <= r * r) disk.push([dx, dy]);
  let ones = 0;
  for (let i = 0; i < out.length; i++) {
    const [y, x] = [top + Math.floor(i / width), i % width];
    let v = src[y * width + x];
    if (v !== 255) {
      for (const [dx, dy] of disk) {
        const [sx, sy] = [x + dx, y + dy];
        if (sx < 0 || sx >= width || sy < 0 || sy >= rows) continue;
        const s = src[sy * width + sx];
        if (s !== 255) v = dilate ? Math.max(v, s) : Math.min(v, s);
      }
    }
    out[i] = v;
    if (v === 1) ones++;
  }
  return ones;
}

function normalizedDifference(x: number, y: number): number {
  const sum = x + y;
  return sum === 0 || !Number.isFinite(sum) ? NaN : (x - y) / sum;
}

/** The CVA direction class of pixel i, the first rule that holds (see cvaDirection in types.ts). */
function directionClass(a: readonly Float32Array[], b: readonly Float32Array[], i: number, rules: CvaRules | null): number {
  if (rules) {
    const ndviLoss = normalizedDifference(a[rules.nir][i], a[rules.red][i]) - normalizedDifference(b[rules.nir][i], b[rules.red][i]);
    if (ndviLoss > 0) {
      let builtUp: boolean;
      if (rules.swir1 !== null) {
        builtUp = normalizedDifference(b[rules.swir1][i], b[rules.nir][i]) > normalizedDifference(a[rules.swir1][i], a[rules.nir][i]);
      } else {
        let gain = 0;
        for (const v of rules.visible) gain += b[v][i] - a[v][i];
        builtUp = gain > 0;
      }
      return builtUp ? 3 : 4;
    }
  }
  let rising = 0;
  let falling = 0;
  for (let band = 0; band < a.length; band++) {
    const delta = b[band][i] - a[band][i];
    if (delta > 0) rising++;
    else if (delta < 0) falling++;
  }
  if (rising > 0 && falling === 0) return 1;
  return falling > 0 && rising === 0 ? 2 : 0;
}
