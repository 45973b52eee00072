import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { evaluateMasks } from '../../src/lib/core/accuracy/evaluate';
import type { AccuracyMetrics } from '../../src/lib/core/accuracy/metrics';
import { openInput, type OpenedInput } from '../open-input';
import { UsageError } from '../usage-error';

/**
 * `sitewatch evaluate --mask MASK --truth TRUTH [--unchanged UNCHANGED] [--json OUT]`: scores a
 * change mask against a reference (GeoTIFF or PNG), prints the confusion matrix and the metrics,
 * and writes them as JSON.
 */
export async function runEvaluate(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      mask: { type: 'string' },
      truth: { type: 'string' },
      unchanged: { type: 'string' },
      json: { type: 'string' }
    }
  });
  if (!values.mask) throw new UsageError('--mask MASK is required');
  if (!values.truth) throw new UsageError('--truth TRUTH is required');
  const opened: OpenedInput[] = [];
  const input = async (path: string) => {
    const o = await openInput(path);
    opened.push(o);
    return o.source;
  };
  let metrics: AccuracyMetrics;
  try {
    const mask = await input(values.mask);
    const truth = await input(values.truth);
    const unchanged = values.unchanged ? await input(values.unchanged) : null;
    metrics = await evaluateMasks(mask, truth, unchanged);
  } finally {
    await Promise.all(opened.map((o) => o.close()));
  }
  if (values.json) await writeFile(values.json, JSON.stringify(metrics, null, 2) + '\n');
  console.log(formatMetrics(metrics));
}

const fmt = (v: number | null): string => (v === null ? 'n/a (0/0)' : v.toFixed(4));

function formatMetrics(m: AccuracyMetrics): string {
  const w = Math.max(17, ...[m.tp, m.fp, m.fn, m.tn].map((n) => String(n).length + 2));
  const row = (label: string, a: string | number, b: string | number) => label.padEnd(18) + String(a).padStart(w) + String(b).padStart(w);
  return [
    row('', 'truth change', 'truth no change'),
    row('mask change', m.tp, m.fp),
    row('mask no change', m.fn, m.tn),
    '',
    `precision         ${fmt(m.precision)}`,
    `recall            ${fmt(m.recall)}`,
    `F1                ${fmt(m.f1)}`,
    `IoU               ${fmt(m.iou)}`,
    `overall accuracy  ${fmt(m.overallAccuracy)}`,
    `kappa             ${fmt(m.kappa)}`
  ].join('\n');
}
