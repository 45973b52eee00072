/**
 * The figure, report and recipe downloads: the analyst's title, dates, caption and width, and the
 * worker call that makes every file of the run as `sitewatch change --sites --report` would.
 */
import type { ChangeOptions } from '../core/change/options';
import { DEFAULT_DISPLAY, type DisplaySettings } from '../core/render/display';
import { DEFAULT_REPORT_SETTINGS, reportDisplay, type ReportSettings } from '../core/report/settings';
import type { SiteSet } from '../core/sites/site';
import type { WorkerBridge } from '../worker/bridge';

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export interface ReportRequest {
  runId: string;
  beforeId: string;
  afterId: string;
  sites: SiteSet | null;
  options: ChangeOptions;
}

export class ReportDesk {
  title = $state('');
  caption = $state('');
  beforeDate = $state('');
  afterDate = $state('');
  figureWidth = $state(DEFAULT_REPORT_SETTINGS.figureWidth);
  /** Bands and stretch of each image: the viewer, the figure and the report draw them alike. */
  display = $state.raw<DisplaySettings>(DEFAULT_DISPLAY);
  /** The file being made, e.g. "figure.png". */
  busy = $state<string | null>(null);

  constructor(
    private readonly bridge: WorkerBridge,
    private readonly report: (message: string) => void
  ) {}

  settings(): ReportSettings {
    return {
      title: this.title,
      caption: this.caption,
      beforeDate: this.beforeDate.trim() || null,
      afterDate: this.afterDate.trim() || null,
      figureWidth: Math.round(Math.min(4000, Math.max(600, this.figureWidth || DEFAULT_REPORT_SETTINGS.figureWidth))),
      ...reportDisplay(this.display)
    };
  }

  apply(s: ReportSettings): void {
    this.title = s.title;
    this.caption = s.caption;
    this.beforeDate = s.beforeDate ?? '';
    this.afterDate = s.afterDate ?? '';
    this.figureWidth = s.figureWidth;
    this.display = s.display ?? DEFAULT_DISPLAY;
  }

  /** Every file of the run by name, or null after reporting the problem. */
  async files(request: ReportRequest, name: string): Promise<Record<string, Blob> | null> {
    this.busy = name;
    try {
      const settings = this.settings();
      return await this.bridge.call((api) => api.reportFiles(request.runId, request.beforeId, request.afterId, request.sites, settings, request.options));
    } catch (err) {
      this.report(messageOf(err));
      return null;
    } finally {
      this.busy = null;
    }
  }
}
