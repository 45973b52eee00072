/**
 * Every number a lesson step promises, checked by running the step's analysis through the CLI's
 * own commands (`sitewatch change`, then `sitewatch evaluate`) on the lesson's files: the same core
 * the app's worker runs. Also checks the catalog's shape and what its texts claim about the scenes.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runChange } from '../../bin/commands/change';
import { runEvaluate } from '../../bin/commands/evaluate';
import { openInput } from '../../bin/open-input';
import { generateScene } from '../../src/lib/core/scene/scene';
import { CROSSING_SITES, LESSONS, MISREGISTRATION } from '../../src/lib/lessons/catalog';
import { CROSSING_SCENE, generateLessonFiles } from '../../src/lib/lessons/generate';
import { analysisAt, cliArguments } from '../../src/lib/lessons/steps';
import { describePromise, keeps, type Lesson, type Promised, type StepAnalysis } from '../../src/lib/lessons/types';
import { ROOT } from '../helpers/cli';

const GENERATED = resolve(ROOT, 'tests/fixtures/generated/lessons');
const COMMITTED = resolve(ROOT, 'static/lessons');
const OUT = resolve(ROOT, 'tests/fixtures/generated/lesson-runs');

/** Where a lesson's files are: the committed real imagery, or the freshly generated scenes. */
function lessonDir(lesson: Lesson): string {
  const id = lesson.dir.replace(/^lessons\//, '');
  return GENERATED_IDS.has(id) ? join(GENERATED, id) : join(COMMITTED, id);
}
/** Lessons made by the generator (filled in beforeAll); the others are committed. */
const GENERATED_IDS = new Set<string>();

interface StepNumbers {
  kappa: number | null;
  f1: number | null;
  precision: number | null;
  recall: number | null;
  falseAlarms: number;
  changedHa: number | null;
  objects: number;
  shiftX: number;
  shiftY: number;
  rotationDeg: number;
  dir: string;
}

const runs = new Map<string, Promise<StepNumbers>>();

/** Runs `sitewatch change` + `sitewatch evaluate` once per distinct (lesson, analysis). */
function numbersOf(lesson: Lesson, analysis: StepAnalysis): Promise<StepNumbers> {
  const key = `${lesson.id} ${JSON.stringify(analysis)}`;
  let run = runs.get(key);
  if (!run) {
    run = (async () => {
      const src = lessonDir(lesson);
      const out = join(OUT, `${lesson.id}-${runs.size}`);
      await runChange([join(src, 'before.tif'), join(src, 'after.tif'), '--out', out, '--quiet', ...cliArguments(analysis)]);
      const unchanged = lesson.partialTruth ? ['--unchanged', join(src, 'unchanged.tif')] : [];
      await runEvaluate(['--mask', join(out, 'mask.tif'), '--truth', join(src, 'truth.tif'), ...unchanged, '--json', join(out, 'accuracy.json')]);
      const m = JSON.parse(await readFile(join(out, 'accuracy.json'), 'utf8'));
      const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
      return {
        kappa: m.kappa,
        f1: m.f1,
        precision: m.precision,
        recall: m.recall,
        falseAlarms: m.fp,
        changedHa: s.changedAreaM2 === null ? null : s.changedAreaM2 / 1e4,
        objects: s.objects,
        shiftX: s.alignment.shiftPx[0],
        shiftY: s.alignment.shiftPx[1],
        rotationDeg: s.alignment.rotationDeg,
        dir: out
      };
    })();
    runs.set(key, run);
  }
  return run;
}

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  for (const f of generateLessonFiles()) {
    const path = join(GENERATED, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.bytes);
    GENERATED_IDS.add(f.path.split('/')[0]);
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  await rm(OUT, { recursive: true, force: true });
});

describe('lesson catalog', () => {
  it('has at least five lessons of 3–6 steps, each step with a reference and two or three sentences', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(5);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const lesson of LESSONS) {
      expect(lesson.steps.length, lesson.id).toBeGreaterThanOrEqual(3);
      expect(lesson.steps.length, lesson.id).toBeLessThanOrEqual(6);
      expect(lesson.credit.length, lesson.id).toBeGreaterThan(20);
      for (const step of lesson.steps) {
        expect(step.reference, step.title).toMatch(/doi:10\.\d{4,}\//);
        const sentences = step.text.split(/(?<=[.!?])\s+(?=[\p{Lu}κ])/u).length;
        expect(sentences, `${lesson.id}: ${step.title}`).toBeGreaterThanOrEqual(2);
        expect(sentences, `${lesson.id}: ${step.title}`).toBeLessThanOrEqual(3);
        for (const p of step.promises ?? []) expect(p.min !== undefined || p.max !== undefined).toBe(true);
      }
      // Every step that promises a number has an analysis in force.
      lesson.steps.forEach((step, i) => {
        if (step.promises?.length) expect(analysisAt(lesson, i), `${lesson.id} step ${i + 1}`).not.toBeNull();
      });
    }
  });

  it('has the files every lesson needs', () => {
    for (const lesson of LESSONS) {
      const dir = lessonDir(lesson);
      for (const name of ['before.tif', 'after.tif', 'truth.tif', ...(lesson.partialTruth ? ['unchanged.tif'] : [])]) {
        expect(existsSync(join(dir, name)), `${lesson.id}: ${name}`).toBe(true);
      }
    }
  });

  it('names the crossing scene’s sites where the generator puts them', () => {
    const scene = generateScene({ ...CROSSING_SCENE, noiseSigma: 0 });
    expect(scene.sites.find((s) => s.kind === 'old-crossing')!.bbox).toEqual([...CROSSING_SITES.old]);
    expect(scene.sites.find((s) => s.kind === 'new-crossing')!.bbox).toEqual([...CROSSING_SITES.new]);
  });

  it('words a promise as a range', () => {
    expect(describePromise({ metric: 'kappa', min: 0.9 })).toBe('κ ≥ 0.9');
    expect(describePromise({ metric: 'kappa', min: 0.5, max: 0.75 })).toBe('0.5 ≤ κ ≤ 0.75');
    expect(keeps({ metric: 'kappa', max: 0.2 }, 0.21)).toBe(false);
    expect(keeps({ metric: 'kappa', max: 0.2 }, null)).toBe(false);
  });
});

const promised: [string, Lesson, number, Promised][] = LESSONS.flatMap((lesson) =>
  lesson.steps.flatMap((step, i) =>
    (step.promises ?? []).map((p): [string, Lesson, number, Promised] => [`${lesson.id} ${i + 1}. ${step.title}: ${describePromise(p)}`, lesson, i, p])
  )
);

describe('what the steps promise, through the CLI', () => {
  it.each(promised)('%s', async (_name, lesson, index, p) => {
    const n = await numbersOf(lesson, analysisAt(lesson, index)!);
    const value = n[p.metric];
    expect(keeps(p, value), `${p.metric} = ${value}`).toBe(true);
  });

  it('crossing: no change at the old crossing, as "The old crossing: nothing" says', async () => {
    const lesson = LESSONS.find((l) => l.id === 'crossing')!;
    const index = lesson.steps.findIndex((s) => s.title === 'The old crossing: nothing');
    const n = await numbersOf(lesson, analysisAt(lesson, index)!);
    const mask = await openInput(join(n.dir, 'mask.tif'));
    try {
      const [x0, y0, x1, y1] = CROSSING_SITES.old;
      const [band] = await mask.source.readRows(y0, y1 - y0, [0]);
      const w = mask.source.info.width;
      let changed = 0;
      for (let y = 0; y < y1 - y0; y++) for (let x = x0; x < x1; x++) changed += band[y * w + x] === 1 ? 1 : 0;
      expect(changed).toBe(0);
    } finally {
      await mask.close();
    }
  });

  it('misregistration: automatic alignment finds the shift and rotation the generator applied', async () => {
    const lesson = LESSONS.find((l) => l.id === 'misregistration')!;
    const index = lesson.steps.findIndex((s) => s.analysis?.align === 'auto');
    const n = await numbersOf(lesson, analysisAt(lesson, index)!);
    expect(n.shiftX).toBeCloseTo(MISREGISTRATION.shiftPx[0], 1);
    expect(n.shiftY).toBeCloseTo(MISREGISTRATION.shiftPx[1], 1);
    expect(n.rotationDeg).toBeCloseTo(MISREGISTRATION.rotationDeg, 1);
    // Trusting the georeferencing finds nothing to correct.
    const georef = await numbersOf(lesson, analysisAt(lesson, 0)!);
    expect([georef.shiftX, georef.shiftY, georef.rotationDeg]).toEqual([0, 0, 0]);
  });
});
