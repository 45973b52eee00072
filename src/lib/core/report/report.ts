/**
 * report.html: one self-contained file (the figure inline as a data: URL, styles inline, a
 * Content-Security-Policy that forbids every request), readable offline and printable to PDF:
 * title, figure, the sites as a table, the change objects, the method, threshold and cleaning
 * with the reasons for each choice, and the provenance — each input's name, size, CRS and
 * SHA-256, the version, every option, when it ran, the recipe and the outputs' SHA-256.
 */
import type { ChangeSummary } from '../change/summary';
import type { ChangeObject } from '../objects/stats';
import type { RecipeFile } from '../recipe/recipe';
import type { SiteStatistics } from '../sites/statistics';
import { base64, bytesText, escapeHtml, num, table } from './html';

export interface ReportInputFile {
  role: 'before' | 'after';
  name: string;
  sizeBytes: number;
  sha256: string;
  width: number;
  height: number;
  bands: number;
  dtype: string;
  crs: string;
  date: string | null;
  /** How the figure shows it, e.g. "bands 3, 2, 1 as RGB · 2–98 % stretch". */
  display: string;
}

export interface ReportOutputFile {
  name: string;
  sizeBytes: number;
  sha256: string;
}

export interface ReportInput {
  title: string;
  caption: string;
  /** When the analysis ran, ISO 8601. */
  createdAt: string;
  figurePng: Uint8Array;
  summary: ChangeSummary & { objects: number };
  sites: readonly SiteStatistics[] | null;
  objects: readonly ChangeObject[];
  /** Object id → the sites it touches. */
  objectSites: ReadonlyMap<number, readonly string[]> | null;
  inputs: readonly ReportInputFile[];
  outputs: readonly ReportOutputFile[];
  recipe: RecipeFile;
}

/** Objects listed in the report (the largest first); the CSV holds them all. */
export const REPORT_OBJECTS = 50;

const STYLE = `
:root { color-scheme: light; --ink: #1c2026; --muted: #5c636e; --line: #d5d9df; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1200px; padding: 32px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta { color: var(--muted); margin: 0 0 16px; }
figure { margin: 0; } figure img { width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); margin-top: 6px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f3f5f7; font-weight: 600; } .n { text-align: right; }
code, .hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
ul { margin: 4px 0; padding-left: 20px; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: 12px; font-size: 12px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
@media print { body { padding: 0; max-width: none; font-size: 11px; } h2 { break-after: avoid; } table, figure { break-inside: avoid; } pre { font-size: 9px; } }
`;

function sitesTable(sites: readonly SiteStatistics[]): string {
  return table(
    [
      'Site',
      'Area (ha)',
      'Valid px',
      'Changed px',
      'Changed',
      'Changed area (m²)',
      'Changed area (ha)',
      'Objects',
      'Largest objects (id: m²)',
      'Mean magnitude',
      'Direction'
    ],
    sites.map((s) => [
      s.name + (s.partlyOutside ? ' (partly outside the image)' : ''),
      num(s.areaM2 === null ? null : s.areaM2 / 1e4, 2),
      num(s.validPixels),
      num(s.changedPixels),
      `${num(100 * s.changedFraction, 2)} %`,
      num(s.changedAreaM2),
      num(s.changedAreaHa, 2),
      s.objects === null ? '—' : num(s.objects),
      s.largestObjects.map((o) => `${o.id}: ${o.areaM2 === null ? `${o.areaPx} px` : num(o.areaM2)}`).join(', ') || '—',
      num(s.meanMagnitude, 3),
      direction(s)
    ]),
    [false, true, true, true, true, true, true, true, false, true, false]
  );
}

function direction(s: SiteStatistics): string {
  const d = s.direction;
  if (!d) return '—';
  if (d.kind === 'sign') return `gain ${num(d.gainPixels)} px, loss ${num(d.lossPixels)} px`;
  return Object.entries(d.changedPixels)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${num(n)} px`)
    .join(', ');
}

function objectsTable(objects: readonly ChangeObject[], objectSites: ReadonlyMap<number, readonly string[]> | null, total: number): string {
  const largest = [...objects].sort((a, b) => b.areaPx - a.areaPx || a.id - b.id).slice(0, REPORT_OBJECTS);
  const note = total > largest.length ? `<p class="meta">The ${largest.length} largest of ${num(total)} objects; objects.csv lists them all.</p>` : '';
  return (
    note +
    table(
      ['Id', 'Area (px)', 'Area (m²)', 'Centroid (lon, lat)', 'Centroid (map x, y)', 'Mean magnitude', 'Sites'],
      largest.map((o) => [
        o.id,
        num(o.areaPx),
        num(o.areaM2),
        o.centroidLonLat ? `${o.centroidLonLat[0].toFixed(6)}, ${o.centroidLonLat[1].toFixed(6)}` : '—',
        o.centroidMap ? `${o.centroidMap[0].toFixed(1)}, ${o.centroidMap[1].toFixed(1)}` : `${o.centroidPx[0].toFixed(1)}, ${o.centroidPx[1].toFixed(1)} px`,
        num(o.meanMagnitude, 3),
        objectSites?.get(o.id)?.join(', ') ?? ''
      ]),
      [true, true, true, false, false, true, false]
    )
  );
}

function methodSection(s: ChangeSummary): string {
  const r = s.recipe;
  const threshold = s.threshold.value === null ? 'none (no valid pixel)' : `${s.threshold.value.toPrecision(6)} ${s.magnitudeUnit}`;
  return `<table><tbody>
<tr><th>Method</th><td>${escapeHtml(r.method)}${r.requested === 'auto' ? ' (chosen automatically)' : ''}; bands ${escapeHtml(s.bands.join(', '))}; normalization ${escapeHtml(r.normalize)}; prefilter ${escapeHtml(r.prefilter)}</td></tr>
<tr><th>Threshold</th><td>${escapeHtml(r.threshold)}${s.threshold.onLogMagnitude ? ' on ln(magnitude)' : ''} = ${escapeHtml(threshold)}; change = magnitude &gt; threshold</td></tr>
<tr><th>Cleaning</th><td>${escapeHtml(r.clean)} (${num(s.thresholdedPixels)} px after the threshold, ${num(s.changedPixels)} after cleaning)</td></tr>
<tr><th>Result</th><td>${num(s.changedPixels)} of ${num(s.validPixels)} valid pixels changed (${num(100 * s.changedFraction, 3)} %)${s.changedAreaM2 === null ? '' : `, ${num(s.changedAreaM2)} m² (${num(s.changedAreaM2 / 1e4, 2)} ha)`}</td></tr>
</tbody></table>
<p>Why:</p><ul>${r.reasons.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>`;
}

function provenance(input: ReportInput): string {
  const inputs = table(
    ['Input', 'File', 'Size', 'Grid', 'CRS', 'Date', 'Shown as', 'SHA-256'],
    input.inputs.map((f) => [
      f.role,
      f.name,
      bytesText(f.sizeBytes),
      `${f.width} × ${f.height} px, ${f.bands} bands, ${f.dtype}`,
      f.crs,
      f.date ?? 'not given',
      f.display,
      f.sha256
    ])
  );
  const outputs = table(
    ['Output', 'Size', 'SHA-256'],
    input.outputs.map((f) => [f.name, bytesText(f.sizeBytes), f.sha256])
  );
  const options = table(
    ['Option', 'Value'],
    Object.entries(input.recipe.options).map(([k, v]) => [k, v === null ? 'recipe decides' : typeof v === 'object' ? JSON.stringify(v) : String(v)])
  );
  return `<p>Sitewatch ${escapeHtml(input.summary.version)}, run ${escapeHtml(input.createdAt)}. Anyone holding the two inputs can run the same analysis again with
<code>sitewatch change BEFORE AFTER --out DIR --recipe recipe.json</code> (or open the recipe in the app) and get the outputs below, byte for byte.</p>
<h3>Inputs</h3>${inputs.replace(/<td>([0-9a-f]{64})<\/td>/g, '<td class="hash">$1</td>')}
<h3>Options</h3>${options}
<h3>Outputs</h3>${outputs.replace(/<td>([0-9a-f]{64})<\/td>/g, '<td class="hash">$1</td>')}
<h3>Recipe</h3><pre>${escapeHtml(JSON.stringify(input.recipe, null, 2))}</pre>`;
}

/** The report as one HTML document. */
export function reportHtml(input: ReportInput): string {
  const s = input.summary;
  const [before, after] = input.inputs;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p class="meta">${escapeHtml(before?.name)} (${escapeHtml(before?.date ?? 'date not given')}) → ${escapeHtml(after?.name)} (${escapeHtml(after?.date ?? 'date not given')}) · ${escapeHtml(s.crs ?? 'not georeferenced')} · Sitewatch ${escapeHtml(s.version)} · ${escapeHtml(input.createdAt)}</p>
<figure><img alt="${escapeHtml(input.caption || 'Before, after and change')}" src="data:image/png;base64,${base64(input.figurePng)}"></figure>
${input.sites?.length ? `<h2>Sites</h2>${sitesTable(input.sites)}<p class="meta">A pixel belongs to a site when its centre lies inside the polygon (holes excluded); an object belongs to every site holding one of its pixels.</p>` : ''}
<h2>Method, threshold and cleaning</h2>${methodSection(s)}
<h2>Change objects (${num(s.objects)})</h2>${objectsTable(input.objects, input.objectSites, s.objects)}
<h2>Provenance</h2>${provenance(input)}
</body></html>
`;
}
