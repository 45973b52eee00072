import { benchKernels } from './kernels';
import { benchPipeline } from './pipeline';

const ELEMENTS = 50_000_000;
const RSS_TARGET_MIB = 1024;
const SPEEDUP_TARGET = 3;

export async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const kernels = await benchKernels({ elements: ELEMENTS, repeats: 5 });
  // CVA: one decode of each image, the memory-bound path; IR-MAD re-reads the pair per iteration.
  const pipeline = await benchPipeline(8000, 8000, 3, 'cva');
  if (json) {
    console.log(JSON.stringify({ kernels, pipeline, targets: { simdOverJs: SPEEDUP_TARGET, peakRssMiB: RSS_TARGET_MIB } }, null, 2));
    return;
  }
  console.log(`Kernels on ${ELEMENTS.toLocaleString('en')} elements, median ms (target: SIMD ≥ ${SPEEDUP_TARGET}× plain JS)`);
  const ms = (v: number | null) => (v === null ? '—' : v.toFixed(1));
  console.table(
    kernels.map((k) => ({
      kernel: k.name,
      'SIMD wasm': ms(k.simdMs),
      'scalar wasm': ms(k.scalarMs),
      'plain JS': ms(k.jsMs),
      'C -O3': ms(k.cMs),
      'SIMD incl. copies': ms(k.simdCopyMs),
      'SIMD / JS': `${(k.jsMs / k.simdMs).toFixed(1)}×${k.jsMs / k.simdMs >= SPEEDUP_TARGET ? '' : ' (below target)'}`,
      'SIMD / C': k.cMs === null ? '—' : `${(k.cMs / k.simdMs).toFixed(2)}×`
    }))
  );
  const p = pipeline;
  console.log(`CLI end to end (--method ${p.method}) on a generated ${p.width} × ${p.height} × ${p.bands} u8 pair (Deflate, tiled 256²):`);
  console.log(`  wall ${p.wallMs} ms; stages ${JSON.stringify(p.timingsMs)}`);
  console.log(`  peak RSS ${p.peakRssMiB} MiB (target < ${RSS_TARGET_MIB} MiB${p.peakRssMiB < RSS_TARGET_MIB ? ', met' : ', MISSED'})`);
}
