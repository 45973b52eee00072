import { lstatSync, rmSync } from 'node:fs';
import { mkdir, readdir, realpath, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../src/lib/core/raster';

/**
 * An output folder written atomically: every file is written under a scratch folder inside it
 * (`.sitewatch-<pid>-<n>`, same file system) and renamed into place only when the whole run has
 * succeeded. A failed, interrupted or killed-by-signal run removes its scratch folder (and the
 * output folder itself when the run created it), so the folder is left as it was; a previous
 * result in it is never half overwritten.
 */
export class OutputFolder {
  private scratch: string | null = null;
  private created: string[] = [];
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.discardSync();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  private constructor(
    /** The folder as the user named it, for messages. */
    readonly given: string,
    readonly path: string
  ) {}

  /**
   * Checks `dir` before anything is read or written: it must not be a file, nor lie under one, nor
   * hold any of the inputs (an output could overwrite an input before it is read).
   */
  static async check(dir: string, inputs: string[]): Promise<OutputFolder> {
    const path = resolve(dir);
    const existing = await nearestExisting(path);
    if (!existing.isDirectory) {
      if (existing.path === path) throw new InputError(dir, 'the output folder is a file');
      throw new InputError(dir, `the output folder cannot be made: ${relativeTo(dir, path, existing.path)} is a file`);
    }
    const real = existing.path === path ? await realpath(path) : null;
    if (real) {
      for (const input of inputs) {
        const where = await realpath(input).catch(() => resolve(input));
        const inside = relative(real, where);
        if (!inside.startsWith('..') && !inside.startsWith(sep) && inside !== '') {
          throw new InputError(dir, `the output folder holds an input (${inside}); choose another folder`);
        }
      }
    }
    return new OutputFolder(dir, path);
  }

  /** Makes the folder (when missing) and the scratch folder; until `commit`, nothing shows in the folder. */
  async begin(): Promise<void> {
    const missing: string[] = [];
    for (let p = this.path; !(await exists(p)); p = dirname(p)) missing.unshift(p);
    try {
      for (const p of missing) {
        await mkdir(p);
        this.created.unshift(p);
      }
      this.scratch = join(this.path, `.sitewatch-${process.pid}-${Date.now().toString(36)}`);
      await mkdir(this.scratch);
      await mkdir(join(this.scratch, '.work'));
    } catch (e) {
      await this.discard();
      throw new InputError(this.given, `the output folder cannot be made: ${describeFsError(e)}`);
    }
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  /** The folder the run writes into; its files become the outputs on `commit`. */
  get scratchPath(): string {
    if (!this.scratch) throw new Error('OutputFolder.begin() was not called');
    return this.scratch;
  }

  /** Where to write output `name` during the run. */
  file(name: string): string {
    return join(this.scratchPath, name);
  }

  /** Where to keep a working file that is never an output (in a subfolder that `commit` leaves out). */
  scratchFile(name: string): string {
    return join(this.scratchPath, '.work', name);
  }

  /** Moves every finished file into the folder (replacing files of the same name) and removes the scratch folder. */
  async commit(): Promise<void> {
    const scratch = this.scratch!;
    for (const entry of await readdir(scratch, { withFileTypes: true })) {
      if (entry.isFile()) await rename(join(scratch, entry.name), join(this.path, entry.name));
    }
    await rm(scratch, { recursive: true, force: true });
    this.scratch = null;
    this.created = [];
    this.release();
  }

  /** Removes the scratch folder and any folder this run created: the folder is left as it was. */
  async discard(): Promise<void> {
    if (this.scratch) await rm(this.scratch, { recursive: true, force: true });
    this.scratch = null;
    for (const p of this.created) await rmdir(p).catch(() => {});
    this.created = [];
    this.release();
  }

  private discardSync(): void {
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
    for (const p of this.created) rmSync(p, { recursive: false, force: true });
  }

  private release(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  );
}

/** The path itself or its nearest ancestor that exists, and whether that is a folder. */
async function nearestExisting(path: string): Promise<{ path: string; isDirectory: boolean }> {
  for (let p = path; ; p = dirname(p)) {
    const s = await stat(p).catch(() => null);
    if (s) return { path: p, isDirectory: s.isDirectory() };
    if (dirname(p) === p) return { path: p, isDirectory: true };
    if (isLink(p)) return { path: p, isDirectory: false }; // a dangling link
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  } catch {
    return false; // ENOTDIR: a parent is a file, found on the next step up
  }
}

/** `existing` as the user would write it: relative to what they typed when `dir` was relative. */
function relativeTo(dir: string, path: string, existing: string): string {
  const up = relative(existing, path).split(sep).length;
  let shown = dir.replace(/[\\/]+$/, '');
  for (let i = 0; i < up; i++) shown = dirname(shown);
  return shown;
}

function describeFsError(e: unknown): string {
  const { code, message } = e as NodeJS.ErrnoException;
  const plain: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOENT: 'the file system does not allow it',
    ENOSPC: 'no space left on the device',
    ENOTDIR: 'a part of the path is a file'
  };
  return (code && plain[code]) ?? String(message).split('\n')[0];
}

/** A file-system error while writing (disk full, permissions) as an InputError naming the output folder; others unchanged. */
export function writeFailure(e: unknown, dir: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (e instanceof InputError || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  return new InputError(dir, `could not write the results: ${describeFsError(e)}`);
}
