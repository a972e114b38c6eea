// The engine's incident store on the import's synthetic alerts, in Node: the tail of a large import (a first
// correlation, its incidents adopted into the incident table's columns, then encoded into storage chunks) without
// the browser around it, so a change to it is measured in seconds rather than in a 1M import.
//   npx tsx bench/incidents.bench.ts [--alerts 300000] [--rounds 3]
// Prints one JSON line per round: the correlator alone (load, run) and the store (load + run + adopt, encode of
// every incident chunk), ms, and the incidents made.
import { createCorrelator, toCorrelationAlert } from '#shared/correlate/index';
import type { CorrelationAlert } from '#shared/correlate/index';
import { graphAdapter } from '#shared/ingest/adapters/graph';
import type { ImportId } from '#shared/model/index';
import { IncidentStore } from '#shared/engine/incidents';
import { INCIDENTS_PER_CHUNK } from '#shared/store/db';
import { syntheticLines } from './synthetic';
import { numberArg } from './args';

const count = numberArg('alerts', 300_000);
const rounds = numberArg('rounds', 3);

const alerts: CorrelationAlert[] = [];
let position = 0;
for (const text of syntheticLines(count)) {
  const r = graphAdapter.normalize({ position: ++position, value: JSON.parse(text) as unknown, text }, { file: 'bench.ndjson', importId: 'imp-bench' as ImportId, defaultZone: 'UTC' });
  if (r.ok) for (const a of r.alerts) alerts.push(toCorrelationAlert(a));
}
/** The alerts in the import's chunks of 1,000. */
const feed = (load: (batch: readonly CorrelationAlert[]) => void): void => {
  for (let i = 0; i < alerts.length; i += 1000) load(alerts.slice(i, i + 1000));
};

for (let round = 0; round < rounds; round++) {
  const t0 = performance.now();
  const c = createCorrelator();
  c.reserve(alerts.length);
  feed((b) => c.load(b));
  const t1 = performance.now();
  c.run();
  const t2 = performance.now();
  const store = new IncidentStore();
  let loaded = 0;
  const change = await store.attachCorrelator(
    (load) => {
      feed(load);
      loaded = performance.now();
      return Promise.resolve();
    },
    {},
    [],
    0,
    alerts.length,
  );
  const t3 = performance.now();
  let encoded = 0;
  for (const seq of store.chunksFor(change.changed, INCIDENTS_PER_CHUNK, change.slots)) encoded += store.chunkColumns(seq).ids.length;
  const t4 = performance.now();
  console.log(
    JSON.stringify({
      alerts: alerts.length,
      correlatorLoadMs: Math.round(t1 - t0),
      correlatorRunMs: Math.round(t2 - t1),
      storeLoadMs: Math.round(loaded - t2),
      storeRunAndAdoptMs: Math.round(t3 - loaded),
      encodeMs: Math.round(t4 - t3),
      incidents: change.created.length,
      encoded,
    }),
  );
}
