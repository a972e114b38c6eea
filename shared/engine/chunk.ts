// Packing alerts into the append-only chunk rows (and back).
import type { Alert } from '#shared/model/index';
import { ALERT_STATUSES, SEVERITIES } from '#shared/model/index';
import type { AlertBodyRow, AlertChunkRow, AlertCorrRow } from '#shared/store/db';
import type { AlertMeta } from '#shared/store/alert-index';

/** Alerts per chunk: big enough to amortise IndexedDB's per-record cost, small enough to fetch one alert fast. */
export const CHUNK_SIZE = 1000;

/** Compact entity form kept for correlation: [type, value, roles csv, props (0 when empty)]. */
export type CompactEntity = [type: string, value: string, roles: string, props: Record<string, string> | 0];

export type PackedChunk = { chunk: AlertChunkRow; corr: AlertCorrRow; body: AlertBodyRow };

export const packChunk = (seq: number, importId: string, alerts: readonly Alert[]): PackedChunk => {
  const n = alerts.length;
  const times = new Float64Array(n * 3);
  const severity = new Uint8Array(n);
  const status = new Uint8Array(n);
  const meta: AlertMeta[] = [];
  const corr: CompactEntity[][] = [];
  alerts.forEach((a, i) => {
    times[i * 3] = a.firstActivity;
    times[i * 3 + 1] = a.lastActivity;
    times[i * 3 + 2] = a.detectedAt;
    severity[i] = SEVERITIES.indexOf(a.severity);
    status[i] = ALERT_STATUSES.indexOf(a.status);
    meta.push([a.title, a.source, a.product, a.detectorId, a.tactics.join(','), a.entities.length, a.origins[0]?.file ?? '']);
    const list: CompactEntity[] = [];
    for (const e of a.entities) {
      let hasProps = false;
      for (const _ in e.props) {
        hasProps = true;
        break;
      }
      list.push([e.type, e.value, e.roles.join(','), hasProps ? (e.props) : 0]);
    }
    corr.push(list);
  });
  return {
    chunk: { seq, importId, count: n, ids: alerts.map((a) => a.id), times, severity, status, meta: JSON.stringify(meta) },
    corr: { seq, importId, corr: JSON.stringify(corr) },
    body: { seq, importId, alerts: alerts.map((a) => JSON.stringify({ ...a, raw: '' })), raws: alerts.map((a) => a.raw) },
  };
};

/** The alert at `slot` of a body row, with its verbatim record back in place (parses only that alert). */
export const alertOfBody = (row: AlertBodyRow, slot: number): Alert | undefined => {
  if (row.alerts) {
    const text = row.alerts[slot];
    if (text === undefined) return undefined;
    const a = JSON.parse(text) as Alert;
    a.raw = row.raws?.[slot] ?? '';
    return a;
  }
  return row.json ? (JSON.parse(row.json) as Alert[])[slot] : undefined;
};

/** Every alert of a body row, records in place. */
export const unpackBody = (row: AlertBodyRow): Alert[] => {
  if (!row.alerts) return row.json ? (JSON.parse(row.json) as Alert[]) : [];
  const out: Alert[] = [];
  for (let i = 0; i < row.alerts.length; i++) {
    const a = alertOfBody(row, i);
    if (a) out.push(a);
  }
  return out;
};
