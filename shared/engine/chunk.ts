// Packing alerts into the append-only chunk rows (and back).
import type { Alert, AlertId, Entity, Verdict } from '#shared/model/index';
import { ALERT_STATUSES, SEVERITIES } from '#shared/model/index';
import type { AlertBodyRow, AlertChunkRow, AlertCorrRow } from '#shared/store/db';
import type { AlertMeta, CodedMeta } from '#shared/store/alert-index';
import { metaAt } from '#shared/store/alert-index';
import type { AlertRest, CompactEntity, PackedAlerts } from './read';
import { joinLists, listAt, packAlerts, parseRest } from './read';
import { fromCompact } from './entities';

export { CHUNK_SIZE } from './read';
export type { CompactEntity } from './read';

// A record's leading U+FEFF is its own text, not a byte-order mark to drop.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export type PackedChunk = { chunk: AlertChunkRow; corr: AlertCorrRow; body: AlertBodyRow };

/** Rows of one stored chunk from packed alerts; `keep` (ascending slots) leaves the others out (duplicates). */
export const chunkRows = (seq: number, importId: string, p: PackedAlerts, keep?: readonly number[]): PackedChunk => {
  if (!keep) {
    return {
      chunk: { seq, importId, count: p.ids.length, ids: p.ids, times: p.times, severity: p.severity, status: p.status, metaDict: p.metaDict, metaCodes: p.metaCodes, entityCount: p.entityCount },
      corr: corrRow(seq, importId, p),
      body: { seq, importId, rests: p.rests, ...(p.records && p.recordSpans ? { records: p.records, recordSpans: p.recordSpans } : { raws: p.raws }) },
    };
  }
  const n = keep.length;
  const times = new Float64Array(n * 3);
  const severity = new Uint8Array(n);
  const status = new Uint8Array(n);
  const metaCodes = new Uint32Array(n * 6);
  const entityCount = new Uint32Array(n);
  const spans = p.records && p.recordSpans;
  const recordSpans = spans ? new Uint32Array(n * 2) : undefined;
  keep.forEach((s, i) => {
    if (spans && recordSpans) {
      recordSpans[2 * i] = spans[2 * s] ?? 0;
      recordSpans[2 * i + 1] = spans[2 * s + 1] ?? 0;
    }
    times.set(p.times.subarray(s * 3, s * 3 + 3), i * 3);
    severity[i] = p.severity[s];
    status[i] = p.status[s];
    metaCodes.set(p.metaCodes.subarray(s * 6, s * 6 + 6), i * 6);
    entityCount[i] = p.entityCount[s];
  });
  const pick = <T>(col: readonly T[]): T[] => keep.map((s) => col[s]);
  return {
    chunk: { seq, importId, count: n, ids: pick(p.ids), times, severity, status, metaDict: p.metaDict, metaCodes, entityCount },
    corr: corrRow(seq, importId, joinLists(keep.map((s) => listAt(p.corr, p.corrAt, s)))),
    // The kept alerts' spans in the same slice of the file: the duplicates' bytes stay in it, unread.
    body: { seq, importId, rests: pick(p.rests), ...(p.records && recordSpans ? { records: p.records, recordSpans } : { raws: pick(p.raws) }) },
  };
};

/** A stored corr row of joined entity lists (see `joinLists`). */
const corrRow = (seq: number, importId: string, { corr, corrAt }: { corr: string; corrAt: Uint32Array }): AlertCorrRow => ({ seq, importId, corr, at: corrAt });

export const packChunk = (seq: number, importId: string, alerts: readonly Alert[]): PackedChunk => chunkRows(seq, importId, packAlerts(alerts, undefined, importId));

/** A chunk's text columns: coded (current rows) or the JSON of older rows. */
export const metaOf = (c: AlertChunkRow): AlertMeta[] | CodedMeta =>
  c.metaDict && c.metaCodes && c.entityCount ? { dict: c.metaDict, codes: c.metaCodes, entityCount: c.entityCount } : (JSON.parse(c.meta ?? '[]') as AlertMeta[]);

/**
 * The three rows of one stored chunk, read together: current body rows hold only what the columns and the compact
 * entities leave out, so an alert is put back together from all three. Each alert is parsed on its own.
 */
export class ChunkAlerts {
  private meta: AlertMeta[] | CodedMeta | undefined;
  private entities: CompactEntity[][] | undefined;

  /**
   * `records`: the bytes of the body's `records` Blob, or of only some slots' records (see `load`); a slot whose
   * record was not read has no alert here.
   */
  constructor(
    readonly chunk: AlertChunkRow | undefined,
    private readonly corr: AlertCorrRow | undefined,
    readonly body: AlertBodyRow,
    private readonly records?: Uint8Array | ReadonlyMap<number, Uint8Array>,
  ) {}

  /**
   * The chunk's alerts, with its records' bytes read from their Blob (a file IndexedDB keeps beside its rows). With
   * `slots`, few of a large chunk, only those records are read (a 2,000-alert chunk's Blob is some 2 MB).
   */
  static async load(chunk: AlertChunkRow | undefined, corr: AlertCorrRow | undefined, body: AlertBodyRow, slots?: readonly number[]): Promise<ChunkAlerts> {
    const { records, recordSpans: spans } = body;
    if (!records) return new ChunkAlerts(chunk, corr, body);
    if (!slots || !spans || slots.length * 8 > spans.length / 2) return new ChunkAlerts(chunk, corr, body, new Uint8Array(await records.arrayBuffer()));
    const parts = new Map<number, Uint8Array>();
    await Promise.all(
      slots.map(async (s) => {
        if (s * 2 + 1 < spans.length) parts.set(s, new Uint8Array(await records.slice(spans[s * 2], spans[s * 2 + 1]).arrayBuffer()));
      }),
    );
    return new ChunkAlerts(chunk, corr, body, parts);
  }

  /** The verbatim record at `slot` ('' when the row has none); undefined when only other slots' records were read. */
  raw(slot: number): string | undefined {
    const { raws, recordSpans: spans } = this.body;
    if (raws) return raws[slot] ?? '';
    const records = this.records;
    if (!spans || !records || slot * 2 + 1 >= spans.length) return '';
    if (records instanceof Uint8Array) return decoder.decode(records.subarray(spans[slot * 2], spans[slot * 2 + 1]));
    const part = records.get(slot);
    return part && decoder.decode(part);
  }

  /** The compact entities of the alert at `slot`: its own list where the row says where it is, else the chunk's. */
  private entitiesAt(slot: number): CompactEntity[] {
    const at = this.corr?.at;
    if (!this.entities && this.corr && at && slot + 1 < at.length) {
      try {
        return JSON.parse(listAt(this.corr.corr, at, slot)) as CompactEntity[];
      } catch {
        // A damaged offset: the whole list below.
      }
    }
    return this.allEntities()[slot] ?? [];
  }

  /** Every alert's compact entities, parsed once. */
  private allEntities(): CompactEntity[][] {
    return (this.entities ??= JSON.parse(this.corr?.corr ?? this.chunk?.corr ?? '[]') as CompactEntity[][]);
  }

  get count(): number {
    return this.body.rests?.length ?? this.body.alerts?.length ?? this.chunk?.count ?? 0;
  }

  /** The alert at `slot`, its verbatim record in place; undefined when the slot is empty or its row is damaged. */
  alert(slot: number): Alert | undefined {
    const row = this.body;
    if (row.rests) return this.assemble(slot);
    if (row.alerts) {
      const text = row.alerts[slot];
      if (text === undefined) return undefined;
      const raw = this.raw(slot);
      if (raw === undefined) return undefined;
      try {
        const a = JSON.parse(text) as Alert;
        a.raw = raw;
        return a;
      } catch {
        return undefined;
      }
    }
    return row.json ? (JSON.parse(row.json) as Alert[])[slot] : undefined;
  }

  /** Every alert of the chunk, records in place. */
  all(): Alert[] {
    if (!this.body.rests && !this.body.alerts) return this.body.json ? (JSON.parse(this.body.json) as Alert[]) : [];
    // Every list is wanted: one parse of the chunk's, not one per alert.
    if (this.body.rests) this.allEntities();
    const out: Alert[] = [];
    for (let i = 0; i < this.count; i++) {
      const a = this.alert(i);
      if (a) out.push(a);
    }
    return out;
  }

  private assemble(slot: number): Alert | undefined {
    const c = this.chunk;
    const text = this.body.rests?.[slot];
    if (!c || text === undefined || slot >= c.count) return undefined;
    const raw = this.raw(slot);
    if (raw === undefined) return undefined;
    this.meta ??= metaOf(c);
    const [title, source, product, detectorId, tactics, , file] = metaAt(this.meta, slot);
    let rest: AlertRest;
    try {
      rest = parseRest(text, c.importId, file);
    } catch {
      return undefined;
    }
    const { ev, er, timeNote, ...fields } = rest;
    const entities: Entity[] = this.entitiesAt(slot).map((e, i) => {
      const entity = fromCompact(e);
      if (ev?.[i]) entity.verdict = ev[i] as Verdict;
      if (er?.includes(i)) entity.roles = [];
      return entity;
    });
    return {
      id: c.ids[slot] as AlertId,
      source,
      product,
      sourceAlertId: fields.sourceAlertId,
      detectorId,
      title,
      description: fields.description,
      severity: SEVERITIES[c.severity[slot] ?? 0] ?? 'informational',
      status: ALERT_STATUSES[c.status[slot] ?? 0] ?? 'new',
      classification: fields.classification,
      determination: fields.determination,
      firstActivity: c.times[slot * 3] ?? 0,
      lastActivity: c.times[slot * 3 + 1] ?? 0,
      detectedAt: c.times[slot * 3 + 2] ?? 0,
      ...(timeNote ? { timeNote } : {}),
      tactics: tactics ? tactics.split(',') : [],
      techniques: fields.techniques,
      remediation: fields.remediation,
      entities,
      raw,
      origins: fields.origins,
    };
  }
}
