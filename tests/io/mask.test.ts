/**
 * Validity masks as GDAL writes them (tests/fixtures/masks, written by GDAL with
 * scripts/gen-mask-fixtures.py): an internal mask (Deflate and JPEG/YCbCr tiles) and a `.msk`
 * file read as nodata, in the core and in the CLI, with the mask's origin in the notes; damaged
 * masks are errors naming the file and the mask. The last block checks the same pixels against
 * GDAL's own reading (gdal_translate -b mask, gdalinfo -mm) and is skipped when GDAL is absent.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, openAsBlob, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRaster } from '../../src/lib/core/io/open-raster';
import { readDirectories } from '../../src/lib/core/io/tiff-validate';
import { ROOT } from '../helpers/cli';
import { runCliInProcess } from '../helpers/cli-in-process';
import { gdalBand } from '../helpers/gdal';

const DIR = resolve(ROOT, 'tests/fixtures/masks');
const W = 40;
const H = 30;

/** The footprint gen-mask-fixtures.py writes as the mask: 1 = data. */
function footprint(): Uint8Array {
  const valid = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const hole = x >= 18 && x < 23 && y >= 10 && y < 13;
      valid[y * W + x] = x + 0.5 * y > 6 && x - 0.4 * y < 34 && y < 27 && !hole ? 1 : 0;
    }
  }
  return valid;
}
const VALID = footprint();
const MASKED = VALID.length - VALID.reduce((a, b) => a + b, 0);

async function open(file: string, mask?: string) {
  const blob = await openAsBlob(join(DIR, file));
  const sidecars = mask ? { mask: { blob: await openAsBlob(join(DIR, mask)), name: mask } } : {};
  return openRaster(blob, file, undefined, undefined, sidecars);
}

async function openBytes(bytes: Uint8Array<ArrayBuffer>, name: string) {
  return openRaster(new Blob([bytes]), name);
}

const INTERNAL = 'its internal mask (TIFF directory 2)';
const CASES = [
  { file: 'internal-deflate.tif', mask: undefined, origin: INTERNAL, bands: 3, fill: 250 },
  { file: 'internal-jpeg.tif', mask: undefined, origin: INTERNAL, bands: 3, fill: null },
  { file: 'sidecar-uint16.tif', mask: 'sidecar-uint16.tif.msk', origin: 'the mask file sidecar-uint16.tif.msk', bands: 1, fill: 60000 }
];

describe('validity masks', () => {
  it('the fixtures mask a footprint with a hole', () => {
    expect(MASKED).toBe(226);
  });

  it.each(CASES)('$file: masked pixels read as nodata, the note names $origin', async ({ file, mask, origin, bands, fill }) => {
    const source = await open(file, mask);
    expect(source.info.mask).toBe(origin);
    expect(source.info.bands).toBe(bands);
    const rows = await source.readRows(0, H, [...Array(bands).keys()]);
    for (const band of rows) {
      for (let i = 0; i < W * H; i++) expect(Number.isNaN(band[i]), `pixel ${i % W}, ${Math.floor(i / W)}`).toBe(VALID[i] === 0);
      if (fill !== null) expect(band.some((v) => v === fill)).toBe(false);
    }
    expect(source.notes()).toEqual([`${file}: ${MASKED} pixel(s) were read as nodata because ${origin} marks them so`]);
  });

  it('counts each masked pixel once however often its rows are read', async () => {
    const source = await open('internal-deflate.tif');
    await source.readRows(0, 16, [0]);
    await source.readRows(0, 16, [1, 2]);
    await source.readRows(16, H - 16, [2]);
    expect(source.notes()).toEqual([`internal-deflate.tif: ${MASKED} pixel(s) were read as nodata because ${INTERNAL} marks them so`]);
  });

  it('without its .msk file the masked pixels read as data (the fill value shows)', async () => {
    const source = await open('sidecar-uint16.tif');
    expect(source.info.mask).toBeUndefined();
    const [band] = await source.readRows(0, H, [0]);
    expect(band.filter((v) => v === 60000).length).toBe(MASKED);
    expect(source.notes()).toEqual([]);
  });

  it('a .msk file of another size is refused, naming it', async () => {
    await expect(open('internal-deflate.tif', 'sidecar-uint16.tif')).resolves.toBeTruthy(); // the internal mask wins
    const wrong = await openBytes(readFileSync(join(DIR, 'sidecar-uint16.tif.msk')), 'x.msk');
    expect(wrong.info.width).toBe(W);
    const blob = await openAsBlob(join(DIR, 'sidecar-uint16.tif'));
    const jpeg = await openAsBlob(join(DIR, 'internal-jpeg.tif'));
    await expect(openRaster(blob, 'a.tif', undefined, undefined, { mask: { blob: jpeg, name: 'a.tif.msk' } })).rejects.toThrow(
      'a.tif.msk: cannot be the mask of a.tif: it has 3 bands, the image 1 (a mask has one band, or one per band)'
    );
  });
});

/** The bytes of internal-deflate.tif with one value of its mask directory changed. */
async function damagedMask(tag: number, value: number): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(readFileSync(join(DIR, 'internal-deflate.tif')));
  const directories = await readDirectories(new Blob([bytes]), 'x');
  const entry = directories[1].entries.get(tag)!;
  const view = new DataView(bytes.buffer);
  if (entry.type === 3) view.setUint16(entry.at, value, true);
  else view.setUint32(entry.at, value, true);
  return bytes;
}

describe('damaged internal masks are errors naming the file and the mask', () => {
  it('a mask of another size', async () => {
    await expect(openBytes(await damagedMask(256, 41), 'm.tif')).rejects.toThrow(`m.tif: ${INTERNAL} cannot be read: it is 41 × 30 pixels, the image 40 × 30`);
  });

  it('a mask of 4-bit samples', async () => {
    await expect(openBytes(await damagedMask(258, 4), 'm.tif')).rejects.toThrow(`m.tif: ${INTERNAL} cannot be read: unsupported sample type: 4-bit`);
  });

  it('a mask tile past the end of the file', async () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, 'internal-deflate.tif')));
    const [, mask] = await readDirectories(new Blob([bytes]), 'x');
    const offsets = mask.entries.get(324)!;
    new DataView(bytes.buffer).setUint32(offsets.at, bytes.length - 2, true);
    await expect(openBytes(bytes, 'm.tif')).rejects.toThrow(`m.tif: ${INTERNAL} cannot be read: the file is truncated`);
  });

  it('a mask tile of garbage', async () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, 'internal-deflate.tif')));
    const [, mask] = await readDirectories(new Blob([bytes]), 'x');
    const view = new DataView(bytes.buffer);
    const first = view.getUint32(mask.entries.get(324)!.at, true);
    const count = view.getUint16(mask.entries.get(325)!.at, true);
    for (let i = 0; i < count; i++) bytes[first + i] = (i * 37 + 11) & 0xff;
    const source = await openBytes(bytes, 'm.tif');
    await expect(source.readRows(0, 16, [0])).rejects.toThrow(
      new RegExp(`^m\\.tif: ${INTERNAL.replace(/[()]/g, '\\$&')} cannot be read: tile 0 \\(rows 0–15, columns 0–15\\) cannot be decoded`)
    );
  });
});

describe('sitewatch change with masked inputs', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sitewatch-mask-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each([
    ['internal-deflate.tif', INTERNAL],
    ['sidecar-uint16.tif', 'the mask file sidecar-uint16.tif.msk']
  ])('%s: valid pixels are the mask footprint and summary.json names %s', async (file, origin) => {
    const dir = mkdtempSync(join(tmp, 'run-'));
    for (const name of [file, `${file}.msk`]) {
      try {
        copyFileSync(join(DIR, name), join(dir, name));
      } catch {
        // only the sidecar case has a .msk
      }
    }
    const out = join(dir, 'out');
    const run = await runCliInProcess([
      'change',
      join(dir, file),
      join(dir, file),
      '--out',
      out,
      '--method',
      'absdiff',
      '--threshold',
      '50',
      '--clean',
      'none',
      '--quiet'
    ]);
    expect(run.crash).toBeNull();
    expect(run.code, run.stderr.join('\n')).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.validPixels).toBe(W * H - MASKED);
    expect(summary.changedPixels).toBe(0);
    const note = `${file}: ${MASKED} pixel(s) were read as nodata because ${origin} marks them so`;
    expect(summary.inputNotes).toEqual([note, note]);
    expect(run.stderr).toContain(`sitewatch: note: ${note}`);
  });
});

let gdal = true;
try {
  execFileSync('gdalinfo', ['--version']);
} catch {
  gdal = false;
  console.log('mask.test: the comparison with GDAL is skipped: gdalinfo is not installed (apt-get install gdal-bin)');
}

describe.skipIf(!gdal)('the masks read as GDAL reads them', () => {
  /** GDAL's mask band of a file (gdal_translate -b mask), 0 or 255 per pixel, and gdalinfo -mm's range of it. */
  function gdalMask(path: string): { mask: Float64Array; min: number; max: number } {
    const dir = mkdtempSync(join(tmpdir(), 'sitewatch-gdal-mask-'));
    try {
      const out = join(dir, 'mask.tif');
      execFileSync('gdal_translate', ['-q', '-b', 'mask', path, out]);
      const info = JSON.parse(execFileSync('gdalinfo', ['-json', '-mm', out], { encoding: 'utf8' }));
      return { mask: gdalBand(out, 1), min: info.bands[0].computedMin, max: info.bands[0].computedMax };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it.each(CASES)('$file: nodata exactly where GDAL masks, data as GDAL decodes it', async ({ file, mask, bands }) => {
    const path = join(DIR, file);
    const theirs = gdalMask(path);
    expect([theirs.min, theirs.max]).toEqual([0, 255]);
    const source = await open(file, mask);
    const ours = await source.readRows(0, H, [...Array(bands).keys()]);
    const lossy = file.includes('jpeg');
    for (let b = 0; b < bands; b++) {
      const values = gdalBand(path, b + 1);
      let [worst, sum] = [0, 0];
      // gdalinfo -mm in GDAL 3.6 ignores the mask, so the range is compared over GDAL's unmasked pixels.
      let [lo, hi, ourLo, ourHi] = [Infinity, -Infinity, Infinity, -Infinity];
      for (let i = 0; i < W * H; i++) {
        expect(Number.isNaN(ours[b][i]), `band ${b + 1}, pixel ${i}`).toBe(theirs.mask[i] === 0);
        if (theirs.mask[i] === 0) continue;
        const error = Math.abs(ours[b][i] - values[i]);
        [worst, sum] = [Math.max(worst, error), sum + error];
        [lo, hi] = [Math.min(lo, values[i]), Math.max(hi, values[i])];
        [ourLo, ourHi] = [Math.min(ourLo, ours[b][i]), Math.max(ourHi, ours[b][i])];
      }
      // JPEG: JS decoders upsample chroma differently from libjpeg (the encodings matrix allows a mean of 6 too).
      if (process.env.MASK_DEBUG) console.log(file, b, worst, sum / (W * H - MASKED));
      expect(worst).toBeLessThanOrEqual(lossy ? 40 : 0);
      expect(sum / (W * H - MASKED)).toBeLessThanOrEqual(lossy ? 6 : 0);
      if (!lossy) expect([ourLo, ourHi]).toEqual([lo, hi]);
    }
  });
});
