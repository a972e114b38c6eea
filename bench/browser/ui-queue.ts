// Queue-at-scale bench page (issue #5): fills the worker's AlertIndex with N alerts and IncidentStore with M
// incidents, then times queue changes as the UI makes them, from postMessage to the first page of rows back on
// the main thread. Each case is run cold (no cached sort permutation or text cache, as right after an import or
// a reopen) and warm (the same query again), three times each; the median is reported.
import type { IncidentFilter, IncidentSortField, SortDir } from '#shared/engine/api';
import type { IndexFilter, IndexSortField } from '#shared/store/alert-index';
import type { QueueAnswer, QueueRequest } from './ui-queue.worker';
import { SPAN, START } from './ui-synthetic';

/** Per case: wall-clock round trip (ms), the worker's own timing of the query, and the worker thread's CPU time. */
export type QueueCase = { name: string; total: number; coldMs: number; warmMs: number; coldWorkerMs: number; warmWorkerMs: number; coldCpuMs?: number; warmCpuMs?: number };
export type IncidentCase = { name: string; total: number; firstMs: number; ms: number; workerMs: number; cpuMs?: number };
export type QueueBenchResult = {
  alerts: number;
  fillAlertsMs: number;
  incidents: number;
  fillIncidentsMs: number;
  cases: QueueCase[];
  worstCold: { name: string; ms: number; cpuMs?: number };
  incidentCases: IncidentCase[];
};

const params = new URLSearchParams(location.search);
const ALERTS = Number(params.get('alerts') ?? 1_000_000);
const INCIDENTS = Number(params.get('incidents') ?? 100_000);
const REPS = Number(params.get('reps') ?? 3);
const LIMIT = 50;

// __threadCpu: provided by the driver (bench/ui-run.mjs) from /proc; absent when the page is opened by hand.
const w = window as unknown as { __bench?: QueueBenchResult | { error: string }; __benchLog?: string[]; __threadCpu?: () => Promise<{ main: number; worker: number }> };
w.__benchLog = [];
const out = document.getElementById('out') as HTMLElement;
const log = (s: string): void => {
  w.__benchLog?.push(s);
  out.textContent = (w.__benchLog ?? []).join('\n');
};

const worker = new Worker(new URL('./ui-queue.worker.ts', import.meta.url), { type: 'module' });
let nextId = 0;
const pending = new Map<number, { resolve: (a: QueueAnswer) => void; reject: (e: Error) => void }>();
worker.addEventListener('message', (ev: MessageEvent<{ id: number; answer?: QueueAnswer; error?: string }>) => {
  const p = pending.get(ev.data.id);
  pending.delete(ev.data.id);
  if (ev.data.answer) p?.resolve(ev.data.answer);
  else p?.reject(new Error(ev.data.error ?? 'no answer'));
});
/** One request, timed on the main thread: postMessage to the answer's arrival; with the worker's CPU time. */
const ask = async (req: QueueRequest): Promise<QueueAnswer & { ms: number; cpuMs?: number }> => {
  const c0 = await w.__threadCpu?.();
  const answer = await new Promise<QueueAnswer & { ms: number }>((resolve, reject) => {
    const id = nextId++;
    const t0 = performance.now();
    pending.set(id, { resolve: (a) => resolve({ ...a, ms: performance.now() - t0 }), reject });
    worker.postMessage({ id, req });
  });
  const c1 = await w.__threadCpu?.();
  return c0 && c1 ? { ...answer, cpuMs: c1.worker - c0.worker } : answer;
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const r1 = (x: number): number => Math.round(x * 10) / 10;
const cpuOf = (runs: { cpuMs?: number }[]): { cpuMs?: number } => (runs.every((r) => r.cpuMs !== undefined) ? { cpuMs: r1(median(runs.map((r) => r.cpuMs ?? 0))) } : {});

const DAY = 86_400_000;
const timeDesc = { field: 'time' as const, dir: 'desc' as const };
const ALERT_CASES: { name: string; filter?: IndexFilter; sort: { field: IndexSortField; dir: SortDir } }[] = [
  { name: 'first page, time desc (default)', sort: timeDesc },
  { name: 'sort: title asc', sort: { field: 'title', dir: 'asc' } },
  { name: 'sort: severity desc', sort: { field: 'severity', dir: 'desc' } },
  { name: 'sort: source asc', sort: { field: 'source', dir: 'asc' } },
  { name: 'sort: status asc', sort: { field: 'status', dir: 'asc' } },
  { name: 'filter: severity high+critical', filter: { severities: ['high', 'critical'] }, sort: timeDesc },
  { name: 'filter: status inProgress', filter: { statuses: ['inProgress'] }, sort: timeDesc },
  { name: 'filter: source suricata', filter: { sources: ['suricata'] }, sort: timeDesc },
  { name: 'filter: last 7 days', filter: { from: START + SPAN - 7 * DAY, to: START + SPAN }, sort: timeDesc },
  { name: 'filter: tactic TA0006', filter: { tactics: ['TA0006'] }, sort: timeDesc },
  { name: 'filter high+critical, new, sort title asc', filter: { severities: ['high', 'critical'], statuses: ['new'] }, sort: { field: 'title', dir: 'asc' } },
  { name: 'filter suricata + 7 days, sort severity desc', filter: { sources: ['suricata'], from: START + SPAN - 7 * DAY }, sort: { field: 'severity', dir: 'desc' } },
  { name: "search 'lsass'", filter: { text: 'lsass' }, sort: timeDesc },
  { name: "search host 'ws-0042' (no title match)", filter: { text: 'ws-0042' }, sort: timeDesc },
  { name: "search 'lsass', sort title asc", filter: { text: 'lsass' }, sort: { field: 'title', dir: 'asc' } },
];
const INCIDENT_CASES: { name: string; filter?: IncidentFilter; sort: { field: IncidentSortField; dir: SortDir } }[] = [
  { name: 'first page, last activity desc (default)', sort: { field: 'lastActivity', dir: 'desc' } },
  { name: 'sort: title asc', sort: { field: 'title', dir: 'asc' } },
  { name: 'sort: severity desc', sort: { field: 'severity', dir: 'desc' } },
  { name: 'sort: alerts desc', sort: { field: 'alerts', dir: 'desc' } },
  { name: 'filter: severity high+critical', filter: { severities: ['high', 'critical'] }, sort: { field: 'lastActivity', dir: 'desc' } },
  { name: "search 'lsass'", filter: { text: 'lsass' }, sort: { field: 'lastActivity', dir: 'desc' } },
];

const run = async (): Promise<QueueBenchResult> => {
  log(`filling the index with ${ALERTS.toLocaleString()} alerts and ${INCIDENTS.toLocaleString()} incidents…`);
  const fill = (await ask({ op: 'fill', alerts: ALERTS, incidents: INCIDENTS })).fill;
  if (!fill) throw new Error('fill failed');
  log(`index built from chunks in ${Math.round(fill.alertsMs)} ms; incidents loaded in ${Math.round(fill.incidentsMs)} ms`);
  const cases: QueueCase[] = [];
  for (const c of ALERT_CASES) {
    const cold: (QueueAnswer & { ms: number; cpuMs?: number })[] = [];
    const warm: (QueueAnswer & { ms: number; cpuMs?: number })[] = [];
    for (let r = 0; r < REPS; r++) cold.push(await ask({ op: 'alerts', filter: c.filter, sort: c.sort, cold: true, limit: LIMIT }));
    for (let r = 0; r < REPS; r++) warm.push(await ask({ op: 'alerts', filter: c.filter, sort: c.sort, cold: false, limit: LIMIT }));
    const row: QueueCase = {
      name: c.name,
      total: cold[0].total,
      coldMs: r1(median(cold.map((a) => a.ms))),
      warmMs: r1(median(warm.map((a) => a.ms))),
      coldWorkerMs: r1(median(cold.map((a) => a.workerMs))),
      warmWorkerMs: r1(median(warm.map((a) => a.workerMs))),
      ...(cpuOf(cold).cpuMs !== undefined ? { coldCpuMs: cpuOf(cold).cpuMs, warmCpuMs: cpuOf(warm).cpuMs } : {}),
    };
    cases.push(row);
    const cpu = row.coldCpuMs !== undefined ? ` (worker CPU ${row.coldCpuMs} / ${row.warmCpuMs} ms)` : '';
    log(`alerts ${row.name}: ${row.total.toLocaleString()} match · cold ${row.coldMs} ms · warm ${row.warmMs} ms${cpu}`);
  }
  const incidentCases: IncidentCase[] = [];
  for (const c of INCIDENT_CASES) {
    const runs: (QueueAnswer & { ms: number; cpuMs?: number })[] = [];
    for (let r = 0; r < REPS; r++) runs.push(await ask({ op: 'incidents', filter: c.filter, sort: c.sort, limit: LIMIT }));
    // The first run computes the sort field's order over every incident when it is not cached yet (cold).
    const row: IncidentCase = { name: c.name, total: runs[0].total, firstMs: r1(runs[0].ms), ms: r1(median(runs.map((a) => a.ms))), workerMs: r1(median(runs.map((a) => a.workerMs))), ...cpuOf(runs) };
    incidentCases.push(row);
    log(`incidents ${row.name}: ${row.total.toLocaleString()} match · first ${row.firstMs} ms · median ${row.ms} ms${row.cpuMs !== undefined ? ` (worker CPU ${row.cpuMs} ms)` : ''}`);
  }
  const worst = cases.reduce((a, b) => (b.coldMs > a.coldMs ? b : a));
  return {
    alerts: fill.alerts,
    fillAlertsMs: Math.round(fill.alertsMs),
    incidents: fill.incidents,
    fillIncidentsMs: Math.round(fill.incidentsMs),
    cases,
    worstCold: { name: worst.name, ms: worst.coldMs, ...(worst.coldCpuMs !== undefined ? { cpuMs: worst.coldCpuMs } : {}) },
    incidentCases,
  };
};

run().then(
  (r) => (w.__bench = r),
  (e: unknown) => (w.__bench = { error: e instanceof Error ? e.message : String(e) }),
);
