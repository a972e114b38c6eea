// Packing alerts into the append-only chunk rows (and back).
import type { Alert } from '#shared/model/index';
import type { AlertBodyRow, AlertChunkRow, AlertCorrRow } from '#shared/store/db';
import type { PackedAlerts } from './read';
import { packAlerts } from './read';

export { CHUNK_SIZE } from './read';
export type { CompactEntity } from './read';

export type PackedChunk = { chunk: AlertChunkRow; corr: AlertCorrRow; body: AlertBodyRow };

/** Rows of one stored chunk from packed alerts; `keep` (ascending slots) leaves the others out (duplicates). */
export const chunkRows = (seq: number, importId: string, p: PackedAlerts, keep?: readonly number[]): PackedChunk => {
  if (!keep) {
    return {
      chunk: { seq, importId, count: p.ids.length, ids: p.ids, times: p.times, severity: p.severity, status: p.status, metaDict: p.metaDict, metaCodes: p.metaCodes, entityCount: p.entityCount },
      corr: { seq, importId, corr: `[${p.corr.join(',')}]` },
      body: { seq, importId, alerts: p.bodies, raws: p.raws },
    };
  }
  const n = keep.length;
  const times = new Float64Array(n * 3);
  const severity = new Uint8Array(n);
  const status = new Uint8Array(n);
  const metaCodes = new Uint32Array(n * 6);
  const entityCount = new Uint32Array(n);
  keep.forEach((s, i) => {
    times.set(p.times.subarray(s * 3, s * 3 + 3), i * 3);
    severity[i] = p.severity[s];
    status[i] = p.status[s];
    metaCodes.set(p.metaCodes.subarray(s * 6, s * 6 + 6), i * 6);
    entityCount[i] = p.entityCount[s];
  });
  const pick = <T>(col: readonly T[]): T[] => keep.map((s) => col[s]);
  return {
    chunk: { seq, importId, count: n, ids: pick(p.ids), times, severity, status, metaDict: p.metaDict, metaCodes, entityCount },
    corr: { seq, importId, corr: `[${pick(p.corr).join(',')}]` },
    body: { seq, importId, alerts: pick(p.bodies), raws: pick(p.raws) },
  };
};

export const packChunk = (seq: number, importId: string, alerts: readonly Alert[]): PackedChunk => chunkRows(seq, importId, packAlerts(alerts));

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
