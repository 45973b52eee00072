import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Compiles bench/c/kernels.c with gcc -O3 -march=native and returns its median ms per kernel
 * name, or null when gcc is missing or fails.
 */
export function benchC(elements: number, repeats: number): Record<string, number> | null {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-'));
  try {
    const binary = join(dir, 'kernels');
    const source = fileURLToPath(new URL('./kernels.c', import.meta.url));
    execFileSync('gcc', ['-O3', '-march=native', '-fno-math-errno', '-fno-trapping-math', '-o', binary, source, '-lm'], { stdio: 'ignore' });
    return JSON.parse(execFileSync(binary, [String(elements), String(repeats)], { encoding: 'utf8' }));
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
