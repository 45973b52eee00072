/**
 * The image files of the generated lessons, made from the project's seeded scene generators so
 * they are byte-identical wherever they are built (scripts/gen-lessons.js writes them under
 * static/lessons/ at build time; they are never committed). The Landsat lesson's files are real
 * imagery and are committed as they are (static/lessons/taizhou/).
 */
import { encodeGeoTiff, geoInfoFor } from '../core/io/tiff-writer';
import { generateScene, type Scene, type SceneOptions } from '../core/scene/scene';
import { generateSpeckleScene, SPECKLE_LESSON } from '../core/scene/speckle';

/** The crossing lesson: the demo's 6.4 km × 4 km footprint at 8 m, small enough to re-score live. */
export const CROSSING_SCENE: SceneOptions = { seed: 2024, width: 800, height: 500, bands: 4, pixelSizeM: 8, noiseSigma: 3 };
/** The threshold lesson: another seed, three bands and a noisier sensor, so the rules disagree. */
export const THRESHOLD_SCENE: SceneOptions = { seed: 1979, width: 600, height: 400, bands: 3, pixelSizeM: 8, noiseSigma: 7 };
/** How far the after image of the misregistration lesson is off, in pixels (x, y). */
export const MISREGISTRATION_SHIFT = [3, 2] as const;

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

/** The window [dx, dx + w) × [dy, dy + h) of each band. */
function crop(bands: Uint8Array[], width: number, dx: number, dy: number, w: number, h: number): Uint8Array[] {
  return bands.map((band) => {
    const out = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) out.set(band.subarray((y + dy) * width + dx, (y + dy) * width + dx + w), y * w);
    return out;
  });
}

/**
 * The crossing pair with the after image read `shift` pixels off: both files claim the same
 * georeferencing, as when one image's orbit or terrain model was wrong. The truth stays on the
 * before image's grid — the ground changed there, wherever the after image puts it.
 */
function misregistered(s: Scene, [dx, dy]: readonly [number, number]): Scene {
  const w = s.width - dx;
  const h = s.height - dy;
  return {
    ...s,
    width: w,
    height: h,
    before: crop(s.before, s.width, 0, 0, w, h),
    after: crop(s.after, s.width, dx, dy, w, h),
    truth: crop([s.truth], s.width, 0, 0, w, h)[0],
    sites: []
  };
}

/** Every generated lesson file. */
export function generateLessonFiles(): LessonFile[] {
  const crossing = generateScene(CROSSING_SCENE);
  const speckle = generateSpeckleScene(SPECKLE_LESSON);
  // Sentinel-1-like 10 m pixels in UTM 33N, so areas come out in hectares.
  const sarTransform: Transform = [500000, 10, 0, 5000000, 0, -10];
  const sar = (bands: Uint8Array[], name: string) => tiff(speckle.width, speckle.height, bands, [name], 32633, sarTransform);
  return [
    ...sceneFiles('crossing', crossing),
    ...sceneFiles('thresholds', generateScene(THRESHOLD_SCENE)),
    ...sceneFiles('misregistration', misregistered(crossing, MISREGISTRATION_SHIFT)).filter((f) => !f.path.endsWith('sites.json')),
    { path: 'speckle/before.tif', bytes: sar([speckle.before], 'VV amplitude') },
    { path: 'speckle/after.tif', bytes: sar([speckle.after], 'VV amplitude') },
    { path: 'speckle/truth.tif', bytes: sar([speckle.truth], 'truth: 1 changed') }
  ];
}
