// The content of a portable `.caseline` case file: everything an analyst needs to continue a case elsewhere.
import type { ActivityEntry, Alert, AlertTriage, Comment, CorrelationReason, Incident } from '#shared/model/index';
import type { AutomationRule, Playbook, SuppressionRule, Task } from '#shared/respond/types';

/** A correlation reason with the incident it explains (the store keeps them per incident). */
export type CaseReason = CorrelationReason & { incidentId: string };

export type CaseSettingValue = string | number | boolean | null | CaseSettingValue[] | { [key: string]: CaseSettingValue };
export type CaseSettings = Record<string, CaseSettingValue>;

export const CASE_FORMAT = 'caseline-case';
export const CASE_VERSION = 1;

export type CaseSnapshot = {
  format: typeof CASE_FORMAT;
  version: typeof CASE_VERSION;
  /** The ATT&CK data the case was built with (ATT&CK changes between releases). */
  attackSource: string;
  exportedAt: number;
  exportedBy: string;
  /** Alerts with their verbatim `raw` evidence and every origin. */
  alerts: Alert[];
  triage: AlertTriage[];
  incidents: Incident[];
  reasons: CaseReason[];
  /** Comments and activity carry no local database `id`: those keys mean nothing on another machine. */
  comments: Comment[];
  activity: ActivityEntry[];
  tasks: Task[];
  suppressionRules: SuppressionRule[];
  automationRules: AutomationRule[];
  /** Custom playbooks (built-ins ship with the app). */
  playbooks: Playbook[];
  settings: CaseSettings;
};

export const SNAPSHOT_LISTS = ['alerts', 'triage', 'incidents', 'reasons', 'comments', 'activity', 'tasks', 'suppressionRules', 'automationRules', 'playbooks'] as const;
export type SnapshotList = (typeof SNAPSHOT_LISTS)[number];
export type SnapshotCounts = Record<SnapshotList, number>;

export const countsOf = (s: CaseSnapshot): SnapshotCounts => {
  const out = {} as SnapshotCounts;
  for (const k of SNAPSHOT_LISTS) out[k] = s[k].length;
  return out;
};

export const emptySnapshot = (exportedBy: string, exportedAt: number, attackSource: string): CaseSnapshot => ({
  format: CASE_FORMAT,
  version: CASE_VERSION,
  attackSource,
  exportedAt,
  exportedBy,
  alerts: [],
  triage: [],
  incidents: [],
  reasons: [],
  comments: [],
  activity: [],
  tasks: [],
  suppressionRules: [],
  automationRules: [],
  playbooks: [],
  settings: {},
});
