/**
 * IR-MAD in three tiers: a one-band case computed by hand, known values from the independent
 * numpy/scipy implementation in tests/reference/irmad.py (committed in irmad.json), and edge
 * cases. Optional: the canonical correlations on the real Landsat pair in /work/shared/data/taizhou
 * against the same script run on those files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PairReader } from '../../src/lib/core/change/pair-reader';
import { irmad, type IrMadOptions } from '../../src/lib/core/change/methods/irmad';
import { openRaster } from '../../src/lib/core/io/open-raster';
import type { RasterSource } from '../../src/lib/core/raster';
import { loadKernels } from '../../src/lib/wasm/loader';
import type { Kernels } from '../../src/lib/wasm/types';
import reference from '../reference/irmad.json';
import { BANDS, HEIGHT, memorySource, syntheticPair, WIDTH } from '../reference/irmad-fixture';

/** The acceptance tolerance on ρ against the independent implementation (both f64; they agree far closer). */
const RHO_TOL = 1e-4;
/** Z and MADs at the sample pixels: relative / absolute. */
const Z_REL_TOL = 1e-4;
const MAD_TOL = 1e-4;

let kernels: Kernels;
beforeAll(async () => {
  kernels = await loadKernels();
});

/** fit, then the per-pixel pass, as detect will run it; `rows` overrides the strip height. */
async function analyse(before: RasterSource, after: RasterSource, options: IrMadOptions = {}, rows?: number) {
  const { width, height } = before.info;
  const pair = new PairReader(
    before,
    after,
    Array.from({ length: before.info.bands }, (_, i) => i + 1)
  );
  // PairReader picks the strip height from the image size; tests force other strip layouts.
  if (rows) Object.assign(pair, { rows });
  const method = irmad(options);
  const fit = await method.fit({ pair, kernels, ctx: {}, integer: false, bandNames: [] });
  const z = new Float32Array(width * height);
  const extras = method.outputs.map(() => new Float32Array(width * height));
  await pair.pass(
    (strip) => {
      const n = strip.rows * width;
      const out = new Float32Array(n);
      const stripExtras = extras.map(() => new Float32Array(n));
      method.magnitude(strip, out, stripExtras);
      z.set(out, strip.y0 * width);
      stripExtras.forEach((e, i) => extras[i].set(e, strip.y0 * width));
    },
    { stage: 'magnitude' }
  );
  return { rho: fit.canonicalCorrelations, iterations: fit.iterations, converged: fit.converged, z, extras };
}

function sources(before: Float32Array[], after: Float32Array[], width: number, height: number): [RasterSource, RasterSource] {
  return [memorySource('before', width, height, before), memorySource('after', width, height, after)];
}

const synthetic = () => {
  const { before, after } = syntheticPair();
  return sources(before, after, WIDTH, HEIGHT);
};

function expectClose(actual: readonly number[], expected: readonly number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThan(tol));
}

describe('IR-MAD, hand-computed', () => {
  // pNoChange is checked against scipy.stats.chi2 on the synthetic pair below.
  it('one band, one iteration: ρ = |corr(x, y)| and Z = (MAD/σ)² with σ² = 2(1 − ρ)', async () => {
    // x = 1 2 3 4 (mean 2.5, var 1.25), y = 1 3 2 6 (mean 3, var 3.5), cov = 7/4 → ρ² = 3.0625/4.375 = 0.7.
    const [b, a] = sources([Float32Array.of(1, 2, 3, 4)], [Float32Array.of(1, 3, 2, 6)], 2, 2);
    const r = await analyse(b, a, { maxIterations: 1, lambda: 0 });
    expect(r.rho[0]).toBeCloseTo(Math.sqrt(0.7), 12);
    const sigma2 = 2 * (1 - Math.sqrt(0.7));
    const mad0 = -1.5 / Math.sqrt(1.25) + 2 / Math.sqrt(3.5);
    expect(r.extras[0][0]).toBeCloseTo(mad0, 6);
    expect(r.z[0]).toBeCloseTo((mad0 * mad0) / sigma2, 5);
  });
});

describe('IR-MAD against the independent numpy/scipy implementation (tests/reference/irmad.json)', () => {
  it('evaluates the same synthetic pair as the script', () => {
    const { before, after } = syntheticPair();
    const sum = (bands: Float32Array[]) => bands.reduce((s, b) => s + b.reduce((t, v) => (Number.isNaN(v) ? t : t + v), 0), 0);
    expect(sum(before)).toBeCloseTo(reference.fixture.beforeSum, 6);
    expect(sum(after)).toBeCloseTo(reference.fixture.afterSum, 6);
    let nodata = 0;
    for (let p = 0; p < WIDTH * HEIGHT; p++) if ([...before, ...after].some((b) => Number.isNaN(b[p]))) nodata++;
    expect(nodata).toBe(reference.fixture.nodataPixels);
    expect(BANDS).toBe(reference.fixture.bands);
  });

  it.each([0, undefined])('first iteration (unweighted CCA), lambda %s: ρ within 1e-4', async (lambda) => {
    const r = await analyse(...synthetic(), { maxIterations: 1, lambda });
    expectClose(r.rho, reference.rhoFirst, RHO_TOL);
    expect(r.iterations).toBe(1);
  });

  it.each([0, undefined])('converged, lambda %s: ρ within 1e-4, same iteration count', async (lambda) => {
    const r = await analyse(...synthetic(), { lambda });
    expectClose(r.rho, reference.rho, RHO_TOL);
    expect(r.iterations).toBe(reference.iterations);
    expect(r.converged).toBe(reference.converged);
    expect(r.rho).toEqual([...r.rho].sort((a, b) => a - b));
  });

  it('gives the same Z, pNoChange and MADs (signs included) at the sample pixels', async () => {
    const r = await analyse(...synthetic(), { lambda: 0 });
    for (const px of reference.pixels) {
      const p = px.y * WIDTH + px.x;
      if (px.z === null) {
        expect(r.z[p]).toBeNaN();
        r.extras.forEach((e) => expect(e[p]).toBeNaN());
        continue;
      }
      expect(Math.abs(r.z[p] - px.z) / px.z, `Z at (${px.x}, ${px.y})`).toBeLessThan(Z_REL_TOL);
      expect(r.extras[BANDS][p]).toBeCloseTo(px.pNoChange!, 5);
      expectClose(
        Array.from(r.extras.slice(0, BANDS), (e) => e[p]),
        px.mads as number[],
        MAD_TOL
      );
    }
  });
});

describe('IR-MAD, stability and nodata', () => {
  it('gives identical results on a second run and with another strip height (no sign flips)', async () => {
    const first = await analyse(...synthetic());
    const again = await analyse(...synthetic());
    const strips = await analyse(...synthetic(), {}, 7);
    expect(again.rho).toEqual(first.rho);
    expect(again.extras).toEqual(first.extras);
    expectClose(strips.rho, first.rho, 1e-12);
    for (let i = 0; i < BANDS; i++) {
      const worst = first.extras[i].reduce((m, v, p) => (Number.isNaN(v) ? m : Math.max(m, Math.abs(v - strips.extras[i][p]))), 0);
      expect(worst, `mad${i + 1}`).toBeLessThan(1e-5);
    }
  });

  it('ignores nodata pixels: extra NaN columns change nothing', async () => {
    const { before, after } = syntheticPair();
    const extra = 5;
    const widen = (bands: Float32Array[], fill: (x: number, y: number, k: number) => number) =>
      bands.map((band, k) => {
        const out = new Float32Array((WIDTH + extra) * HEIGHT);
        for (let y = 0; y < HEIGHT; y++) {
          out.set(band.subarray(y * WIDTH, (y + 1) * WIDTH), y * (WIDTH + extra));
          for (let x = WIDTH; x < WIDTH + extra; x++) out[y * (WIDTH + extra) + x] = fill(x, y, k);
        }
        return out;
      });
    // Valid in the before image, NaN in one after band only: still excluded everywhere.
    const wideBefore = widen(before, (x, y, k) => 1000 * k + x * y);
    const wideAfter = widen(after, (x, y, k) => (k === 2 ? NaN : 500 - x - y));
    const base = await analyse(...synthetic());
    const wide = await analyse(...sources(wideBefore, wideAfter, WIDTH + extra, HEIGHT));
    expectClose(wide.rho, base.rho, 1e-12);
    expect(wide.iterations).toBe(base.iterations);
    for (let y = 0; y < HEIGHT; y++) for (let x = WIDTH; x < WIDTH + extra; x++) expect(wide.z[y * (WIDTH + extra) + x]).toBeNaN();
  });
});

describe('IR-MAD, degenerate input', () => {
  const noise = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => (Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453) % 1);

  it('identical images: every ρ ≈ 1, Z = 0 and pNoChange = 1', async () => {
    const { before } = syntheticPair();
    const r = await analyse(
      ...sources(
        before,
        before.map((b) => b.slice()),
        WIDTH,
        HEIGHT
      )
    );
    r.rho.forEach((rho) => expect(rho).toBeGreaterThan(1 - 1e-6));
    r.z.forEach((z) => Number.isNaN(z) || expect(z).toBe(0));
    r.extras[BANDS].forEach((p) => Number.isNaN(p) || expect(p).toBe(1));
  });

  it('a constant band: ρ = 0 for it with the default ridge, a clear error with lambda = 0', async () => {
    const { before, after } = syntheticPair();
    before[1].fill(7);
    const r = await analyse(...sources(before, after, WIDTH, HEIGHT));
    expect(r.rho[0]).toBe(0);
    expect(r.rho.slice(1).every((rho) => rho > 0.3)).toBe(true);
    expect(r.z.some((z) => Number.isFinite(z))).toBe(true);
    await expect(analyse(...sources(before, after, WIDTH, HEIGHT), { lambda: 0 })).rejects.toThrow(
      'IR-MAD: the band covariance of the before image is singular'
    );
  });

  it('exactly collinear bands (a grey image as RGB) are solvable with the default ridge', async () => {
    const n = 32 * 32;
    const grey = noise(n, 1);
    const other = noise(n, 2);
    const greyAfter = grey.map((v, i) => 0.8 * v + 0.1 * other[i]);
    const r = await analyse(...sources([grey, grey.slice(), grey.slice()], [greyAfter, greyAfter.slice(), greyAfter.slice()], 32, 32));
    expect(r.rho.slice(0, 2)).toEqual([0, 0]);
    expect(r.rho[2]).toBeGreaterThan(0.9);
    expect(r.z.every((z) => Number.isFinite(z))).toBe(true);
  });

  it('no pixel valid in both images: a clear error', async () => {
    const { before, after } = syntheticPair();
    before[0].fill(NaN);
    await expect(analyse(...sources(before, after, WIDTH, HEIGHT))).rejects.toThrow('IR-MAD: no pixel is valid in both images');
  });

  it('rejects invalid options and a magnitude call before fit', () => {
    expect(() => irmad({ maxIterations: 0 })).toThrow(RangeError);
    expect(() => irmad({ tolerance: -1 })).toThrow(RangeError);
    expect(() => irmad({ lambda: NaN })).toThrow(RangeError);
    const strip = { width: WIDTH, y0: 0, rows: 1, haloTop: 0, haloBottom: 0, a: [new Float32Array(WIDTH)], b: [new Float32Array(WIDTH)] };
    expect(() => irmad().magnitude(strip, new Float32Array(WIDTH), [])).toThrow('fit must run before magnitude');
  });

  it('reports its outputs and degrees of freedom once fitted', async () => {
    const pair = new PairReader(...synthetic(), [1, 2, 3, 4]);
    const method = irmad({ maxIterations: 2 });
    expect(method.outputs).toEqual([]);
    const fit = await method.fit({ pair, kernels, ctx: {}, integer: false, bandNames: [] });
    expect(method.outputs).toEqual(['mad1', 'mad2', 'mad3', 'mad4', 'pNoChange']);
    expect(method.chiSquareDf).toBe(4);
    expect(method.unit).toBe('χ² (Z)');
    expect(fit).toMatchObject({ iterations: 2, converged: false, lambda: 1e-6 });
  });
});

const tool = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const TAIZHOU = process.env.SITEWATCH_TAIZHOU_DATA ?? '/work/shared/data/taizhou';
const SCRIPT = fileURLToPath(new URL('../reference/irmad.py', import.meta.url));
const taizhouSkip = !existsSync(TAIZHOU)
  ? `${TAIZHOU} is absent (optional real data)`
  : !tool('python3', ['-c', 'import numpy, scipy']) || !tool('gdalinfo', ['--version'])
    ? 'the reference needs python3 with numpy + scipy and GDAL'
    : null;
if (taizhouSkip) console.log(`irmad taizhou check: skipped, ${taizhouSkip}`);

describe.skipIf(taizhouSkip !== null)('IR-MAD on the real Landsat pair (Taizhou, 6 bands) against tests/reference/irmad.py', () => {
  it('canonical correlations agree to 1e-4, first and last iteration', async () => {
    const files = ['before_2000.tif', 'after_2003.tif'].map((f) => `${TAIZHOU}/${f}`);
    const python = JSON.parse(execFileSync('python3', [SCRIPT, ...files], { encoding: 'utf8' }));
    const [before, after] = await Promise.all(files.map((f) => openRaster(new Blob([readFileSync(f)]), f)));
    const first = await analyse(before, after, { maxIterations: 1 });
    const last = await analyse(before, after);
    console.log(`taizhou ρ (TS):     ${last.rho.map((r) => r.toFixed(6)).join(' ')} after ${last.iterations} iterations`);
    console.log(`taizhou ρ (python): ${python.rho.map((r: number) => r.toFixed(6)).join(' ')} after ${python.iterations} iterations`);
    expectClose(first.rho, python.rhoFirst, RHO_TOL);
    expectClose(last.rho, python.rho, RHO_TOL);
    expect(last.iterations).toBe(python.iterations);
  });
});
