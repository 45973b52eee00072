import { main } from '../../bin/main';

/**
 * Runs the CLI's `main` in this process (no Node start-up per call), capturing what it prints.
 * `crash` is set when main throws or reports an unexpected error (exit 70): a bug, not bad input.
 */
export async function runCliInProcess(args: string[]): Promise<{ code: number | null; stdout: string[]; stderr: string[]; crash: string | null }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void stdout.push(...a.map(String).join(' ').split('\n'));
  console.error = (...a: unknown[]) => void stderr.push(...a.map(String).join(' ').split('\n'));
  try {
    const code = await main(args);
    return { code, stdout, stderr, crash: code === 70 ? stderr.join('\n') : null };
  } catch (e) {
    return { code: null, stdout, stderr, crash: (e as Error).stack ?? String(e) };
  } finally {
    console.log = log;
    console.error = error;
  }
}
