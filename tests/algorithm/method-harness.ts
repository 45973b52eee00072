/**
 * Runs a ChangeStatistic the way the pipeline does — fit, then one strip pass with the method's
 * halo — over in-memory images, with a strip height of our choosing so that tests can check that
 * nothing depends on where the strips break.
 */
import { expect } from 'vitest';
import { PairReader } from '../../src/lib/core/change/pair-reader';
import type { ChangeStatistic, MethodContext } from '../../src/lib/core/change/method';
import type { RasterSource } from '../../src/lib/core/raster';
import { reference } from '../../src/lib/wasm/reference';
import { memorySource } from '../helpers/memory-source';

export { memorySource };

export interface StatisticRun {
  magnitude: Float32Array;
  /** One full-size array per name in `stat.outputs`. */
  extras: Float32Array[];
  fit: Record<string, unknown> | void;
}

/**
 * fit + magnitude pass over the pair; `stripRows` overrides the strip height (default: the whole
 * image), `integer` the MethodContext flag (default: from the data type).
 */
export async function runStatistic(
  stat: ChangeStatistic,
  before: RasterSource,
  after: RasterSource,
  opts: { bands?: number[]; stripRows?: number; integer?: boolean } = {}
): Promise<StatisticRun> {
  const { width, height } = before.info;
  const bands = opts.bands ?? Array.from({ length: before.info.bands }, (_, i) => i + 1);
  const pair = new PairReader(before, after, bands);
  if (opts.stripRows) (pair as { rows: number }).rows = opts.stripRows;
  const m: MethodContext = {
    pair,
    kernels: { flavour: 'scalar', ...reference },
    ctx: {},
    integer: opts.integer ?? (before.info.dtype !== 'float32' && before.info.dtype !== 'float64'),
    bandNames: bands.map((b) => before.info.bandNames[b - 1])
  };
  const fit = await stat.fit?.(m);
  const magnitude = new Float32Array(width * height);
  const extras = (stat.outputs ?? []).map(() => new Float32Array(width * height));
  await pair.pass(
    (s) => {
      const rows = (a: Float32Array) => a.subarray(s.y0 * width, (s.y0 + s.rows) * width);
      stat.magnitude(s, rows(magnitude), extras.map(rows));
    },
    { stage: 'magnitude', halo: stat.halo }
  );
  return { magnitude, extras, fit };
}

/** Element-wise Object.is (NaN equals NaN); reports the first difference. */
export function expectIdentical(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect({ i, value: actual[i] }).toEqual({ i, value: expected[i] });
  }
}
