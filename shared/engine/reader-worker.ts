// Reading import sources in a worker of their own: the engine worker keeps storage, dedupe and correlation input,
// the reader worker parses, normalises and packs (`readSource`), so the two overlap on two cores. The protocol is
// small: the engine asks for a source, the reader streams its events back and stays at most READ_AHEAD chunks of
// alerts ahead (each is acknowledged once stored), a cancel aborts, and the reader says when it is done.
import type { SourceAdapter } from '#shared/ingest/types';
import type { ImportSource } from './api';
import type { SourceReader } from './import';
import type { MessagePortLike } from './rpc';
import type { ReadEvent, ReadOptions } from './read';
import { readSource } from './read';
import { mergeParts, planSplit } from './split-read';

/** Chunks of alerts a reader may have sent and not yet seen stored. */
const READ_AHEAD = 4;

type ToReader =
  | { t: 'read'; id: number; source: ImportSource; run: ReadOptions }
  | { t: 'ack'; id: number }
  | { t: 'cancel'; id: number };
type FromReader =
  | { t: 'event'; id: number; ev: ReadEvent }
  | { t: 'end'; id: number }
  | { t: 'error'; id: number; message: string; name: string };

export type ReaderWorker = MessagePortLike & {
  addEventListener(type: 'message' | 'error', listener: (ev: { data: unknown; message?: string }) => void): void;
  terminate(): void;
};

const transferOf = (ev: ReadEvent): Transferable[] => (ev.kind === 'alerts' ? [ev.alerts.times.buffer, ev.alerts.severity.buffer, ev.alerts.status.buffer, ev.alerts.metaCodes.buffer, ev.alerts.entityCount.buffer, ev.alerts.corrAt.buffer, ...(ev.alerts.recordSpans ? [ev.alerts.recordSpans.buffer] : [])] : []);

/** Serves reads on a worker's own port (`self` in the reader worker). */
export const serveReader = (port: MessagePortLike, adapters: readonly SourceAdapter[]): void => {
  const reads = new Map<number, { controller: AbortController; credit: number; wake?: () => void }>();
  port.addEventListener('message', ({ data }) => {
    const msg = data as ToReader;
    const read = reads.get(msg.id);
    if (msg.t === 'ack' && read) {
      read.credit++;
      read.wake?.();
    } else if (msg.t === 'cancel' && read) {
      read.controller.abort();
      read.wake?.();
    } else if (msg.t === 'read' && !read) {
      const state = { controller: new AbortController(), credit: READ_AHEAD, wake: undefined as (() => void) | undefined };
      reads.set(msg.id, state);
      const post = (m: FromReader, transfer: Transferable[] = []): void => port.postMessage(m, transfer);
      void (async () => {
        try {
          for await (const ev of readSource(msg.source, adapters, msg.run, state.controller.signal)) {
            if (ev.kind === 'alerts') {
              while (state.credit <= 0 && !state.controller.signal.aborted) await new Promise<void>((r) => (state.wake = r));
              if (state.controller.signal.aborted) break;
              state.credit--;
            }
            post({ t: 'event', id: msg.id, ev }, transferOf(ev));
          }
          post({ t: 'end', id: msg.id });
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          post({ t: 'error', id: msg.id, message: err.message, name: err.name });
        } finally {
          reads.delete(msg.id);
        }
      })();
    }
  });
};

/**
 * Reads on one reader worker, spawned on first use and kept for the next files until `release` (then stopped once no
 * read is under way: its heap is some 80 MB after a large file). Streams are transferred to it, Blobs (files) cloned
 * by reference. If the worker fails, every read under way fails (the import is rolled back) and the next read starts
 * a fresh worker.
 */
const oneWorker = (spawn: () => ReaderWorker): SourceReader & { release: () => void } => {
  let worker: ReaderWorker | undefined;
  let nextId = 0;
  const listeners = new Map<number, (m: FromReader | { t: 'crash'; message: string }) => void>();
  let releasing = false;
  const release = (): void => {
    releasing = true;
    if (listeners.size || !worker) return;
    worker.terminate();
    worker = undefined;
    releasing = false;
  };
  const ensure = (): ReaderWorker => {
    if (worker) return worker;
    const w = spawn();
    w.addEventListener('message', ({ data }) => listeners.get((data as FromReader).id)?.(data as FromReader));
    w.addEventListener('error', (ev) => {
      if (worker === w) worker = undefined;
      w.terminate();
      for (const l of [...listeners.values()]) l({ t: 'crash', message: ev.message ?? 'the reader worker failed' });
    });
    worker = w;
    return w;
  };
  async function* read(source: ImportSource, run: ReadOptions, signal: AbortSignal): AsyncGenerator<ReadEvent> {
    releasing = false;
    const w = ensure();
    const id = ++nextId;
    const queue: (FromReader | { t: 'crash'; message: string })[] = [];
    let wake: (() => void) | undefined;
    listeners.set(id, (m) => {
      queue.push(m);
      wake?.();
    });
    const onAbort = (): void => {
      w.postMessage({ t: 'cancel', id } satisfies ToReader);
      wake?.();
    };
    signal.addEventListener('abort', onAbort);
    let ended = false;
    try {
      const { stream, ...rest } = source;
      w.postMessage({ t: 'read', id, source: stream ? { ...rest, stream } : rest, run } satisfies ToReader, stream ? [stream] : []);
      for (;;) {
        if (signal.aborted) throw new DOMException('Import cancelled', 'AbortError');
        const m = queue.shift();
        if (!m) {
          await new Promise<void>((r) => (wake = r));
          continue;
        }
        if (m.t === 'end') {
          ended = true;
          return;
        }
        if (m.t === 'crash') throw new Error(`Reading ${source.name} failed: ${m.message}`);
        if (m.t === 'error') throw Object.assign(new Error(m.message), { name: m.name });
        yield m.ev;
        if (m.ev.kind === 'alerts') w.postMessage({ t: 'ack', id } satisfies ToReader);
      }
    } finally {
      // Stopped early (a storage error, a cancel): the reader stops too.
      if (!ended && worker === w) w.postMessage({ t: 'cancel', id } satisfies ToReader);
      signal.removeEventListener('abort', onAbort);
      listeners.delete(id);
      if (releasing) release();
    }
  }
  return Object.assign(read, { release });
};

export type SplitOptions = {
  /** Adapters to detect a file's format with before it is split (each part must read it the same way). */
  adapters: readonly SourceAdapter[];
  /** Reader workers, and so parts of a large file (default 2). */
  parts?: number;
  /** Smallest file split (default SPLIT_MIN_BYTES). */
  minBytes?: number;
};

/**
 * A `SourceReader` backed by reader workers: one per part of a large plain NDJSON file when `split` is given (see
 * `split-read.ts`), else one. Every worker is released with the reader.
 */
export const workerReader = (spawn: () => ReaderWorker, split?: SplitOptions): SourceReader => {
  const first = oneWorker(spawn);
  const workers = [first, ...Array.from({ length: split ? Math.max(1, split.parts ?? 2) - 1 : 0 }, () => oneWorker(spawn))];
  async function* read(source: ImportSource, run: ReadOptions, signal: AbortSignal): AsyncGenerator<ReadEvent> {
    // A file that cannot even be planned (its bytes unreadable) is read whole, which reports why in its summary.
    const plan = split ? await planSplit(source, run, split.adapters, workers.length, split.minBytes).catch(() => undefined) : undefined;
    if (!plan) {
      yield* first(source, run, signal);
      return;
    }
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort);
    try {
      const parts = plan.parts.map((part, i) => (workers[i] ?? first)(source, { ...run, options: plan.options, part }, stop.signal));
      yield* mergeParts(parts, { file: source.name, bytesTotal: source.blob?.size ?? 0, confidence: plan.confidence }, stop);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
  return Object.assign(read, { release: () => workers.forEach((w) => w.release()) });
};
