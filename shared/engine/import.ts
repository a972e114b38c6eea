// The import pipeline: bytes → entries (gzip/zip) → records → detected adapter → alerts → dedupe → chunks.
// Chunks of one import are tagged with its id and the import row stays 'running' until the end (the journal):
// a cancel deletes the import's chunks; a crash leaves 'running', which the next open rolls back and reports.
import type { Alert, ImportId } from '#shared/model/index';
import type { Container, RejectedRecord, SourceAdapter, SourceRecord } from '#shared/ingest/types';
import { detectFormat, buildDetectSample } from '#shared/ingest/detect';
import { openEntries, readRecordBatches } from '#shared/ingest/readers/index';
import type { CaseDb } from '#shared/store/db';
import type { AlertChunkRow } from '#shared/store/db';
import type { FileDetection, FileImportSummary, ImportOptions, ImportProgress, ImportSource } from './api';
import type { PackedChunk } from './chunk';
import { CHUNK_SIZE, packChunk } from './chunk';
import { makeGenericAdapter } from '#shared/ingest/adapters/generic';

/** Rejects kept per file in the summary (the count is exact; the list is capped so a broken 2 GB file stays small). */
export const MAX_REJECTS_LISTED = 10_000;
const SAMPLE_RECORDS = 20;
/** Chunk transactions allowed to run while parsing continues. */
const WRITES_IN_FLIGHT = 3;

export type ImportSink = {
  /** Known alert ids (already stored, or earlier in this import). */
  isKnown(id: string): boolean;
  /** Next free chunk sequence number. */
  nextSeq(): number;
  onDuplicate(alert: Alert): void;
  onChunkWritten(chunk: AlertChunkRow, alerts: readonly Alert[]): void;
};

export type FileImportContext = {
  db: CaseDb;
  importId: ImportId;
  adapters: readonly SourceAdapter[];
  options: ImportOptions;
  signal: AbortSignal;
  sink: ImportSink;
  progress(p: Omit<ImportProgress, 'importId'>): void;
  now(): number;
};

/** A chunk could not be written: the whole import fails and is rolled back (never a file-level error). */
export class StorageWriteError extends Error {
  constructor(cause: unknown) {
    super(`Storage write failed: ${errorText(cause)}`);
    this.name = 'StorageWriteError';
  }
}

/**
 * One chunk and its body in one IndexedDB transaction, on the native connection: the bulk path of an import skips
 * Dexie's promise and zone machinery, which cost as much as the write itself per chunk.
 */
const writeChunk = (idb: IDBDatabase, { chunk, corr, body }: PackedChunk): Promise<void> =>
  new Promise((resolve, reject) => {
    const tx = idb.transaction(['alertChunks', 'alertCorr', 'alertBodies'], 'readwrite', { durability: 'relaxed' });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('transaction error'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    tx.objectStore('alertChunks').add(chunk);
    tx.objectStore('alertCorr').add(corr);
    tx.objectStore('alertBodies').add(body);
  });

/** A Blob is passed whole: the zip reader then checks the central directory before the first entry. */
const sourceInput = (source: ImportSource): ReadableStream<Uint8Array> | Blob => {
  if (source.blob) return source.blob;
  if (source.stream) return source.stream;
  throw new Error(`No data for ${source.name}`);
};

export const importSource = async (source: ImportSource, run: FileImportContext): Promise<FileImportSummary[]> => {
  const ctx: FileImportContext = source.options ? { ...run, options: { ...run.options, ...source.options } } : run;
  const out: FileImportSummary[] = [];
  let bytesRead = 0;
  const bytesTotal = source.size ?? source.blob?.size ?? 0;
  try {
    for await (const entry of openEntries(sourceInput(source), source.name, {
      signal: ctx.signal,
      onProgress: (n: number) => (bytesRead = n),
    })) {
      out.push(await importEntry(entry.name, entry.stream, ctx, () => ({ bytesRead, bytesTotal })));
      if (ctx.signal.aborted) break;
    }
  } catch (e) {
    if (ctx.signal.aborted || e instanceof StorageWriteError) throw e;
    out.push({ file: source.name, format: 'unknown', confidence: 0, records: 0, accepted: 0, duplicates: 0, rejected: [], error: errorText(e) });
  }
  return out;
};

/** Detection only: the first entry's first records, then the reading stops. */
export const detectSource = async (source: ImportSource, adapters: readonly SourceAdapter[]): Promise<FileDetection> => {
  const base: FileDetection = { file: source.name, format: '', confidence: 0, candidates: [], container: '', fields: [] };
  const controller = new AbortController();
  try {
    for await (const entry of openEntries(sourceInput(source), source.name, { signal: controller.signal })) {
      let container: Container | undefined;
      let header: string[] = [];
      const values: unknown[] = [];
      try {
        outer: for await (const events of readRecordBatches(entry.stream, entry.name, { signal: controller.signal })) {
          for (const ev of events) {
            if (ev.kind === 'container') {
              container = ev.container;
              header = ev.header;
            } else if (ev.kind === 'record') {
              values.push(ev.record.value);
              if (values.length >= 20) break outer;
            }
          }
        }
      } finally {
        await entry.stream.cancel().catch(() => undefined);
      }
      if (!container) return { ...base, error: 'No records found.' };
      const d = detectFormat(buildDetectSample(entry.name, container, header, values), adapters);
      const fields = header.length ? header : [...new Set(values.flatMap((v) => (v && typeof v === 'object' && !Array.isArray(v) ? flatKeys(v as Record<string, unknown>) : [])))].slice(0, 300);
      return { ...base, format: d.name, confidence: d.confidence, candidates: d.candidates, container, fields };
    }
    return { ...base, error: 'The file holds no entries.' };
  } catch (e) {
    return { ...base, error: errorText(e) };
  } finally {
    controller.abort();
  }
};

/** Dotted key paths of an object (two levels), for choosing fields to map. */
const flatKeys = (o: Record<string, unknown>, prefix = '', depth = 0): string[] =>
  Object.keys(o).flatMap((k) => {
    const v = o[k];
    const key = prefix ? `${prefix}.${k}` : k;
    return v && typeof v === 'object' && !Array.isArray(v) && depth < 2 ? flatKeys(v as Record<string, unknown>, key, depth + 1) : [key];
  });

const errorText = (e: unknown): string =>
  e && typeof e === 'object' && 'message' in e && typeof (e).message === 'string'
    ? (e as { message: string }).message
    : String(e);

const importEntry = async (
  file: string,
  stream: ReadableStream<Uint8Array>,
  ctx: FileImportContext,
  bytes: () => { bytesRead: number; bytesTotal: number },
): Promise<FileImportSummary> => {
  const summary: FileImportSummary = { file, format: 'unknown', confidence: 0, records: 0, accepted: 0, duplicates: 0, rejected: [] };
  const rejectedCount = { n: 0 };
  const reject = (r: RejectedRecord): void => {
    rejectedCount.n++;
    if (summary.rejected.length < MAX_REJECTS_LISTED) summary.rejected.push(r);
  };
  let adapter: SourceAdapter | undefined;
  let header: string[] = [];
  let container: Container = 'ndjson';
  const sample: SourceRecord[] = [];
  let batch: Alert[] = [];
  const started = ctx.now();
  let lastProgress = 0;

  // Chunk writes are pipelined: up to WRITES_IN_FLIGHT transactions run in the storage process while this worker
  // parses on. Every write is awaited (`drain`) before the file's summary is returned or an error is rethrown, so a
  // rollback never races a late write.
  const inFlight: Promise<void>[] = [];
  let writeError: StorageWriteError | undefined;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const alerts = batch;
    batch = [];
    const packed = packChunk(ctx.sink.nextSeq(), ctx.importId, alerts);
    const { chunk } = packed;
    const write = writeChunk(ctx.db.backendDB(), packed).catch((e: unknown) => {
        writeError ??= new StorageWriteError(e);
      });
    inFlight.push(write);
    ctx.sink.onChunkWritten(chunk, alerts);
    if (inFlight.length >= WRITES_IN_FLIGHT) await inFlight.shift();
    if (writeError) throw writeError;
  };
  const drain = async (): Promise<void> => {
    while (inFlight.length) await inFlight.shift();
    if (writeError) throw writeError;
  };

  const handle = async (record: SourceRecord): Promise<void> => {
    if (!adapter) return;
    const result = (() => {
      try {
        return adapter.normalize(record, { file, importId: ctx.importId, defaultZone: ctx.options.zone ?? 'UTC' });
      } catch (e) {
        return { ok: false as const, field: '', reason: `adapter error: ${errorText(e)}` };
      }
    })();
    if (!result.ok) {
      reject({ file, record: record.position, field: result.field, reason: result.reason });
      return;
    }
    for (const alert of result.alerts) {
      if (ctx.sink.isKnown(alert.id)) {
        summary.duplicates++;
        ctx.sink.onDuplicate(alert);
        continue;
      }
      summary.accepted++;
      batch.push(alert);
      if (batch.length >= CHUNK_SIZE) await flush();
    }
  };

  const chooseAdapter = (): void => {
    if (ctx.options.mapping) {
      adapter = makeGenericAdapter(ctx.options.mapping);
      summary.format = `generic:${ctx.options.mapping.name}`;
      summary.confidence = 1;
      return;
    }
    if (ctx.options.format) {
      adapter = ctx.adapters.find((a) => a.name === ctx.options.format);
      if (!adapter) throw new Error(`Unknown format "${ctx.options.format}"`);
      summary.format = adapter.name;
      summary.confidence = 1;
      return;
    }
    const detected = detectFormat(buildDetectSample(file, container, header, sample.map((r) => r.value)), ctx.adapters);
    adapter = ctx.adapters.find((a) => a.name === detected.name);
    summary.format = detected.name || 'unknown';
    summary.confidence = detected.confidence;
    if (!adapter || detected.confidence <= 0) {
      adapter = undefined;
      throw new Error('Format not recognised: no adapter matches this file (choose a format, or map its fields with the generic adapter).');
    }
  };

  try {
    for await (const events of readRecordBatches(stream, file, { signal: ctx.signal })) for (const ev of events) {
      if (ev.kind === 'container') {
        container = ev.container;
        header = ev.header;
        continue;
      }
      if (ev.kind === 'reject') {
        summary.records++;
        reject({ file, record: ev.record, field: ev.field, reason: ev.reason });
        continue;
      }
      summary.records++;
      if (!adapter) {
        sample.push(ev.record);
        if (sample.length < SAMPLE_RECORDS) continue;
        chooseAdapter();
        for (const r of sample.splice(0)) await handle(r);
        continue;
      }
      await handle(ev.record);
      const now = ctx.now();
      if (now - lastProgress > 200) {
        lastProgress = now;
        const b = bytes();
        const rate = summary.records / Math.max(0.001, (now - started) / 1000);
        const remaining = b.bytesTotal > b.bytesRead && b.bytesRead > 0 ? ((now - started) * (b.bytesTotal - b.bytesRead)) / b.bytesRead : undefined;
        ctx.progress({ file, bytesRead: b.bytesRead, bytesTotal: b.bytesTotal, records: summary.records, recordsPerSec: Math.round(rate), etaMs: remaining });
      }
    }
    if (!adapter && sample.length > 0) {
      chooseAdapter();
      for (const r of sample.splice(0)) await handle(r);
    }
    if (!adapter && sample.length === 0 && summary.records === 0) summary.error = 'The file holds no records.';
    await flush();
    await drain();
  } catch (e) {
    if (ctx.signal.aborted || writeError) {
      await Promise.allSettled(inFlight.splice(0));
      throw e;
    }
    await flush();
    await drain();
    summary.error = errorText(e);
  }
  if (rejectedCount.n > summary.rejected.length) {
    summary.rejected.push({ file, record: 0, field: '', reason: `…and ${rejectedCount.n - summary.rejected.length} more rejected records` });
  }
  const b = bytes();
  ctx.progress({ file, bytesRead: b.bytesTotal || b.bytesRead, bytesTotal: b.bytesTotal, records: summary.records, recordsPerSec: 0, etaMs: 0 });
  return summary;
};
