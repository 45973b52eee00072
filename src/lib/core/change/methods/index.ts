import type { Kernels } from '../../../wasm/types';
import type { BandMapping } from '../../bands';
import { InputError } from '../../raster';
import type { ChangeStatistic } from '../method';
import type { ChangeMethod, IrmadOptions, SupervisedOptions } from '../options';
import { cvaDirection } from './cva-direction';
import { absoluteDifference, logRatio } from './difference';
import { irmad } from './irmad';
import { pcaKMeans } from './pca-kmeans';
import { spectralIndex } from './spectral-index';
import { ssim } from './ssim';
import { supervised } from './supervised';

export interface StatisticSettings {
  kernels: Kernels;
  /** Both images hold integer digital numbers. */
  integer: boolean;
  /** Unit of the input values: "DN", or "σ" after z-score normalization. */
  values: string;
  irmad: IrmadOptions;
  mapping: BandMapping | null;
  supervised?: SupervisedOptions | null;
}

/** The change statistic a method name stands for (see each file for its definition and source). */
export function createStatistic(method: ChangeMethod, s: StatisticSettings): ChangeStatistic {
  switch (method) {
    case 'absdiff':
      return absoluteDifference(s.kernels, s.values);
    case 'cva':
      return cvaDirection(s.mapping, s.values);
    case 'logratio':
      return logRatio(s.kernels, s.integer);
    case 'irmad':
      return irmad(s.irmad);
    case 'pcakmeans':
      return pcaKMeans();
    case 'ssim':
      return ssim();
    case 'supervised':
      return supervised(s.supervised ?? null, s.kernels);
    case 'ndvi':
    case 'ndbi':
    case 'ndwi':
    case 'builtup':
      if (!s.mapping) throw new InputError('bands', `${method} needs to know which band is red, NIR…: give a band mapping`);
      return spectralIndex(method, s.mapping);
  }
}
