// The queue at scale (issue #5), in a dedicated worker like the app's engine: an AlertIndex filled from 1,000,000
// synthetic alert chunks exactly as the engine fills it at open (chunk meta parsed from JSON, appended per
// chunk), and an IncidentStore loaded with persisted incidents. The page sends queries; each answer is the
// first page of rows the queue shows, built from the index the way the engine's 'alerts/query' builds them.
import { alertRowAt } from '#shared/engine/rows';
import type { AlertRow, IncidentFilter, IncidentRow, IncidentSortField, SortDir } from '#shared/engine/api';
import { IncidentStore } from '#shared/engine/incidents';
import type { Incident } from '#shared/model/index';
import { AlertIndex } from '#shared/store/alert-index';
import type { AlertMeta, IndexFilter, IndexSortField } from '#shared/store/alert-index';
import { alertChunks, incidentChunks } from './ui-synthetic';

export type QueueRequest =
  | { op: 'fill'; alerts: number; incidents: number }
  | { op: 'alerts'; filter?: IndexFilter; sort: { field: IndexSortField; dir: SortDir }; cold: boolean; limit: number }
  | { op: 'incidents'; filter?: IncidentFilter; sort: { field: IncidentSortField; dir: SortDir }; limit: number };
export type QueueAnswer = { workerMs: number; total: number; rows: number; first?: string; fill?: { alerts: number; alertsMs: number; incidents: number; incidentsMs: number } };

const index = new AlertIndex();
const incidents = new IncidentStore();
// The engine's row lookups beside the index (analyst triage is sparse; alert → incident for every alert).
const triage = new Map<string, { assignedTo: string; classification: AlertRow['classification']; suppressedBy?: string }>();
const incidentOf = new Map<string, string>();

/** The queue row, as the engine builds it. */
const alertRow = (p: number): AlertRow => {
  const id = index.ids[p];
  return alertRowAt(index, p, triage.get(id), incidentOf.get(id));
};
const incidentRow = (i: Incident): IncidentRow => {
  const { alertIds, impactedAssets, ...rest } = i;
  return { ...rest, alertCount: alertIds.length, assets: impactedAssets.map((a) => a.value) };
};

const handle = (req: QueueRequest): QueueAnswer => {
  switch (req.op) {
    case 'fill': {
      // Timed: what the engine does per stored chunk at open (parse its meta, append its columns), not generating it.
      let alertsMs = 0;
      for (const c of alertChunks(req.alerts)) {
        const t0 = performance.now();
        index.append({ seq: c.seq, ids: c.ids, times: c.times, severity: c.severity, status: c.status, meta: JSON.parse(c.meta) as AlertMeta[] });
        alertsMs += performance.now() - t0;
      }
      const chunks = incidentChunks(req.incidents);
      const t1 = performance.now();
      incidents.load(chunks);
      const incidentsMs = performance.now() - t1;
      return { workerMs: alertsMs + incidentsMs, total: index.count, rows: 0, fill: { alerts: index.count, alertsMs, incidents: incidents.count(), incidentsMs } };
    }
    case 'alerts': {
      // Cold: nothing cached, as right after an import or a reopen (append invalidates every sort and text cache).
      if (req.cold) index.invalidate();
      const t0 = performance.now();
      const { total, positions } = index.query(req.filter, req.sort, 0, req.limit);
      const rows = positions.map(alertRow);
      return { workerMs: performance.now() - t0, total, rows: rows.length, first: rows[0]?.title };
    }
    case 'incidents': {
      const t0 = performance.now();
      const found = incidents.query(req.filter, req.sort);
      const rows = found.slice(0, req.limit).map(incidentRow);
      return { workerMs: performance.now() - t0, total: found.total, rows: rows.length, first: rows[0]?.title };
    }
  }
};

addEventListener('message', (ev: MessageEvent<{ id: number; req: QueueRequest }>) => {
  try {
    postMessage({ id: ev.data.id, answer: handle(ev.data.req) });
  } catch (e) {
    postMessage({ id: ev.data.id, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
});
