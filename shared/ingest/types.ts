import type { Alert, ImportId } from '#shared/model/index';

/** How a file's bytes are split into records. */
export type Container = 'json-array' | 'json-object' | 'ndjson' | 'csv' | 'tsv-zeek';

/** One record read from a file, before any adapter looks at it. */
export type SourceRecord = {
  /** 1-based line number (line-oriented containers) or record number (JSON arrays/objects). */
  position: number;
  /**
   * Parsed value: for JSON containers whatever JSON.parse gave (depth-capped); for CSV/TSV a
   * null-prototype object from header names to cell strings (so a `__proto__` header is only data).
   */
  value: unknown;
  /** The record's verbatim text, kept as evidence. */
  text: string;
  /**
   * Where `text` is in the source's bytes (UTF-8, `byteStart` to `byteEnd`), when it is exactly those bytes: set by the
   * NDJSON reader for files read as UTF-8 up to a U+FFFD, which may stand for bytes that were not UTF-8 (so an import
   * can keep the record as a slice of the file).
   */
  byteStart?: number;
  byteEnd?: number;
};

/** A record that could not be read or normalised, with a reason an analyst can act on. */
export type RejectedRecord = {
  file: string;
  /** Line or record number; 0 when the whole file is unusable. */
  record: number;
  /** The field at fault ('' when it is the record as a whole). */
  field: string;
  reason: string;
};

/** What a detector is shown: the first records of a file (already split by the container reader). */
export type DetectSample = {
  fileName: string;
  container: Container;
  /** CSV/TSV header names; empty for JSON containers. */
  header: string[];
  /** First few records' values (at most ~20). */
  records: unknown[];
};

export type AdapterContext = {
  file: string;
  importId: ImportId;
  /** IANA zone (or 'UTC') used for naive timestamps. */
  defaultZone: string;
};

/** One record's outcome: a record may yield several alerts (a Chainsaw hit on several rules) or be rejected. */
export type AdapterResult =
  | { ok: true; alerts: Alert[] }
  | { ok: false; field: string; reason: string };

export type SourceAdapter = {
  /** Stable machine name, used by --format and stored on alerts as `source`. */
  name: string;
  /** Human label shown in the import dialog. */
  label: string;
  /** Containers this adapter reads. */
  containers: readonly Container[];
  /** Confidence 0..1 that the sample is this adapter's format; 0 when it clearly is not. */
  detect(sample: DetectSample): number;
  normalize(record: SourceRecord, ctx: AdapterContext): AdapterResult;
};
