// Reading one import source into packed alerts: bytes → entries (gzip/zip) → records → detected adapter → alerts,
// `CHUNK_SIZE` at a time, each alert already in the forms storage and correlation keep (columns, its compact
// entities, the rest of it as JSON, the verbatim record, its coded correlation entities, the suppression rule it
// hits), each alert packed as soon as it is normalised. Everything it yields is plain data
// that crosses postMessage: the same generator runs inside the engine worker, or in a reader worker beside it so
// that parsing and normalising overlap with storage (`reader-worker.ts`); the engine then only dedupes and writes.
import type { Alert, AlertId, EntityType, ImportId } from '#shared/model/index';
import { ALERT_STATUSES, SEVERITIES, isKeyValue } from '#shared/model/index';
import type { Container, RejectedRecord, SourceAdapter, SourceRecord } from '#shared/ingest/types';
import { detectFormat, buildDetectSample } from '#shared/ingest/detect';
import { openEntries, readRecordBatches } from '#shared/ingest/readers/index';
import { makeGenericAdapter } from '#shared/ingest/adapters/generic';
import type { CodedAlerts, CorrelationAlert, CorrelationEntity } from '#shared/correlate/index';
import { TYPE_CODE, correlationEntities } from '#shared/correlate/index';
import type { SuppressionRule } from '#shared/respond/types';
import { findSuppression } from '#shared/respond/suppression';
import type { AlertMeta, CodedMeta } from '#shared/store/alert-index';
import { MetaCoder, metaAt } from '#shared/store/alert-index';
import { grow } from '#shared/model/arrays';
import { StringIndex, hashString } from '#shared/model/string-index';
import type { FileImportSummary, ImportOptions, ImportProgress, ImportSource } from './api';

/**
 * Alerts per chunk: big enough to amortise IndexedDB's per-record cost, small enough to fetch one alert fast. At
 * 1,000 the browser's storage threads spent 5.3-7.5 s of CPU on a 1M import, at 2,000 3.1-4.6 s, and the import
 * took ~3 s less; 4,000 saved ~1 s more but raised the memory peak and slowed opening (docs/benchmarks.md, the
 * fifteenth round).
 */
export const CHUNK_SIZE = 2000;
/** Rejects kept per file in the summary (the count is exact; the list is capped so a broken 2 GB file stays small). */
export const MAX_REJECTS_LISTED = 10_000;
const SAMPLE_RECORDS = 20;

/** Compact entity form kept for correlation: [type, value, roles csv, props (0 when empty)]. */
export type CompactEntity = [type: string, value: string, roles: string, props: Record<string, string> | 0];

/**
 * Up to CHUNK_SIZE alerts of one file, packed column by column (index i is the same alert in every column). Only
 * strings and typed arrays: crossing to the engine worker they are copied, not walked object by object, which cost
 * more than the reading it moved off the engine's thread.
 */
export type PackedAlerts = {
  ids: string[];
  /** first, last, detected activity per alert, interleaved (3 per alert), UTC ms. */
  times: Float64Array;
  severity: Uint8Array;
  status: Uint8Array;
  /** The queue's text columns, dictionary-coded (6 codes per alert into `metaDict`, see AlertChunkRow). */
  metaDict: string[];
  metaCodes: Uint32Array;
  entityCount: Uint32Array;
  /**
   * JSON of the alerts' compact entities (`CompactEntity[][]`, one list per alert), as stored: one string a chunk
   * crosses postMessage at a fraction of the cost of a thousand.
   */
  corr: string;
  /** Where each alert's list is in `corr` (see `AlertCorrRow.at`). */
  corrAt: Uint32Array;
  /** JSON of what the columns and compact entities leave out of each alert (`AlertRest`). */
  rests: string[];
  /** Each alert's verbatim record; empty when `records` holds them. */
  raws: string[];
  /**
   * When every record of the chunk is a run of the source file's own bytes (NDJSON read from a file, see
   * `SourceRecord.byteStart`): a slice of the file, alert i's record at its bytes `recordSpans[2i]` to
   * `recordSpans[2i + 1]`. A Blob slice is a reference: it crosses postMessage and goes into IndexedDB as a handle
   * (the browser copies the bytes), so the records, two thirds of what an import stores, are neither cloned to the
   * engine nor serialised by it.
   */
  records?: Blob;
  recordSpans?: Uint32Array;
  /** The alerts' correlation entities, coded (with the columns, the correlation input: see `correlationBatch`). */
  correlation: PackedCorrelation;
  /** Id of the suppression rule each alert hits, '' when none; empty when no alert of the chunk hits one. */
  suppressedBy: string[];
};

/**
 * Correlation entities of a chunk's alerts with their canonical keys computed (the costly part, done by the reader),
 * coded against the chunk's distinct entities: crossing to the engine costs one string and a few typed arrays, where
 * JSON of every alert's entities cost a stringify and a parse per alert, and three strings per distinct entity cost
 * the engine ~2.5 ms a chunk to deserialise. Alert i's entities are the entries `ent[offsets[i]]`... up to
 * `ent[offsets[i + 1]]`; entry c is as `CodedAlerts` reads it (`text`, `spans`, `types`).
 */
export type PackedCorrelation = Pick<CodedAlerts, 'text' | 'spans' | 'types' | 'offsets' | 'ent'>;

export type ReadEvent =
  | { kind: 'alerts'; alerts: PackedAlerts }
  | { kind: 'progress'; progress: Omit<ImportProgress, 'importId'> }
  /**
   * A file (or archive entry) is read; `accepted` and `duplicates` are left for the engine to count. A part of a
   * file (`ReadOptions.part`) leaves its rejects past the listed ones to `unlisted`, for the whole file's summary.
   */
  | { kind: 'file'; summary: FileImportSummary; unlisted?: number };

/** What reading needs besides the source: all plain data, so a reader worker gets it in one message. */
export type ReadOptions = {
  importId: ImportId;
  options: ImportOptions;
  /** Enabled suppression rules and the time they are judged at. */
  suppression: { rules: SuppressionRule[]; at: number };
  /**
   * Read only the bytes `start` to `end` of the source, a plain UTF-8 NDJSON file whose line starts at `start`: one
   * of the parts of a large file read in parallel (see `split-read.ts`). Records keep their line numbers and byte
   * offsets in the whole file; `options.format` or `options.mapping` must be given.
   */
  part?: { start: number; end: number };
};

/** The summary's last reject when some were not listed. */
export const moreRejected = (file: string, unlisted: number): RejectedRecord => ({ file, record: 0, field: '', reason: `…and ${unlisted} more rejected records` });

/** Line breaks (LF) in a file's bytes: the line a part of it starts at. */
export const countLines = async (blob: Blob, signal: AbortSignal): Promise<number> => {
  const reader = blob.stream().getReader();
  let n = 0;
  try {
    for (;;) {
      if (signal.aborted) throw new DOMException('Import cancelled', 'AbortError');
      const { done, value } = await reader.read();
      if (done) return n;
      for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) n++;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
};

export const errorText = (e: unknown): string =>
  e && typeof e === 'object' && 'message' in e && typeof (e).message === 'string'
    ? (e as { message: string }).message
    : String(e);

/**
 * What a stored alert keeps besides its columns (id, times, severity, status, title, source, product, detector,
 * tactics, first origin's file), its compact entities and its record: writing these once instead of the whole
 * alert again cut the bytes each alert stores by about a third. `ev` holds entity verdicts ('' for none) and `er`
 * the entities with no role, which the compact form cannot tell from 'unknown'; both only when needed.
 */
export type AlertRest = Pick<Alert, 'sourceAlertId' | 'description' | 'classification' | 'determination' | 'techniques' | 'remediation' | 'origins'> &
  Partial<Pick<Alert, 'timeNote'>> & { ev?: string[]; er?: number[] };

/**
 * `AlertRest` as stored: fields at their defaults are left out (empty description and remediation, `unknown`
 * classification and determination), and a single origin in the chunk's own import and file (the usual case) is
 * its record number `r`. Rows are handed to IndexedDB at a cost per byte; this is about half of each rest.
 */
type StoredRest = Partial<AlertRest> & { r?: number };

/** JSON of an alert's rest; `importId` is the import its chunk is stored under (its origin is then `r` alone). */
export const restOf = (a: Alert, importId?: string): string => {
  const rest: StoredRest = { sourceAlertId: a.sourceAlertId };
  if (a.description) rest.description = a.description;
  if (a.classification !== 'unknown') rest.classification = a.classification;
  if (a.determination !== 'unknown') rest.determination = a.determination;
  if (a.techniques.length) rest.techniques = a.techniques;
  if (a.remediation.length) rest.remediation = a.remediation;
  const origin = a.origins.length === 1 ? a.origins[0] : undefined;
  // The chunk's meta column holds the first origin's file, the row its import.
  if (origin && importId !== undefined && origin.importId === importId) rest.r = origin.record;
  else rest.origins = a.origins;
  if (a.timeNote) rest.timeNote = a.timeNote;
  let ev: string[] | undefined;
  let er: number[] | undefined;
  a.entities.forEach((e, i) => {
    if (e.verdict) (ev ??= a.entities.map(() => ''))[i] = e.verdict;
    if (!e.roles.length) (er ??= []).push(i);
  });
  if (ev) rest.ev = ev;
  if (er) rest.er = er;
  return JSON.stringify(rest);
};

/** An alert's rest from its stored JSON (current and older rows), given its chunk's import and first-origin file. */
export const parseRest = (text: string, importId: string, file: string): AlertRest => {
  const { r, ...s } = JSON.parse(text) as StoredRest;
  return {
    ...s,
    sourceAlertId: s.sourceAlertId ?? '',
    description: s.description ?? '',
    classification: s.classification ?? 'unknown',
    determination: s.determination ?? 'unknown',
    techniques: s.techniques ?? [],
    remediation: s.remediation ?? [],
    origins: s.origins ?? (r !== undefined ? [{ importId: importId as ImportId, file, record: r }] : []),
  };
};

/**
 * Packs alerts one at a time as they are normalised: each alert becomes columns and a few flat strings at once and
 * is garbage right after, instead of waiting in a chunk-sized batch, surviving young-generation collections and
 * being promoted (which made old-generation marking a large share of the reader's CPU).
 */
export class ChunkBuilder {
  private ids: string[] = [];
  private times = new Float64Array(CHUNK_SIZE * 3);
  private severity = new Uint8Array(CHUNK_SIZE);
  private status = new Uint8Array(CHUNK_SIZE);
  private readonly meta = new MetaCoder(CHUNK_SIZE);
  private corr: string[] = [];
  private rests: string[] = [];
  private raws: string[] = [];
  /** Each record's first and end byte in `file`, while every record has them. */
  private spans: number[] | undefined;
  private suppressedBy: string[] = [];
  private readonly coder = new CorrelationCoder();

  constructor(
    private readonly suppression: ReadOptions['suppression'] = { rules: [], at: 0 },
    /** The import the chunk is stored under (see `restOf`). */
    private readonly importId?: string,
    /** The source file, when records can be kept as slices of it. */
    private readonly file?: Blob,
  ) {
    if (file) this.spans = [];
  }

  get length(): number {
    return this.ids.length;
  }

  /** `bytes`: where the alert's record (`a.raw`) is in the file, when it is exactly those bytes. */
  add(a: Alert, bytes?: readonly [start: number, end: number]): void {
    const i = this.ids.length;
    this.times = grow(this.times, (i + 1) * 3);
    this.severity = grow(this.severity, i + 1);
    this.status = grow(this.status, i + 1);
    this.ids.push(a.id);
    this.times[i * 3] = a.firstActivity;
    this.times[i * 3 + 1] = a.lastActivity;
    this.times[i * 3 + 2] = a.detectedAt;
    this.severity[i] = SEVERITIES.indexOf(a.severity);
    this.status[i] = ALERT_STATUSES.indexOf(a.status);
    this.meta.add([a.title, a.source, a.product, a.detectorId, a.tactics.join(','), a.entities.length, a.origins[0]?.file ?? '']);
    const list: CompactEntity[] = [];
    for (const e of a.entities) {
      let hasProps = false;
      for (const _ in e.props) {
        hasProps = true;
        break;
      }
      list.push([e.type, e.value, e.roles.join(','), hasProps ? e.props : 0]);
    }
    this.corr.push(JSON.stringify(list));
    this.coder.add(correlationEntities(a.entities));
    this.rests.push(restOf(a, this.importId));
    this.raws.push(a.raw);
    if (this.spans) {
      if (bytes === undefined) this.spans = undefined;
      else this.spans.push(bytes[0], bytes[1]);
    }
    const { rules, at } = this.suppression;
    this.suppressedBy.push(rules.length ? (findSuppression(rules, a, at)?.id ?? '') : '');
  }

  /** The records as a slice of the file with their spans in it, or as strings. */
  private records(): Pick<PackedAlerts, 'raws' | 'records' | 'recordSpans'> {
    const spans = this.spans;
    if (!this.file || !spans?.length) return { raws: this.raws };
    let from = Infinity;
    let to = 0;
    for (let i = 0; i < spans.length; i += 2) {
      from = Math.min(from, spans[i] ?? 0);
      to = Math.max(to, spans[i + 1] ?? 0);
    }
    const recordSpans = new Uint32Array(spans.length);
    for (let i = 0; i < spans.length; i++) recordSpans[i] = (spans[i] ?? 0) - from;
    return { raws: [], records: this.file.slice(from, to), recordSpans };
  }

  /** The packed chunk; the builder is not used after. */
  done(): PackedAlerts {
    const n = this.ids.length;
    const meta = this.meta.done();
    return {
      ids: this.ids,
      times: this.times.slice(0, n * 3),
      severity: this.severity.slice(0, n),
      status: this.status.slice(0, n),
      metaDict: meta.dict,
      metaCodes: meta.codes,
      entityCount: meta.entityCount,
      ...joinLists(this.corr),
      rests: this.rests,
      ...this.records(),
      correlation: this.coder.done(),
      suppressedBy: this.suppressedBy.some(Boolean) ? this.suppressedBy : [],
    };
  }
}

/** Alerts' JSON entity lists joined into one chunk's `[a,b,…]`, with where each is in it (see `AlertCorrRow.at`). */
export const joinLists = (lists: readonly string[]): { corr: string; corrAt: Uint32Array } => {
  const at = new Uint32Array(lists.length + 1);
  let p = 1;
  for (let i = 0; i < lists.length; i++) {
    at[i] = p;
    p += (lists[i]?.length ?? 0) + 1;
  }
  at[lists.length] = p;
  return { corr: `[${lists.join(',')}]`, corrAt: at };
};

/** Alert i's JSON list in a chunk's joined lists (see `joinLists`). */
export const listAt = (corr: string, at: Uint32Array, i: number): string => corr.slice(at[i], (at[i + 1] ?? 1) - 1);

export const packAlerts = (alerts: readonly Alert[], suppression: ReadOptions['suppression'] = { rules: [], at: 0 }, importId?: string): PackedAlerts => {
  const b = new ChunkBuilder(suppression, importId);
  for (const a of alerts) b.add(a);
  return b.done();
};

class CorrelationCoder {
  /** The distinct entities' keys and values (a value that is its key's tail is not repeated), joined in `done`. */
  private readonly parts: string[] = [];
  private chars = 0;
  private readonly keys: string[] = [];
  private readonly values: string[] = [];
  private readonly spans: number[] = [];
  private readonly types: EntityType[] = [];
  /**
   * Entries by key (a `StringIndex` over this coder: see `equals`). A `Map` by key, with a second lookup for a key
   * spelt two ways, was the reader's third largest cost.
   */
  private readonly index = new StringIndex();
  /** The type and value of the entity being coded, which an entry must also have to be it (see `equals`). */
  private type: EntityType = 'device';
  private value = '';
  private offsets = new Uint32Array(CHUNK_SIZE + 1);
  private ent: number[] = [];
  private alerts = 0;

  constructor() {
    // Room for a chunk's usual ~3.5 distinct entities an alert without growing.
    this.index.reserve(4 * CHUNK_SIZE, true);
  }

  add(entities: readonly CorrelationEntity[]): void {
    for (const e of entities) this.ent.push(this.code(e.key, e.type, e.value));
    this.offsets = grow(this.offsets, this.alerts + 2);
    this.offsets[++this.alerts] = this.ent.length;
  }

  /** The entity's index: by its key, type and value (a source may spell one key's value two ways: two entries). */
  private code(key: string, type: EntityType, value: string): number {
    this.type = type;
    this.value = value;
    const next = this.keys.length;
    const code = this.index.intern(key, hashString(key), this, next);
    if (code !== next) return code;
    this.keys.push(key);
    this.values.push(value);
    this.types.push(type);
    const start = this.chars;
    this.parts.push(key);
    this.chars += key.length;
    if (isKeyValue(key, value)) this.spans.push(start, this.chars, this.chars - value.length, this.chars);
    else {
      this.parts.push(value);
      this.spans.push(start, this.chars, this.chars, this.chars + value.length);
      this.chars += value.length;
    }
    return code;
  }

  /** Whether entry `at` is the entity being coded: its key, and the type and value `code` was given. */
  equals(at: number, key: string): boolean {
    return this.keys[at] === key && this.types[at] === this.type && this.values[at] === this.value;
  }

  done(): PackedCorrelation {
    return {
      text: this.parts.join(''),
      spans: Uint32Array.from(this.spans),
      types: Uint8Array.from(this.types, (t) => TYPE_CODE.get(t) ?? 0),
      offsets: this.offsets.slice(0, this.alerts + 1),
      ent: Uint32Array.from(this.ent),
    };
  }
}

/**
 * The correlation input of some alerts of a packed chunk (same as `toCorrelationAlert` of each): columns, and the
 * entities coded as the reader packed them, so the correlator interns each distinct key of the chunk once.
 */
export const correlationBatch = (p: PackedAlerts, slots: readonly number[]): CodedAlerts => {
  const meta: CodedMeta = { dict: p.metaDict, codes: p.metaCodes, entityCount: p.entityCount };
  const none: CorrelationEntity[] = [];
  return { coded: true, alerts: slots.map((s) => correlationAlertAt(p, meta, s, none)), slots, ...p.correlation };
};

/**
 * One alert's correlation input from a chunk's columns (packed or stored) and its entities: what `toCorrelationAlert`
 * takes from the alert itself.
 */
export const correlationAlertAt = (
  cols: { ids: readonly string[]; times: Float64Array; severity: Uint8Array },
  meta: readonly AlertMeta[] | CodedMeta,
  i: number,
  entities: CorrelationEntity[],
): CorrelationAlert => {
  const [title, source, , detectorId, tactics] = metaAt(meta, i);
  const first = cols.times[i * 3] ?? 0;
  return {
    id: cols.ids[i] as AlertId,
    first,
    last: Math.max(first, cols.times[i * 3 + 1] ?? 0),
    severity: SEVERITIES[cols.severity[i] ?? 0] ?? 'informational',
    title,
    detectorId: detectorId || title,
    source,
    tactics: tactics ? tactics.split(',') : [],
    entities,
  };
};

/** A Blob is passed whole: the zip reader then checks the central directory before the first entry. */
export const sourceInput = (source: ImportSource): ReadableStream<Uint8Array> | Blob => {
  if (source.blob) return source.blob;
  if (source.stream) return source.stream;
  throw new Error(`No data for ${source.name}`);
};

/** Every file of a source (an archive holds several), read and packed; a file that cannot be read is a summary with `error`. */
export async function* readSource(source: ImportSource, adapters: readonly SourceAdapter[], run: ReadOptions, signal: AbortSignal, now: () => number = () => Date.now()): AsyncGenerator<ReadEvent> {
  const opts: ReadOptions = source.options ? { ...run, options: { ...run.options, ...source.options } } : run;
  let bytesRead = 0;
  const part = run.part;
  const input = part && source.blob ? source.blob.slice(part.start, part.end) : sourceInput(source);
  const bytesTotal = part ? part.end - part.start : (source.size ?? source.blob?.size ?? 0);
  try {
    // A part starts at a line: the lines before it give its first line's number.
    const lines = part && source.blob ? { container: 'ndjson' as const, firstLine: part.start > 0 ? 1 + (await countLines(source.blob.slice(0, part.start), signal)) : 1 } : undefined;
    for await (const entry of openEntries(input, source.name, { signal, onProgress: (n: number) => (bytesRead = n) })) {
      if (part && !entry.plain) throw new Error('A part of a file must be plain NDJSON.');
      yield* readEntry(entry.name, entry.stream, adapters, opts, signal, now, () => ({ bytesRead, bytesTotal }), entry.plain && input instanceof Blob ? input : undefined, lines);
      if (signal.aborted) break;
    }
  } catch (e) {
    if (signal.aborted) throw e;
    yield { kind: 'file', summary: { file: source.name, format: 'unknown', confidence: 0, records: 0, accepted: 0, duplicates: 0, rejected: [], error: errorText(e) } };
  }
}

async function* readEntry(
  file: string,
  stream: ReadableStream<Uint8Array>,
  adapters: readonly SourceAdapter[],
  opts: ReadOptions,
  signal: AbortSignal,
  now: () => number,
  bytes: () => { bytesRead: number; bytesTotal: number },
  /** The source file, when the entry is its own bytes: records are then kept as slices of it where they can be. */
  source?: Blob,
  /** How to read a part of a file (see `ReadOptions.part`). */
  part?: { container: 'ndjson'; firstLine: number },
): AsyncGenerator<ReadEvent> {
  const summary: FileImportSummary = { file, format: 'unknown', confidence: 0, records: 0, accepted: 0, duplicates: 0, rejected: [] };
  let rejectedCount = 0;
  const reject = (r: RejectedRecord): void => {
    rejectedCount++;
    if (summary.rejected.length < MAX_REJECTS_LISTED) summary.rejected.push(r);
  };
  let adapter: SourceAdapter | undefined;
  let header: string[] = [];
  let container: Container = 'ndjson';
  const sample: SourceRecord[] = [];
  let batch = new ChunkBuilder(opts.suppression, opts.importId, source);
  const started = now();
  let lastProgress = 0;

  /** Normalises one record and packs its alerts into `batch`; true when a chunk is full. */
  const handle = (record: SourceRecord): boolean => {
    if (!adapter) return false;
    const result = (() => {
      try {
        return adapter.normalize(record, { file, importId: opts.importId, defaultZone: opts.options.zone ?? 'UTC' });
      } catch (e) {
        return { ok: false as const, field: '', reason: `adapter error: ${errorText(e)}` };
      }
    })();
    if (!result.ok) {
      reject({ file, record: record.position, field: result.field, reason: result.reason });
      return false;
    }
    // A record kept verbatim (the adapters' way) is the file's bytes where the reader found it.
    const { byteStart, byteEnd } = record;
    const bytes = byteStart !== undefined && byteEnd !== undefined ? ([byteStart, byteEnd] as const) : undefined;
    for (const alert of result.alerts) batch.add(alert, bytes && alert.raw === record.text ? bytes : undefined);
    return batch.length >= CHUNK_SIZE;
  };
  const take = (): ReadEvent => {
    const full = batch;
    batch = new ChunkBuilder(opts.suppression, opts.importId, source);
    return { kind: 'alerts', alerts: full.done() };
  };

  const chooseAdapter = (): void => {
    const { options } = opts;
    if (options.mapping) {
      adapter = makeGenericAdapter(options.mapping);
      summary.format = `generic:${options.mapping.name}`;
      summary.confidence = 1;
      return;
    }
    if (options.format) {
      adapter = adapters.find((a) => a.name === options.format);
      if (!adapter) throw new Error(`Unknown format "${options.format}"`);
      summary.format = adapter.name;
      summary.confidence = 1;
      return;
    }
    const detected = detectFormat(buildDetectSample(file, container, header, sample.map((r) => r.value)), adapters);
    adapter = adapters.find((a) => a.name === detected.name);
    summary.format = detected.name || 'unknown';
    summary.confidence = detected.confidence;
    if (!adapter || detected.confidence <= 0) {
      adapter = undefined;
      throw new Error('Format not recognised: no adapter matches this file (choose a format, or map its fields with the generic adapter).');
    }
  };

  try {
    for await (const events of readRecordBatches(stream, file, { signal, ...part })) {
      for (const ev of events) {
        if (ev.kind === 'container') {
          container = ev.container;
          header = ev.header;
          continue;
        }
        summary.records++;
        if (ev.kind === 'reject') {
          reject({ file, record: ev.record, field: ev.field, reason: ev.reason });
          continue;
        }
        if (!adapter) {
          sample.push(ev.record);
          if (sample.length < SAMPLE_RECORDS) continue;
          chooseAdapter();
          for (const r of sample.splice(0)) if (handle(r)) yield take();
          continue;
        }
        if (handle(ev.record)) yield take();
      }
      const t = now();
      if (t - lastProgress > 200) {
        lastProgress = t;
        const b = bytes();
        const rate = summary.records / Math.max(0.001, (t - started) / 1000);
        const remaining = b.bytesTotal > b.bytesRead && b.bytesRead > 0 ? ((t - started) * (b.bytesTotal - b.bytesRead)) / b.bytesRead : undefined;
        yield { kind: 'progress', progress: { file, bytesRead: b.bytesRead, bytesTotal: b.bytesTotal, records: summary.records, recordsPerSec: Math.round(rate), etaMs: remaining } };
      }
    }
    if (!adapter && sample.length > 0) {
      chooseAdapter();
      for (const r of sample.splice(0)) if (handle(r)) yield take();
    }
    if (!adapter && sample.length === 0 && summary.records === 0) summary.error = 'The file holds no records.';
  } catch (e) {
    if (signal.aborted) throw e;
    summary.error = errorText(e);
  }
  if (batch.length) yield take();
  const unlisted = rejectedCount - summary.rejected.length;
  if (unlisted > 0 && !part) summary.rejected.push(moreRejected(file, unlisted));
  const b = bytes();
  yield { kind: 'progress', progress: { file, bytesRead: b.bytesTotal || b.bytesRead, bytesTotal: b.bytesTotal, records: summary.records, recordsPerSec: 0, etaMs: 0 } };
  yield { kind: 'file', summary, ...(part && unlisted > 0 ? { unlisted } : {}) };
}
