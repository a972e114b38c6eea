// Dexie schema. Bulk alert data is append-only chunks (one record per ~1,000 alerts), because IndexedDB's
// per-record cost caps one-record-per-alert writes at a few thousand alerts/s; everything analysts edit or
// query by key lives in small indexed tables. Keep every released version declaration (Dexie docs).
import Dexie from 'dexie';
import type { Table } from 'dexie';
import type { ActivityEntry, AlertTriage, Comment, Incident, CorrelationReason } from '#shared/model/index';

/** One chunk of alerts, columnar for the queue's in-memory indexes (read at open), bodies kept separately. */
export type AlertChunkRow = {
  seq: number;
  importId: string;
  count: number;
  ids: string[];
  /** first, last, detected activity per alert, interleaved (3 per alert), UTC ms. */
  times: Float64Array;
  /** Severity rank per alert. */
  severity: Uint8Array;
  /** Original status rank per alert (triage table overrides). */
  status: Uint8Array;
  /** JSON: per alert [title, source, product, detectorId, tacticsCsv, entityCount]. */
  meta: string;
  /** JSON: per alert correlation input (entities with canonical keys), read when correlating. */
  corr: string;
};

/** Full alerts (with the verbatim record), fetched for detail views and exports. Same seq as the chunk. */
export type AlertBodyRow = { seq: number; importId: string; json: string };

export type ImportRow = {
  id: string;
  startedAt: number;
  finishedAt?: number;
  /** 'running' is the journal: a crash leaves it, and the next open rolls the import back and says so. */
  state: 'running' | 'done' | 'cancelled' | 'failed';
  summary?: string;
  note?: string;
};

export type OriginRow = { id?: number; alertId: string; importId: string; file: string; record: number };
export type MembershipRow = { incidentId: string; reasons: CorrelationReason[] };
export type SettingRow = { key: string; value: unknown };
export type PinRow = { id?: number; kind: string; at: number; data: unknown };

export class CaseDb extends Dexie {
  alertChunks!: Table<AlertChunkRow, number>;
  alertBodies!: Table<AlertBodyRow, number>;
  imports!: Table<ImportRow, string>;
  origins!: Table<OriginRow, number>;
  triage!: Table<AlertTriage, string>;
  incidents!: Table<Incident, string>;
  reasons!: Table<MembershipRow, string>;
  comments!: Table<Comment, number>;
  activity!: Table<ActivityEntry, number>;
  settings!: Table<SettingRow, string>;
  pins!: Table<PinRow, number>;
  rules!: Table<{ id: string; kind: string; enabled: boolean; data: unknown }, string>;

  constructor(name: string, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; durability?: 'strict' | 'relaxed' } = {}) {
    super(name, {
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
      chromeTransactionDurability: options.durability ?? 'strict',
    });
    // Version 1 (released): never edit; add db.version(2) with an upgrade() instead.
    this.version(1).stores(SCHEMA_V1);
  }
}

export const SCHEMA_V1 = {
  alertChunks: 'seq, importId',
  alertBodies: 'seq, importId',
  imports: 'id, state, startedAt',
  origins: '++id, alertId, importId',
  triage: 'id, status, assignedTo, updatedAt',
  incidents: 'id, status, severity, lastActivity, assignedTo, *tags',
  reasons: 'incidentId',
  comments: '++id, targetId, at',
  activity: '++id, targetId, at',
  settings: 'key',
  pins: '++id, kind',
  rules: 'id, kind',
} as const;

export const CURRENT_SCHEMA_VERSION = 1;
