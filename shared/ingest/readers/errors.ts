// Typed file-level errors. Per-record problems are reject events; these end a file (or an archive).
// `ReaderError` is an Error (so it can be thrown and linted), but only `{code, message}` crosses a boundary.

export type ReaderErrorCode =
  /** More decompressed bytes than `maxTotalBytes`. */
  | 'TOO_LARGE'
  /** Decompressed/compressed ratio above `maxRatio`, or an entry that inflates past its declared size. */
  | 'ZIP_BOMB'
  /** An archive entry name that climbs out or is absolute (`..`, `/x`, `C:`, UNC, `\`, NUL). */
  | 'ZIP_TRAVERSAL'
  | 'ZIP_SYMLINK'
  /** An archive inside an archive (zip or gzip in a zip, or in a gzip). */
  | 'ZIP_NESTED'
  | 'ZIP_TOO_MANY_ENTRIES'
  /** Encrypted entries, multi-disk archives, compression methods other than stored/deflate. */
  | 'ZIP_UNSUPPORTED'
  /** Truncated or malformed zip (missing central directory, names that differ from the local headers, bad data). */
  | 'ZIP_CORRUPT'
  | 'GZIP_CORRUPT'
  /** The bytes are not text (NUL bytes or mostly undecodable). */
  | 'NOT_TEXT'
  | 'EMPTY'
  /** A CSV/TSV header the reader cannot use (too many columns, too long, Zeek log without #fields). */
  | 'BAD_HEADER'
  | 'TOO_MANY_RECORDS'
  | 'ABORTED'
  /** The underlying stream failed. */
  | 'READ_FAILED';

export type FileError = { code: ReaderErrorCode; message: string };

export class ReaderError extends Error {
  readonly code: ReaderErrorCode;
  constructor(code: ReaderErrorCode, message: string) {
    super(message);
    this.name = 'ReaderError';
    this.code = code;
  }
  toJSON(): FileError {
    return { code: this.code, message: this.message };
  }
}

export const isReaderError = (e: unknown): e is ReaderError => e instanceof ReaderError;

/** Any thrown value as a structured-clone-safe `{code, message}` (unknown failures become READ_FAILED). */
export const toFileError = (e: unknown): FileError => {
  if (e instanceof ReaderError) return { code: e.code, message: e.message };
  if (e instanceof Error && e.name === 'AbortError') return { code: 'ABORTED', message: 'Reading was cancelled.' };
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : 'unknown error';
  return { code: 'READ_FAILED', message: `Could not read the file: ${message}` };
};

export const abortedError = (): ReaderError => new ReaderError('ABORTED', 'Reading was cancelled.');
