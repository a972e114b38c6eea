// Reading one import source into packed alerts: bytes → entries (gzip/zip) → records → detected adapter → alerts,
// `CHUNK_SIZE` at a time, each alert already in the forms storage and correlation keep (columns, one JSON text,
// the verbatim record, its correlation input, the suppression rule it hits). Everything it yields is plain data
// that crosses postMessage: the same generator runs inside the engine worker, or in a reader worker beside it so
// that parsing and normalising overlap with storage (`reader-worker.ts`); the engine then only dedupes and writes.
import type { Alert, ImportId } from '#shared/model/index';
import { ALERT_STATUSES, SEVERITIES } from '#shared/model/index';
import type { Container, RejectedRecord, SourceAdapter, SourceRecord } from '#shared/ingest/types';
import { detectFormat, buildDetectSample } from '#shared/ingest/detect';
import { openEntries, readRecordBatches } from '#shared/ingest/readers/index';
import { makeGenericAdapter } from '#shared/ingest/adapters/generic';
import type { CorrelationAlert } from '#shared/correlate/index';
import { toCorrelationAlert } from '#shared/correlate/index';
import type { SuppressionRule } from '#shared/respond/types';
import { findSuppression } from '#shared/respond/suppression';
import type { AlertMeta } from '#shared/store/alert-index';
import { codeMeta } from '#shared/store/alert-index';
import type { FileImportSummary, ImportOptions, ImportProgress, ImportSource } from './api';

/** Alerts per chunk: big enough to amortise IndexedDB's per-record cost, small enough to fetch one alert fast. */
export const CHUNK_SIZE = 1000;
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
  /** JSON of each alert's compact entities (`CompactEntity[]`). */
  corr: string[];
  /** JSON of each alert with an empty `raw`. */
  bodies: string[];
  /** Each alert's verbatim record. */
  raws: string[];
  /** JSON of each alert's first origin, '' when none (a duplicate records it as another origin of the known alert). */
  origins: string[];
  /** JSON of the alerts' correlation input (`CorrelationAlert[]`; a suppressed alert's is not used). */
  correlation: string;
  /** Id of the suppression rule the alert hits, '' when none. */
  suppressedBy: string[];
};

export type ReadEvent =
  | { kind: 'alerts'; alerts: PackedAlerts }
  | { kind: 'progress'; progress: Omit<ImportProgress, 'importId'> }
  /** A file (or archive entry) is read; `accepted` and `duplicates` are left for the engine to count. */
  | { kind: 'file'; summary: FileImportSummary };

/** What reading needs besides the source: all plain data, so a reader worker gets it in one message. */
export type ReadOptions = {
  importId: ImportId;
  options: ImportOptions;
  /** Enabled suppression rules and the time they are judged at. */
  suppression: { rules: SuppressionRule[]; at: number };
};

export const errorText = (e: unknown): string =>
  e && typeof e === 'object' && 'message' in e && typeof (e).message === 'string'
    ? (e as { message: string }).message
    : String(e);

export const packAlerts = (alerts: readonly Alert[], suppression: ReadOptions['suppression'] = { rules: [], at: 0 }): PackedAlerts => {
  const n = alerts.length;
  const times = new Float64Array(n * 3);
  const severity = new Uint8Array(n);
  const status = new Uint8Array(n);
  const metas: AlertMeta[] = [];
  const corr: string[] = [];
  const correlation: CorrelationAlert[] = [];
  alerts.forEach((a, i) => {
    times[i * 3] = a.firstActivity;
    times[i * 3 + 1] = a.lastActivity;
    times[i * 3 + 2] = a.detectedAt;
    severity[i] = SEVERITIES.indexOf(a.severity);
    status[i] = ALERT_STATUSES.indexOf(a.status);
    metas.push([a.title, a.source, a.product, a.detectorId, a.tactics.join(','), a.entities.length, a.origins[0]?.file ?? '']);
    const list: CompactEntity[] = [];
    for (const e of a.entities) {
      let hasProps = false;
      for (const _ in e.props) {
        hasProps = true;
        break;
      }
      list.push([e.type, e.value, e.roles.join(','), hasProps ? e.props : 0]);
    }
    corr.push(JSON.stringify(list));
    correlation.push(toCorrelationAlert(a));
  });
  const meta = codeMeta(metas);
  return {
    ids: alerts.map((a) => a.id),
    times,
    severity,
    status,
    metaDict: meta.dict,
    metaCodes: meta.codes,
    entityCount: meta.entityCount,
    corr,
    bodies: alerts.map((a) => JSON.stringify({ ...a, raw: '' })),
    raws: alerts.map((a) => a.raw),
    origins: alerts.map((a) => (a.origins[0] ? JSON.stringify(a.origins[0]) : '')),
    correlation: JSON.stringify(correlation),
    suppressedBy: alerts.map((a) => (suppression.rules.length ? (findSuppression(suppression.rules, a, suppression.at)?.id ?? '') : '')),
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
  const bytesTotal = source.size ?? source.blob?.size ?? 0;
  try {
    for await (const entry of openEntries(sourceInput(source), source.name, { signal, onProgress: (n: number) => (bytesRead = n) })) {
      yield* readEntry(entry.name, entry.stream, adapters, opts, signal, now, () => ({ bytesRead, bytesTotal }));
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
  let batch: Alert[] = [];
  const started = now();
  let lastProgress = 0;

  /** Normalises one record into `batch`; true when a chunk is full. */
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
    for (const alert of result.alerts) batch.push(alert);
    return batch.length >= CHUNK_SIZE;
  };
  const take = (): ReadEvent => {
    const alerts = batch;
    batch = [];
    return { kind: 'alerts', alerts: packAlerts(alerts, opts.suppression) };
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
    for await (const events of readRecordBatches(stream, file, { signal })) {
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
  if (rejectedCount > summary.rejected.length) {
    summary.rejected.push({ file, record: 0, field: '', reason: `…and ${rejectedCount - summary.rejected.length} more rejected records` });
  }
  const b = bytes();
  yield { kind: 'progress', progress: { file, bytesRead: b.bytesTotal || b.bytesRead, bytesTotal: b.bytesTotal, records: summary.records, recordsPerSec: 0, etaMs: 0 } };
  yield { kind: 'file', summary };
}
