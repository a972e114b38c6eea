// Runs inside a dedicated worker in headless Chromium (persistent profile), like the app's engine worker:
// (a) Dexie bulkPut, one record per alert with four indexes; (b) put of the same alerts packed 1,000 per record;
// (c) the engine's end-to-end import (read, parse, normalise, dedupe, store, queue-ready). Same alerts, one run.
import Dexie from 'dexie';
import type { Alert, ImportId } from '#shared/model/index';
import { createEngine } from '#shared/engine/engine';
import { workerReader } from '#shared/engine/reader-worker';
import { ADAPTERS } from '#shared/ingest/adapters/index';
import { graphAdapter } from '#shared/ingest/adapters/graph';
import { demoCase } from '#shared/scenario/index';
import { syntheticLines } from '../synthetic';
import type { ImportSource } from '#shared/engine/api';
import type { BenchRequest, BenchResult, ReopenResult } from './protocol';

const log = (s: string): void => postMessage({ log: s });
const BATCH = 1000;

const normalize = (lines: string[], base: number): Alert[] =>
  lines.flatMap((text, i) => {
    const r = graphAdapter.normalize({ position: base + i + 1, value: JSON.parse(text) as unknown, text }, { file: 'bench.ndjson', importId: 'bench' as ImportId, defaultZone: 'UTC' });
    return r.ok ? r.alerts : [];
  });

const rawPerRecord = async (n: number): Promise<number> => {
  const db = new Dexie('bench-per-record');
  db.version(1).stores({ alerts: 'id, firstActivity, severity, source, status' });
  await db.open();
  await db.table('alerts').clear();
  let ms = 0;
  for (let from = 0; from < n; from += BATCH) {
    const alerts = normalize([...syntheticLines(Math.min(BATCH, n - from), from)], from);
    const t0 = performance.now();
    await db.table('alerts').bulkPut(alerts);
    ms += performance.now() - t0;
  }
  db.close();
  await Dexie.delete('bench-per-record');
  return (n / ms) * 1000;
};

const rawChunked = async (n: number): Promise<{ perSec: number; mbPerSec: number }> => {
  const db = new Dexie('bench-chunked');
  db.version(1).stores({ chunks: 'seq' });
  await db.open();
  let ms = 0;
  let bytes = 0;
  for (let from = 0; from < n; from += BATCH) {
    const lines = [...syntheticLines(Math.min(BATCH, n - from), from)];
    bytes += lines.reduce((s, l) => s + l.length, 0);
    const alerts = normalize(lines, from);
    const t0 = performance.now();
    await db.table('chunks').put({ seq: from, alerts });
    ms += performance.now() - t0;
  }
  db.close();
  await Dexie.delete('bench-chunked');
  return { perSec: (n / ms) * 1000, mbPerSec: bytes / 1e6 / (ms / 1000) };
};

/**
 * Open the bench's case as the app does: the incident queue (its first view of a non-empty case) and the alert queue
 * are asked for at once, and each is timed from the start of the open to its first page.
 */
const reopen = async (): Promise<ReopenResult> => {
  const o0 = performance.now();
  const openPhases: Record<string, number> = {};
  const reopened = await createEngine({
    dbName: 'bench-engine',
    adapters: ADAPTERS,
    demoFiles: demoCase,
    emit: () => undefined,
    trace: (phase, ms) => {
      openPhases[phase] = Math.round(ms);
      openPhases[`${phase}, ended at`] = Math.round(performance.now() - o0);
    },
  });
  const timed = async <T>(q: T | Promise<T>): Promise<[T, number]> => [await q, Math.round(performance.now() - o0)];
  const [[incidents, reopenIncidentsMs], [alerts, reopenMs]] = await Promise.all([
    timed(reopened['incidents/query']({ offset: 0, limit: 50, sort: { field: 'lastActivity', dir: 'desc' } })),
    timed(reopened['alerts/query']({ offset: 0, limit: 50, sort: { field: 'time', dir: 'desc' } })),
  ]);
  reopened.close();
  return { reopenMs, reopenIncidentsMs, openPhases, alertsOpened: alerts.total, incidentsOpened: incidents.total };
};

const run = async (req: BenchRequest): Promise<BenchResult | { reopens: ReopenResult[] }> => {
  if (req.reopenOnly) {
    const reopens: ReopenResult[] = [];
    for (let k = 0; k < req.reopenOnly; k++) {
      reopens.push(await reopen());
      log(`reopen ${k + 1}: ${JSON.stringify(reopens[k])}`);
    }
    return { reopens };
  }
  const n = req.alerts;
  // The input file is on disk, served by the bench server: streamed like a file the analyst picks.
  const head = await fetch('/bench-data.ndjson', { method: 'HEAD' });
  if (!head.ok) throw new Error(`bench input missing: HTTP ${head.status}`);
  const bytes = Number(head.headers.get('content-length') ?? 0);
  log(`input: ${n} alerts, ${(bytes / 1e6).toFixed(1)} MB on disk`);

  const perRecordN = Math.min(n, req.rawPerRecordMax);
  const rawPerRecordPerSec = await rawPerRecord(perRecordN);
  log(`(a) one record per alert: ${Math.round(rawPerRecordPerSec)} alerts/s over ${perRecordN}`);
  const chunked = await rawChunked(n);
  log(`(b) chunked: ${Math.round(chunked.perSec)} alerts/s`);

  // The import and its queries run in a function of their own: once it returns, that engine's memory is garbage
  // and the reopened engine below does not stack on it (the app never holds two).
  const importStage = async () => {
    await Dexie.delete('bench-engine');
    const phases: Record<string, number> = {};
    // As in the app, a reader worker parses and normalises beside the engine worker (unless the request says not to).
    const spawned = req.readerWorker ? workerReader(() => new Worker(new URL('../../renderer/worker/reader.worker.ts', import.meta.url), { type: 'module', name: 'caseline-reader' }), { adapters: ADAPTERS, parts: req.parts ?? 2 }) : undefined;
    const reader = spawned && req.keepReader ? Object.assign((...args: Parameters<typeof spawned>) => spawned(...args), { release: undefined }) : spawned;
    const engine = await createEngine({ dbName: 'bench-engine', adapters: ADAPTERS, demoFiles: demoCase, emit: () => undefined, trace: (phase, ms) => (phases[phase] = Math.round(ms)), ...(reader ? { reader } : {}) });
    const t0 = performance.now();
    let source: ImportSource;
    if (req.file) source = { name: 'bench.ndjson', size: req.file.size, blob: req.file };
    else {
      const input = await fetch('/bench-data.ndjson');
      if (!input.body) throw new Error('no input stream');
      source = { name: 'bench.ndjson', size: bytes, stream: input.body };
    }
    const summary = await engine['import/run']({ sources: [source], options: { format: 'graph' } });
    const t1 = performance.now();
    const importMs = t1 - t0;
    const accepted = summary.files.reduce((s, f) => s + f.accepted, 0);
    log(`(c) engine import: ${Math.round((n / importMs) * 1000)} alerts/s (${accepted} accepted)`);
    // The driver's heap diagnostics (--heap) look at the engine as the import leaves it, before any query.
    if (req.pauseAfterImport) await new Promise<void>((resolve) => addEventListener('message', () => resolve(), { once: true }));
    await engine['alerts/query']({ offset: 0, limit: 50, sort: { field: 'time', dir: 'desc' } });
    const queueFirstPageMs = performance.now() - t1;
    // A filter and sort change as the queue makes it: first 50 rows, cold (the title sort is not cached yet).
    const q0 = performance.now();
    await engine['alerts/query']({ offset: 0, limit: 50, sort: { field: 'title', dir: 'asc' }, filter: { severities: ['high', 'critical'] } });
    const queueFilterSortMs = performance.now() - q0;
    const q1 = performance.now();
    await engine['alerts/query']({ offset: 0, limit: 50, sort: { field: 'severity', dir: 'desc' }, filter: { text: 'lsass' } });
    const queueSearchMs = performance.now() - q1;
    const incidentCount = (await engine['case/stats'](undefined)).incidents;
    // Case report of the largest incident (HTML, all alert content escaped).
    const largest = (await engine['incidents/query']({ offset: 0, limit: 1, sort: { field: 'alerts', dir: 'desc' } })).rows[0];
    const r0 = performance.now();
    if (largest) await engine['report/build']({ incidentId: largest.id, format: 'html' });
    const reportMs = performance.now() - r0;
    engine.close();
    return { phases, importMs, accepted, queueFirstPageMs, queueFilterSortMs, queueSearchMs, incidentCount, largest, reportMs };
  };
  const { phases, importMs, accepted, queueFirstPageMs, queueFilterSortMs, queueSearchMs, incidentCount, largest, reportMs } = await importStage();
  const { reopenMs, reopenIncidentsMs, openPhases, alertsOpened, incidentsOpened } = await reopen();
  // What was stored is what the import held: a timing of a case that lost rows on the way would mean nothing.
  if (alertsOpened !== accepted || incidentsOpened !== incidentCount) throw new Error(`The reopened case holds ${alertsOpened} alerts and ${incidentsOpened} incidents; the import made ${accepted} and ${incidentCount}`);
  if (!req.keepCase) await Dexie.delete('bench-engine');
  return {
    alerts: n,
    bytes,
    rawPerRecordAlerts: perRecordN,
    rawPerRecordPerSec: Math.round(rawPerRecordPerSec),
    rawChunkedPerSec: Math.round(chunked.perSec),
    rawChunkedMBPerSec: Math.round(chunked.mbPerSec * 10) / 10,
    importMs: Math.round(importMs),
    importPerSec: Math.round((n / importMs) * 1000),
    importAccepted: accepted,
    queueFirstPageMs: Math.round(queueFirstPageMs * 10) / 10,
    queueFilterSortMs: Math.round(queueFilterSortMs * 10) / 10,
    queueSearchMs: Math.round(queueSearchMs * 10) / 10,
    incidents: incidentCount,
    reportAlerts: largest?.alertCount ?? 0,
    reportMs: Math.round(reportMs),
    phases,
    reopenMs,
    reopenIncidentsMs,
    openPhases,
    readerWorker: req.readerWorker,
    input: req.file ? 'file' : 'stream',
  };
};

addEventListener('message', (ev: MessageEvent<BenchRequest>) => {
  if ('continue' in ev.data) return;
  run(ev.data).then(
    (result) => postMessage({ result }),
    (e: unknown) => postMessage({ error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) }),
  );
});
