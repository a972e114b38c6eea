// Caps applied before and while reading (SECURITY-NOTES I1-I3). Every cap has a typed outcome: a file error
// (ReaderError) for whole-file caps, a reject event for per-record caps.

export type ReaderLimits = {
  /** Decompressed bytes over all entries of one file (plain files: their size). → TOO_LARGE */
  maxTotalBytes: number;
  /** Regular entries in one zip. → ZIP_TOO_MANY_ENTRIES */
  maxEntries: number;
  /** Decompressed bytes per compressed input byte, checked once output passes `ratioGraceBytes`. → ZIP_BOMB */
  maxRatio: number;
  ratioGraceBytes: number;
  /** Characters (UTF-16 code units) in one record's text: a JSON element, an NDJSON line, a CSV row. → reject */
  maxRecordChars: number;
  /** Characters in one physical line of a line format (NDJSON, Zeek, a CSV header). → reject / BAD_HEADER */
  maxLineChars: number;
  /** CSV/TSV columns. → BAD_HEADER for the header, reject for a row */
  maxColumns: number;
  /** JSON nesting depth of one record (`{}` is 1), enforced by the scanner before JSON.parse. → reject */
  maxDepth: number;
  /** Records plus rejects in one file. → TOO_MANY_RECORDS */
  maxRecords: number;
};

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<ReaderLimits> = Object.freeze({
  maxTotalBytes: 4 * 1024 * MiB,
  maxEntries: 10_000,
  // Deflate tops out near 1032:1; real alert exports compress 5-30:1, very repetitive logs rarely past 100:1.
  maxRatio: 200,
  ratioGraceBytes: 4 * MiB,
  maxRecordChars: 16 * MiB,
  maxLineChars: 16 * MiB,
  maxColumns: 4096,
  maxDepth: 64,
  maxRecords: Number.POSITIVE_INFINITY,
});

/** Defaults overridden by the given caps (only own, numeric, non-negative values are taken). */
export const resolveLimits = (given?: Partial<ReaderLimits>): ReaderLimits => {
  const out: ReaderLimits = { ...DEFAULT_LIMITS };
  if (!given) return out;
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ReaderLimits)[]) {
    const v = Object.prototype.hasOwnProperty.call(given, key) ? given[key] : undefined;
    if (typeof v === 'number' && !Number.isNaN(v) && v >= 0) out[key] = v;
  }
  return out;
};
