// Bytes of one file (already decompressed) → container event, then records and rejects, as the bytes arrive.
// Memory stays bounded by one chunk plus the record being assembled (capped by maxRecordChars).
import type { Container } from '#shared/ingest/types';
import { CsvParser } from './csv';
import { ByteMap } from './byte-map';
import { ChunkDecoder, looksBinary, sniffEncoding } from './decode';
import type { TextEncodingName } from './decode';
import { Emitter } from './emitter';
import { abortedError, isReaderError, ReaderError } from './errors';
import type { ContainerEvent, ReadEvent } from './events';
import { DEFAULT_RECORD_PATHS, exceedsDepth, JsonScanner } from './json-scan';
import type { LineBreak } from './lines';
import { sniffLineBreak } from './lines';
import type { ReaderLimits } from './limits';
import { resolveLimits } from './limits';
import { NdjsonParser } from './ndjson';
import { ZeekParser } from './zeek';

export type ReadOptions = {
  limits?: Partial<ReaderLimits>;
  /** Skip detection and read the file as this container. */
  container?: Container;
  /** CSV delimiter; sniffed from the header line (`,` `;` `\t` `|`) when absent. */
  delimiter?: string;
  /**
   * json-object: the path of the array whose elements are the records (`*` matches any key); `[]` reads the
   * object itself as one record. Default: DEFAULT_RECORD_PATHS.
   */
  recordsAt?: readonly string[];
  /** Line number of the text's first line (NDJSON): the text is a part of a file, from the start of this line. */
  firstLine?: number;
  signal?: AbortSignal;
};

export type ContainerSniff = { container: Container; lineBreak: LineBreak };

/** How much text detection may look at before it must decide. */
const SNIFF_MAX_CHARS = 1 << 20;

const isWs = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

const lastNonWs = (s: string): number => {
  let k = s.length - 1;
  while (k >= 0 && isWs(s.charCodeAt(k))) k--;
  return k < 0 ? -1 : s.charCodeAt(k);
};

/**
 * The container of a file from the start of its decoded text: `[` → json-array; `{` → ndjson when the first line
 * is a whole JSON value and more text follows it, else json-object (pretty-printed, or one object on one line);
 * `#separator`/`#fields` → tsv-zeek; anything else → csv. Returns undefined while it needs more text, 'empty'
 * for a file of only whitespace.
 */
export const sniffContainer = (text: string, final: boolean, maxDepth = 64): ContainerSniff | 'empty' | undefined => {
  let i = 0;
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  if (i === text.length) return final || text.length > SNIFF_MAX_CHARS ? 'empty' : undefined;
  const brk = sniffLineBreak(text, final || text.length > SNIFF_MAX_CHARS);
  const c = text.charCodeAt(i);
  if (c === 91) return { container: 'json-array', lineBreak: brk ?? '\n' };
  if (c === 123) {
    const lf = text.indexOf('\n', i);
    const cr = text.indexOf('\r', i);
    const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
    if (end === -1) {
      if (final || text.length - i > SNIFF_MAX_CHARS) return { container: 'json-object', lineBreak: brk ?? '\n' };
      return undefined;
    }
    const line = text.slice(i, end);
    let complete = false;
    if (!exceedsDepth(line, maxDepth)) {
      try {
        JSON.parse(line);
        complete = true;
      } catch {
        complete = false;
      }
    } else {
      return { container: 'ndjson', lineBreak: brk ?? '\n' };
    }
    if (!complete) {
      const last = lastNonWs(line);
      const pretty = last === 123 || last === 91 || last === 44 || last === 58;
      return { container: pretty ? 'json-object' : 'ndjson', lineBreak: brk ?? '\n' };
    }
    let j = end;
    while (j < text.length && isWs(text.charCodeAt(j))) j++;
    if (j < text.length) return { container: 'ndjson', lineBreak: brk ?? '\n' };
    return final || text.length > 2 * SNIFF_MAX_CHARS ? { container: 'json-object', lineBreak: brk ?? '\n' } : undefined;
  }
  if (c === 35 /* # */) {
    const rest = text.length - i;
    if (rest < '#separator'.length && !final) return undefined;
    if (text.startsWith('#separator', i) || text.startsWith('#fields', i)) {
      if (!brk && !final && text.length <= SNIFF_MAX_CHARS) return undefined;
      return { container: 'tsv-zeek', lineBreak: brk ?? '\n' };
    }
  }
  if (!brk && !final && text.length <= SNIFF_MAX_CHARS) return undefined;
  return { container: 'csv', lineBreak: brk ?? '\n' };
};

type Parser = { push(text: string): void; end(): void };

const makeParser = (
  sniff: ContainerSniff,
  emit: Emitter,
  limits: ReaderLimits,
  encoding: TextEncodingName,
  opts: ReadOptions,
  byteAt: (char: number) => number | undefined,
): Parser => {
  const base: ContainerEvent = { kind: 'container', container: sniff.container, header: [], encoding };
  switch (sniff.container) {
    case 'csv':
      return new CsvParser(emit, limits, sniff.lineBreak, encoding, opts.delimiter);
    case 'tsv-zeek':
      return new ZeekParser(emit, limits, sniff.lineBreak, encoding);
    case 'ndjson':
      emit.setHeader(base);
      emit.flushHeader();
      return new NdjsonParser(emit, limits, sniff.lineBreak, byteAt, opts.firstLine);
    case 'json-array':
    case 'json-object': {
      emit.setHeader(base);
      // json-object waits: a wrapper path found in the first object goes into the container event.
      if (sniff.container === 'json-array') emit.flushHeader();
      const paths = opts.recordsAt ? (opts.recordsAt.length ? [[...opts.recordsAt]] : []) : DEFAULT_RECORD_PATHS;
      return new JsonScanner(
        emit,
        limits,
        {
          onRoot: () => undefined,
          onWrapper: (path) => {
            if (sniff.container === 'json-object') emit.setHeader({ ...base, recordsAt: path });
          },
        },
        paths,
      );
    }
  }
};

const concatBytes = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

const asReaderError = (e: unknown, signal: AbortSignal | undefined): ReaderError => {
  if (signal?.aborted) return abortedError();
  if (isReaderError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ReaderError('READ_FAILED', `Could not read the file: ${message}`);
};

/**
 * Read one (decompressed) file as batches of events: a ContainerEvent first, then RecordEvents and RejectEvents in
 * file order. File-level failures throw a ReaderError (NOT_TEXT, EMPTY, BAD_HEADER, TOO_MANY_RECORDS, ABORTED,
 * READ_FAILED, or an archive error from the stream) after the events read so far; nothing else is thrown.
 * Breaking out of the loop cancels the stream.
 */
export async function* readRecordBatches(stream: ReadableStream<Uint8Array>, fileName: string, opts: ReadOptions = {}): AsyncGenerator<ReadEvent[], void, undefined> {
  const limits = resolveLimits(opts.limits);
  const signal = opts.signal;
  const emit = new Emitter(limits);
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let done = false;
  const onAbort = (): void => {
    if (reader) void reader.cancel().catch(() => undefined);
  };
  try {
    if (signal?.aborted) throw abortedError();
    signal?.addEventListener('abort', onAbort);
    reader = stream.getReader();
    const r = reader;
    const read = async (): Promise<Uint8Array | undefined> => {
      if (signal?.aborted) throw abortedError();
      const res = await r.read();
      if (signal?.aborted) throw abortedError();
      if (res.done) {
        done = true;
        return undefined;
      }
      return res.value;
    };

    let head: Uint8Array = new Uint8Array(0);
    while (head.length < 4) {
      const chunk = await read();
      if (!chunk) break;
      head = concatBytes(head, chunk);
    }
    const { encoding, bomLength } = sniffEncoding(head);
    const decoder = new ChunkDecoder(encoding);
    // Where each character is in the file's bytes, for NDJSON records (see ByteMap).
    const map = new ByteMap(bomLength, encoding === 'utf-8');
    const decode = (bytes: Uint8Array): string => {
      const text = decoder.decode(bytes);
      map.add(text, bytes.length);
      return text;
    };
    /** What the decoder holds back at the end of the bytes. */
    const finish = (): string => {
      const tail = decoder.end();
      map.add(tail, 0);
      return tail;
    };
    const byteAt = (char: number): number | undefined => map.byteAt(char);
    let pending = decode(head.subarray(bomLength));
    let decoderEnded = false;
    let sniff: ContainerSniff | undefined;
    // Detection looks again only once the text has doubled, so tiny chunks cost linear time, not quadratic.
    let sniffAt = 0;
    for (;;) {
      if (done && !decoderEnded) {
        pending += finish();
        decoderEnded = true;
      }
      if (!done && pending.length < sniffAt) {
        const chunk = await read();
        if (chunk) pending += decode(chunk);
        continue;
      }
      sniffAt = Math.max(2 * pending.length, 64);
      if (opts.container) {
        if (done || pending.length > 0) sniff = { container: opts.container, lineBreak: sniffLineBreak(pending, true) ?? '\n' };
      } else {
        const s = sniffContainer(pending, done, limits.maxDepth);
        if (s === 'empty') throw new ReaderError('EMPTY', `${fileName} is empty.`);
        sniff = s;
      }
      if (sniff) break;
      const chunk = await read();
      if (chunk) pending += decode(chunk);
    }
    if (pending.length === 0) throw new ReaderError('EMPTY', `${fileName} is empty.`);
    if (looksBinary(pending)) throw new ReaderError('NOT_TEXT', `${fileName} is not a text export (it holds binary data).`);

    // Only NDJSON asks where its records are: anything else would have the map hold the whole text.
    if (sniff.container !== 'ndjson') map.stop();
    const parser = makeParser(sniff, emit, limits, encoding, opts, byteAt);
    parser.push(pending);
    pending = '';
    if (emit.out.length) yield emit.take();
    while (!done) {
      const chunk = await read();
      if (!chunk) break;
      const text = decode(chunk);
      if (text.length) parser.push(text);
      if (emit.out.length) yield emit.take();
    }
    if (!decoderEnded) {
      const tail = finish();
      if (tail.length) parser.push(tail);
    }
    parser.end();
    emit.flushHeader();
    if (emit.out.length) yield emit.take();
  } catch (e) {
    const err = asReaderError(e, signal);
    if (emit.out.length) yield emit.take();
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (reader) {
      if (!done) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  }
}

/** readRecordBatches, one event at a time (the shape the import pipeline consumes). */
export async function* readRecords(stream: ReadableStream<Uint8Array>, fileName: string, opts: ReadOptions = {}): AsyncGenerator<ReadEvent, void, undefined> {
  for await (const batch of readRecordBatches(stream, fileName, opts)) {
    for (const ev of batch) yield ev;
  }
}
