import type { Confusion } from './confusion';

/** The confusion matrix and the usual scores of a change mask; a score is null where it is 0/0. */
export interface AccuracyMetrics extends Confusion {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  iou: number | null;
  overallAccuracy: number | null;
  kappa: number | null;
}

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

/**
 * Scores of a binary change mask from its confusion matrix, with change as the positive class.
 *
 * - precision = tp / (tp + fp): null when nothing is marked as change.
 * - recall = tp / (tp + fn): null when the truth holds no change.
 * - f1 = 2tp / (2tp + fp + fn), the harmonic mean of the two written so that it is 0 (not null)
 *   when only one of them is defined; null when neither mask nor truth holds any change.
 * - iou = tp / (tp + fp + fn) (Jaccard index of the change class): null in the same case as f1.
 * - overallAccuracy = (tp + tn) / n: null when no pixel was scored.
 * - kappa: Cohen's κ = (pₒ − pₑ) / (1 − pₑ), written for the 2 × 2 case as
 *   2(tp·tn − fn·fp) / [(tp + fp)(fp + tn) + (tp + fn)(fn + tn)], which avoids n² (it overflows
 *   exact doubles beyond ~9·10⁷ pixels). Null when no pixel was scored or when mask and truth put
 *   every pixel in the same single class (pₑ = 1: agreement is total but all of it by chance).
 *
 * Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological
 * Measurement 20(1), 37–46. doi:10.1177/001316446002000104
 */
export function accuracyMetrics({ tp, fp, fn, tn }: Confusion): AccuracyMetrics {
  const n = tp + fp + fn + tn;
  return {
    tp,
    fp,
    fn,
    tn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    iou: ratio(tp, tp + fp + fn),
    overallAccuracy: ratio(tp + tn, n),
    kappa: ratio(2 * (tp * tn - fn * fp), (tp + fp) * (fp + tn) + (tp + fn) * (fn + tn))
  };
}
