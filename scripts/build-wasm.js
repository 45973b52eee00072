// Builds the WASM core twice from one source: src/lib/wasm/build/core-simd.wasm (v128) and
// core-scalar.wasm (no SIMD; ASC_FEATURE_SIMD is false, so only the scalar loops compile).
// The targets live in asconfig.json; the SIMD target also emits raw bindings, whose .d.ts types
// the exports in src/lib/wasm/kernels.ts (the generated .js is not used).
import asc from 'assemblyscript/asc';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

for (const target of ['simd', 'scalar']) {
  const { error } = await asc.main(['--config', 'asconfig.json', '--target', target, '--baseDir', root], {
    stdout: process.stdout,
    stderr: process.stderr
  });
  if (error) {
    console.error(`build-wasm: target ${target} failed: ${error.message}`);
    process.exit(1);
  }
  console.log(`build-wasm: ${target} ok`);
}
