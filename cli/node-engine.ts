// The same engine the app runs, in Node: Dexie over fake-indexeddb (in memory, one case per CLI run).
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createEngine } from '#shared/engine/engine';
import type { Engine } from '#shared/engine/engine';
import type { EngineEvents } from '#shared/engine/api';
import { ADAPTERS } from '#shared/ingest/adapters/index';
import { demoCase } from '#shared/scenario/index';

export const createNodeEngine = (onEvent?: <K extends keyof EngineEvents>(name: K, payload: EngineEvents[K]) => void): Promise<Engine> =>
  createEngine({
    dbName: 'caseline-cli',
    indexedDB: new IDBFactory(),
    IDBKeyRange,
    adapters: ADAPTERS,
    demoFiles: demoCase,
    emit: (name, payload) => onEvent?.(name, payload),
  });
