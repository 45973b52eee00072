import { chiSquareUpperQuantile } from '../stats/chi-square';

/**
 * Chi-square threshold for IR-MAD: under no change the statistic Z = Σᵢ (MADᵢ / σᵢ)² over the N
 * MAD variates is χ²(N) distributed, so Z above the (1 − alpha) quantile of χ²(N) is change at
 * significance level alpha.
 *
 * Nielsen, A. A. (2007). The regularized iteratively reweighted MAD method for change detection
 * in multi- and hyperspectral data. IEEE Trans. Image Processing 16(2), 463–478.
 * doi:10.1109/TIP.2006.888195
 *
 * @param alpha false-alarm rate per no-change pixel, 0 < alpha < 1.
 * @param df degrees of freedom: the number of MAD variates (bands) summed into Z.
 * @returns the threshold in units of Z, change = Z > threshold. It does not depend on the data,
 *   so unlike the histogram thresholds it is a number even when no pixel is valid.
 */
export function thresholdChiSquare(alpha: number, df: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha of a chi-square threshold must lie strictly between 0 and 1, not ${alpha}`);
  return chiSquareUpperQuantile(alpha, df);
}
