// A large plain NDJSON file read by several reader workers at once, each a part of its bytes cut at a line break:
// reading (parsing, normalising, packing) is an import's critical path, and one reader keeps one core busy while
// the engine waits. The parts' events are merged into the events of one file read: their chunks of alerts as they
// come (each part acknowledged as the engine stores them), their progress summed, one summary at the end. A part
// numbers its lines and keeps its records' byte offsets as in the whole file (`ReadOptions.part`), so records, line
// numbers and rejects are the same as from one reader; only the order of the chunks differs, and with it which copy
// of an alert repeated across parts is stored first (the others count as duplicates, as in one read).
import type { SourceAdapter } from '#shared/ingest/types';
import { archiveKind } from '#shared/ingest/readers/archive';
import { sniffEncoding } from '#shared/ingest/readers/decode';
import { sniffContainer } from '#shared/ingest/readers/records';
import type { FileImportSummary, ImportOptions, ImportSource } from './api';
import { detectSource } from './import';
import type { ReadEvent, ReadOptions } from './read';
import { MAX_REJECTS_LISTED, moreRejected } from './read';

/** Files smaller than this are read by one reader: a part costs a worker and a count of the lines before it. */
export const SPLIT_MIN_BYTES = 64 * 1024 * 1024;
/** Bytes looked at for the file's container and line break, and past a cut for the next line break. */
const LOOK = 1 << 20;
/**
 * Time to count a byte's line breaks over time to read it (parse, normalise, pack): a part first counts the lines of
 * every byte before it, so later parts are cut shorter to end together (a 1 GB NDJSON file in Chromium here: the
 * second of two parts spent about 2 s counting the first's 515 MB, against some 13 s reading its own). With two parts
 * beside the engine, the second now counts in ~1.6 s against ~21 s for the first to read the same bytes, and ends
 * ~2 s before it; cutting for that (0.075) gave even parts but a longer read phase, 20.5-21.5 s against 19.6-20.2 s
 * in three interleaved pairs (2026-11-25): both readers busy to the end leave the engine and storage less of the cores.
 */
const COUNT_COST = 0.15;

/**
 * Where `count` parts of `size` bytes start (before moving to line breaks) so that each part's count of the bytes
 * before it plus its reading take the same time: part k reads T - COUNT_COST x (its start), in units of bytes read.
 */
export const cutPoints = (size: number, count: number, countCost = COUNT_COST): number[] => {
  // Lengths for T = 1, scaled to the file's size.
  const starts = [0];
  let at = 0;
  for (let k = 0; k < count; k++) {
    at += Math.max(0.05, 1 - countCost * at);
    starts.push(at);
  }
  return starts.slice(0, count).map((s) => Math.floor((s / at) * size));
};

export type SplitPlan = {
  /** Byte ranges, in file order, each starting at a line. */
  parts: { start: number; end: number }[];
  /** The options every part reads with: the detected format when none was chosen. */
  options: ImportOptions;
  /** The detection's confidence, for the summary (1 when the format was chosen). */
  confidence: number;
};

const bytesAt = async (blob: Blob, start: number, length: number): Promise<Uint8Array> => new Uint8Array(await blob.slice(start, start + length).arrayBuffer());

/**
 * How to read a source in `count` parts, or undefined when it is read whole: it is not a file of at least `minBytes`,
 * or not plain UTF-8 NDJSON with LF (or CRLF) line breaks, or no adapter is chosen or detected for it (the whole
 * read then says why), or a part would have no line break to start at.
 */
export const planSplit = async (source: ImportSource, run: ReadOptions, adapters: readonly SourceAdapter[], count: number, minBytes = SPLIT_MIN_BYTES): Promise<SplitPlan | undefined> => {
  const blob = source.blob;
  if (!blob || source.stream || count < 2 || blob.size < Math.max(minBytes, 1)) return undefined;
  const head = await bytesAt(blob, 0, LOOK);
  if (archiveKind(head) !== 'plain' || sniffEncoding(head).encoding !== 'utf-8') return undefined;
  // The default decoder drops a BOM, as the reader does.
  const sniff = sniffContainer(new TextDecoder().decode(head), head.length === blob.size);
  if (!sniff || sniff === 'empty' || sniff.container !== 'ndjson' || sniff.lineBreak !== '\n') return undefined;
  const options: ImportOptions = { ...run.options, ...source.options };
  let confidence = 1;
  if (!options.format && !options.mapping) {
    const detected = await detectSource(source, adapters);
    if (!detected.format || detected.confidence <= 0 || detected.container !== 'ndjson') return undefined;
    options.format = detected.format;
    confidence = detected.confidence;
  }
  const starts = [0];
  const cuts = cutPoints(blob.size, count);
  for (let k = 1; k < count; k++) {
    const from = Math.max(cuts[k] ?? blob.size, (starts[k - 1] ?? 0) + 1);
    const near = await bytesAt(blob, from, LOOK);
    const nl = near.indexOf(10);
    if (nl === -1) return undefined;
    const at = from + nl + 1;
    if (at >= blob.size) break;
    // What follows must read as a plain UTF-8 text of its own (no archive magic, no byte-order mark).
    const next = await bytesAt(blob, at, 4);
    const enc = sniffEncoding(next);
    if (archiveKind(next) !== 'plain' || enc.encoding !== 'utf-8' || enc.bomLength) return undefined;
    starts.push(at);
  }
  if (starts.length < 2) return undefined;
  return { parts: starts.map((start, k) => ({ start, end: starts[k + 1] ?? blob.size })), options, confidence };
};

type PartEnd = Extract<ReadEvent, { kind: 'file' }>;

/** The whole file's summary from its parts' (in file order). */
export const mergeSummaries = (ends: readonly PartEnd[], confidence: number): FileImportSummary => {
  const first = ends[0]?.summary;
  if (!first) throw new Error('No part of the file was read');
  const rejected = ends.flatMap((e) => e.summary.rejected);
  const unlisted = ends.reduce((n, e) => n + (e.unlisted ?? 0), 0) + Math.max(0, rejected.length - MAX_REJECTS_LISTED);
  const listed = rejected.slice(0, MAX_REJECTS_LISTED);
  if (unlisted > 0) listed.push(moreRejected(first.file, unlisted));
  const error = ends.find((e) => e.summary.error)?.summary.error;
  return {
    ...first,
    confidence: first.format === 'unknown' ? first.confidence : confidence,
    records: ends.reduce((n, e) => n + e.summary.records, 0),
    rejected: listed,
    ...(error ? { error } : {}),
  };
};

/**
 * The parts' reads (in file order) as one file's: alerts as each part yields them (a part is asked for more only
 * when its last chunk was taken, so each keeps its own pace with storage), the progress of all, then one summary.
 * If a part fails, or the reading stops early, the other parts are stopped through `stop`.
 */
export async function* mergeParts(reads: readonly AsyncIterable<ReadEvent>[], whole: { file: string; bytesTotal: number; confidence: number }, stop: AbortController): AsyncGenerator<ReadEvent> {
  type Next = { i: number; r: IteratorResult<ReadEvent> };
  const parts = reads.map((r) => r[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<Next>>();
  const pull = (i: number): void => {
    const part = parts[i];
    if (part) pending.set(i, part.next().then((r) => ({ i, r })));
  };
  const progress = parts.map(() => ({ bytesRead: 0, records: 0, recordsPerSec: 0, etaMs: undefined as number | undefined }));
  const ends: PartEnd[] = [];
  try {
    parts.forEach((_, i) => pull(i));
    while (pending.size) {
      const { i, r } = await Promise.race(pending.values());
      pending.delete(i);
      if (r.done) continue;
      const ev = r.value;
      if (ev.kind === 'alerts') yield ev;
      else if (ev.kind === 'file') ends[i] = ev;
      else {
        progress[i] = ev.progress;
        const etas = progress.map((p) => p.etaMs).filter((e): e is number => e !== undefined);
        yield {
          kind: 'progress',
          progress: {
            file: whole.file,
            bytesRead: progress.reduce((n, p) => n + p.bytesRead, 0),
            bytesTotal: whole.bytesTotal,
            records: progress.reduce((n, p) => n + p.records, 0),
            recordsPerSec: progress.reduce((n, p) => n + p.recordsPerSec, 0),
            etaMs: etas.length ? Math.max(...etas) : undefined,
          },
        };
      }
      pull(i);
    }
    const done = ends.filter((e): e is PartEnd => e !== undefined);
    if (done.length) yield { kind: 'file', summary: mergeSummaries(done, whole.confidence) };
  } finally {
    if (pending.size) {
      stop.abort();
      await Promise.allSettled(pending.values());
    }
    await Promise.allSettled(parts.map(async (p) => p.return?.(undefined)));
  }
}
