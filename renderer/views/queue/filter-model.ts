// A queue's filter and sort as plain data, its URL form (kept in the route and in saved filter sets), and the
// engine filter it becomes. Parsing validates every value: the URL is user-editable input.
import type { AlertFilter, AlertSortField, IncidentFilter, IncidentSortField, SortDir } from '#shared/engine/api';
import type { AlertStatus, Classification, Determination, IncidentStatus, Severity } from '#shared/model/index';
import { ALERT_STATUSES, CLASSIFICATIONS, DETERMINATIONS, INCIDENT_STATUSES, SEVERITIES, TACTICS } from '#shared/model/index';

export type QueueKind = 'alerts' | 'incidents';

export type QueueFilter = {
  text: string;
  severities: Severity[];
  statuses: string[];
  /** '' stands for unassigned. */
  assignedTo: string[];
  tags: string[];
  tactics: string[];
  sources: string[];
  classifications: Classification[];
  determinations: Determination[];
  from?: number | undefined;
  to?: number | undefined;
  entityKey?: string | undefined;
  sort: { field: string; dir: SortDir };
};

export const ALERT_SORTS: readonly AlertSortField[] = ['time', 'severity', 'title', 'source', 'status', 'incident'];
export const INCIDENT_SORTS: readonly IncidentSortField[] = ['lastActivity', 'firstActivity', 'severity', 'title', 'status', 'alerts', 'id'];
const DEFAULT_SORT: Record<QueueKind, { field: string; dir: SortDir }> = { alerts: { field: 'time', dir: 'desc' }, incidents: { field: 'lastActivity', dir: 'desc' } };

export const emptyFilter = (kind: QueueKind): QueueFilter => ({
  text: '',
  severities: [],
  statuses: [],
  assignedTo: [],
  tags: [],
  tactics: [],
  sources: [],
  classifications: [],
  determinations: [],
  sort: { ...DEFAULT_SORT[kind] },
});

const MAX_VALUES = 50;
const MAX_LEN = 300;
const TACTIC_IDS = new Set(TACTICS.map((t) => t.id));

const oneOf = <T extends string>(values: readonly T[]) => {
  const set = new Set<string>(values);
  return (v: string): v is T => set.has(v);
};
const isSeverity = oneOf(SEVERITIES);
const isClassification = oneOf(CLASSIFICATIONS);
const isDetermination = oneOf(DETERMINATIONS);
const isAlertStatus = oneOf<AlertStatus>(ALERT_STATUSES);
const isIncidentStatus = oneOf<IncidentStatus>(INCIDENT_STATUSES);

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
/** A time in the URL: ISO 8601 UTC only (never handed to Date as free text). */
export const parseUtc = (s: string | null): number | undefined => {
  if (!s || !ISO.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
};
export const formatUtc = (t: number): string => new Date(t).toISOString().replace(/:00\.000Z$/, 'Z').replace(/\.000Z$/, 'Z');

export const parseFilter = (kind: QueueKind, query: string | undefined): QueueFilter => {
  const p = new URLSearchParams(query ?? '');
  const list = (k: string): string[] => [...new Set(p.getAll(k).map((v) => v.slice(0, MAX_LEN)))].slice(0, MAX_VALUES);
  const f = emptyFilter(kind);
  f.text = (p.get('q') ?? '').slice(0, MAX_LEN);
  f.severities = list('sev').filter(isSeverity);
  f.statuses = list('st').filter(kind === 'alerts' ? isAlertStatus : isIncidentStatus);
  f.assignedTo = list('asg');
  f.tags = list('tag').filter(Boolean);
  f.tactics = list('tac').filter((t) => TACTIC_IDS.has(t));
  f.sources = list('src').filter(Boolean);
  f.classifications = list('cls').filter(isClassification);
  f.determinations = list('det').filter(isDetermination);
  f.from = parseUtc(p.get('from'));
  f.to = parseUtc(p.get('to'));
  const ent = p.get('ent');
  if (ent) f.entityKey = ent.slice(0, MAX_LEN * 4);
  const [field, dir] = (p.get('sort') ?? '').split('.');
  const fields: readonly string[] = kind === 'alerts' ? ALERT_SORTS : INCIDENT_SORTS;
  if (field && fields.includes(field)) f.sort = { field, dir: dir === 'asc' ? 'asc' : 'desc' };
  return f;
};

export const formatFilter = (kind: QueueKind, f: QueueFilter): string => {
  const p = new URLSearchParams();
  if (f.text) p.set('q', f.text);
  const all = (k: string, vs: readonly string[]): void => vs.forEach((v) => p.append(k, v));
  all('sev', f.severities);
  all('st', f.statuses);
  all('asg', f.assignedTo);
  all('tag', f.tags);
  all('tac', f.tactics);
  all('src', f.sources);
  all('cls', f.classifications);
  all('det', f.determinations);
  if (f.from !== undefined) p.set('from', formatUtc(f.from));
  if (f.to !== undefined) p.set('to', formatUtc(f.to));
  if (f.entityKey) p.set('ent', f.entityKey);
  const d = DEFAULT_SORT[kind];
  if (f.sort.field !== d.field || f.sort.dir !== d.dir) p.set('sort', `${f.sort.field}.${f.sort.dir}`);
  return p.toString();
};

const opt = <K extends string, V>(k: K, v: V[]): { [P in K]?: V[] } => (v.length ? ({ [k]: v } as { [P in K]: V[] }) : {});

export const toAlertFilter = (f: QueueFilter): AlertFilter => ({
  ...(f.text.trim() ? { text: f.text.trim() } : {}),
  ...opt('severities', f.severities),
  ...opt('statuses', f.statuses.filter(isAlertStatus)),
  ...opt('sources', f.sources),
  ...opt('tactics', f.tactics),
  ...opt('assignedTo', f.assignedTo),
  ...opt('classifications', f.classifications),
  ...opt('determinations', f.determinations),
  ...(f.entityKey ? { entityKey: f.entityKey } : {}),
  ...(f.from !== undefined ? { from: f.from } : {}),
  ...(f.to !== undefined ? { to: f.to } : {}),
});

export const toIncidentFilter = (f: QueueFilter): IncidentFilter => ({
  ...(f.text.trim() ? { text: f.text.trim() } : {}),
  ...opt('severities', f.severities),
  ...opt('statuses', f.statuses.filter(isIncidentStatus)),
  ...opt('assignedTo', f.assignedTo),
  ...opt('tags', f.tags),
  ...opt('tactics', f.tactics),
  ...opt('sources', f.sources),
  ...opt('classifications', f.classifications),
  ...opt('determinations', f.determinations),
  ...(f.entityKey ? { entityKey: f.entityKey } : {}),
  ...(f.from !== undefined ? { from: f.from } : {}),
  ...(f.to !== undefined ? { to: f.to } : {}),
});

/** How many filter dimensions are set (sort excluded). */
export const activeCount = (f: QueueFilter): number =>
  [f.text, f.entityKey, f.from, f.to].filter((v) => v !== undefined && v !== '').length +
  [f.severities, f.statuses, f.assignedTo, f.tags, f.tactics, f.sources, f.classifications, f.determinations].filter((l) => l.length > 0).length;
