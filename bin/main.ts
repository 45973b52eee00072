import { InputError } from '../src/lib/core/raster';
import { runAlign } from './commands/align';
import { runChange } from './commands/change';
import { runDemo } from './commands/demo';
import { runEvaluate } from './commands/evaluate';
import { UsageError } from './usage-error';

const USAGE = `usage:
  sitewatch change BEFORE AFTER --out DIR [--method absdiff|cva|logratio] [--threshold otsu|<number>] [--bands 1,2,3] [--sites SITES.geojson|.kml] [--outputs magnitude,mask,class]
  sitewatch change BEFORE AFTER --out DIR --method supervised --train SAMPLES.csv|.geojson [--seed N] [--trees N]
      [--align none|georef|auto] [--resampling nearest|bilinear|cubic] [--normalize none|zscore|histmatch|irmad]
  sitewatch change BEFORE AFTER --out DIR --recipe recipe.json
  sitewatch align BEFORE AFTER --out ALIGNED.tif [--align georef|auto] [--resampling nearest|bilinear|cubic]
  sitewatch demo DIR [--width N] [--height N] [--bands 3|4] [--seed N]
  sitewatch evaluate --mask MASK --truth TRUTH [--unchanged UNCHANGED] [--json OUT.json]`;

/** Runs one CLI command; returns the process exit code (0 ok, 1 bad input, 2 bad usage, 70 a bug of ours). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'change') await runChange(rest);
    else if (command === 'align') await runAlign(rest);
    else if (command === 'demo') await runDemo(rest);
    else if (command === 'evaluate') await runEvaluate(rest);
    else if (command === undefined || command === '--help' || command === '-h') {
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    } else throw new UsageError(`unknown command "${command}"`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      console.error(`sitewatch: ${e.message}`);
      return 1;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`sitewatch: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    // Never a stack trace for a user: one line, and the trace only when asked for.
    console.error(`sitewatch: unexpected error, please report it: ${String((e as Error)?.message ?? e).replace(/\s+/g, ' ')}`);
    if (process.env.SITEWATCH_DEBUG) console.error((e as Error)?.stack);
    return 70;
  }
}
