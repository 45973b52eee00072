import { describe, expect, it } from 'vitest';
import { fft2, toComplex } from '../../src/lib/core/align/fft2';
import { phaseCorrelate, windowed } from '../../src/lib/core/align/phase-correlation';
import { continuousScene, render } from './imagery';

/** The image circularly shifted by (dx, dy) through its Fourier transform: exact for any fraction. */
function fourierShift(img: Float32Array, n: number, dx: number, dy: number): Float64Array {
  const c = toComplex(img);
  fft2(c, n, n);
  for (let l = 0; l < n; l++) {
    const fy = l < n / 2 ? l : l - n;
    for (let k = 0; k < n; k++) {
      const fx = k < n / 2 ? k : k - n;
      const a = (-2 * Math.PI * (fx * dx + fy * dy)) / n;
      const i = 2 * (l * n + k);
      const [re, im] = [c[i], c[i + 1]];
      c[i] = re * Math.cos(a) - im * Math.sin(a);
      c[i + 1] = re * Math.sin(a) + im * Math.cos(a);
    }
  }
  fft2(c, n, n, true);
  return Float64Array.from({ length: n * n }, (_, i) => c[2 * i]);
}

describe('phase correlation with upsampled-DFT refinement', () => {
  const n = 128;
  const img = render(continuousScene(7, n, 200), n, n);

  it('finds an integer circular shift exactly, with a peak of 1', () => {
    const moved = fourierShift(img, n, 5, -3);
    const r = phaseCorrelate(windowed(img, n, n, false), windowed(moved, n, n, false), n, n);
    expect(r.dx).toBeCloseTo(5, 6);
    expect(r.dy).toBeCloseTo(-3, 6);
    expect(r.peak).toBeGreaterThan(0.999);
  });

  it.each([
    [0.37, -1.81],
    [-12.25, 3.5],
    [0.05, 0.95]
  ])('finds a sub-pixel Fourier shift (%f, %f) within 0.02 px', (dx, dy) => {
    const moved = fourierShift(img, n, dx, dy);
    const r = phaseCorrelate(windowed(img, n, n, false), windowed(moved, n, n, false), n, n);
    expect(Math.abs(r.dx - dx)).toBeLessThan(0.02);
    expect(Math.abs(r.dy - dy)).toBeLessThan(0.02);
  });

  // The fixed window pulls the estimate towards zero by up to ~10 % of the shift; coregistration
  // therefore re-warps and re-estimates until the residual is a few hundredths of a pixel.
  it('finds a shift of a non-periodic scene through a Hann window to within 0.25 px', () => {
    const scene = continuousScene(11, 256, 400);
    const a = render(scene, n, n, (x, y) => [x + 40, y + 40]);
    const b = render(scene, n, n, (x, y) => [x + 40 - 2.3, y + 40 + 0.7]);
    const r = phaseCorrelate(windowed(a, n, n), windowed(b, n, n), n, n);
    expect(Math.abs(r.dx - 2.3)).toBeLessThan(0.25);
    expect(Math.abs(r.dy + 0.7)).toBeLessThan(0.25);
    expect(r.peakRatio).toBeGreaterThan(5);
  });

  it('gives no distinct peak for unrelated images', () => {
    const other = render(continuousScene(99, n, 200), n, n);
    const r = phaseCorrelate(windowed(img, n, n), windowed(other, n, n), n, n);
    expect(r.peakRatio).toBeLessThan(2);
  });
});
