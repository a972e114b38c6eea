// The engine worker: a few lines that host shared/engine on IndexedDB and answer the UI over postMessage.
import { createEngine } from '#shared/engine/engine';
import { postEvent, serveEngine } from '#shared/engine/rpc';
import { workerReader } from '#shared/engine/reader-worker';
import type { MessagePortLike } from '#shared/engine/rpc';
import { ADAPTERS } from '#shared/ingest/adapters/index';
import { demoCase } from '#shared/scenario/index';

const port = self as unknown as MessagePortLike;

// Requests are answered as soon as the engine has opened the case (rebuilding its in-memory indexes).
serveEngine(
  port,
  createEngine({
    dbName: 'caseline',
    adapters: ADAPTERS,
    demoFiles: demoCase,
    emit: (name, payload) => postEvent(port, name, payload),
    // Parsing and normalising an import run in workers of their own, beside storage in this one: two, each reading
    // half of a large NDJSON file.
    reader: workerReader(() => new Worker(new URL('./reader.worker.ts', import.meta.url), { type: 'module', name: 'caseline-reader' }), { adapters: ADAPTERS }),
  }),
);
