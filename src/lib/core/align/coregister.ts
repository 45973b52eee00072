/**
 * Automatic co-registration of *after* to *before*: coarse rotation, scale and translation on
 * overviews (Fourier–Mellin, then phase correlation), then local refinement on a grid of
 * full-resolution windows, each phase-correlated to a fraction of a pixel (upsampled DFT), fitted
 * to an affine with outlier rejection (in the spirit of AROSICS: Scheffler et al. 2017,
 * doi:10.3390/rs9070676), re-warped and re-measured until the windows agree. The windows that
 * agree, and how well, give a reliability; a pair with too little in common is reported as
 * unreliable rather than given a wrong transform.
 */
import { throwIfAborted, type RasterInfo, type RasterSource, type RunContext } from '../raster';
import { composeAffine, IDENTITY, invertAffine, rotationScaleOf, similarityAbout, type Affine } from './affine';
import { alignedSource } from './aligned-source';
import { nextPow2 } from './fft2';
import { fourierMellin } from './fourier-mellin';
import { afterAffine, affineMapping, mapRows, type PixelMapping } from './mapping';
import { bandMean, cropColumns, overview, type Gray } from './overview';
import { hann, phaseCorrelate, windowed } from './phase-correlation';
import { resample } from './resample';
import { robustAffine } from './robust-affine';

/** Side of the overview canvas for the coarse search. */
export const COARSE_SIZE = 512;
/** Largest side of a refinement window. */
export const WINDOW_SIZE = 256;
/** A window's correlation counts only when its peak stands this far above the next one. */
export const MIN_PEAK_RATIO = 3;
/** Below this fraction of agreeing windows (or fewer than MIN_INLIERS) the alignment is unreliable. */
export const MIN_RELIABILITY = 0.5;
export const MIN_INLIERS = 4;
/** Above this residual (px) the alignment is unreliable. */
export const MAX_RESIDUAL_PX = 1;

export interface Coregistration {
  /**
   * The estimated correction in before's pixels: before at p shows what the presented after
   * (after through the initial mapping, or after itself) shows at correction(p).
   */
  correction: Affine;
  /** The full mapping from before's pixels to after's. */
  mapping: PixelMapping;
  /** Presented after at (x, y) shows what before shows at (x + dx, y + dy), at before's centre. */
  shiftPx: [number, number];
  /** Rotation (counter-clockwise on screen) and scale of after's content relative to before. */
  rotationDeg: number;
  scale: number;
  /** Fraction of the measured windows that agree with the fit, in [0, 1]. */
  reliability: number;
  reliable: boolean;
  /** RMS distance (px) between the agreeing windows' shifts and the fitted affine. */
  residualPx: number;
  windows: { measured: number; inliers: number };
  /** Why the alignment is unreliable, when it is. */
  reason: string | null;
}

/** A gray image mean-removed and tapered by a Hann window over its own extent, centred in an n × n canvas. */
function embed(g: Gray, n: number): Float64Array {
  let sum = 0;
  let count = 0;
  for (const v of g.data) if (v === v) ((sum += v), count++);
  const mean = count ? sum / count : 0;
  const wx = hann(g.width);
  const wy = hann(g.height);
  const ox = (n - g.width) >> 1;
  const oy = (n - g.height) >> 1;
  const out = new Float64Array(n * n);
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      const v = g.data[y * g.width + x];
      if (v === v) out[(y + oy) * n + x + ox] = (v - mean) * wx[x] * wy[y];
    }
  }
  return out;
}

/** `src` seen through affine `a` (output pixel → src pixel), on a width × height grid, bilinear. */
function warp(src: Gray, a: Affine, width: number, height: number): Gray {
  const n = width * height;
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  mapRows(affineMapping(a), 0, height, width, u, v);
  const data = new Float32Array(n);
  resample({ y0: 0, rows: src.height, width: src.width, height: src.height, bands: [src.data] }, u, v, n, 'bilinear', [data]);
  return { data, width, height };
}

const scaleAffine = (f: number): Affine => [0, f, 0, 0, 0, f];

/**
 * Coarse similarity (before pixel → presented pixel) from overviews: Fourier–Mellin for rotation
 * and scale (θ and θ + 180°, and no rotation at all, each tried), then phase correlation for the
 * translation; the candidate with the clearest translation peak wins.
 */
async function coarseSimilarity(before: RasterSource, presented: RasterSource, ctx: RunContext): Promise<{ affine: Affine; peakRatio: number }> {
  const dims = [before.info.width, before.info.height, presented.info.width, presented.info.height];
  const factor = Math.max(1, Math.ceil(Math.max(...dims) / COARSE_SIZE));
  const b = await overview(before, factor, ctx.signal);
  const p = await overview(presented, factor, ctx.signal);
  const n = nextPow2(Math.max(b.width, b.height, p.width, p.height));
  const eb = embed(b, n);
  const fm = fourierMellin(eb, embed(p, n), n);
  const cb: [number, number] = [b.width / 2, b.height / 2];
  const candidates: [number, number][] = [
    [0, 1],
    [fm.rotationDeg, fm.scale],
    [fm.rotationDeg + 180, fm.scale]
  ];
  let best = { affine: IDENTITY, peakRatio: -Infinity };
  for (const [rotation, scale] of candidates) {
    throwIfAborted(ctx.signal);
    const t = similarityAbout(rotation, scale, cb, p.width / 2 - cb[0], p.height / 2 - cb[1]);
    const warped = warp(p, t, b.width, b.height);
    const pc = phaseCorrelate(eb, embed(warped, n), n, n, { upsample: 10 });
    if (pc.peakRatio > best.peakRatio) best = { affine: composeAffine(t, [pc.dx, 1, 0, pc.dy, 0, 1]), peakRatio: pc.peakRatio };
  }
  return { affine: composeAffine(scaleAffine(factor), composeAffine(best.affine, scaleAffine(1 / factor))), peakRatio: best.peakRatio };
}

interface Window {
  x0: number;
  y0: number;
  before: Gray;
}

/** Low-pass of the window correlations, as a fraction of Nyquist (see phaseCorrelate). */
export const LOWPASS = 0.5;
/** Most refinement windows measured. */
export const MAX_WINDOWS = 25;

/**
 * Refinement windows: squares of before (WINDOW_SIZE, halved down to 64 px when the overlap is
 * small) whose ground lies inside after by `mapping`, on a half-window lattice, thinned to at
 * most MAX_WINDOWS spread over the overlap by farthest-point sampling; their pixels read once.
 */
async function selectWindows(before: RasterSource, after: RasterInfo, mapping: PixelMapping, ctx: RunContext): Promise<{ size: number; windows: Window[] }> {
  const { width, height, bands } = before.info;
  for (let size = WINDOW_SIZE; size >= 64; size /= 2) {
    if (size > Math.min(width, height)) continue;
    const starts = (extent: number) => {
      const out: number[] = [];
      for (let v = 0; v + size <= extent; v += size / 2) out.push(v);
      if (out.at(-1)! + size < extent) out.push(extent - size);
      return out;
    };
    const kept: [number, number][] = [];
    for (const y0 of starts(height)) {
      for (const x0 of starts(width)) {
        const probes = [0.02, 0.5, 0.98].flatMap((fy) => [0.02, 0.5, 0.98].map((fx) => [x0 + fx * size, y0 + fy * size]));
        const x = Float64Array.from(probes, (p) => p[0]);
        const y = Float64Array.from(probes, (p) => p[1]);
        mapping.map(x, y, probes.length);
        if (probes.every((_, i) => x[i] >= 0 && x[i] < after.width && y[i] >= 0 && y[i] < after.height)) kept.push([x0, y0]);
      }
    }
    if (kept.length < (size > 64 ? 9 : MIN_INLIERS)) continue;
    const chosen = farthestPoints(kept, MAX_WINDOWS);
    const all = Array.from({ length: bands }, (_, b) => b);
    const windows: Window[] = [];
    const rowsAt = [...new Set(chosen.map(([, y0]) => y0))].sort((a, b) => a - b);
    for (const [k, y0] of rowsAt.entries()) {
      throwIfAborted(ctx.signal);
      const rows = await before.readRows(y0, size, all, ctx.signal);
      for (const [x0] of chosen.filter(([, wy]) => wy === y0)) windows.push({ x0, y0, before: cropColumns(rows, width, size, x0, size) });
      ctx.onProgress?.({ stage: 'align: reading windows', done: k + 1, total: rowsAt.length });
    }
    return { size, windows };
  }
  return { size: 0, windows: [] };
}

/** Up to `count` of the points, spread out: start from the one nearest the centroid, then always the farthest from those taken. */
function farthestPoints(points: [number, number][], count: number): [number, number][] {
  if (points.length <= count) return points;
  const cx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const cy = points.reduce((s, p) => s + p[1], 0) / points.length;
  let first = 0;
  for (let i = 1; i < points.length; i++)
    if (Math.hypot(points[i][0] - cx, points[i][1] - cy) < Math.hypot(points[first][0] - cx, points[first][1] - cy)) first = i;
  const chosen = [points[first]];
  const dist = points.map((p) => Math.hypot(p[0] - points[first][0], p[1] - points[first][1]));
  while (chosen.length < count) {
    let far = 0;
    for (let i = 1; i < points.length; i++) if (dist[i] > dist[far]) far = i;
    chosen.push(points[far]);
    for (let i = 0; i < points.length; i++) dist[i] = Math.min(dist[i], Math.hypot(points[i][0] - points[far][0], points[i][1] - points[far][1]));
  }
  return chosen;
}

function nanFraction(g: Gray): number {
  let nan = 0;
  for (const v of g.data) if (v !== v) nan++;
  return nan / g.data.length;
}

/**
 * Co-registers `after` to `before`. `initial` (before pixel → after pixel, e.g. from the
 * georeferencing) is refined; without it after is searched for from scratch, rotation and scale
 * included.
 */
export async function coregister(before: RasterSource, after: RasterSource, initial: PixelMapping | null, ctx: RunContext = {}): Promise<Coregistration> {
  const presented = initial ? alignedSource(before.info, after, initial, 'bilinear') : after;
  const toAfter = (c: Affine): PixelMapping => (initial ? afterAffine(c, initial) : affineMapping(c));
  ctx.onProgress?.({ stage: 'align: coarse search', done: 0, total: 1 });
  const coarse = await coarseSimilarity(before, presented, ctx);
  let correction = coarse.affine;
  const { size, windows } = await selectWindows(before, after.info, toAfter(correction), ctx);
  const centres = windows.map((w) => [w.x0 + size / 2, w.y0 + size / 2] as [number, number]);
  let measured = 0;
  let fit: ReturnType<typeof robustAffine> = null;
  const allBands = Array.from({ length: after.info.bands }, (_, b) => b);
  const iterations = 4;
  for (let iter = 0; iter < iterations && windows.length > 0; iter++) {
    const mapping = toAfter(correction);
    const p: [number, number][] = [];
    const q: [number, number][] = [];
    for (const [k, w] of windows.entries()) {
      throwIfAborted(ctx.signal);
      const grid: RasterInfo = { ...before.info, width: size, height: size, geo: null };
      const local = afterAffine([w.x0, 1, 0, w.y0, 0, 1], mapping);
      const rows = await alignedSource(grid, after, local, 'cubic').readRows(0, size, allBands, ctx.signal);
      const moving: Gray = { data: bandMean(rows, size * size), width: size, height: size };
      if (nanFraction(w.before) > 0.2 || nanFraction(moving) > 0.2) continue;
      const pc = phaseCorrelate(windowed(w.before.data, size, size), windowed(moving.data, size, size), size, size, { upsample: 100, lowpass: LOWPASS });
      if (pc.peakRatio < MIN_PEAK_RATIO) continue;
      // moving(x) ≈ before(x − d)  ⇒  before(x) ≈ moving(x + d).
      p.push(centres[k]);
      q.push([centres[k][0] + pc.dx, centres[k][1] + pc.dy]);
      ctx.onProgress?.({ stage: 'align: refining', done: iter * windows.length + k + 1, total: iterations * windows.length });
    }
    measured = Math.max(measured, p.length);
    const step = robustAffine(p, q, iter === 0 ? 3 : 1, MIN_INLIERS);
    if (!step) {
      fit = null;
      break;
    }
    fit = step;
    correction = composeAffine(correction, step.affine);
    const moved = Math.max(
      ...p.map(([x, y]) =>
        Math.hypot(step.affine[0] + (step.affine[1] - 1) * x + step.affine[2] * y, step.affine[3] + step.affine[4] * x + (step.affine[5] - 1) * y)
      )
    );
    if (iter > 0 && moved < 0.005) break;
  }
  const inverse = invertAffine(correction);
  const cx = before.info.width / 2;
  const cy = before.info.height / 2;
  const shiftPx: [number, number] = [inverse[0] + inverse[1] * cx + inverse[2] * cy - cx, inverse[3] + inverse[4] * cx + inverse[5] * cy - cy];
  const { rotationDeg, scale } = rotationScaleOf(correction);
  const inliers = fit?.inliers.length ?? 0;
  const reliability = measured > 0 ? inliers / Math.max(measured, windows.length * 0.5) : 0;
  const residualPx = fit?.rmse ?? NaN;
  let reason: string | null = null;
  if (windows.length === 0) reason = 'the two have too little in common to refine (no 64 px window of before lies inside after)';
  else if (!fit || inliers < MIN_INLIERS) reason = `only ${inliers} of ${windows.length} windows could be matched`;
  else if (reliability < MIN_RELIABILITY) reason = `only ${inliers} of ${windows.length} windows agree on one transform`;
  else if (!(residualPx <= MAX_RESIDUAL_PX)) reason = `the agreeing windows still differ by ${residualPx.toFixed(2)} px`;
  return {
    correction,
    mapping: toAfter(correction),
    shiftPx,
    rotationDeg,
    scale,
    reliability: Math.min(1, reliability),
    reliable: reason === null,
    residualPx,
    windows: { measured, inliers },
    reason
  };
}
