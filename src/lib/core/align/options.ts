/** The align stage's options and their parsing, shared by the CLI, the recipe and the app. */
import { RESAMPLINGS, type Resampling } from './resample';

/** none: the pair as it is; georef: through the georeferencing; auto: from the image content. */
export type AlignMode = 'none' | 'georef' | 'auto';
export const ALIGN_MODES: readonly AlignMode[] = ['none', 'georef', 'auto'];

export function parseAlignMode(v: string): AlignMode {
  if (!(ALIGN_MODES as readonly string[]).includes(v)) throw new RangeError(`must be one of ${ALIGN_MODES.join(', ')}, not "${v}"`);
  return v as AlignMode;
}

export function parseResampling(v: string): Resampling {
  if (!(RESAMPLINGS as readonly string[]).includes(v)) throw new RangeError(`must be one of ${RESAMPLINGS.join(', ')}, not "${v}"`);
  return v as Resampling;
}
