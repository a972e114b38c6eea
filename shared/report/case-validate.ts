// Shape check of a case snapshot read from a file: a case file is attacker-reachable input (it is mailed around),
// so every record must have the fields the app relies on, with the right types and vocabularies, before any
// report, merge or store code touches it. The hashes in the file detect corruption, not malice.
import {
  ALERT_STATUSES,
  CLASSIFICATIONS,
  CORRELATION_REASON_KINDS,
  DETERMINATIONS,
  ENTITY_ROLES,
  ENTITY_TYPES,
  INCIDENT_STATUSES,
  SEVERITIES,
} from '#shared/model/index';
import { TASK_STATUSES } from '#shared/respond/types';
import type { SnapshotList } from './case-snapshot';

export type SnapshotProblem = { list: SnapshotList | 'settings'; index: number; field: string };

type Check = (v: unknown) => boolean;
const own = (o: object, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined);
const isObj = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = (v) => typeof v === 'string';
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const bool: Check = (v) => typeof v === 'boolean';
const obj: Check = isObj;
const oneOf = (values: readonly string[]): Check => {
  const set = new Set(values);
  return (v) => typeof v === 'string' && set.has(v);
};
const arrayOf = (c: Check): Check => (v) => Array.isArray(v) && v.every(c);
const opt = (c: Check): Check => (v) => v === undefined || c(v);
const shape = (fields: Record<string, Check>): Check => (v) => isObj(v) && Object.entries(fields).every(([k, c]) => c(own(v, k)));
const stringProps: Check = (v) => isObj(v) && Object.keys(v).every((k) => typeof own(v, k) === 'string');

const ENTITY = shape({ type: oneOf(ENTITY_TYPES), value: str, roles: arrayOf(oneOf(ENTITY_ROLES)), verdict: opt(str), props: stringProps });
const ORIGIN = shape({ importId: str, file: str, record: num });
const ASSET = shape({ key: str, type: oneOf(ENTITY_TYPES), value: str, alertCount: num });
const severity = oneOf(SEVERITIES);
const classification = oneOf(CLASSIFICATIONS);
const determination = oneOf(DETERMINATIONS);
const kinds = (values: readonly string[]): Check => arrayOf(shape({ kind: oneOf(values) }));

const SCHEMAS: Record<SnapshotList, Record<string, Check>> = {
  alerts: {
    id: str, source: str, product: str, sourceAlertId: str, detectorId: str, title: str, description: str, severity,
    status: oneOf(ALERT_STATUSES), classification, determination, firstActivity: num, lastActivity: num, detectedAt: num,
    tactics: arrayOf(str), techniques: arrayOf(str), remediation: arrayOf(str), entities: arrayOf(ENTITY), raw: str, origins: arrayOf(ORIGIN),
  },
  triage: { id: str, status: oneOf(ALERT_STATUSES), classification, determination, assignedTo: str, suppressedBy: opt(str), updatedAt: num },
  incidents: {
    id: str, title: str, customTitle: opt(str), severity, status: oneOf(INCIDENT_STATUSES), classification, determination, assignedTo: str,
    tags: arrayOf(str), firstActivity: num, lastActivity: num, tactics: arrayOf(str), alertIds: arrayOf(str), impactedAssets: arrayOf(ASSET),
    sources: arrayOf(str), redirectedTo: opt(str), createdAt: num, updatedAt: num,
  },
  reasons: { incidentId: str, kind: oneOf(CORRELATION_REASON_KINDS), alertId: str, otherAlertId: opt(str), entityValue: opt(str), text: str },
  comments: { targetId: str, at: num, by: str, text: str },
  activity: { targetId: str, at: num, by: str, action: str, field: opt(str), from: opt(str), to: opt(str), detail: opt(str) },
  tasks: { id: str, incidentId: str, title: str, owner: str, status: oneOf(TASK_STATUSES), createdAt: num, updatedAt: opt(num), source: str },
  suppressionRules: { id: str, name: str, enabled: bool, conditions: obj, scope: str, expiresAt: opt(num), reason: str, createdAt: num, createdBy: str, hits: num },
  automationRules: {
    id: str, name: str, order: num, enabled: bool, trigger: oneOf(['incidentCreated', 'incidentUpdated']), conditions: obj,
    actions: kinds(['assign', 'addTags', 'setSeverity', 'setStatus', 'runPlaybook']), expiresAt: opt(num),
  },
  playbooks: {
    id: str, name: str, description: str, builtIn: bool,
    steps: kinds(['setStatus', 'setSeverity', 'setClassification', 'assign', 'addTags', 'addTasks', 'containmentCommands', 'exportIocs']),
  },
};

/** Every record that lacks a field or has one of the wrong type (first failing field per record; at most `max`). */
export const validateSnapshot = (s: unknown, max = 20): SnapshotProblem[] => {
  const problems: SnapshotProblem[] = [];
  if (!isObj(s)) return [{ list: 'settings', index: -1, field: '(snapshot)' }];
  for (const [list, fields] of Object.entries(SCHEMAS) as [SnapshotList, Record<string, Check>][]) {
    const rows = own(s, list);
    if (!Array.isArray(rows)) {
      problems.push({ list, index: -1, field: '(list)' });
      continue;
    }
    rows.forEach((row: unknown, index) => {
      if (problems.length >= max) return;
      if (!isObj(row)) problems.push({ list, index, field: '(record)' });
      else {
        const bad = Object.entries(fields).find(([k, c]) => !c(own(row, k)));
        if (bad) problems.push({ list, index, field: bad[0] });
      }
    });
  }
  if (!isObj(own(s, 'settings'))) problems.push({ list: 'settings', index: -1, field: '(settings)' });
  return problems.slice(0, max);
};
