// Correlation benchmark on the scenario generator (ground truth known).
//   npx tsx bench/correlate.bench.ts --alerts 100000 [--seed 1] [--noise 0.3] [--incremental 10000]
// Prints one JSON line: alerts, correlateMs (load + run), correlatePerSec, incidents, f1, precision, recall, and
// incrementalMs: the time to add `--incremental` more alerts (the scenario's last ones) to the correlated store.
// CPU times (this process's user + system, and its main thread alone) and the 1-minute load average come along:
// on a shared machine wall times swing with everyone else's work.
// Records are mapped by the light mapping (shared/scenario/light.ts: the adapters' entities without their raw
// evidence) so generation stays out of the way; generation time is reported separately.
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createCorrelator, scoreLabels, toCorrelationAlert } from '#shared/correlate/index';
import type { CorrelationAlert } from '#shared/correlate/index';
import { scenarioRecords } from '#shared/scenario/index';
import { lightAlert } from '#shared/scenario/light';
import { numberArg } from './args';

const alertsWanted = numberArg('alerts', 100_000);
const seed = numberArg('seed', 1);
const noiseRate = numberArg('noise', 0.3);
const incremental = numberArg('incremental', 10_000);
const BATCH = 50_000;
/** CPU time of this process (user + system), ms: on a shared machine it says more than wall time. */
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/**
 * CPU time of the main thread alone, ms (Linux: /proc/self/task/<pid>/schedstat, its first field in ns), 0
 * elsewhere. The process CPU time also counts V8's helper threads (concurrent marking, sweeping), which run on
 * the other core and grow with the machine's load; this is the work the correlation itself waits for.
 */
const schedstat = `/proc/self/task/${process.pid}/schedstat`;
const mainCpu = (): number => (existsSync(schedstat) ? Number(readFileSync(schedstat, 'utf8').split(' ')[0]) / 1e6 : 0);
let loadCpuMs = 0;
let loadMainMs = 0;

const total = alertsWanted + incremental;
// Truth per alert in load order (the store's index order), as numbers: campaign n → n, noise burst k → -k-1.
// A compact array keeps the benchmark's own bookkeeping off the heap the correlator is measured on.
const truth = new Int32Array(total);
const truthOf = (group: string): number => (group.startsWith('c') ? Number(group.slice(1)) : -Number(group.slice(1)) - 1);
const correlator = createCorrelator();
// As the engine does when it builds the correlator over a stored case, whose size it knows (BENCH_NO_RESERVE=1
// leaves it out, to compare).
if (!process.env.BENCH_NO_RESERVE) correlator.reserve(total);
let generateMs = 0;
let loadMs = 0;
let held: CorrelationAlert[] = [];
let batch: CorrelationAlert[] = [];
let seen = 0;
let t = performance.now();
// About 34 alerts per campaign at this noise rate, as in a default-sized campaign.
for (const r of scenarioRecords({ seed, campaigns: Math.max(1, Math.round(total / 34)), noiseRate, alertsTarget: total })) {
  const a = toCorrelationAlert(lightAlert(r));
  truth[seen] = truthOf(r.group);
  if (seen++ < alertsWanted) batch.push(a);
  else held.push(a);
  if (batch.length >= BATCH) {
    generateMs += performance.now() - t;
    const l = performance.now();
    const lc = cpu();
    const lm = mainCpu();
    correlator.load(batch);
    loadMs += performance.now() - l;
    loadCpuMs += cpu() - lc;
    loadMainMs += mainCpu() - lm;
    batch = [];
    t = performance.now();
  }
}
generateMs += performance.now() - t;
const l = performance.now();
const lc = cpu();
const lm = mainCpu();
correlator.load(batch);
batch = [];
loadMs += performance.now() - l;
loadCpuMs += cpu() - lc;
loadMainMs += mainCpu() - lm;
const r0 = performance.now();
const rc = cpu();
const rm = mainCpu();
correlator.run();
const runMs = performance.now() - r0;
const runCpuMs = cpu() - rc;
const runMainMs = mainCpu() - rm;

// Scored from labels in typed arrays: maps of a million strings built here would be garbage that the timed
// incremental add below then pays to collect.
const score = (): ReturnType<typeof scoreLabels> => {
  const { store } = correlator.snapshot();
  const predicted = new Int32Array(store.n).fill(-1);
  let j = 0;
  for (const inc of correlator.incidents()) {
    for (const a of inc.alertIds) {
      const i = store.indexOf(a);
      if (i !== undefined) predicted[i] = j;
    }
    j++;
  }
  return scoreLabels(truth.subarray(0, store.n), predicted);
};
const s = score();
let incrementalMs: number | undefined;
let incrementalCpuMs: number | undefined;
let incrementalMainMs: number | undefined;
let incrementalChanged: number | undefined;
if (held.length) {
  const i0 = performance.now();
  const ic = cpu();
  const im = mainCpu();
  const changes = correlator.add(held);
  incrementalMs = performance.now() - i0;
  incrementalCpuMs = cpu() - ic;
  incrementalMainMs = mainCpu() - im;
  incrementalChanged = changes.created.length + changes.updated.length;
  held = [];
}
const correlateMs = loadMs + runMs;
console.log(
  JSON.stringify({
    alerts: s.alerts,
    correlateMs: Math.round(correlateMs),
    correlatePerSec: Math.round((s.alerts / correlateMs) * 1000),
    loadMs: Math.round(loadMs),
    runMs: Math.round(runMs),
    correlateCpuMs: Math.round(loadCpuMs + runCpuMs),
    correlateMainThreadMs: Math.round(loadMainMs + runMainMs) || undefined,
    incidents: s.incidents,
    f1: Number(s.f1.toFixed(4)),
    precision: Number(s.precision.toFixed(4)),
    recall: Number(s.recall.toFixed(4)),
    compression: Number(s.compression.toFixed(2)),
    incremental: incremental || undefined,
    incrementalMs: incrementalMs === undefined ? undefined : Math.round(incrementalMs),
    incrementalCpuMs: incrementalCpuMs === undefined ? undefined : Math.round(incrementalCpuMs),
    incrementalMainThreadMs: incrementalMainMs === undefined ? undefined : Math.round(incrementalMainMs) || undefined,
    incrementalChanged,
    generateMs: Math.round(generateMs),
    heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
    loadAverage: Number(loadavg()[0]?.toFixed(1)),
  }),
);
