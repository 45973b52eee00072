import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { alignPair, requireReliable } from '../../src/lib/core/align/align';
import { parseAlignMode, parseResampling } from '../../src/lib/core/align/options';
import { bandSeparateGeoTiffHeader } from '../../src/lib/core/io/tiff-writer';
import { stripRows, strips } from '../../src/lib/core/windows';
import { openInput } from '../open-input';
import { UsageError } from '../usage-error';

function option<T>(name: string, text: string | undefined, parse: (v: string) => T): T | null {
  if (text === undefined) return null;
  try {
    return parse(text);
  } catch (e) {
    throw new UsageError(`--${name}: ${(e as Error).message}`);
  }
}

/**
 * `sitewatch align BEFORE AFTER --out ALIGNED.tif [--align georef|auto] [--resampling …]`: after
 * resampled onto before's grid, every band, as a band-separate Float32 GeoTIFF with before's
 * georeferencing (none when before has none) and NaN outside the overlap, written strip by strip.
 * Prints the alignment record as JSON.
 */
export async function runAlign(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, align: { type: 'string' }, resampling: { type: 'string' }, quiet: { type: 'boolean' } }
  });
  if (positionals.length !== 2) throw new UsageError('align needs exactly two images: BEFORE AFTER');
  if (!values.out) throw new UsageError('--out ALIGNED.tif is required');
  const mode = option('align', values.align, parseAlignMode);
  const resampling = option('resampling', values.resampling, parseResampling);
  const before = await openInput(positionals[0]);
  const after = await openInput(positionals[1]).catch(async (e) => {
    await before.close();
    throw e;
  });
  try {
    const pair = await alignPair(before.source, after.source, { mode, resampling });
    if (pair.alignment.method === 'auto') requireReliable(pair, { ...after.source.info, name: positionals[1] });
    const info = before.source.info;
    const bands = Array.from({ length: after.source.info.bands }, (_, b) => b);
    const layout = bandSeparateGeoTiffHeader({
      width: info.width,
      height: info.height,
      bands: bands.length,
      dtype: 'float32',
      geo: info.geo,
      nodata: NaN,
      bandNames: after.source.info.bandNames.every((n) => n === null) ? undefined : after.source.info.bandNames.map((n, i) => n ?? `band ${i + 1}`)
    });
    const file = await open(values.out, 'w');
    try {
      await file.write(layout.header, 0, layout.header.length, 0);
      await file.truncate(layout.byteLength);
      for (const { y0, rows } of strips(info.height, stripRows(info.width, info.height, info.blockHeight))) {
        const data = await pair.after.readRows(y0, rows, bands);
        for (const [b, band] of data.entries()) {
          const bytes = new Uint8Array(band.buffer, band.byteOffset, band.byteLength);
          await file.write(bytes, 0, bytes.length, layout.dataOffset + b * layout.bandBytes + y0 * info.width * 4);
        }
      }
    } finally {
      await file.close();
    }
    if (!values.quiet) console.log(JSON.stringify({ alignment: pair.alignment, grid: pair.grid }, null, 2));
  } finally {
    await Promise.all([before.close(), after.close()]);
  }
}
