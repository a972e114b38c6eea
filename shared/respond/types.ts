// Respond-side records: tasks, playbooks, suppression and automation rules. Plain data (structured-clone safe),
// stored by the engine and carried in case files.
import type {
  Classification,
  Determination,
  EntityType,
  Incident,
  IncidentStatus,
  Severity,
} from '#shared/model/index';

export const TASK_STATUSES = ['open', 'done', 'skipped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type Task = {
  id: string;
  incidentId: string;
  title: string;
  owner: string;
  status: TaskStatus;
  createdAt: number;
  /** Last change (status, owner, title); absent until first changed. Case-file merges use it. */
  updatedAt?: number;
  /** 'manual', or the name of the playbook that created it. */
  source: string;
};

/** Incident fields a playbook or automation rule may change (same shape as the engine's IncidentPatch). */
export type IncidentChanges = Partial<
  Pick<Incident, 'customTitle' | 'severity' | 'status' | 'classification' | 'determination' | 'assignedTo' | 'tags'>
>;

/** Entity types containment commands exist for. */
export const CONTAINMENT_TARGETS = ['account', 'device', 'ip', 'file', 'domain', 'url'] as const;
export type ContainmentTarget = (typeof CONTAINMENT_TARGETS)[number];
export type ShellVariant = 'powershell' | 'shell';

export type PlaybookStep =
  | { kind: 'setStatus'; status: IncidentStatus }
  | { kind: 'setSeverity'; severity: Severity }
  | { kind: 'setClassification'; classification: Classification; determination: Determination }
  /** `to` absent or '' assigns the analyst running the playbook. */
  | { kind: 'assign'; to?: string }
  | { kind: 'addTags'; tags: string[] }
  | { kind: 'addTasks'; titles: string[] }
  | { kind: 'containmentCommands'; targets: ContainmentTarget[]; variants: ShellVariant[] }
  | { kind: 'exportIocs' };

export type Playbook = {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  steps: PlaybookStep[];
  updatedAt?: number;
};

export type PlaybookOutput = { kind: 'commands' | 'iocs' | 'note'; title: string; text: string };

/** Defender for Cloud-style rule: all given conditions must hold (AND); at least one condition is required. */
export type SuppressionRule = {
  id: string;
  /** 2–50 characters (Defender for Cloud's limit). */
  name: string;
  enabled: boolean;
  conditions: {
    detectorId?: string;
    /** Case-insensitive substring of the alert title. */
    titleContains?: string;
    /** Equals the alert's adapter (`source`) or product name, case-insensitively. */
    source?: string;
    /** Some entity of the alert has this type and value (value compared case-insensitively). */
    entity?: { type: EntityType; value: string };
  };
  /** 'all', or one adapter name (`alert.source`) the rule is limited to. */
  scope: string;
  expiresAt?: number;
  reason: string;
  createdAt: number;
  createdBy: string;
  updatedAt?: number;
  hits: number;
};

export type AutomationTrigger = 'incidentCreated' | 'incidentUpdated';

export type AutomationAction =
  | { kind: 'assign'; to: string }
  | { kind: 'addTags'; tags: string[] }
  | { kind: 'setSeverity'; severity: Severity }
  | { kind: 'setStatus'; status: IncidentStatus }
  | { kind: 'runPlaybook'; playbookId: string };

/** Sentinel-style automation rule: conditions AND together; values inside one condition list OR together. */
export type AutomationRule = {
  id: string;
  name: string;
  /** Lower runs first (Sentinel: 1..1000); ties run in id order. */
  order: number;
  enabled: boolean;
  trigger: AutomationTrigger;
  conditions: {
    severities?: Severity[];
    /** Tactic ids (TA00xx). */
    tactics?: string[];
    /** Adapter or product names. */
    sources?: string[];
    /** Some entity of some alert has this value (case-insensitive). */
    entityValue?: string;
    /** Case-insensitive substring of the incident title or any alert title. */
    titleContains?: string;
  };
  actions: AutomationAction[];
  expiresAt?: number;
  updatedAt?: number;
};
