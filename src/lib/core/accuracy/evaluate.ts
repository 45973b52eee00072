import { InputError, throwIfAborted, type RasterSource, type RunContext } from '../raster';
import { stripRows, strips } from '../windows';
import { accumulateConfusion, emptyConfusion } from './confusion';
import { accuracyMetrics, type AccuracyMetrics } from './metrics';

const FIRST_BAND = [0] as const;

/**
 * Scores a change mask against a reference, strip by strip (memory is bounded by one strip of
 * each file). Reads band 1 of every file; the pixel rules are those of accumulateConfusion.
 *
 * @param mask change mask (1 change, 0 no change, 255/NaN nodata).
 * @param truth reference; any value > 0 is change.
 * @param unchanged for partial truth, the reference's unchanged mask (> 0 = no change); null
 *   when `truth` is complete.
 * @throws InputError naming the file when a reference is not the mask's size or the mask holds
 *   a value that is not 0, 1 or 255.
 */
export async function evaluateMasks(mask: RasterSource, truth: RasterSource, unchanged: RasterSource | null, ctx: RunContext = {}): Promise<AccuracyMetrics> {
  const { width, height, blockHeight } = mask.info;
  for (const ref of unchanged ? [truth, unchanged] : [truth]) {
    if (ref.info.width !== width || ref.info.height !== height) {
      throw new InputError(
        ref.info.name,
        `it is ${ref.info.width} × ${ref.info.height} px but the mask ${mask.info.name} is ${width} × ${height} px; they must cover the same pixels`
      );
    }
  }
  const acc = emptyConfusion();
  for (const { y0, rows } of strips(height, stripRows(width, height, blockHeight))) {
    throwIfAborted(ctx.signal);
    const [[m], [t], u] = await Promise.all([
      mask.readRows(y0, rows, FIRST_BAND, ctx.signal),
      truth.readRows(y0, rows, FIRST_BAND, ctx.signal),
      unchanged ? unchanged.readRows(y0, rows, FIRST_BAND, ctx.signal) : null
    ]);
    try {
      accumulateConfusion(acc, m, t, u ? u[0] : null);
    } catch (e) {
      if (e instanceof RangeError) throw new InputError(mask.info.name, `${e.message} in rows ${y0}–${y0 + rows - 1}; is it a change mask?`);
      throw e;
    }
    ctx.onProgress?.({ stage: 'evaluate', done: y0 + rows, total: height });
  }
  return accuracyMetrics(acc);
}
