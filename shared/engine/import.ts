// The import pipeline: a source is read into packed alerts (`read.ts`: bytes → entries → records → adapter →
// alerts, in this worker or in a reader worker), then deduped and written in chunks. Chunks of one import are tagged
// with its id and the import row stays 'running' until the end (the journal): a cancel deletes the import's chunks;
// a crash leaves 'running', which the next open rolls back and reports.
import type { Container, SourceAdapter } from '#shared/ingest/types';
import { detectFormat, buildDetectSample } from '#shared/ingest/detect';
import { openEntries, readRecordBatches } from '#shared/ingest/readers/index';
import type { AlertOrigin } from '#shared/model/index';
import type { CaseDb } from '#shared/store/db';
import type { AlertChunkRow } from '#shared/store/db';
import type { FileDetection, FileImportSummary, ImportProgress, ImportSource } from './api';
import type { PackedChunk } from './chunk';
import { chunkRows } from './chunk';
import type { PackedAlerts, ReadEvent, ReadOptions } from './read';
import { errorText, parseRest, readSource, sourceInput } from './read';

/** Chunk transactions allowed to run while parsing continues. */
const WRITES_IN_FLIGHT = 3;

export type ImportSink = {
  /** False when the alert is known (stored, or earlier in this import); else it is now known and true. */
  claim(id: string): boolean;
  /** Next free chunk sequence number. */
  nextSeq(): number;
  onDuplicate(id: string, origin: AlertOrigin | null): void;
  /** A chunk is on its way to storage: `keep` are the slots of `alerts` it holds (the new ones). */
  onChunkWritten(chunk: AlertChunkRow, alerts: PackedAlerts, keep: readonly number[]): void;
};

/** Reads a source into events: `readSource` here, or the same in a reader worker. */
export type SourceReader = ((source: ImportSource, run: ReadOptions, signal: AbortSignal) => AsyncIterable<ReadEvent>) & {
  /**
   * Let go of what reading holds (a reader worker's thread and heap) once the reads under way end: an import calls it
   * when its files are read, before its final correlation. The next read starts afresh.
   */
  release?: () => void;
};

export type FileImportContext = {
  db: CaseDb;
  read: ReadOptions;
  adapters: readonly SourceAdapter[];
  /** Where reading happens; default: in this thread. */
  reader?: SourceReader;
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

/**
 * Reads one source and stores its new alerts. Chunk writes are pipelined: up to WRITES_IN_FLIGHT transactions run
 * in the storage process while reading goes on. Every write is awaited before the summaries are returned or an
 * error is rethrown, so a rollback never races a late write.
 */
export const importSource = async (source: ImportSource, ctx: FileImportContext): Promise<FileImportSummary[]> => {
  const reader = ctx.reader ?? ((src, run, signal) => readSource(src, ctx.adapters, run, signal, () => ctx.now()));
  const out: FileImportSummary[] = [];
  const inFlight: Promise<void>[] = [];
  let writeError: StorageWriteError | undefined;
  let accepted = 0;
  let duplicates = 0;
  const store = async (p: PackedAlerts): Promise<void> => {
    const keep: number[] = [];
    for (let i = 0; i < p.ids.length; i++) {
      if (ctx.sink.claim(p.ids[i])) keep.push(i);
      else {
        duplicates++;
        const rest = p.rests[i];
        ctx.sink.onDuplicate(p.ids[i], rest ? (parseRest(rest, ctx.read.importId, p.metaDict[p.metaCodes[i * 6 + 5] ?? 0] ?? '').origins[0] ?? null) : null);
      }
    }
    accepted += keep.length;
    if (!keep.length) return;
    const packed = chunkRows(ctx.sink.nextSeq(), ctx.read.importId, p, keep.length === p.ids.length ? undefined : keep);
    inFlight.push(
      writeChunk(ctx.db.backendDB(), packed).catch((e: unknown) => {
        writeError ??= new StorageWriteError(e);
      }),
    );
    ctx.sink.onChunkWritten(packed.chunk, p, keep);
    if (inFlight.length >= WRITES_IN_FLIGHT) await inFlight.shift();
    if (writeError) throw writeError;
  };
  try {
    for await (const ev of reader(source, ctx.read, ctx.signal)) {
      if (ev.kind === 'alerts') await store(ev.alerts);
      else if (ev.kind === 'progress') ctx.progress(ev.progress);
      else {
        out.push({ ...ev.summary, accepted, duplicates });
        accepted = 0;
        duplicates = 0;
      }
    }
    while (inFlight.length) await inFlight.shift();
    if (writeError) throw writeError;
  } catch (e) {
    await Promise.allSettled(inFlight.splice(0));
    throw writeError ?? e;
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
