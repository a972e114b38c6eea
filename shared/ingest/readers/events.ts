import type { Container, SourceRecord } from '#shared/ingest/types';
import type { TextEncodingName } from './decode';

/** First event of a file: how it is split into records. */
export type ContainerEvent = {
  kind: 'container';
  container: Container;
  /** CSV/TSV column names (after renaming empty and duplicate names); empty for JSON containers. */
  header: string[];
  encoding: TextEncodingName;
  /** CSV delimiter (given or sniffed) or Zeek separator. */
  delimiter?: string;
  /** json-object: the path of the array whose elements are the records (e.g. ['value']); absent when the object itself is the record. */
  recordsAt?: string[];
  /** tsv-zeek: the `#types` line. */
  fieldTypes?: string[];
  /** tsv-zeek: the `#path` line (e.g. 'notice'). */
  logPath?: string;
};

export type RecordEvent = {
  kind: 'record';
  record: SourceRecord;
  /** U+FFFD characters in the record's text: > 0 means bytes were lost in decoding (or the source wrote U+FFFD). */
  replacementChars: number;
};

/** A record the reader could not split or parse; reading goes on with the next one. */
export type RejectEvent = {
  kind: 'reject';
  /** Line number (line formats) or record number (JSON); 0 for the file as a whole. */
  record: number;
  field: string;
  reason: string;
};

export type ReadEvent = ContainerEvent | RecordEvent | RejectEvent;
