// One fuzz input at a time, in a worker thread with its own memory limit: open it as the CLI
// would and read every row of every band; report what happened.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { openRaster } = await tsImport('../../src/lib/core/io/open-raster.ts', import.meta.url);

parentPort.on('message', async ({ id, bytes, name }) => {
  try {
    const source = await openRaster(new Blob([bytes]), name);
    const { width, height, bands, dtype, nodata } = source.info;
    let nan = 0;
    const all = Array.from({ length: bands }, (_, b) => b);
    for (let y = 0; y < height; y += 64) {
      const rows = Math.min(64, height - y);
      for (const band of await source.readRows(y, rows, all)) for (const v of band) if (Number.isNaN(v)) nan++;
    }
    parentPort.postMessage({ id, ok: true, width, height, bands, dtype, nodata, nan });
  } catch (e) {
    // By name: a class identity check would fail, as tsImport loads modules per call.
    parentPort.postMessage({ id, ok: false, inputError: e?.name === 'InputError', message: String(e?.message ?? e), kind: e?.name ?? typeof e });
  }
});
parentPort.postMessage({ ready: true });
