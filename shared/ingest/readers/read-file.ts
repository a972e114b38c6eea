// One call for the whole path: archive entries → records, with entry boundaries and per-entry failures as events.
import type { ArchiveEntry, OpenOptions } from './archive';
import { openEntries } from './archive';
import type { ReaderErrorCode } from './errors';
import { isReaderError } from './errors';
import type { ReadEvent } from './events';
import type { ReadOptions } from './records';
import { readRecordBatches } from './records';

export type EntryEvent = { kind: 'entry'; name: string };
/** An entry that could not be read (not text, empty, bad header, too many records); the next entry follows. */
export type EntryErrorEvent = { kind: 'entry-error'; name: string; code: ReaderErrorCode; message: string };
export type FileReadEvent = ReadEvent | EntryEvent | EntryErrorEvent;

/** Errors that end one entry only; every other code ends the whole file (archive caps, abort, read failures). */
const ENTRY_ONLY: ReadonlySet<ReaderErrorCode> = new Set(['NOT_TEXT', 'EMPTY', 'BAD_HEADER', 'TOO_MANY_RECORDS']);

/**
 * Every record of every entry of `source`, in batches: `{kind:'entry'}` before each entry's events, then that
 * entry's container/record/reject events, or an `entry-error`. Throws a ReaderError for file-level failures.
 */
export async function* readFileBatches(
  source: ReadableStream<Uint8Array> | Blob,
  fileName: string,
  opts: ReadOptions & OpenOptions = {},
): AsyncGenerator<FileReadEvent[], void, undefined> {
  for await (const entry of openEntries(source, fileName, opts)) yield* readEntry(entry, opts);
}

async function* readEntry(entry: ArchiveEntry, opts: ReadOptions): AsyncGenerator<FileReadEvent[], void, undefined> {
  yield [{ kind: 'entry', name: entry.name }];
  try {
    for await (const batch of readRecordBatches(entry.stream, entry.name, opts)) yield batch;
  } catch (e) {
    if (isReaderError(e) && ENTRY_ONLY.has(e.code)) {
      await entry.stream.cancel().catch(() => undefined);
      yield [{ kind: 'entry-error', name: entry.name, code: e.code, message: e.message }];
      return;
    }
    throw e;
  }
}

/** readFileBatches one event at a time. */
export async function* readFile(
  source: ReadableStream<Uint8Array> | Blob,
  fileName: string,
  opts: ReadOptions & OpenOptions = {},
): AsyncGenerator<FileReadEvent, void, undefined> {
  for await (const batch of readFileBatches(source, fileName, opts)) for (const ev of batch) yield ev;
}
