/** Site statistics as CSV (RFC 4180, CRLF, empty field for "unknown"), one row per site in file order. */
import type { SiteStatistics } from './statistics';

function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function sitesCsv(sites: readonly SiteStatistics[]): string {
  const header = [
    'name',
    'pixels',
    'area_m2',
    'partly_outside',
    'valid_pixels',
    'changed_pixels',
    'changed_fraction',
    'changed_area_m2',
    'changed_area_ha',
    'objects',
    'largest_object_ids',
    'mean_magnitude',
    'mean_changed_magnitude',
    'gain_pixels',
    'loss_pixels'
  ];
  const rows = sites.map((s) => {
    const sign = s.direction?.kind === 'sign' ? s.direction : null;
    return [
      s.name,
      s.pixels,
      s.areaM2,
      s.partlyOutside,
      s.validPixels,
      s.changedPixels,
      s.changedFraction,
      s.changedAreaM2,
      s.changedAreaHa,
      s.objects,
      s.largestObjects.map((o) => o.id).join(' '),
      s.meanMagnitude,
      s.meanChangedMagnitude,
      sign?.gainPixels,
      sign?.lossPixels
    ]
      .map(field)
      .join(',');
  });
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}
