/**
 * Change objects as CSV (RFC 4180: header row, CRLF line ends, empty field for "unknown"), with
 * the unit in every column name so the table reads on its own.
 */
import type { ChangeObject } from './stats';

export interface CsvOptions {
  /** Unit of the raster CRS's coordinates for the centroid_x/y column names (default 'm'). */
  mapUnit?: string;
  /** Object id → names of the sites it touches; adds a `sites` column (names joined by "; "). */
  sites?: ReadonlyMap<number, readonly string[]>;
}

/** RFC 4180 quoting for a field that may hold a comma, a quote or a line break. */
function quoted(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per object, in id order. */
export function objectsCsv(objects: readonly ChangeObject[], options: CsvOptions = {}): string {
  const unit = options.mapUnit ?? 'm';
  const header = [
    'id',
    'area_px',
    'area_m2',
    'bbox_col0_px',
    'bbox_row0_px',
    'bbox_col1_px',
    'bbox_row1_px',
    'centroid_col_px',
    'centroid_row_px',
    `centroid_x_${unit}`,
    `centroid_y_${unit}`,
    'centroid_lon_deg',
    'centroid_lat_deg',
    'mean_magnitude',
    'max_magnitude',
    'direction_class',
    ...(options.sites ? ['sites'] : [])
  ];
  const rows = objects.map((o) =>
    [
      o.id,
      o.areaPx,
      o.areaM2,
      ...o.bbox,
      ...o.centroidPx,
      o.centroidMap?.[0],
      o.centroidMap?.[1],
      o.centroidLonLat?.[0],
      o.centroidLonLat?.[1],
      o.meanMagnitude,
      o.maxMagnitude,
      o.directionClass
    ]
      .map((v) => (v == null ? '' : String(v)))
      .concat(options.sites ? [quoted((options.sites.get(o.id) ?? []).join('; '))] : [])
      .join(',')
  );
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}
