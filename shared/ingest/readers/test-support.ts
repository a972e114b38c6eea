// Helpers for the reader tests (pure: web streams only, so it type-checks with the shared code).
import type { SourceRecord } from '#shared/ingest/types';
import type { ReaderError } from './errors';
import { isReaderError } from './errors';
import type { ContainerEvent, RejectEvent } from './events';
import type { ReadOptions } from './records';
import { readRecordBatches } from './records';

/** A stream that hands out `bytes` in chunks of `chunkSize` (or at the given cut points). */
export const streamOf = (bytes: Uint8Array, chunkSize: number | readonly number[] = 65536): ReadableStream<Uint8Array> => {
  const cuts: number[] = [];
  if (typeof chunkSize === 'number') for (let i = chunkSize; i < bytes.length; i += chunkSize) cuts.push(i);
  else cuts.push(...chunkSize.filter((c) => c > 0 && c < bytes.length));
  cuts.push(bytes.length);
  let prev = 0;
  let k = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(ctrl) {
        const cut = cuts[k++];
        if (cut === undefined || prev >= bytes.length) {
          ctrl.close();
          return;
        }
        ctrl.enqueue(bytes.slice(prev, cut));
        prev = cut;
      },
    },
    { highWaterMark: 0 },
  );
};

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export const textStream = (text: string, chunkSize: number | readonly number[] = 65536): ReadableStream<Uint8Array> => streamOf(utf8(text), chunkSize);

export type Collected = {
  container: ContainerEvent | undefined;
  records: SourceRecord[];
  replacementChars: number[];
  rejects: RejectEvent[];
  /** Event kinds in order, to check that the container event comes first. */
  kinds: string[];
  error: ReaderError | undefined;
  /** Anything thrown that is not a ReaderError (a bug). */
  crash: unknown;
};

export const collect = async (stream: ReadableStream<Uint8Array>, fileName = 'test', opts: ReadOptions = {}): Promise<Collected> => {
  const out: Collected = { container: undefined, records: [], replacementChars: [], rejects: [], kinds: [], error: undefined, crash: undefined };
  try {
    for await (const batch of readRecordBatches(stream, fileName, opts)) {
      for (const ev of batch) {
        out.kinds.push(ev.kind);
        if (ev.kind === 'container') out.container = ev;
        else if (ev.kind === 'record') {
          out.records.push(ev.record);
          out.replacementChars.push(ev.replacementChars);
        } else out.rejects.push(ev);
      }
    }
  } catch (e) {
    if (isReaderError(e)) out.error = e;
    else out.crash = e;
  }
  return out;
};

export const collectText = (text: string, opts: ReadOptions = {}, chunkSize: number | readonly number[] = 65536): Promise<Collected> =>
  collect(textStream(text, chunkSize), 'test', opts);
