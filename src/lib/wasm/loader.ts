import { WasmKernels, type CoreExports } from './kernels';
import type { Kernels } from './types';

export type Flavour = Kernels['flavour'];

/** A module whose one function uses v128 (i32.const 0; i8x16.splat; i8x16.popcnt), as wasm-feature-detect does. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

const compiled = new Map<Flavour, Promise<WebAssembly.Module>>();

/** Whether this engine runs fixed-width WASM SIMD. */
export function simdSupported(): boolean {
  return WebAssembly.validate(SIMD_PROBE);
}

/**
 * A fresh instance of the WASM core (its own memory) behind the `Kernels` interface. `auto` picks
 * the SIMD build where the engine supports it.
 */
export async function loadKernels(flavour: 'auto' | Flavour = 'auto'): Promise<Kernels> {
  const chosen: Flavour = flavour === 'auto' ? (simdSupported() ? 'simd' : 'scalar') : flavour;
  return new WasmKernels(chosen, await instantiateCore(chosen));
}

/**
 * A fresh instance's raw exports, for callers that keep data in WASM memory (the benchmark). The
 * compiled module is cached per flavour, so every later instance (one per worker or per test)
 * only instantiates.
 */
export async function instantiateCore(flavour: Flavour): Promise<CoreExports> {
  let module = compiled.get(flavour);
  if (!module) {
    module = compile(flavour);
    compiled.set(flavour, module);
    module.catch(() => compiled.delete(flavour)); // a failed load may be retried
  }
  const instance = await WebAssembly.instantiate(await module, {
    env: {
      abort(_message: number, _file: number, line: number, column: number) {
        throw new Error(`WASM core (${flavour}) aborted at ${line}:${column}`);
      }
    }
  });
  return instance.exports as unknown as CoreExports;
}

async function compile(flavour: Flavour): Promise<WebAssembly.Module> {
  // Literal URLs, so Vite emits each .wasm as a hashed asset (inside worker bundles too).
  const url = flavour === 'simd' ? new URL('./build/core-simd.wasm', import.meta.url) : new URL('./build/core-scalar.wasm', import.meta.url);
  if (url.protocol === 'file:') {
    // Node (CLI, tests): a variable specifier keeps the Node builtin out of the browser build.
    const specifier = 'node:fs/promises';
    const fs: typeof import('node:fs/promises') = await import(/* @vite-ignore */ specifier);
    return WebAssembly.compile(await fs.readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Cannot load the WASM core ${url}: HTTP ${response.status}`);
  if (response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer()); // a server without the wasm MIME type
}
