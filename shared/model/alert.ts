import type { Entity } from './entity';
import type { AlertStatus, Classification, Determination, Severity } from './enums';
import type { AlertId, ImportId } from './ids';

/** Where an alert was read from. The same alert in two exports keeps both origins. */
export type AlertOrigin = {
  importId: ImportId;
  file: string;
  /** 1-based line (line-oriented formats) or record number (JSON arrays). */
  record: number;
};

export type AlertTimeNote = {
  /** Time zone assumed for a naive timestamp (e.g. 'UTC'); absent when the source gave an offset. */
  assumedZone?: string;
  /** The time string as the source wrote it. */
  original: string;
};

/** One normalised alert. Everything a source adapter produces; triage state lives in its own table. */
export type Alert = {
  id: AlertId;
  /** Adapter that read it: 'sentinel', 'graph', 'suricata', ... */
  source: string;
  /** Product or provider as the source names it ('Microsoft Defender for Endpoint', 'Suricata', ...). */
  product: string;
  /** The id the alert had in its source file, else the line/record number as text. */
  sourceAlertId: string;
  /** Detector, rule or signature id. */
  detectorId: string;
  title: string;
  description: string;
  severity: Severity;
  status: AlertStatus;
  classification: Classification;
  determination: Determination;
  /** UTC epoch milliseconds. */
  firstActivity: number;
  lastActivity: number;
  detectedAt: number;
  timeNote?: AlertTimeNote;
  /** ATT&CK tactic ids (TA00xx), kill-chain order. */
  tactics: string[];
  /** ATT&CK technique ids (T1234 or T1234.001). */
  techniques: string[];
  remediation: string[];
  entities: Entity[];
  /** The original record verbatim (as text), kept as evidence. */
  raw: string;
  origins: AlertOrigin[];
};

/** Analyst-owned, mutable per-alert state (small table, separate from the append-only alert chunks). */
export type AlertTriage = {
  id: AlertId;
  status: AlertStatus;
  classification: Classification;
  determination: Determination;
  assignedTo: string;
  suppressedBy?: string;
  updatedAt: number;
};
