import type {
  Classification,
  CorrelationReasonKind,
  Determination,
  EntityType,
  IncidentStatus,
  Severity,
} from './enums';
import type { AlertId, EntityKey, IncidentId } from './ids';

/** One reason an alert belongs to its incident: which entity, which other alert, what gap, which tactic step. */
export type CorrelationReason = {
  kind: CorrelationReasonKind;
  /** The alert this reason is about. */
  alertId: AlertId;
  /** The alert it links to (absent for the incident's seed alert). */
  otherAlertId?: AlertId;
  /** Shared entity, when the link is through one. */
  entityKey?: EntityKey;
  entityType?: EntityType;
  entityValue?: string;
  /** Absolute time between the two alerts, ms. */
  gapMs?: number;
  /** Tactic step, e.g. ['TA0002', 'TA0006'] for Execution → Credential access. */
  tacticStep?: [string, string];
  /** Human sentence, built once so reports and UI say the same thing. */
  text: string;
};

export type ImpactedAsset = { key: EntityKey; type: EntityType; value: string; alertCount: number };

export type Incident = {
  id: IncidentId;
  /** Generated Defender-style title; `customTitle` wins when the analyst renamed it. */
  title: string;
  customTitle?: string;
  severity: Severity;
  status: IncidentStatus;
  classification: Classification;
  determination: Determination;
  assignedTo: string;
  tags: string[];
  firstActivity: number;
  lastActivity: number;
  /** Tactic ids in kill-chain order. */
  tactics: string[];
  alertIds: AlertId[];
  impactedAssets: ImpactedAsset[];
  sources: string[];
  /** Set when merged into another incident (status `redirected`). */
  redirectedTo?: IncidentId;
  createdAt: number;
  updatedAt: number;
};

export type ActivityEntry = {
  id?: number;
  /** What it is about: an incident id, alert id or 'case'. */
  targetId: string;
  at: number;
  by: string;
  action: string;
  field?: string;
  from?: string;
  to?: string;
  detail?: string;
};

export type Comment = {
  id?: number;
  targetId: string;
  at: number;
  by: string;
  text: string;
};
