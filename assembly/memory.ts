/**
 * The host owns WASM memory. The stub runtime is a bump allocator that never frees: the host
 * reserves one workspace per window size with `alloc` and starts over with `reset`, so no kernel
 * allocates. `memory.grow` detaches every typed view on the host side, so the host re-creates its
 * views after each `alloc`.
 */

/** Reserves `bytes` (16-byte aligned, so v128 loads are aligned); grows memory when needed. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Forgets every allocation; memory keeps its size and the next `alloc` starts at the heap base. */
export function reset(): void {
  heap.reset();
}
