// The reader worker: parses, normalises and packs import sources for the engine worker, which spawns it.
import { ADAPTERS } from '#shared/ingest/adapters/index';
import { serveReader } from '#shared/engine/reader-worker';

serveReader(self, ADAPTERS);
