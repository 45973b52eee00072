import type { Kernels } from './types';

/**
 * Plain TypeScript twins of the WASM kernels: the oracle in tests and the "plain JS" in the
 * benchmark. Each arithmetic step is rounded to f32 (Math.fround, or the store into a
 * Float32Array) as the kernels do, so every kernel but the log-ratio matches WASM bit for bit.
 * The log-ratio takes Math.log in f64 and rounds it; the WASM polynomial is within about an ulp.
 * `scale` and `logRatioAccumulate` round `k` and `eps` to f32 first, as the kernels receive them;
 * `threshold` compares in f64, which is the contract.
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
  }
};
