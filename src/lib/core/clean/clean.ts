/**
 * Cleaning a change mask (1 change, 0 no change, 255 nodata) strip by strip with bounded memory.
 * The neighbourhood steps between two mmu steps run fused in one pass: each strip is read with a
 * halo of the summed reach of its filters, every filter narrows the rows by its own reach, and
 * only the strip's own rows are written — so the result does not depend on the strip height.
 */
import type { Kernels } from '../../wasm/types';
import { throwIfAborted, type RunContext } from '../raster';
import type { BandStore } from '../store';
import { stripRows, strips } from '../windows';
import type { CleanStep, MmuStep, NeighbourhoodStep } from './spec';

export interface CleanOptions {
  /** Rows per strip; by default stripRows(width, height), raised to 4 × the halo to keep recomputation low. */
  rows?: number;
  /**
   * Removes the objects smaller than an mmu step from the mask in `store`, in place, and resolves
   * to the number of change pixels left (wire it to the objects stage with `mmuPixels`). Without
   * it, mmu steps are skipped and the caller applies them after labelling; that is only allowed
   * when no neighbourhood step follows an mmu step.
   */
  applyMmu?: (store: BandStore<Uint8Array>, step: MmuStep) => Promise<number>;
}

/** One kernel call of a step, and how many rows of halo it consumes. */
interface Filter {
  kernel: 'erodeDisk' | 'dilateDisk' | 'majority';
  arg: number;
  reach: number;
}

function filtersOf(step: NeighbourhoodStep): Filter[] {
  if (step.op === 'median') return [{ kernel: 'majority', arg: step.size, reach: (step.size - 1) / 2 }];
  const erode: Filter = { kernel: 'erodeDisk', arg: step.radius, reach: step.radius };
  const dilate: Filter = { kernel: 'dilateDisk', arg: step.radius, reach: step.radius };
  return step.op === 'open' ? [erode, dilate] : [dilate, erode];
}

/**
 * Applies `steps` (see spec.ts) to the mask in `source` and writes the result to `target`, which
 * may be `source` itself; returns the number of change pixels in `target` at the end.
 *
 * Opening (erosion then dilation) and closing (dilation then erosion) use the disk of the step's
 * radius (Serra 1982, Image Analysis and Mathematical Morphology, ch. II; Soille 2003,
 * Morphological Image Analysis, 2nd ed., ch. 3–4); the median is the binary majority vote (the
 * median of 0/1 values; ties keep the pixel). Nodata is "don't care": it neither erodes nor
 * dilates its neighbours, has no vote, and stays 255. Pixels outside the image count as nodata,
 * i.e. the image is padded with each operation's neutral value (as MATLAB's imerode/imdilate), so
 * the border neither erodes nor grows change; a radius wider than the image therefore opens away
 * all change if any valid 0 exists and closes everything to change if any 1 exists. All nodata
 * stays all nodata; an all-0 or all-1 mask is left as it is by every step.
 *
 * Memory is a few strips (the window, with its halo, and two work buffers); the stores are read
 * and written strip by strip, once per run of neighbourhood steps, so a file-backed store keeps
 * the whole run bounded. Progress is reported as stage `clean`; cancel is honoured between strips.
 */
export async function cleanMask(
  source: BandStore<Uint8Array>,
  target: BandStore<Uint8Array>,
  steps: readonly CleanStep[],
  kernels: Kernels,
  ctx: RunContext = {},
  options: CleanOptions = {}
): Promise<number> {
  if (source.width !== target.width || source.height !== target.height) {
    throw new RangeError(`cleanMask: source is ${source.width} × ${source.height} but target is ${target.width} × ${target.height}`);
  }
  const { rows, applyMmu } = options;
  if (rows !== undefined && !(Number.isInteger(rows) && rows >= 1)) throw new RangeError(`cleanMask: rows must be a whole number ≥ 1, got ${rows}`);
  let from = source;
  let pending: Filter[] = [];
  let ones: number | null = null;
  for (const [i, step] of steps.entries()) {
    if (step.op !== 'mmu') {
      pending.push(...filtersOf(step));
      continue;
    }
    if (!applyMmu) {
      if (steps.slice(i).some((s) => s.op !== 'mmu')) {
        throw new RangeError('cleanMask: an mmu step is followed by a neighbourhood step; pass applyMmu to run the steps in order');
      }
      break;
    }
    if (pending.length > 0 || from !== target) await filterStrips(from, target, pending, kernels, ctx, rows);
    from = target;
    pending = [];
    ones = await applyMmu(target, step);
  }
  if (pending.length > 0 || ones === null) ones = await filterStrips(from, target, pending, kernels, ctx, rows);
  return ones;
}

/**
 * One fused pass of `filters` from `from` to `to` (a plain copy, or a count when they are the same
 * store, for no filter). The window slides: rows already held are kept and only new rows are read,
 * which also makes `from === to` safe, since the rows a strip overwrites are the ones kept.
 */
async function filterStrips(
  from: BandStore<Uint8Array>,
  to: BandStore<Uint8Array>,
  filters: readonly Filter[],
  kernels: Kernels,
  ctx: RunContext,
  rowsOption: number | undefined
): Promise<number> {
  const { width, height } = from;
  const halo = filters.reduce((sum, f) => sum + f.reach, 0);
  const rows = rowsOption ?? Math.min(height, Math.max(stripRows(width, height), 4 * halo));
  const span = Math.min(height, rows + 2 * halo) * width;
  const window = new Uint8Array(span);
  const work = [new Uint8Array(span), new Uint8Array(span)];
  let [held0, held1] = [0, 0]; // rows of `from` in `window`
  let ones = 0;
  for (const s of strips(height, rows)) {
    throwIfAborted(ctx.signal);
    const y0 = Math.max(0, s.y0 - halo);
    const y1 = Math.min(height, s.y0 + s.rows + halo);
    const keep = Math.max(0, held1 - y0);
    if (keep > 0) window.copyWithin(0, (y0 - held0) * width, (held1 - held0) * width);
    if (y1 > y0 + keep) await from.read(y0 + keep, y1 - y0 - keep, window.subarray(keep * width, (y1 - y0) * width));
    [held0, held1] = [y0, y1];

    let src = window.subarray(0, (y1 - y0) * width);
    let srcY0 = y0;
    let reach = halo;
    let stripOnes = 0;
    for (const [i, f] of filters.entries()) {
      reach -= f.reach;
      const outY0 = Math.max(0, s.y0 - reach);
      const out = work[i % 2].subarray(0, (Math.min(height, s.y0 + s.rows + reach) - outY0) * width);
      stripOnes = kernels[f.kernel](out, src, width, outY0 - srcY0, f.arg);
      src = out;
      srcY0 = outY0;
    }
    if (filters.length === 0) for (const v of src) stripOnes += v === 1 ? 1 : 0;
    if (filters.length > 0 || from !== to) await to.write(s.y0, src);
    ones += stripOnes;
    ctx.onProgress?.({ stage: 'clean', done: s.y0 + s.rows, total: height });
  }
  return ones;
}
