/** `readerWorker`: the engine reads imports in a reader worker, as the app does (false: in its own thread). */
/**
 * `file`: the input as the analyst picks it (a disk-backed File from the page's file input, as the app's import
 * dialog and drop zone pass it); absent, the engine reads the bench server's HTTP stream instead (`--stream`).
 */
/**
 * `keepCase`: leave the imported case in the profile; `reopenOnly`: import nothing, open that kept case this many
 * times and report each open (for quick comparisons of opening a large case: `--profile DIR --keep-case`, then
 * `--profile DIR --reopen-only N`). `pauseAfterImport`: wait for a message from the page after the import.
 */
/** `keepReader`: the reader workers are not let go when the files are read (`--cpu-profile` then has their profiles). */
/** `parts`: reader workers, each reading a part of the file, as the app does (default 2; 1 reads it whole). */
export type BenchRequest = { alerts: number; rawPerRecordMax: number; readerWorker: boolean; file?: File; keepCase?: boolean; reopenOnly?: number; pauseAfterImport?: boolean; keepReader?: boolean; parts?: number };
export type ReopenResult = { reopenMs: number; reopenIncidentsMs: number; openPhases: Record<string, number>; alertsOpened: number; incidentsOpened: number };
export type BenchResult = {
  alerts: number;
  bytes: number;
  rawPerRecordAlerts: number;
  rawPerRecordPerSec: number;
  rawChunkedPerSec: number;
  rawChunkedMBPerSec: number;
  importMs: number;
  importPerSec: number;
  importAccepted: number;
  queueFirstPageMs: number;
  queueFilterSortMs: number;
  queueSearchMs: number;
  incidents: number;
  reportAlerts: number;
  reportMs: number;
  phases: Record<string, number>;
  /** Reopen to a usable alert queue, and to a usable incident queue (incidents load after the alert index). */
  reopenMs: number;
  reopenIncidentsMs: number;
  openPhases: Record<string, number>;
  readerWorker: boolean;
  input: 'file' | 'stream';
};
