// Dexie schema. Bulk alert data is append-only chunks (one record per ~1,000 alerts), because IndexedDB's
// per-record cost caps one-record-per-alert writes at a few thousand alerts/s; everything analysts edit or
// query by key lives in small indexed tables. Keep every released version declaration (Dexie docs).
import Dexie from 'dexie';
import type { Table } from 'dexie';
import type { ActivityEntry, AlertTriage, Comment, Incident, CorrelationReason } from '#shared/model/index';
import type { Task } from '#shared/respond/types';

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
  /**
   * The queue's text columns, dictionary-coded: `metaCodes` holds per alert 6 indexes into `metaDict` (title,
   * source, product, detector id, tactics csv, file of the first origin), `entityCount` its entity count. Opening
   * maps each chunk's few distinct strings once instead of parsing and hashing 6 strings per alert.
   */
  metaDict?: string[];
  metaCodes?: Uint32Array;
  entityCount?: Uint32Array;
  /** Rows written before the coded columns: JSON, per alert [title, source, product, detectorId, tacticsCsv, entityCount, file]. */
  meta?: string;
  /** Before schema v3 the correlation input lived here; v3 moved it to `alertCorr` (never read at open). */
  corr?: string;
};

/** Correlation input of a chunk's alerts (JSON: per alert its compact entities), read only when correlating. */
export type AlertCorrRow = {
  seq: number;
  importId: string;
  corr: string;
  /**
   * Where each alert's list is in `corr`: alert i's JSON from `at[i]` up to (not including) `at[i + 1] - 1` (the
   * comma or closing bracket after it), so one alert's entities are parsed without the chunk's. Absent in rows
   * written before it was kept.
   */
  at?: Uint32Array;
};

/**
 * Full alerts, fetched for detail views and exports. Same seq as the chunk. Current rows keep per alert only what
 * its chunk's columns and compact entities leave out (`rests`, JSON of `AlertRest`) and its verbatim record: an
 * alert is put back together from the three rows of its chunk (`ChunkAlerts`), and one alert is read without parsing
 * its 999 neighbours. The record is a plain string (`raws`, never escaped into JSON and back) or, for records read
 * from a plain NDJSON file, in `records`, a slice of that file's bytes (UTF-8) that IndexedDB keeps beside the row,
 * alert i's at `recordSpans[2i]` to `recordSpans[2i + 1]`. Rows written before kept each whole alert (`alerts`, with
 * an empty `raw`), and the first ones every alert, record included, in `json`.
 */
export type AlertBodyRow = { seq: number; importId: string; json?: string; alerts?: string[]; rests?: string[]; raws?: string[]; records?: Blob; recordSpans?: Uint32Array };

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
/** Playbooks, suppression and automation rules: small, edited in the UI, stored whole. */
export type RuleRow = { id: string; kind: 'playbook' | 'suppression' | 'automation'; enabled: boolean; data: unknown };
export type ChecklistRow = { incidentId: string; items: ChecklistItemRow[] };
export type ChecklistItemRow = { id: string; techniqueId?: string; mitigationId?: string; text: string; done: boolean; comment: string };
export type PinRow = { id?: number; kind: string; at: number; data: unknown };

export class CaseDb extends Dexie {
  alertChunks!: Table<AlertChunkRow, number>;
  alertBodies!: Table<AlertBodyRow, number>;
  alertCorr!: Table<AlertCorrRow, number>;
  imports!: Table<ImportRow, string>;
  origins!: Table<OriginRow, number>;
  triage!: Table<AlertTriage, string>;
  incidents!: Table<Incident, string>;
  reasons!: Table<MembershipRow, string>;
  comments!: Table<Comment, number>;
  activity!: Table<ActivityEntry, number>;
  settings!: Table<SettingRow, string>;
  pins!: Table<PinRow, number>;
  rules!: Table<RuleRow, string>;
  tasks!: Table<Task, string>;
  incidentChunks!: Table<IncidentChunkRow, number>;
  incidentStrings!: Table<IncidentStringsRow, number>;
  checklists!: Table<ChecklistRow, string>;

  constructor(name: string, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; durability?: 'strict' | 'relaxed' } = {}) {
    super(name, {
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
      chromeTransactionDurability: options.durability ?? 'strict',
    });
    // Released versions are never edited; each change is a new version (with an upgrade() when data moves).
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx) => {
        // v1 kept one record per incident (plus their reasons): move them into chunks; reasons are recomputed.
        const old = (await tx.table('incidents').toArray()) as Incident[];
        const per = 1000;
        for (let i = 0; i < old.length; i += per) {
          await tx.table('incidentChunks').add({ seq: i / per + 1, json: JSON.stringify(old.slice(i, i + per)) });
        }
        await tx.table('incidents').clear();
        await tx.table('reasons').clear();
      });
    this.version(3)
      .stores(SCHEMA_V3)
      .upgrade(async (tx) => {
        // v3: each chunk's correlation input (most of its bytes) moves to its own table, so opening a case reads
        // only what the queue needs.
        const chunks = tx.table<AlertChunkRow, number>('alertChunks');
        const corr = tx.table<AlertCorrRow, number>('alertCorr');
        const keys = await chunks.toCollection().primaryKeys();
        for (let i = 0; i < keys.length; i += 50) {
          const rows = (await chunks.bulkGet(keys.slice(i, i + 50))).filter((c): c is AlertChunkRow => !!c);
          await corr.bulkAdd(rows.map((c) => ({ seq: c.seq, importId: c.importId, corr: c.corr ?? '[]' })));
          await chunks.bulkPut(rows.map(({ corr: _moved, ...rest }) => rest));
        }
      });
    // v4 only adds a table: chunks written before keep their own dictionaries and still load.
    this.version(4).stores(SCHEMA_V4);
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

/**
 * v2: incidents move into chunks (a case can hold ~100k incidents, and one record each cost seconds to write;
 * correlation reasons are recomputed from the alerts on demand), and tasks and checklists get their own tables.
 */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  incidentChunks: 'seq',
  tasks: 'id, incidentId, status',
  checklists: 'incidentId',
} as const;

/** v3: chunks' correlation input in its own table (opening a case no longer reads it). */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  alertCorr: 'seq, importId',
} as const;

/**
 * v4: the incident table's string dictionary, stored as append-only rows of the strings each write added: incident
 * chunks written since hold codes into it instead of a dictionary each (opening no longer interns every string).
 */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  incidentStrings: 'seq',
} as const;

/**
 * Incidents per stored chunk. Opening a case reads every chunk, and Chromium's cost per row is large (a 1M case's
 * 969k incidents: 0.65 s in 1,000-incident rows, 0.4 s in 5,000-incident ones, same bytes); an edit rewrites its
 * incident's chunk (about 0.9 MB at 5,000).
 */
export const INCIDENTS_PER_CHUNK = 5000;
/**
 * One stored chunk of incidents. Codes index `dict`. Per incident `vars` (from `varOff[i]` to `varOff[i + 1]`) holds
 * its lists: sources, tags, custom title, redirect target, impacted assets, and its tactics when they are not a
 * kill-chain mask.
 */
export type IncidentColumns = {
  ids: string[];
  /** First activity, last activity, created, updated. */
  times: Float64Array;
  /** Severity, status, classification, determination: indexes in the model's lists. */
  codes: Uint8Array;
  /** Tactics as a bit mask over `TACTICS` (kill-chain order), or `NO_MASK` in shared/engine/incident-table.ts when the list is not one (then in vars). */
  tactics: Uint32Array;
  /** Title and assignee. */
  text: Int32Array;
  alertCount: Uint32Array;
  /** Every incident's alert ids, one after the other. */
  alerts: string[];
  vars: Int32Array;
  varOff: Uint32Array;
  /** The chunk's own dictionary; absent when codes index the stored incident dictionary (`incidentStrings`). */
  dict?: string[];
};

/** Strings `start`… of the incident dictionary, in code order (each write appends the strings it added). */
export type IncidentStringsRow = { seq: number; start: number; strings: string[] };

/** Incidents in chunks of INCIDENTS_PER_CHUNK: columns (current rows) or, in rows written before, their JSON. */
export type IncidentChunkRow = { seq: number; json: string } | ({ seq: number } & IncidentColumns);

export const CURRENT_SCHEMA_VERSION = 4;
