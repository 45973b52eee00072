import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernels } from '../../src/lib/wasm/loader';
import { reference } from '../../src/lib/wasm/reference';
import type { Kernels } from '../../src/lib/wasm/types';
import { prng } from '../helpers/prng';

/** Row widths: 0 … a partial vector, one and a few 16-lane vectors ± 1, a large odd width. */
const WIDTHS = [1, 3, 4, 5, 15, 16, 17, 33, 100_003];
type MaskKernel = 'erodeDisk' | 'dilateDisk' | 'majority';
/** Every kernel with the arguments it is tested at: radii 0 … 4 and 7, sizes 3, 5, 7 and 11. */
const CASES: [MaskKernel, number][] = [
  ...[0, 1, 2, 3, 4, 7].flatMap((r): [MaskKernel, number][] => [
    ['erodeDisk', r],
    ['dilateDisk', r]
  ]),
  ...[3, 5, 7, 11].map((size): [MaskKernel, number] => ['majority', size])
];

/** A mask with ~`ones` change, ~10 % nodata, the rest no change. */
function mask(n: number, seed: number, ones = 0.45): Uint8Array {
  const random = prng(seed);
  return Uint8Array.from({ length: n }, () => {
    const r = random();
    return r < 0.1 ? 255 : r < 0.1 + ones ? 1 : 0;
  });
}

/** Byte-for-byte equality; reports the first difference. */
function expectSame(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) expect({ i, value: actual[i] }).toEqual({ i, value: expected[i] });
  }
}

/** Runs a kernel and the reference on the same window; both must agree on the bytes and the count. */
function expectLikeReference(k: Kernels, name: MaskKernel, arg: number, src: Uint8Array, width: number, top: number, outRows: number): void {
  const [got, want] = [new Uint8Array(outRows * width).fill(7), new Uint8Array(outRows * width)];
  expect(k[name](got, src, width, top, arg)).toBe(reference[name](want, src, width, top, arg));
  expectSame(got, want);
}

/** Picture rows (`.` 0, `#` 1, `x` nodata) ↔ mask. */
const parse = (rows: string[]) => Uint8Array.from(rows.join(''), (c) => (c === '#' ? 1 : c === 'x' ? 255 : 0));
const draw = (m: Uint8Array, width: number) =>
  Array.from({ length: m.length / width }, (_, y) =>
    Array.from(m.subarray(y * width, (y + 1) * width), (v) => (v === 1 ? '#' : v === 255 ? 'x' : '.')).join('')
  );

const builds = {} as Record<'simd' | 'scalar', Kernels>;

beforeAll(async () => {
  builds.simd = await loadKernels('simd');
  builds.scalar = await loadKernels('scalar');
});

describe.each(['simd', 'scalar'] as const)('%s build: mask filters vs the TypeScript reference', (flavour) => {
  const k = () => builds[flavour];

  it.each(WIDTHS)('identical bytes and counts at width %i (3 rows, 255 present)', (width) => {
    const src = mask(3 * width, width);
    for (const [name, arg] of CASES) expectLikeReference(k(), name, arg, src, width, 0, 3);
  });

  it('identical on 2-D windows: every output band of rows, taller and shorter than the reach', () => {
    for (const [width, rows, seed] of [
      [37, 23, 1],
      [16, 9, 2],
      [17, 1, 3],
      [1, 19, 4],
      [50, 12, 5]
    ]) {
      const src = mask(width * rows, seed, 0.3 + seed / 20);
      for (const [name, arg] of CASES) {
        for (const [top, outRows] of [
          [0, rows],
          [0, 1],
          [Math.floor(rows / 2), Math.ceil(rows / 2)],
          [rows - 1, 1],
          [rows, 0]
        ]) {
          expectLikeReference(k(), name, arg, src, width, top, outRows);
        }
      }
    }
  });

  it('works on empty windows', () => {
    for (const [name, arg] of CASES) expect(k()[name](new Uint8Array(0), new Uint8Array(0), 5, 0, arg)).toBe(0);
  });

  it('erodes and dilates by the disk: radius 1 is the cross, radius 2 the 13-pixel disk', () => {
    const dot = parse(['.......', '.......', '.......', '...#...', '.......', '.......', '.......']);
    const out = new Uint8Array(49);
    expect(k().dilateDisk(out, dot, 7, 0, 1)).toBe(5);
    expect(draw(out, 7)).toEqual(['.......', '.......', '...#...', '..###..', '...#...', '.......', '.......']);
    expect(k().dilateDisk(out, dot, 7, 0, 2)).toBe(13);
    expect(draw(out, 7)).toEqual(['.......', '...#...', '..###..', '.#####.', '..###..', '...#...', '.......']);
    expect(k().dilateDisk(out, dot, 7, 0, 3)).toBe(29); // 7 + 2·5 + 2·5 + 2·1
    // the 13-pixel disk erodes back to its centre by radius 2, and to nothing by radius 3
    const disk = out.slice();
    k().dilateDisk(disk, dot, 7, 0, 2);
    expect(k().erodeDisk(out, disk, 7, 0, 2)).toBe(1);
    expect(out[24]).toBe(1);
    expect(k().erodeDisk(out, disk, 7, 0, 3)).toBe(0);
  });

  it('treats nodata and the image border as "don\'t care", and keeps nodata 255', () => {
    // erosion: a change pixel beside nodata or on the border survives; a 0 is needed to erode
    const src = parse(['##x#', '####', '##.#']);
    const out = new Uint8Array(12);
    expect(k().erodeDisk(out, src, 4, 0, 1)).toBe(7);
    expect(draw(out, 4)).toEqual(['##x#', '##.#', '#...']);
    // dilation: nodata does not grow change
    expect(k().dilateDisk(out, parse(['x...', '....', '...x']), 4, 0, 1)).toBe(0);
    expect(draw(out, 4)).toEqual(['x...', '....', '...x']);
    expect(k().dilateDisk(out, parse(['x#..', '....', '...x']), 4, 0, 1)).toBe(3);
    expect(draw(out, 4)).toEqual(['x##.', '.#..', '...x']);
  });

  it('votes by majority of the valid pixels; a tie keeps the centre', () => {
    const out = new Uint8Array(9);
    // the middle row: 5 of 6, 5 of 9 and 2 of 6 valid pixels are 1
    expect(k().majority(out.subarray(0, 3), parse(['##.', '##.', '#..']), 3, 1, 3)).toBe(2);
    expect(draw(out.subarray(0, 3), 3)).toEqual(['##.']);
    // 4 ones against 5 zeros
    k().majority(out, parse(['##.', '#.#', '...']), 3, 0, 3);
    expect(out[4]).toBe(0);
    // every window is a tie (3 ones, 3 zeros, 3 nodata in the middle): nothing changes
    k().majority(out, parse(['#.x', '#.x', '#.x']), 3, 0, 3);
    expect(draw(out, 3)).toEqual(['#.x', '#.x', '#.x']);
    // ties at (1,0), (1,2) and (2,0) keep 1, 1 and 0
    k().majority(out, parse(['#.x', '###', '..x']), 3, 0, 3);
    expect(draw(out, 3)).toEqual(['##x', '###', '.#x']);
    // all nodata around a valid centre: its own vote decides
    k().majority(out, parse(['xxx', 'x#x', 'xxx']), 3, 0, 3);
    expect(draw(out, 3)).toEqual(['xxx', 'x#x', 'xxx']);
  });

  it('rejects windows and parameters it cannot run', () => {
    const m = new Uint8Array(12);
    expect(() => k().erodeDisk(new Uint8Array(4), m, 5, 0, 1)).toThrow(RangeError); // 12 is not rows of 5
    expect(() => k().erodeDisk(new Uint8Array(8), m, 4, 2, 1)).toThrow(RangeError); // rows 2–4 of 3
    expect(() => k().dilateDisk(new Uint8Array(4), m, 4, 0, -1)).toThrow(RangeError);
    expect(() => k().dilateDisk(new Uint8Array(4), m, 4, 0, 1.5)).toThrow(RangeError);
    expect(() => k().dilateDisk(new Uint8Array(4), m, 0, 0, 1)).toThrow(RangeError);
    for (const size of [1, 2, 4, 13, 3.5]) expect(() => k().majority(new Uint8Array(4), m, 4, 0, size)).toThrow(RangeError);
  });

  it('gives a radius beyond the image the result of the whole image', () => {
    const src = mask(5 * 4, 6);
    for (const name of ['erodeDisk', 'dilateDisk'] as const) {
      for (const r of [5, 100, 100_000]) expectLikeReference(k(), name, r, src, 5, 0, 4);
    }
  });
});

describe('SIMD and scalar builds', () => {
  it('give identical bytes on a large mask with nodata', () => {
    const width = 1001;
    const src = mask(width * 301, 99, 0.2);
    for (const [name, arg] of CASES) {
      const [simd, scalar] = [new Uint8Array(src.length), new Uint8Array(src.length)];
      expect(builds.simd[name](simd, src, width, 0, arg)).toBe(builds.scalar[name](scalar, src, width, 0, arg));
      expectSame(simd, scalar);
    }
  });
});
