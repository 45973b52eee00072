/**
 * The sanity verdict on a change mask: plain-language warnings, with what to try, when the result
 * should not be trusted as it stands. Written into summary.json (`warnings`) and shown in the app.
 */

/** Above this fraction of the valid pixels marked as change, the split most likely cut through the unchanged pixels. */
export const MOST_CHANGED_FRACTION = 0.5;

/**
 * Above this class overlap (threshold/class-overlap.ts: the share of the smaller class the model
 * itself would confuse), the histogram has no clear second mode. On the generated and real pairs
 * of the tests and README, splits between modes stay below 0.11 and splits through the no-change
 * mode lie at 0.13–0.30.
 */
export const CLASS_OVERLAP_LIMIT = 0.15;

export interface SanityInput {
  validPixels: number;
  changedPixels: number;
  /** Overlap of the two-class model at the threshold; null when the threshold was set by hand or no model exists. */
  classOverlap: number | null;
}

export function sanityWarnings({ validPixels, changedPixels, classOverlap }: SanityInput): string[] {
  const warnings: string[] = [];
  if (validPixels > 0 && changedPixels > MOST_CHANGED_FRACTION * validPixels) {
    const pct = ((100 * changedPixels) / validPixels).toFixed(1);
    warnings.push(
      `${pct} % of the valid pixels are marked as change — more than half. A threshold this low most likely cuts through the unchanged pixels: raise it on the histogram, try another threshold rule or method, and check that the two images are aligned and comparable (season, sensor, processing).`
    );
  }
  if (classOverlap !== null && classOverlap > CLASS_OVERLAP_LIMIT) {
    const pct = Math.round(100 * classOverlap);
    warnings.push(
      `The change and no-change parts of the magnitude overlap heavily (${pct} % of the smaller class lies under the other): the histogram has no clear second mode, so this split is not meaningful. Try another method (IR-MAD for several bands, log-ratio for SAR), clean the mask, or set the threshold by hand where the map matches what you know of the site.`
    );
  }
  return warnings;
}
