// Files as they come: plain bytes pass through, gzip is inflated as a stream, a zip yields each regular entry in
// turn. Nothing is held whole: input is read chunk by chunk (pulled by whoever reads the entry), fed to fflate in
// small pieces, and the ACTUAL decompressed bytes are counted against the caps (SECURITY-NOTES I1, I2).
import { Gunzip, Unzip, UnzipInflate } from 'fflate';
import type { UnzipFile } from 'fflate';
import { abortedError, isReaderError, ReaderError } from './errors';
import type { ReaderLimits } from './limits';
import { resolveLimits } from './limits';
import type { CentralEntry } from './zip-central';
import { checkCentral, locateCentral, MAX_CENTRAL_BYTES, parseCentral, readCentralFromBlob, showName, unsafeEntryName } from './zip-central';

export type OpenOptions = {
  limits?: Partial<ReaderLimits>;
  signal?: AbortSignal;
  /** Compressed (as read) input bytes so far; called after every chunk read and once at the end. */
  onProgress?: (bytesRead: number) => void;
};

export type ArchiveEntry = {
  /** The file name for plain and gzip files; `archive.zip/path/in/zip.json` for zip entries. */
  name: string;
  /** The entry's decompressed bytes. Read it to the end (or cancel it) before asking for the next entry. */
  stream: ReadableStream<Uint8Array>;
  /** The entry is the source's own bytes (neither gzip nor zip): an offset in it is an offset in the source. */
  plain?: true;
};

export type ArchiveKind = 'plain' | 'gzip' | 'zip';

/** Compressed bytes handed to fflate per call: bounds what one call can inflate (about 1,032 × this). */
const PIECE = 16 * 1024;
/** Bytes of a zip stream kept to read its central directory at the end. */
const TAIL_KEEP = MAX_CENTRAL_BYTES + 0x10000;

export const archiveKind = (head: Uint8Array): ArchiveKind => {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6) || (head[2] === 7 && head[3] === 8))) return 'zip';
  return 'plain';
};

const isBlob = (s: ReadableStream<Uint8Array> | Blob): s is Blob => typeof Blob !== 'undefined' && s instanceof Blob;

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The reader side of the input, with byte counting, progress, abort and push-back. */
class Input {
  bytes = 0;
  private readonly back: Uint8Array[] = [];
  private done = false;

  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly signal: AbortSignal | undefined,
    private readonly onProgress: ((bytes: number) => void) | undefined,
  ) {}

  async read(): Promise<Uint8Array | undefined> {
    const back = this.back.shift();
    if (back) return back;
    if (this.signal?.aborted) throw abortedError();
    if (this.done) return undefined;
    let res: ReadableStreamReadResult<Uint8Array>;
    try {
      res = await this.reader.read();
    } catch (e) {
      if (this.signal?.aborted) throw abortedError();
      throw isReaderError(e) ? e : new ReaderError('READ_FAILED', `Could not read the file: ${errorMessage(e)}`);
    }
    if (this.signal?.aborted) throw abortedError();
    if (res.done) {
      this.done = true;
      this.onProgress?.(this.bytes);
      return undefined;
    }
    this.bytes += res.value.length;
    this.onProgress?.(this.bytes);
    return res.value;
  }

  unread(chunk: Uint8Array): void {
    this.back.unshift(chunk);
  }

  async cancel(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.back.length = 0;
    await this.reader.cancel().catch(() => undefined);
  }
}

const concat = (chunks: readonly Uint8Array[]): Uint8Array => {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
};

/** Read until `n` bytes (or the end), then push them back. */
const peek = async (input: Input, n: number): Promise<Uint8Array> => {
  const chunks: Uint8Array[] = [];
  let have = 0;
  while (have < n) {
    const c = await input.read();
    if (!c) break;
    chunks.push(c);
    have += c.length;
  }
  const head = concat(chunks);
  if (head.length) input.unread(head);
  return head;
};

/**
 * Input cut into pieces of at most PIECE bytes, handed out one at a time, so one step of inflation can never
 * produce more than about 1,032 × PIECE bytes whatever chunk size the source uses.
 */
class Pieces {
  private chunk: Uint8Array | undefined;
  private offset = 0;
  constructor(
    private readonly input: Input,
    private readonly onChunk?: (chunk: Uint8Array) => void,
  ) {}
  async next(): Promise<Uint8Array | undefined> {
    while (!this.chunk || this.offset >= this.chunk.length) {
      this.chunk = await this.input.read();
      this.offset = 0;
      if (!this.chunk) return undefined;
      this.onChunk?.(this.chunk);
    }
    const piece = this.chunk.subarray(this.offset, this.offset + PIECE);
    this.offset += piece.length;
    return piece;
  }
}

/** Shared caps on decompressed output. */
class Meter {
  total = 0;
  consumed = 0;
  constructor(
    private readonly limits: ReaderLimits,
    private readonly fileName: string,
  ) {}
  check(): ReaderError | undefined {
    const l = this.limits;
    if (this.total > l.maxTotalBytes) {
      return new ReaderError('TOO_LARGE', `${this.fileName} decompresses to more than ${l.maxTotalBytes} bytes; reading stopped.`);
    }
    if (this.total > l.ratioGraceBytes && this.total > Math.max(1, this.consumed) * l.maxRatio) {
      return new ReaderError('ZIP_BOMB', `${this.fileName} decompresses at more than ${l.maxRatio}:1 (${this.total} bytes from ${this.consumed}); it looks like a decompression bomb.`);
    }
    return undefined;
  }
}

/** Zip, gzip (and other archives' magic bytes) at the start of decompressed content: one level of archive only. */
const startsAsArchive = (chunks: readonly Uint8Array[]): boolean => archiveKind(concat(chunks).subarray(0, 4)) !== 'plain';

const plainStream = (input: Input, limits: ReaderLimits, fileName: string): ReadableStream<Uint8Array> => {
  let total = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull: async (ctrl) => {
        const chunk = await input.read();
        if (!chunk) {
          ctrl.close();
          return;
        }
        total += chunk.length;
        if (total > limits.maxTotalBytes) throw new ReaderError('TOO_LARGE', `${fileName} is larger than ${limits.maxTotalBytes} bytes; reading stopped.`);
        ctrl.enqueue(chunk);
      },
      cancel: () => input.cancel(),
    },
    { highWaterMark: 0 },
  );
};

const gzipStream = (input: Input, limits: ReaderLimits, fileName: string): ReadableStream<Uint8Array> => {
  const meter = new Meter(limits, fileName);
  let out: Uint8Array[] = [];
  let outBytes = 0;
  let ended = false;
  let checked = false;
  let failure: ReaderError | undefined;
  const gz = new Gunzip((data) => {
    meter.total += data.length;
    outBytes += data.length;
    if (data.length) out.push(data);
  });
  const push = (piece: Uint8Array, final: boolean): void => {
    meter.consumed += piece.length;
    try {
      gz.push(piece, final);
    } catch (e) {
      failure = new ReaderError('GZIP_CORRUPT', `${fileName} is not valid gzip data (${errorMessage(e)}).`);
    }
    failure ??= meter.check();
    if (failure) throw failure;
  };
  const pieces = new Pieces(input);
  return new ReadableStream<Uint8Array>(
    {
      pull: async (ctrl) => {
        if (failure) throw failure;
        while (!ended && (out.length === 0 || (!checked && outBytes < 4))) {
          const piece = await pieces.next();
          if (!piece) {
            push(new Uint8Array(0), true);
            ended = true;
            break;
          }
          push(piece, false);
        }
        if (!checked) {
          checked = true;
          if (startsAsArchive(out)) {
            failure = new ReaderError('ZIP_NESTED', `${fileName} holds another archive inside the gzip; only one level of compression is read.`);
            throw failure;
          }
        }
        if (out.length) {
          const batch = out;
          out = [];
          for (const c of batch) ctrl.enqueue(c);
          return;
        }
        ctrl.close();
      },
      cancel: () => input.cancel(),
    },
    { highWaterMark: 0 },
  );
};

type ZipEntryState = {
  name: string;
  chunks: Uint8Array[];
  /** Held until the first 4 bytes show it is not a nested archive. */
  head: Uint8Array[];
  headBytes: number;
  checked: boolean;
  done: boolean;
  discard: boolean;
  bytes: number;
  /** Size from the local header; undefined for streamed (data descriptor) entries. */
  declared: number | undefined;
};

const isJunkEntry = (name: string): boolean => {
  if (name.endsWith('/')) return true;
  const base = name.slice(name.lastIndexOf('/') + 1);
  return name.startsWith('__MACOSX/') || base === '.DS_Store' || base.startsWith('._');
};

class ZipReader {
  readonly queue: ZipEntryState[] = [];
  yielded = 0;
  private readonly unzip = new Unzip();
  private readonly meter: Meter;
  private failure: ReaderError | undefined;
  private entries = 0;
  private eof = false;
  private readonly localNames: string[] = [];
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  private busy: Promise<unknown> = Promise.resolve();
  private readonly pieces: Pieces;

  constructor(
    input: Input,
    private readonly limits: ReaderLimits,
    private readonly fileName: string,
    private readonly central: CentralEntry[] | undefined,
  ) {
    this.meter = new Meter(limits, fileName);
    this.pieces = new Pieces(input, (chunk) => this.keepTail(chunk));
    this.unzip.register(UnzipInflate);
    this.unzip.onfile = (file) => this.onFile(file);
  }

  /** Inflate one more piece of input; false once the archive is fully read and checked. Serialised. */
  pump(): Promise<boolean> {
    const run = this.busy.then(() => this.pumpOnce());
    this.busy = run.catch(() => undefined);
    return run;
  }

  entryStream(st: ZipEntryState): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>(
      {
        pull: async (ctrl) => {
          while (st.chunks.length === 0 && !st.done) {
            if (!(await this.pump())) break;
          }
          if (st.chunks.length) {
            const batch = st.chunks;
            st.chunks = [];
            for (const c of batch) ctrl.enqueue(c);
            return;
          }
          if (st.done) {
            ctrl.close();
            return;
          }
          throw new ReaderError('ZIP_CORRUPT', `${this.fileName}: the archive ends inside entry ${showName(st.name)} (truncated?).`);
        },
        cancel: () => {
          st.discard = true;
          st.chunks = [];
          st.head = [];
        },
      },
      { highWaterMark: 0 },
    );
  }

  private fail(code: ConstructorParameters<typeof ReaderError>[0], message: string): void {
    this.failure ??= new ReaderError(code, message);
  }

  private onFile(file: UnzipFile): void {
    if (this.failure) return;
    const name = file.name;
    this.localNames.push(name);
    if (++this.entries > this.limits.maxEntries) {
      this.fail('ZIP_TOO_MANY_ENTRIES', `${this.fileName} holds more than ${this.limits.maxEntries} entries.`);
      return;
    }
    const bad = unsafeEntryName(name);
    if (bad) {
      this.fail('ZIP_TRAVERSAL', `${this.fileName}: entry ${showName(name)} ${bad}; the archive is refused.`);
      return;
    }
    const junk = isJunkEntry(name);
    if (!junk && file.compression !== 0 && file.compression !== 8) {
      this.fail('ZIP_UNSUPPORTED', `${this.fileName}: entry ${showName(name)} uses compression method ${file.compression} (only stored and deflate are read).`);
      return;
    }
    const st: ZipEntryState = {
      name,
      chunks: [],
      head: [],
      headBytes: 0,
      checked: false,
      done: false,
      discard: junk,
      bytes: 0,
      declared: file.originalSize,
    };
    file.ondata = (err, data, final) => this.onData(st, err, data, final);
    if (!junk) this.queue.push(st);
    // Always start: fflate buffers the data of an entry nobody started.
    file.start();
  }

  private onData(st: ZipEntryState, err: Error | null, data: Uint8Array | null, final: boolean): void {
    if (this.failure) return;
    if (err) {
      this.fail('ZIP_CORRUPT', `${this.fileName}: entry ${showName(st.name)} could not be decompressed (${err.message}).`);
      return;
    }
    const len = data ? data.length : 0;
    st.bytes += len;
    this.meter.total += len;
    const over = this.meter.check();
    if (over) {
      this.failure = over;
      return;
    }
    if (st.declared !== undefined && st.bytes > st.declared) {
      this.fail('ZIP_BOMB', `${this.fileName}: entry ${showName(st.name)} inflates past the ${st.declared} bytes its header declares.`);
      return;
    }
    if (data && len && !st.discard) {
      if (st.checked) st.chunks.push(data);
      else {
        st.head.push(data);
        st.headBytes += len;
      }
    }
    if (!st.checked && (st.headBytes >= 4 || final)) {
      st.checked = true;
      if (startsAsArchive(st.head)) {
        this.fail('ZIP_NESTED', `${this.fileName}: entry ${showName(st.name)} is itself an archive; archives inside archives are refused.`);
        return;
      }
      st.chunks.push(...st.head);
      st.head = [];
    }
    if (final) {
      st.done = true;
      if (st.declared !== undefined && st.bytes !== st.declared) {
        this.fail('ZIP_CORRUPT', `${this.fileName}: entry ${showName(st.name)} declares ${st.declared} bytes but holds ${st.bytes}.`);
      }
    }
  }

  private keepTail(chunk: Uint8Array): void {
    if (this.central) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    if (this.tail.length > 1024) {
      // Many tiny chunks: fold them into one buffer so trimming stays cheap.
      const all = concat(this.tail);
      const keep = all.subarray(Math.max(0, all.length - TAIL_KEEP));
      this.tail = [keep];
      this.tailBytes = keep.length;
    }
    while (this.tail.length > 1 && this.tailBytes - (this.tail[0]?.length ?? 0) >= TAIL_KEEP) {
      this.tailBytes -= this.tail.shift()?.length ?? 0;
    }
  }

  private push(piece: Uint8Array, final: boolean): void {
    this.meter.consumed += piece.length;
    try {
      this.unzip.push(piece, final);
    } catch (e) {
      if (isReaderError(e)) this.failure ??= e;
      else this.fail('ZIP_CORRUPT', `${this.fileName} is not a readable zip archive (${errorMessage(e)}).`);
    }
    if (this.failure) throw this.failure;
  }

  private async pumpOnce(): Promise<boolean> {
    if (this.failure) throw this.failure;
    if (this.eof) return false;
    const piece = await this.pieces.next();
    if (!piece) {
      this.eof = true;
      this.push(new Uint8Array(0), true);
      this.checkEnd();
      return false;
    }
    this.push(piece, false);
    return true;
  }

  /** At the end of the archive: no entry cut short, and the central directory agrees with what was read. */
  private checkEnd(): void {
    const open = this.queue.find((st) => !st.done);
    if (open) throw new ReaderError('ZIP_CORRUPT', `${this.fileName}: the archive ends inside entry ${showName(open.name)} (truncated?).`);
    let entries = this.central;
    if (!entries) {
      const tail = concat(this.tail);
      this.tail = [];
      const loc = locateCentral(tail, this.fileName);
      if (!loc) throw new ReaderError('ZIP_CORRUPT', `${this.fileName}: no zip central directory (truncated archive?).`);
      if (loc.start < 0) throw new ReaderError('ZIP_CORRUPT', `${this.fileName}: the zip central directory is implausibly large.`);
      entries = parseCentral(tail.subarray(loc.start, loc.end), this.fileName, this.limits);
      checkCentral(entries, this.fileName, this.limits);
    }
    const central = entries.map((e) => e.name).sort();
    const local = [...this.localNames].sort();
    if (central.length !== local.length || central.some((n, k) => n !== local[k])) {
      throw new ReaderError(
        'ZIP_CORRUPT',
        `${this.fileName}: the zip's central directory lists other entries than the archive holds (${central.length} vs ${local.length}); it is refused as tampered or damaged.`,
      );
    }
  }
}

/**
 * The files inside `source`, in order: one entry for a plain or gzip file, one per regular file for a zip (folders
 * and macOS `__MACOSX/`, `._*`, `.DS_Store` entries are skipped). Throws a ReaderError for archive problems
 * (TOO_LARGE, ZIP_BOMB, ZIP_TRAVERSAL, ZIP_SYMLINK, ZIP_NESTED, ZIP_TOO_MANY_ENTRIES, ZIP_UNSUPPORTED, ZIP_CORRUPT,
 * GZIP_CORRUPT, EMPTY for a zip without files, ABORTED, READ_FAILED); an entry's stream errors with the same error
 * when it is found while reading that entry.
 *
 * Pass a Blob (a File) rather than its stream when you can: a zip's central directory (the only place symlinks are
 * marked) is then checked before the first entry is yielded. From a plain stream it is checked at the end of the
 * archive, so a refused archive fails after its entries were read: treat the whole file as failed.
 */
export async function* openEntries(
  source: ReadableStream<Uint8Array> | Blob,
  fileName: string,
  opts: OpenOptions = {},
): AsyncGenerator<ArchiveEntry, void, undefined> {
  const limits = resolveLimits(opts.limits);
  const signal = opts.signal;
  if (signal?.aborted) throw abortedError();
  let central: CentralEntry[] | undefined;
  let stream: ReadableStream<Uint8Array>;
  if (isBlob(source)) {
    const magic = new Uint8Array(await source.slice(0, 4).arrayBuffer());
    if (archiveKind(magic) === 'zip') central = await readCentralFromBlob(source, fileName, limits);
    stream = source.stream();
  } else {
    stream = source;
  }
  const input = new Input(stream.getReader(), signal, opts.onProgress);
  const onAbort = (): void => void input.cancel();
  signal?.addEventListener('abort', onAbort);
  let completed = false;
  try {
    const head = await peek(input, 4);
    const kind = archiveKind(head);
    if (kind === 'plain') {
      yield { name: fileName, stream: plainStream(input, limits, fileName), plain: true };
    } else if (kind === 'gzip') {
      yield { name: fileName, stream: gzipStream(input, limits, fileName) };
    } else {
      const zip = new ZipReader(input, limits, fileName, central);
      for (;;) {
        let more = true;
        while (zip.queue.length === 0 && more) more = await zip.pump();
        const st = zip.queue.shift();
        if (!st) break;
        zip.yielded++;
        yield { name: `${fileName}/${st.name}`, stream: zip.entryStream(st) };
        // The consumer moved on: whatever is left of this entry is inflated (and counted) but dropped.
        st.discard = true;
        st.chunks = [];
        st.head = [];
      }
      if (zip.yielded === 0) throw new ReaderError('EMPTY', `${fileName} holds no files.`);
    }
    completed = true;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!completed) await input.cancel();
  }
}
