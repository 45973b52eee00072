/**
 * A TIFF's internal mask (io/mask.ts): the first directory after the image with NewSubfileType 4
 * (mask, not a reduced-resolution overview), as GDAL finds it. It must lie on the image's grid
 * with one sample, or one per band, of 1 or 8 bits; it is validated and its blocks checked like
 * the image's, and any fault is an error naming the file and the mask's directory.
 */
import type { GeoTIFF } from 'geotiff';
import { InputError, throwIfAborted } from '../raster';
import { guardBlocks, oneLine } from './block-guard';
import type { ValidityMask } from './mask';
import type { ReadLimits } from './read-limits';
import { readIntegers, validateTiff, type Directory } from './tiff-validate';

const NEW_SUBFILE_TYPE = 254;
const REDUCED_IMAGE = 1;
const MASK = 4;

/** The internal mask of the image in directory 0 with `bands` bands, or null when it has none. */
export async function internalMask(
  tiff: GeoTIFF,
  blob: Blob,
  name: string,
  directories: Directory[],
  size: { width: number; height: number; bands: number },
  limits: ReadLimits
): Promise<ValidityMask | null> {
  let index = -1;
  for (let i = 1; i < directories.length && index < 0; i++) {
    const [type] = (await readIntegers(blob, name, directories[i], NEW_SUBFILE_TYPE, 'new subfile type')) ?? [0];
    if (type & MASK && !(type & REDUCED_IMAGE)) index = i;
  }
  if (index < 0) return null;
  const origin = `its internal mask (TIFF directory ${index + 1})`;
  const fault = (problem: string) => new InputError(name, `${origin} cannot be read: ${problem}`);
  const problemOf = (e: unknown) => (e instanceof InputError ? e.problem : oneLine((e as Error).message));
  try {
    const layout = await validateTiff(blob, name, directories[index], limits, 'mask');
    if (layout.width !== size.width || layout.height !== size.height) {
      throw fault(`it is ${layout.width} × ${layout.height} pixels, the image ${size.width} × ${size.height}`);
    }
    if (layout.samples !== 1 && layout.samples !== size.bands) {
      throw fault(`it has ${layout.samples} samples per pixel, the image ${size.bands} bands (a mask has one, or one per band)`);
    }
    const image = await tiff.getImage(index);
    guardBlocks(image, name, layout);
    const { width } = layout;
    return {
      origin,
      perBand: layout.samples > 1,
      async read(y0, rows, band, signal) {
        try {
          const [values] = await image.readRasters({ window: [0, y0, width, y0 + rows], samples: [band], interleave: false, signal });
          return values as ArrayLike<number>;
        } catch (e) {
          throwIfAborted(signal);
          throw fault(problemOf(e));
        }
      }
    };
  } catch (e) {
    if (e instanceof InputError && e.problem.startsWith(origin)) throw e;
    throw fault(problemOf(e));
  }
}
