/** Parsing of the align stage's options, shared by the CLI and the recipe. */
import { ALIGN_MODES, type AlignMode } from './align';
import { RESAMPLINGS, type Resampling } from './resample';

export function parseAlignMode(v: string): AlignMode {
  if (!(ALIGN_MODES as readonly string[]).includes(v)) throw new RangeError(`must be one of ${ALIGN_MODES.join(', ')}, not "${v}"`);
  return v as AlignMode;
}

export function parseResampling(v: string): Resampling {
  if (!(RESAMPLINGS as readonly string[]).includes(v)) throw new RangeError(`must be one of ${RESAMPLINGS.join(', ')}, not "${v}"`);
  return v as Resampling;
}
