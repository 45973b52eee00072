import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanMask } from '../../src/lib/core/clean/clean';
import { DEFAULT_CLEAN, formatCleanSpec, mmuPixels, parseCleanSpec, type CleanStep, type MmuStep } from '../../src/lib/core/clean/spec';
import type { Progress } from '../../src/lib/core/raster';
import { MemoryStore, type BandStore } from '../../src/lib/core/store';
import { loadKernels } from '../../src/lib/wasm/loader';
import { reference } from '../../src/lib/wasm/reference';
import type { Kernels } from '../../src/lib/wasm/types';
import { prng } from '../helpers/prng';

/** Values from tests/reference/clean.py (scipy.ndimage), exact. */
const known = JSON.parse(readFileSync(new URL('../reference/clean.json', import.meta.url), 'utf8')) as {
  width: number;
  height: number;
  seed: number;
  input: { ones: number; nodata: number; sha256: string };
  results: Record<string, { ones: number; sha256: string }>;
};

/** clean.py's fixture_mask: blobs of change in 12 % speckle, 6 % random nodata and a nodata bar. */
function cleanFixtureMask(width: number, height: number, seed: number): Uint8Array {
  const circles = [
    [20, 18, 9],
    [62, 30, 6],
    [44, 60, 12],
    [85, 12, 3]
  ];
  const random = prng(seed);
  const m = new Uint8Array(width * height);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const [u, v] = [random(), random()];
      const blob = circles.some(([cx, cy, r]) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r) || (x >= 70 && x < 92 && y >= 50 && y < 57);
      m[i] = u < 0.06 || (y >= 38 && y < 41 && x < 30) ? 255 : v < (blob ? 0.9 : 0.12) ? 1 : 0;
    }
  }
  return m;
}

const sha256 = (m: Uint8Array) => createHash('sha256').update(m).digest('hex');
const ones = (m: Uint8Array) => m.reduce((n, v) => n + (v === 1 ? 1 : 0), 0);

function store(width: number, height: number, data?: ArrayLike<number>): MemoryStore<Uint8Array> {
  const s = new MemoryStore(width, height, Uint8Array);
  if (data) s.data.set(data);
  return s;
}

/** The steps applied to the whole image at once with the reference filters: the strip engine's oracle. */
function wholeImage(mask: Uint8Array, width: number, steps: CleanStep[]): Uint8Array {
  let m = mask.slice();
  const apply = (f: 'erodeDisk' | 'dilateDisk' | 'majority', arg: number) => {
    const out = new Uint8Array(m.length);
    reference[f](out, m, width, 0, arg);
    m = out;
  };
  for (const s of steps) {
    const order = s.op === 'open' ? (['erodeDisk', 'dilateDisk'] as const) : (['dilateDisk', 'erodeDisk'] as const);
    if (s.op === 'median') apply('majority', s.size);
    else if (s.op !== 'mmu') order.forEach((f) => apply(f, s.radius));
  }
  return m;
}

/** Picture rows (`.` 0, `#` 1, `x` nodata) → mask. */
const parse = (rows: string[]) => Uint8Array.from(rows.join(''), (c) => (c === '#' ? 1 : c === 'x' ? 255 : 0));

/** A store that records the largest read, to show the window stays a strip plus its halo. */
class WatchedStore implements BandStore<Uint8Array> {
  largestRead = 0;
  rowsRead = 0;
  readonly width: number;
  readonly height: number;
  constructor(readonly inner: MemoryStore<Uint8Array>) {
    [this.width, this.height] = [inner.width, inner.height];
  }
  write(y0: number, rows: Uint8Array) {
    return this.inner.write(y0, rows);
  }
  read(y0: number, rows: number, into?: Uint8Array) {
    this.largestRead = Math.max(this.largestRead, rows);
    this.rowsRead += rows;
    return this.inner.read(y0, rows, into);
  }
}

const builds = {} as Record<'simd' | 'scalar', Kernels>;
beforeAll(async () => {
  builds.simd = await loadKernels('simd');
  builds.scalar = await loadKernels('scalar');
});

describe('parseCleanSpec / formatCleanSpec', () => {
  it('reads none, every step form and spaces around commas, and writes them back', () => {
    expect(parseCleanSpec('none')).toEqual([]);
    expect(parseCleanSpec(' median:3 , open:1,close:2,mmu:20px,mmu:500m2,mmu:2.5m2,median:11 ')).toEqual([
      { op: 'median', size: 3 },
      { op: 'open', radius: 1 },
      { op: 'close', radius: 2 },
      { op: 'mmu', value: 20, unit: 'px' },
      { op: 'mmu', value: 500, unit: 'm2' },
      { op: 'mmu', value: 2.5, unit: 'm2' },
      { op: 'median', size: 11 }
    ]);
    for (const text of ['none', 'median:3', 'median:5,open:1,close:2,mmu:20px', 'open:100,mmu:0.5m2']) {
      expect(formatCleanSpec(parseCleanSpec(text))).toBe(text);
    }
    expect(parseCleanSpec(formatCleanSpec(DEFAULT_CLEAN))).toEqual(DEFAULT_CLEAN);
  });

  it.each([
    '',
    ' ',
    'median',
    'median:4',
    'median:1',
    'median:13',
    'open:0',
    'open:101',
    'close:1.5',
    'open:-1',
    'open:1:2',
    'mmu:20',
    'mmu:0px',
    'mmu:2.5px',
    'mmu:0m2',
    'mmu:-3m2',
    'mmu:1e3px',
    'blur:3',
    'median:3,',
    'median:3,,open:1',
    'NONE',
    'none,median:3'
  ])('rejects %j with a RangeError naming the accepted forms', (text) => {
    expect(() => parseCleanSpec(text)).toThrow(RangeError);
    expect(() => parseCleanSpec(text)).toThrow(/median:3|empty/);
  });

  it('turns an mmu into pixels: px as is, m² rounded up, m² without a pixel area is an error', () => {
    const px: MmuStep = { op: 'mmu', value: 20, unit: 'px' };
    const m2 = (value: number): MmuStep => ({ op: 'mmu', value, unit: 'm2' });
    expect(mmuPixels(px, null)).toBe(20);
    expect(mmuPixels(m2(500), 16)).toBe(32); // 31.25 pixels of 4 m × 4 m
    expect(mmuPixels(m2(480), 16)).toBe(30);
    expect(mmuPixels(m2(1.1), 0.1)).toBe(11);
    expect(() => mmuPixels(m2(500), null)).toThrow(/projected/);
  });
});

describe.each(['simd', 'scalar'] as const)('cleanMask (%s kernels)', (flavour) => {
  const k = () => builds[flavour];
  const clean = async (mask: Uint8Array, width: number, spec: string, rows?: number) => {
    const target = store(width, mask.length / width);
    const count = await cleanMask(store(width, mask.length / width, mask), target, parseCleanSpec(spec), k(), {}, { rows });
    return { out: target.data, count };
  };

  it('removes an isolated pixel under open:1 and median:3, and fills a one-pixel hole under close:1 (hand-computed)', async () => {
    const dot = parse(['.....', '.....', '..#..', '.....', '.....']);
    for (const spec of ['open:1', 'median:3']) expect(await clean(dot, 5, spec)).toEqual({ out: new Uint8Array(25), count: 0 });
    const hole = parse(['#####', '#####', '##.##', '#####', '#####']);
    for (const spec of ['close:1', 'median:3']) expect(await clean(hole, 5, spec)).toEqual({ out: new Uint8Array(25).fill(1), count: 25 });
    // a 3 × 3 square keeps only what the radius-1 disk (the cross) covers; median:3 gives the same,
    // since each corner sees 4 ones of 9 and each side 6 of 9
    const square = parse(['.....', '.###.', '.###.', '.###.', '.....']);
    const cross = parse(['.....', '..#..', '.###.', '..#..', '.....']);
    expect((await clean(square, 5, 'open:1')).out).toEqual(cross);
    expect((await clean(square, 5, 'median:3')).out).toEqual(cross);
  });

  it.each(Object.keys(known.results))('matches scipy.ndimage on the seeded mask: %s', async (spec) => {
    const mask = cleanFixtureMask(known.width, known.height, known.seed);
    expect(sha256(mask)).toBe(known.input.sha256);
    for (const rows of [undefined, 7]) {
      const { out, count } = await clean(mask, known.width, spec, rows);
      expect({ ones: count, sha256: sha256(out) }).toEqual(known.results[spec]);
    }
  });

  it('gives the same bytes whatever the strip height, in place too, and equals the whole-image filters', async () => {
    const [w, h] = [known.width, known.height];
    const mask = cleanFixtureMask(w, h, 7);
    const spec = 'median:5,open:2,close:3,median:3';
    const want = wholeImage(mask, w, parseCleanSpec(spec));
    for (const rows of [1, 2, 3, 5, 8, 13, 79, 80, 500, undefined]) {
      expect(await clean(mask, w, spec, rows)).toEqual({ out: want, count: ones(want) });
      const same = store(w, h, mask);
      expect(await cleanMask(same, same, parseCleanSpec(spec), k(), {}, { rows })).toBe(ones(want));
      expect(same.data).toEqual(want);
    }
  });

  it('reads a strip plus its halo at a time, each row once', async () => {
    const source = new WatchedStore(store(40, 300, cleanFixtureMask(40, 300, 3)));
    await cleanMask(source, store(40, 300), parseCleanSpec('median:3,open:2'), k(), {}, { rows: 50 });
    expect(source.largestRead).toBe(50 + 5); // the first window: 50 rows + halo 1 + 2 + 2 below
    expect(source.rowsRead).toBe(300);
  });

  it('handles the degenerate masks: all nodata, all 0, all 1, one row, one column, a radius beyond the image', async () => {
    const specs = ['median:3', 'median:11', 'open:1', 'close:2', 'open:30,close:30', 'close:100'];
    for (const spec of specs) {
      for (const fill of [255, 0, 1]) {
        const flat = new Uint8Array(6 * 4).fill(fill);
        expect(await clean(flat, 6, spec, 1)).toEqual({ out: flat, count: fill === 1 ? 24 : 0 });
      }
      for (const [w, h] of [
        [1, 37],
        [37, 1],
        [1, 1],
        [5, 4]
      ]) {
        const mask = cleanFixtureMask(w, h, w * 100 + h);
        const want = wholeImage(mask, w, parseCleanSpec(spec));
        expect(await clean(mask, w, spec, 2)).toEqual({ out: want, count: ones(want) });
      }
    }
    // a radius beyond the image: under open one 0 erodes all of it, under close one 1 fills it
    // (the border is nodata for both halves, as padding with each operation's neutral value)
    expect((await clean(parse(['###', '#.#', '###']), 3, 'open:9')).count).toBe(0);
    expect((await clean(parse(['#..', '...', '..x']), 3, 'close:9')).out).toEqual(parse(['###', '###', '##x']));
  });

  it('copies and counts when there is nothing to filter', async () => {
    const mask = cleanFixtureMask(30, 20, 4);
    expect(await clean(mask, 30, 'none', 3)).toEqual({ out: mask, count: ones(mask) });
    const same = store(30, 20, mask);
    expect(await cleanMask(same, same, [], k())).toBe(ones(mask));
    expect(same.data).toEqual(mask);
  });

  it('runs mmu steps through applyMmu in order, or leaves trailing ones to the caller', async () => {
    const mask = cleanFixtureMask(50, 40, 5);
    const calls: string[] = [];
    const target = store(50, 40);
    const applyMmu = async (s: BandStore<Uint8Array>, step: MmuStep) => {
      expect(s).toBe(target);
      calls.push(`${formatCleanSpec([step])} on ${ones(target.data)}`);
      target.data.fill(0, 0, 50 * 20);
      return ones(target.data);
    };
    const steps = parseCleanSpec('median:3,mmu:20px,close:1,mmu:500m2');
    const count = await cleanMask(store(50, 40, mask), target, steps, k(), {}, { rows: 6, applyMmu });
    const afterMedian = wholeImage(mask, 50, parseCleanSpec('median:3'));
    afterMedian.fill(0, 0, 50 * 20);
    const afterClose = wholeImage(afterMedian, 50, parseCleanSpec('close:1'));
    expect(calls).toEqual([`mmu:20px on ${ones(wholeImage(mask, 50, parseCleanSpec('median:3')))}`, `mmu:500m2 on ${ones(afterClose)}`]);
    afterClose.fill(0, 0, 50 * 20);
    expect(target.data).toEqual(afterClose);
    expect(count).toBe(ones(afterClose));

    const skipped = store(50, 40);
    expect(await cleanMask(store(50, 40, mask), skipped, parseCleanSpec('median:3,mmu:20px,mmu:1m2'), k())).toBe(
      ones(wholeImage(mask, 50, parseCleanSpec('median:3')))
    );
    await expect(cleanMask(store(50, 40, mask), store(50, 40), steps, k())).rejects.toThrow(/applyMmu/);
  });

  it('reports progress, honours cancel and rejects mismatched stores or strip heights', async () => {
    const mask = cleanFixtureMask(20, 30, 6);
    const progress: Progress[] = [];
    await cleanMask(store(20, 30, mask), store(20, 30), parseCleanSpec('open:1'), k(), { onProgress: (p) => progress.push(p) }, { rows: 10 });
    expect(progress).toEqual([10, 20, 30].map((done) => ({ stage: 'clean', done, total: 30 })));
    const controller = new AbortController();
    controller.abort();
    await expect(cleanMask(store(20, 30, mask), store(20, 30), parseCleanSpec('open:1'), k(), { signal: controller.signal })).rejects.toThrow(/cancelled/);
    await expect(cleanMask(store(20, 30), store(20, 31), [], k())).rejects.toThrow(RangeError);
    for (const rows of [0, 1.5]) await expect(cleanMask(store(20, 30), store(20, 30), [], k(), {}, { rows })).rejects.toThrow(RangeError);
  });
});
