// The one contract between the UI and the engine worker (and the CLI, which calls the same engine in-process).
// Commands are request/response (EngineHandlers); push events only announce state (EngineEvents).
import type {
  ActivityEntry,
  Alert,
  AlertStatus,
  Classification,
  Comment,
  CorrelationReason,
  Determination,
  EntityProps,
  EntityRole,
  EntityType,
  Incident,
  IncidentStatus,
  Severity,
} from '#shared/model/index';
import type { RejectedRecord } from '#shared/ingest/types';
import type { CorrelationSettings, NoiseEntry, SettingsPreview } from '#shared/correlate/index';
import type { AutomationRule, Playbook, PlaybookOutput, SuppressionRule, Task } from '#shared/respond/types';

/** A file to import: a Blob (web file input, drag and drop) or a byte stream (Electron, CLI). */
export type ImportSource = {
  name: string;
  size?: number;
  blob?: Blob;
  stream?: ReadableStream<Uint8Array>;
  /** Per-file choices from the import dialog (a forced format, a field mapping); override the run's options. */
  options?: ImportOptions;
};

/** What detection saw in the head of a file: shown in the import dialog, which lets the analyst override it. */
export type FileDetection = {
  file: string;
  format: string;
  confidence: number;
  candidates: { name: string; confidence: number }[];
  container: string;
  /** Column names (CSV) or the keys of the first records (JSON), for the field-mapping dialog. */
  fields: string[];
  error?: string;
};

export type ImportOptions = {
  /** Force an adapter by name instead of auto-detection. */
  format?: string;
  /** Zone for naive timestamps (IANA name); default UTC. */
  zone?: string;
  /** Field mapping for the generic adapter. */
  mapping?: GenericMapping;
};

export type GenericMapping = {
  name: string;
  time: string;
  title: string;
  severity?: string;
  description?: string;
  id?: string;
  entities?: { type: EntityType; field: string }[];
};

export type FileImportSummary = {
  file: string;
  format: string;
  /** Detection confidence 0..1 (1 when forced). */
  confidence: number;
  records: number;
  accepted: number;
  duplicates: number;
  rejected: RejectedRecord[];
  /** Set when the file could not be used at all. */
  error?: string;
};

export type ImportSummary = {
  importId: string;
  startedAt: number;
  finishedAt: number;
  state: 'done' | 'cancelled' | 'failed';
  files: FileImportSummary[];
  /** Incidents created or changed by correlating the new alerts. */
  incidentsTouched: number;
};

export type ImportProgress = {
  importId: string;
  file: string;
  bytesRead: number;
  bytesTotal: number;
  records: number;
  recordsPerSec: number;
  etaMs: number | undefined;
};

export type SortDir = 'asc' | 'desc';

export type AlertQuery = {
  offset: number;
  limit: number;
  sort?: { field: AlertSortField; dir: SortDir };
  filter?: AlertFilter;
};
export type AlertSortField = 'time' | 'severity' | 'title' | 'source' | 'status' | 'incident';
export type AlertFilter = {
  text?: string;
  severities?: Severity[];
  statuses?: AlertStatus[];
  sources?: string[];
  tactics?: string[];
  incidentId?: string;
  entityKey?: string;
  from?: number;
  to?: number;
  /** Analyst triage fields (the queue's filter bar offers them; '' in assignedTo means unassigned). */
  assignedTo?: string[];
  classifications?: Classification[];
  determinations?: Determination[];
  /** true: only suppressed alerts; false: only unsuppressed. */
  suppressed?: boolean;
};

/** One row of the alert queue (what the queue shows; details come from alerts/get). */
export type AlertRow = {
  id: string;
  title: string;
  severity: Severity;
  status: AlertStatus;
  source: string;
  product: string;
  firstActivity: number;
  lastActivity: number;
  tactics: string[];
  incidentId: string | undefined;
  entityCount: number;
  assignedTo: string;
  classification: Classification;
  suppressed: boolean;
};

export type Page<T> = { total: number; offset: number; rows: T[] };

export type IncidentQuery = {
  offset: number;
  limit: number;
  sort?: { field: IncidentSortField; dir: SortDir };
  filter?: IncidentFilter;
};
export type IncidentSortField = 'lastActivity' | 'firstActivity' | 'severity' | 'title' | 'status' | 'alerts' | 'id';
export type IncidentFilter = {
  /** Only these incidents (the engine sets it when filtering by an entity). */
  ids?: string[];
  text?: string;
  severities?: Severity[];
  statuses?: IncidentStatus[];
  assignedTo?: string[];
  tags?: string[];
  tactics?: string[];
  sources?: string[];
  classifications?: Classification[];
  determinations?: Determination[];
  entityKey?: string;
  from?: number;
  to?: number;
};

export type IncidentRow = Omit<Incident, 'alertIds' | 'impactedAssets'> & { alertCount: number; assets: string[] };

export type IncidentDetail = {
  incident: Incident;
  alerts: AlertRow[];
  reasons: CorrelationReason[];
  /** Every entity of the incident's alerts, merged by canonical key (graph nodes, Assets and Evidence tabs). */
  entities: IncidentEntity[];
};

/** An entity as the incident sees it: canonical key, all the roles it played, and which alerts name it. */
export type IncidentEntity = {
  key: string;
  type: EntityType;
  value: string;
  roles: EntityRole[];
  props: EntityProps;
  alertIds: string[];
  firstSeen: number;
  lastSeen: number;
  /** Set when correlation treats it as noise (too common, or on the deny list), with the reason. */
  noise?: string;
};

/** Everything the case knows about one entity (the entity pane). */
export type EntityDetail = {
  key: string;
  type: EntityType;
  value: string;
  /** Other spellings seen for it (e.g. FQDN and short host name). */
  aliases: string[];
  roles: EntityRole[];
  props: EntityProps;
  firstSeen: number;
  lastSeen: number;
  alertCount: number;
  /** Most recent alerts first, capped at 500 (the alert queue filtered by entity shows all). */
  alerts: AlertRow[];
  incidents: IncidentRow[];
  /** Entities that appear in the same alerts, most shared first (capped). */
  related: { key: string; type: EntityType; value: string; sharedAlerts: number }[];
  noise?: string;
};

export type SavedFilter = { name: string; view: 'alerts' | 'incidents'; query: string };

/** A checklist item of "Prevent future attacks" (ATT&CK mitigations) or "Mitigate the threat" (source remediation). */
export type ChecklistItem = { id: string; techniqueId?: string; mitigationId?: string; text: string; done: boolean; comment: string };

export type TakeAction = {
  /** Remediation steps the sources gave, deduplicated. */
  remediation: string[];
  /** Techniques seen, with their ATT&CK names and tactics. */
  techniques: { id: string; name: string; tactics: string[] }[];
  /** ATT&CK mitigations for those techniques, as a checklist the analyst ticks and comments. */
  checklist: ChecklistItem[];
};

export type ReportFormat = 'html' | 'md' | 'json' | 'stix' | 'misp' | 'navigator' | 'csv' | 'timeline';
export type ReportFile = { name: string; mime: string; text: string };

export type PlaybookRun = {
  playbookId: string;
  incidentId: string;
  outputs: PlaybookOutput[];
  tasks: Task[];
  /** Activity entries written for the run (one per change, plus the run itself). */
  activity: number;
};

export type CaseOpenResult =
  | { ok: true; mode: 'replace' | 'merge'; counts: Record<string, number>; conflicts: number; report: string[] }
  | { ok: false; code: string; message: string };

export type IncidentPatch = Partial<
  Pick<Incident, 'customTitle' | 'severity' | 'status' | 'classification' | 'determination' | 'assignedTo' | 'tags'>
>;
export type AlertPatch = Partial<{ status: AlertStatus; classification: Classification; determination: Determination; assignedTo: string }>;

export type CaseStats = {
  alerts: number;
  incidents: number;
  entities: number;
  imports: number;
  sources: string[];
};

export type EngineInfo = {
  analyst: string;
  version: string;
  attackSource: string;
  /** Set when opening the case rolled back imports that a crash or close interrupted: says what happened. */
  recovered?: string;
};

export type EngineHandlers = {
  'engine/info': () => EngineInfo;
  'case/stats': () => CaseStats;
  'case/clear': () => void;
  'import/run': (args: { sources: ImportSource[]; options?: ImportOptions }) => ImportSummary;
  'import/cancel': (args: { importId: string }) => boolean;
  'import/list': () => ImportSummary[];
  'demo/load': () => ImportSummary;
  'formats/list': () => { name: string; label: string }[];
  /** Detect the format of each file from its first records (nothing is imported). */
  'import/detect': (args: { sources: ImportSource[] }) => FileDetection[];
  'mappings/list': () => GenericMapping[];
  'mappings/save': (args: { mapping: GenericMapping }) => GenericMapping[];
  'mappings/delete': (args: { name: string }) => GenericMapping[];
  'alerts/query': (q: AlertQuery) => Page<AlertRow>;
  'alerts/get': (args: { id: string }) => (Alert & { incidentId: string | undefined }) | undefined;
  'alerts/update': (args: { ids: string[]; patch: AlertPatch }) => number;
  'incidents/query': (q: IncidentQuery) => Page<IncidentRow>;
  'incidents/get': (args: { id: string }) => IncidentDetail | undefined;
  'incidents/update': (args: { ids: string[]; patch: IncidentPatch }) => number;
  'activity/list': (args: { targetId: string }) => ActivityEntry[];
  'comments/list': (args: { targetId: string }) => Comment[];
  'comments/add': (args: { targetId: string; text: string }) => Comment;
  'settings/setAnalyst': (args: { name: string }) => void;
  'entities/get': (args: { key: string }) => EntityDetail | undefined;
  /** Move alerts to an incident, or to a new one when `to` is 'new'. Pinned: survives later correlation runs. */
  'incidents/moveAlerts': (args: { alertIds: string[]; to: string }) => { incidentId: string; changed: string[] };
  /** Merge incidents into `into` (Defender's rules apply; an error says which one blocks). */
  'incidents/merge': (args: { from: string[]; into: string }) => { incidentId: string; redirected: string[] };
  /** Current correlation settings and the entities treated as noise, with why. */
  'correlation/settings': () => { settings: CorrelationSettings; noise: NoiseEntry[] };
  /** How incidents would change under other settings (counts, merges, splits), without applying them. */
  'correlation/preview': (args: { settings: Partial<CorrelationSettings> }) => SettingsPreview;
  'correlation/apply': (args: { settings: Partial<CorrelationSettings> }) => { changed: number };
  'respond/takeAction': (args: { incidentId?: string; alertId?: string }) => TakeAction;
  'respond/checklist': (args: { incidentId: string; item: ChecklistItem }) => ChecklistItem[];
  'tasks/list': (args: { incidentId: string }) => Task[];
  'tasks/save': (args: { task: Omit<Task, 'id' | 'createdAt' | 'source'> & { id?: string } }) => Task;
  'playbooks/list': () => Playbook[];
  'playbooks/save': (args: { playbook: Playbook }) => Playbook[];
  'playbooks/delete': (args: { id: string }) => Playbook[];
  'playbooks/run': (args: { playbookId: string; incidentId: string }) => PlaybookRun;
  'suppression/list': () => SuppressionRule[];
  /** A rule suggested from an alert (detector, title, source), for the analyst to edit. */
  'suppression/suggest': (args: { alertId: string }) => SuppressionRule;
  'suppression/preview': (args: { rule: SuppressionRule }) => { count: number; sampleIds: string[] };
  'suppression/save': (args: { rule: SuppressionRule }) => SuppressionRule[];
  'suppression/delete': (args: { id: string }) => SuppressionRule[];
  /** Dismiss the existing alerts a rule matches (future imports are always checked). */
  'suppression/apply': (args: { id: string }) => { suppressed: number };
  'automation/list': () => AutomationRule[];
  'automation/save': (args: { rule: AutomationRule }) => AutomationRule[];
  'automation/delete': (args: { id: string }) => AutomationRule[];
  /** A report or export of one incident (or 'all' open incidents). `graphPng` is a PNG data URL from the UI. */
  'report/build': (args: { /** An incident id, or 'all' for every open incident. */ incidentId: string; format: ReportFormat; graphPng?: string }) => ReportFile;
  /** The whole case as a portable `.caseline` file (optionally passphrase-encrypted). */
  'case/export': (args: { passphrase?: string }) => { name: string; bytes: Uint8Array };
  /** Open a case file: replace this case with it, or merge it into this one. A damaged file changes nothing. */
  'case/open': (args: { bytes: Uint8Array; passphrase?: string; mode: 'replace' | 'merge' }) => CaseOpenResult;
  'filters/list': () => SavedFilter[];
  'filters/save': (args: SavedFilter) => SavedFilter[];
  'filters/delete': (args: { name: string }) => SavedFilter[];
};

export type EngineEvents = {
  'import/progress': ImportProgress;
  'store/changed': { what: 'alerts' | 'incidents' | 'all' };
};

export type EngineMethod = keyof EngineHandlers;
export type EngineArgs<K extends EngineMethod> = Parameters<EngineHandlers[K]>[0];
export type EngineResult<K extends EngineMethod> = ReturnType<EngineHandlers[K]>;

/** What crosses a boundary for an error: plain data, never an Error instance. */
export type SerializedError = { name: string; message: string; stack?: string };
