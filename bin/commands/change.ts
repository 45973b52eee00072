import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { detectChange } from '../../src/lib/core/change/detect';
import { CHANGE_METHODS, DEFAULT_CHANGE_OPTIONS, type ChangeMethod, type ChangeOptions, type ThresholdSpec } from '../../src/lib/core/change/options';
import { magnitudeHeader, maskHeader, summaryJson } from '../../src/lib/core/export';
import { describeInput } from '../../src/lib/core/inputs';
import { loadKernels } from '../../src/lib/wasm/loader';
import { GeoTiffFileStore } from '../file-store';
import { openInput } from '../open-input';
import { UsageError } from '../usage-error';

function parseMethod(v: string | undefined): ChangeMethod {
  if (v === undefined) return DEFAULT_CHANGE_OPTIONS.method;
  if (!(CHANGE_METHODS as readonly string[]).includes(v)) throw new UsageError(`--method must be one of ${CHANGE_METHODS.join(', ')}, not "${v}"`);
  return v as ChangeMethod;
}

function parseThreshold(v: string | undefined): ThresholdSpec {
  if (v === undefined || v === 'otsu') return { method: 'otsu' };
  const value = Number(v);
  if (v.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--threshold must be "otsu" or a number, not "${v}"`);
  return { method: 'manual', value };
}

function parseBands(v: string | undefined): number[] | null {
  if (v === undefined) return null;
  const bands = v.split(',').map((s) => Number(s.trim()));
  if (bands.some((b) => !Number.isInteger(b) || b < 1)) throw new UsageError(`--bands must list band numbers from 1, e.g. 1,2,3, not "${v}"`);
  return bands;
}

/** `sitewatch change BEFORE AFTER --out DIR …`: magnitude.tif, mask.tif and summary.json. */
export async function runChange(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      method: { type: 'string' },
      threshold: { type: 'string' },
      bands: { type: 'string' },
      kernels: { type: 'string' },
      quiet: { type: 'boolean' }
    }
  });
  if (positionals.length !== 2) throw new UsageError('change needs exactly two images: BEFORE AFTER');
  if (!values.out) throw new UsageError('--out DIR is required');
  const options: ChangeOptions = {
    method: parseMethod(values.method),
    threshold: parseThreshold(values.threshold),
    bands: parseBands(values.bands)
  };
  const flavour = values.kernels ?? 'auto';
  if (flavour !== 'auto' && flavour !== 'simd' && flavour !== 'scalar') throw new UsageError('--kernels must be auto, simd or scalar');

  const [beforePath, afterPath] = positionals;
  const before = await openInput(beforePath);
  const after = await openInput(afterPath);
  const inputs = await Promise.all([
    describeInput(before.blob, beforePath, before.source.info),
    describeInput(after.blob, afterPath, after.source.info)
  ]);
  const kernels = await loadKernels(flavour);

  await mkdir(values.out, { recursive: true });
  const { width, height } = before.source.info;
  const magnitude = await GeoTiffFileStore.create<Float32Array>(join(values.out, 'magnitude.tif'), magnitudeHeader(before.source.info), width, height, 4);
  const mask = await GeoTiffFileStore.create<Uint8Array>(join(values.out, 'mask.tif'), maskHeader(before.source.info), width, height, 1);
  try {
    const outcome = await detectChange(before.source, after.source, options, { magnitude, mask }, kernels, inputs, {
      onProgress: values.quiet ? undefined : progressPrinter()
    });
    await writeFile(join(values.out, 'summary.json'), summaryJson(outcome.summary));
    for (const note of outcome.notes) console.error(`sitewatch: note: ${note}`);
    if (!values.quiet) printSummary(outcome.summary);
  } finally {
    await magnitude.close();
    await mask.close();
  }
}

function progressPrinter() {
  let last = '';
  return (p: { stage: string; done: number; total: number }) => {
    if (!process.stderr.isTTY) return;
    const line = `${p.stage} ${Math.round((100 * p.done) / p.total)}%`;
    if (line !== last) process.stderr.write(`\r${line.padEnd(24)}`);
    last = line;
    if (p.done === p.total) process.stderr.write('\r' + ' '.repeat(24) + '\r');
  };
}

function printSummary(s: import('../../src/lib/core/change/summary').ChangeSummary): void {
  const pct = (100 * s.changedFraction).toFixed(3);
  const area = s.changedAreaM2 === null ? 'area unknown (not in a projected CRS)' : `${Math.round(s.changedAreaM2)} m² (${(s.changedAreaM2 / 1e4).toFixed(2)} ha)`;
  const t = s.threshold.value === null ? 'none (no valid pixel)' : `${s.threshold.value.toPrecision(6)} ${s.magnitudeUnit}`;
  console.log(`method ${s.method}, bands ${s.bands.join(',')}, threshold ${s.threshold.method} = ${t}`);
  console.log(`changed ${s.changedPixels} of ${s.validPixels} valid pixels (${pct} %), ${area}`);
}
