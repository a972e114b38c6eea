export type BenchRequest = { alerts: number; rawPerRecordMax: number };
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
  phases: Record<string, number>;
  reopenMs: number;
};
