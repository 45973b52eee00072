/**
 * Every decoded block checked for the length its layout requires, whichever path reads it
 * (geotiff.js's `readRasters` or our block reader): a block that is short, or that its decoder
 * cannot decode, becomes an error naming the file, the block and the reason — never pixels that
 * silently read as nodata or zeros.
 */
import type { GeoTIFFImage } from 'geotiff';
import { InputError } from '../raster';
import { describeBlock, TAG, type TiffLayout } from './tiff-validate';

/**
 * Checks one block as it is decoded: a decoder error or a block shorter than its layout needs
 * becomes an InputError naming the file and the block. `index` counts blocks as the TIFF lists
 * them (planes one after another); `ty` is the block's row.
 */
export async function checkBlock(
  name: string,
  layout: TiffLayout,
  index: number,
  sample: number,
  ty: number,
  decoding: Promise<ArrayBufferLike>,
  signal?: AbortSignal
): Promise<ArrayBufferLike> {
  let data: ArrayBufferLike;
  try {
    data = await decoding;
  } catch (e) {
    if (signal?.aborted || (e as Error).name === 'AbortError') throw e;
    throw new InputError(name, `${describeBlock(layout, index)} cannot be decoded: ${decoderReason((e as Error).message)}`);
  }
  const rows = layout.tiled ? layout.blockHeight : Math.min(layout.blockHeight, layout.height - ty * layout.blockHeight);
  const bits = layout.planar ? layout.bitsPerSample[sample] : layout.bitsPerSample.reduce((a, b) => a + b, 0);
  const need = Math.ceil((layout.blockWidth * bits) / 8) * rows;
  if (data.byteLength < need) {
    throw new InputError(
      name,
      `${describeBlock(layout, index)} decodes to ${data.byteLength} bytes but its pixels need ${need} (the block is damaged or cut short)`
    );
  }
  return data;
}

/**
 * Hands geotiff.js the block tables as validated and wraps `image.getTileOrStrip` in place so
 * every block geotiff.js decodes for us is checked too. (geotiff.js 3.0.5 reads the tables lazily
 * one entry at a time, and always as little-endian, wrong for "MM" files.)
 */
export function guardBlocks(image: GeoTIFFImage, name: string, layout: TiffLayout): void {
  const fd = image.getFileDirectory();
  const [offsetsTag, countsTag] = layout.tiled ? [TAG.TileOffsets, TAG.TileByteCounts] : [TAG.StripOffsets, TAG.StripByteCounts];
  for (const [tag, values] of [
    [offsetsTag, layout.offsets],
    [countsTag, layout.byteCounts]
  ] as const) {
    fd.deferredArrays.delete(tag);
    fd.actualizedFields.set(tag, values);
  }
  const original = image.getTileOrStrip.bind(image);
  const across = Math.ceil(layout.width / layout.blockWidth);
  const down = Math.ceil(layout.height / layout.blockHeight);
  image.getTileOrStrip = async (x, y, sample, decoder, signal) => {
    const index = (layout.planar ? sample * across * down : 0) + y * across + x;
    const result = original(x, y, sample, decoder, signal);
    await checkBlock(
      name,
      layout,
      index,
      sample,
      y,
      result.then((r) => r.data as ArrayBufferLike),
      signal
    );
    return result;
  };
}

/** A decoder's reason in words: array-size errors from undoing a predictor mean the block came out short. */
function decoderReason(message: string): string {
  if (/typed array length|out of bounds|outside the bounds|Offset is outside/i.test(message)) return 'its data is shorter or longer than its layout needs';
  return oneLine(message);
}

/** A decoder's message on one line, whatever it contained. */
export function oneLine(text: string): string {
  return String(text).replace(/\s+/g, ' ').trim() || 'unknown decoder error';
}
