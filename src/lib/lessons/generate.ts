/**
 * The image files of the generated lessons, made from the project's seeded scene generators so
 * they are byte-identical wherever they are built (scripts/gen-lessons.js writes them under
 * static/lessons/ at build time; they are never committed). The Landsat lesson's files are real
 * imagery and are committed as they are (static/lessons/taizhou/).
 */
import { applyAffine, similarityAbout } from '../core/align/affine';
import { resample } from '../core/align/resample';
import { encodeGeoTiff, geoInfoFor } from '../core/io/tiff-writer';
import { Sfc32 } from '../core/scene/prng';
import { generateScene, type Scene, type SceneOptions } from '../core/scene/scene';
import { expose } from '../core/scene/sensor';
import { generateSpeckleScene, SPECKLE_LESSON } from '../core/scene/speckle';
import { MISREGISTRATION } from './catalog';

/** The crossing lesson: the demo's 6.4 km × 4 km footprint at 8 m, small enough to re-score live. */
export const CROSSING_SCENE: SceneOptions = { seed: 2024, width: 800, height: 500, bands: 4, pixelSizeM: 8, noiseSigma: 3 };
/** The threshold lesson: another seed, three bands and a noisier sensor, so the rules disagree. */
export const THRESHOLD_SCENE: SceneOptions = { seed: 1979, width: 600, height: 400, bands: 3, pixelSizeM: 8, noiseSigma: 7 };
/** The PRNG stream of the misregistered after image's own noise (the scene uses 41–43). */
const MISREGISTRATION_NOISE_STREAM = 44;

export interface LessonFile {
  /** Relative to static/lessons/. */
  path: string;
  bytes: Uint8Array;
}

type Transform = [number, number, number, number, number, number];

function tiff(width: number, height: number, bands: Uint8Array[], bandNames: string[], epsg: number, transform: Transform): Uint8Array {
  return encodeGeoTiff({
    width,
    height,
    bands,
    dtype: 'uint8',
    geo: geoInfoFor(epsg, transform),
    nodata: null,
    compression: 'deflate',
    predictor: true,
    bandNames
  });
}

function sceneFiles(dir: string, s: Scene): LessonFile[] {
  const t = (bands: Uint8Array[], names: string[]) => tiff(s.width, s.height, bands, names, s.epsg, s.transform);
  return [
    { path: `${dir}/before.tif`, bytes: t(s.before, s.bandNames) },
    { path: `${dir}/after.tif`, bytes: t(s.after, s.bandNames) },
    { path: `${dir}/truth.tif`, bytes: t([s.truth], ['truth: 1 changed']) },
    {
      path: `${dir}/sites.json`,
      bytes: new TextEncoder().encode(JSON.stringify({ crs: `EPSG:${s.epsg}`, transform: s.transform, sites: s.sites }, null, 2) + '\n')
    }
  ];
}

/** The window [x0, x0 + w) × [y0, y0 + h) of each band. */
function crop(bands: Uint8Array[], width: number, x0: number, y0: number, w: number, h: number): Uint8Array[] {
  return bands.map((band) => {
    const out = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) out.set(band.subarray((y + y0) * width + x0, (y + y0) * width + x0 + w), y * w);
    return out;
  });
}

/**
 * The crossing pair with the after image read off by a known shift and rotation: both files claim
 * the same georeferencing, as when one image's orbit or terrain model was wrong. The after image
 * is resampled (bilinear) from the crossing's noise-free after image, then gets its own sensor
 * noise, as a sensor adds it on its own grid; the truth stays on the before image's grid — the
 * ground changed there, wherever the after image puts it.
 */
function misregistered(noisy: Scene, clean: Scene, noiseSigma: number, seed: number): Scene {
  const s = noisy;
  const { shiftPx, rotationDeg, margin } = MISREGISTRATION;
  const w = s.width - 2 * margin;
  const h = s.height - 2 * margin;
  // Grid pixel (x, y) is scene pixel (x + margin, y + margin); after shows the scene at A(that).
  const a = similarityAbout(-rotationDeg, 1, [s.width / 2, s.height / 2], shiftPx[0], shiftPx[1]);
  const win = { y0: 0, rows: s.height, width: s.width, height: s.height, bands: clean.after.map((b) => Float32Array.from(b)) };
  const u = new Float64Array(w);
  const v = new Float64Array(w);
  const row = s.after.map(() => new Float32Array(w));
  const after = s.after.map(() => new Uint8ClampedArray(w * h));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) [u[x], v[x]] = applyAffine(a, x + margin + 0.5, y + margin + 0.5);
    resample(win, u, v, w, 'bilinear', row);
    row.forEach((r, b) => after[b].set(r, y * w));
  }
  const noise = new Sfc32(seed, MISREGISTRATION_NOISE_STREAM);
  for (const band of after) expose(band, { gain: 1, offset: 0 }, noiseSigma, noise);
  const [t0, t1, t2, t3, t4, t5] = s.transform;
  return {
    ...s,
    width: w,
    height: h,
    before: crop(s.before, s.width, margin, margin, w, h),
    after: after.map((b) => new Uint8Array(b.buffer)),
    truth: crop([s.truth], s.width, margin, margin, w, h)[0],
    transform: [t0 + margin * t1, t1, t2, t3 + margin * t5, t4, t5],
    sites: []
  };
}

/** Every generated lesson file. */
export function generateLessonFiles(): LessonFile[] {
  const crossing = generateScene(CROSSING_SCENE);
  const crossingClean = generateScene({ ...CROSSING_SCENE, noiseSigma: 0 });
  const speckle = generateSpeckleScene(SPECKLE_LESSON);
  // Sentinel-1-like 10 m pixels in UTM 33N, so areas come out in hectares.
  const sarTransform: Transform = [500000, 10, 0, 5000000, 0, -10];
  const sar = (bands: Uint8Array[], name: string) => tiff(speckle.width, speckle.height, bands, [name], 32633, sarTransform);
  return [
    ...sceneFiles('crossing', crossing),
    ...sceneFiles('thresholds', generateScene(THRESHOLD_SCENE)),
    ...sceneFiles('misregistration', misregistered(crossing, crossingClean, CROSSING_SCENE.noiseSigma, CROSSING_SCENE.seed)).filter(
      (f) => !f.path.endsWith('sites.json')
    ),
    { path: 'speckle/before.tif', bytes: sar([speckle.before], 'VV amplitude') },
    { path: 'speckle/after.tif', bytes: sar([speckle.after], 'VV amplitude') },
    { path: 'speckle/truth.tif', bytes: sar([speckle.truth], 'truth: 1 changed') }
  ];
}
