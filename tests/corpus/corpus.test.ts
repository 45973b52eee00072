/**
 * The bad-input corpus through the real CLI, in process: every case must end as expected — a
 * specific error on one line naming the file, or a specific result — never a crash, a stack
 * trace, or a changed output folder after a failure.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli';
import { runCliInProcess } from '../helpers/cli-in-process';
import { corpusCases, type CorpusCase } from './cases';

const DIR = resolve(ROOT, 'tests/fixtures/generated/corpus');
const cases = corpusCases();

/** Every file under a folder with its hash: what "the folder is as it was" compares. */
function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out[name] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

function prepare(c: CorpusCase): { dir: string; out: string; fill: (s: string) => string } {
  const dir = join(DIR, c.id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(c.files)) {
    if (bytes === 'dir') mkdirSync(join(dir, name));
    else writeFileSync(join(dir, name), bytes);
  }
  const out = join(dir, 'out');
  if (c.previous) {
    mkdirSync(out);
    for (const [name, text] of Object.entries(c.previous)) writeFileSync(join(out, name), text);
  }
  return { dir, out, fill: (s) => s.replaceAll('{dir}', dir).replaceAll('{out}', out) };
}

describe('the bad-input corpus', () => {
  it('has at least 100 cases with unique ids', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_, c) => {
    const { dir, out, fill } = prepare(c);
    const outBefore = snapshot(out);
    const run = await runCliInProcess(c.args.map(fill));
    if (process.env.CORPUS_DEBUG) console.log('###', c.id, run.code, JSON.stringify(run.stderr), JSON.stringify(snapshot(out)));
    expect(run.crash, `crashed: ${run.crash}`).toBeNull();
    if (c.expect.exit === 0) {
      expect(run.stderr.filter((l) => !/^sitewatch: (note|warning): /.test(l))).toEqual([]);
      expect(run.code, run.stderr.join('\n')).toBe(0);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const wanted = c.expect.summary as Record<string, number>;
      expect(Object.fromEntries(Object.keys(wanted).map((k) => [k, summary[k]]))).toEqual(wanted);
      for (const [name, hash] of Object.entries(outBefore)) expect(snapshot(out)[name], `${name} was changed`).toBe(hash);
    } else {
      expect(run.code, run.stderr.join('\n')).toBe(c.expect.exit);
      expect(run.stderr).toHaveLength(1);
      const [line] = run.stderr;
      const prefix = `sitewatch: ${fill(c.expect.file)}: `;
      expect(line.startsWith(prefix), `"${line}" should start with "${prefix}"`).toBe(true);
      expect(line.slice(prefix.length).replaceAll(dir, '{dir}')).toMatch(c.expect.error);
      expect(snapshot(out), 'a failed run must leave the output folder as it was').toEqual(outBefore);
      expect(readdirSync(dir).filter((n) => n.startsWith('.sitewatch-'))).toEqual([]);
    }
  });
});
