import { createEngineClient } from '#shared/engine/rpc';
import type { EngineClient } from '#shared/engine/rpc';

export type { EngineClient };

/** Start the engine worker and return its typed client. */
export const startEngine = (): EngineClient => {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'caseline-engine' });
  return createEngineClient(worker);
};
