// Prepares search documents off the main thread during a rebuild (see reindex.ts). Plain ESM so
// it starts the same way whether the parent runs under tsx's CLI or bin/gongkai.js's register().
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { prepareDoc } = await import('./prepare.ts');

parentPort.on('message', ({ id, docs }) => {
  try {
    parentPort.postMessage({ id, prepared: docs.map(prepareDoc) });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort.postMessage({ ready: true });
