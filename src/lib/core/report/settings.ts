/**
 * What the analyst types for the figure and the report. Kept in the recipe, so the same recipe
 * gives the same figure and report in the app and the CLI.
 */
import type { ChangeSummary } from '../change/summary';
import { checkDisplaySettings, isDefaultImageDisplay, type DisplaySettings } from '../render/display';
import { DEFAULT_FIGURE_WIDTH, MAX_FIGURE_WIDTH, MIN_FIGURE_WIDTH, type FigureText } from '../figure/figure';
import type { SiteStatistics } from '../sites/statistics';

export interface ReportSettings {
  /** Empty: a title made from the file names. */
  title: string;
  /** Empty: a caption made from the site numbers. */
  caption: string;
  beforeDate: string | null;
  afterDate: string | null;
  figureWidth: number;
  /** Bands and stretch of each image in the figure (and the viewer); absent: the defaults. */
  display?: DisplaySettings;
}

/** The display member of report settings checked (RangeError naming the field), left out when it is the default. */
export function reportDisplay(v: unknown): Pick<ReportSettings, 'display'> {
  const display = checkDisplaySettings(v, 'report.display');
  return display && !(isDefaultImageDisplay(display.before) && isDefaultImageDisplay(display.after)) ? { display } : {};
}

export const DEFAULT_REPORT_SETTINGS: ReportSettings = { title: '', caption: '', beforeDate: null, afterDate: null, figureWidth: DEFAULT_FIGURE_WIDTH };

/** A figure width within the supported range, or a RangeError. */
export function checkFigureWidth(v: number): number {
  if (!Number.isInteger(v) || v < MIN_FIGURE_WIDTH || v > MAX_FIGURE_WIDTH)
    throw new RangeError(`figure width must be a whole number of pixels from ${MIN_FIGURE_WIDTH} to ${MAX_FIGURE_WIDTH}, not ${v}`);
  return v;
}

function ha(v: number | null, px: number): string {
  return v === null ? `${px} px` : `${(v / 1e4).toFixed(v >= 1e4 ? 1 : 2)} ha`;
}

/** "New crossing: 3.1 ha changed, 14 objects · Old crossing: 0.02 ha, 0 objects", or the whole-image numbers without sites. */
export function defaultCaption(summary: ChangeSummary & { objects: number }, sites: readonly SiteStatistics[] | null): string {
  const whole = `Whole image: ${ha(summary.changedAreaM2, summary.changedPixels)} changed (${(100 * summary.changedFraction).toFixed(2)} % of the valid pixels), ${summary.objects} objects.`;
  if (!sites?.length) return whole;
  const parts = sites.map(
    (s) => `${s.name}: ${ha(s.changedAreaM2, s.changedPixels)} changed${s.objects === null ? '' : `, ${s.objects} object${s.objects === 1 ? '' : 's'}`}`
  );
  return `${parts.join(' · ')}. ${whole}`;
}

/** The figure's text from the settings, the summary and the sites. */
export function figureText(
  settings: ReportSettings,
  names: { before: string; after: string },
  summary: ChangeSummary & { objects: number },
  sites: readonly SiteStatistics[] | null
): FigureText {
  const r = summary.recipe;
  return {
    title: settings.title.trim() || `Change from ${names.before} to ${names.after}`,
    beforeDate: settings.beforeDate,
    afterDate: settings.afterDate,
    method: `${r.method}${r.requested === 'auto' ? ' (auto)' : ''} · threshold ${r.threshold}${summary.threshold.onLogMagnitude ? ' on ln' : ''} · clean ${r.clean}`,
    caption: settings.caption.trim() || defaultCaption(summary, sites)
  };
}
