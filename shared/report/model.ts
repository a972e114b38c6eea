// The data of a case report, computed once and rendered by every format (HTML, Markdown, STIX, MISP, Navigator,
// timeline CSV). Values are raw (alert-derived strings untouched); each renderer escapes for its own syntax.
import type { ActivityEntry, Alert, Classification, Comment, CorrelationReason, Determination, Incident, IncidentStatus, Severity } from '#shared/model/index';
import { ENTITY_TYPE_LABELS, TACTICS, getTactic, sortTactics, tacticName, tacticsOfTechnique } from '#shared/model/index';
import type { ChecklistItem, MitigationGuidance } from '#shared/respond/guidance';
import { carryChecklist, mitigationGuidance, techniqueDisplayName } from '#shared/respond/guidance';
import type { Task } from '#shared/respond/types';
import type { Ioc } from './iocs';
import { truncateText } from './escape';
import { extractIocs } from './iocs';
import { isoTime } from './time-text';

export type ReportInput = {
  incident: Incident;
  alerts: readonly Alert[];
  reasons: readonly CorrelationReason[];
  comments: readonly Comment[];
  activity: readonly ActivityEntry[];
  tasks: readonly Task[];
  analyst: string;
  generatedAt: number;
  /** PNG of the graph as a data: URL, supplied by the UI; anything else is dropped. */
  graphPng?: string;
  attackSource: string;
  /** Saved "take action" checklist (ticks and comments carried over by item id). */
  checklist?: readonly ChecklistItem[];
};

export type TimelineRow = {
  at: number;
  alertId: string;
  title: string;
  severity: Severity;
  source: string;
  product: string;
  tactics: { id: string; name: string }[];
  techniques: string[];
  entities: string[];
};

export type CaseReportModel = {
  incidentId: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  classification: Classification;
  determination: Determination;
  assignedTo: string;
  tags: string[];
  firstActivity: number;
  lastActivity: number;
  analyst: string;
  generatedAt: number;
  attackSource: string;
  summary: string[];
  scope: { source: string; product: string; alertCount: number; firstActivity: number; lastActivity: number }[];
  timeline: TimelineRow[];
  killChain: { id: string; shortname: string; name: string; count: number }[];
  assets: { type: string; typeLabel: string; value: string; alertCount: number; roles: string[] }[];
  iocs: Ioc[];
  techniques: { id: string; name: string; tactics: string[]; alertCount: number; alertIds: string[] }[];
  reasons: { kind: string; text: string }[];
  actions: ActivityEntry[];
  tasks: Task[];
  comments: Comment[];
  guidance: MitigationGuidance;
  graphPng?: string;
};

/** Only a PNG data URL of sane size, base64 alphabet only: nothing else may reach an img src. */
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;
export const safePngDataUrl = (s: string | undefined): string | undefined =>
  s !== undefined && s.length <= 20 * 1024 * 1024 && PNG_DATA_URL.test(s) ? s : undefined;

const ASSET_TYPES = new Set(['device', 'account', 'mailbox', 'cloudResource', 'cloudApplication']);
const byTime = <T extends { at: number }>(a: T, b: T): number => a.at - b.at;
const fmtDay = (ms: number): string => { const t = isoTime(ms); return t ? `${t.replace('T', ' ').slice(0, 16)} UTC` : 'an unknown time'; };
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export const caseReportModel = (input: ReportInput): CaseReportModel => {
  const { incident, alerts } = input;
  const sorted = [...alerts].sort((a, b) => a.firstActivity - b.firstActivity || (a.id < b.id ? -1 : 1));

  const scopeMap = new Map<string, CaseReportModel['scope'][number]>();
  for (const a of sorted) {
    const key = `${a.source}\u0000${a.product}`;
    const s = scopeMap.get(key) ?? { source: a.source, product: a.product, alertCount: 0, firstActivity: a.firstActivity, lastActivity: a.lastActivity };
    s.alertCount++;
    s.firstActivity = Math.min(s.firstActivity, a.firstActivity);
    s.lastActivity = Math.max(s.lastActivity, a.lastActivity);
    scopeMap.set(key, s);
  }

  const tacticCounts = new Map<string, number>();
  const techMap = new Map<string, Set<string>>();
  for (const a of sorted) {
    const tactics = new Set([...a.tactics, ...a.techniques.flatMap(tacticsOfTechnique)]);
    for (const t of tactics) tacticCounts.set(t, (tacticCounts.get(t) ?? 0) + 1);
    for (const t of a.techniques) {
      const ids = techMap.get(t) ?? new Set<string>();
      ids.add(a.id);
      techMap.set(t, ids);
    }
  }

  const assetMap = new Map<string, CaseReportModel['assets'][number] & { ids: Set<string> }>();
  for (const a of sorted) {
    for (const e of a.entities) {
      if (!ASSET_TYPES.has(e.type)) continue;
      const key = `${e.type}\u0000${e.value.toLowerCase()}`;
      const x = assetMap.get(key) ?? { type: e.type, typeLabel: ENTITY_TYPE_LABELS[e.type], value: e.value, alertCount: 0, roles: [], ids: new Set<string>() };
      x.ids.add(a.id);
      for (const r of e.roles) if (r !== 'unknown' && !x.roles.includes(r)) x.roles.push(r);
      assetMap.set(key, x);
    }
  }
  const assets = [...assetMap.values()]
    .map(({ ids, ...x }) => ({ ...x, alertCount: ids.size }))
    .sort((a, b) => b.alertCount - a.alertCount || a.type.localeCompare(b.type) || a.value.localeCompare(b.value));

  const iocs = extractIocs(sorted);
  const killChain = TACTICS.map((t) => ({ id: t.id, shortname: t.shortname, name: t.name, count: tacticCounts.get(t.id) ?? 0 }));
  const tacticsSeen = sortTactics([...tacticCounts.keys()]).filter((t) => getTactic(t));
  const title = incident.customTitle ?? incident.title;
  const sources = [...new Set(sorted.map((a) => a.product || a.source))];
  const hosts = assets.filter((a) => a.type === 'device').length;
  const accounts = assets.filter((a) => a.type === 'account' || a.type === 'mailbox').length;

  const summary = [
    `Incident ${incident.id}, "${truncateText(title, 200)}", is ${incident.severity} severity and ${statusWords[incident.status]}. It groups ${plural(sorted.length, 'alert')} from ${plural(sources.length, 'source')} (${sourceList(sources)}) between ${fmtDay(incident.firstActivity)} and ${fmtDay(incident.lastActivity)}.`,
    tacticsSeen.length
      ? `The activity spans ${plural(tacticsSeen.length, 'ATT&CK tactic')} (${tacticsSeen.map(tacticName).join(' → ')}) and ${plural(techMap.size, 'technique')}.`
      : 'No ATT&CK tactic was reported by the sources.',
    `It involves ${plural(hosts, 'device')} and ${plural(accounts, 'account')}; ${plural(iocs.length, 'indicator')} were extracted (${plural(iocs.filter((i) => !i.isPrivate).length, 'external indicator')}).`,
    incident.classification === 'unknown'
      ? 'The incident has not been classified yet.'
      : `It is classified ${classificationWords[incident.classification]}${incident.determination !== 'unknown' ? ` (${incident.determination})` : ''}.`,
  ];

  const guidance = mitigationGuidance(sorted);
  if (input.checklist) guidance.checklist = carryChecklist(guidance.checklist, input.checklist);

  const model: CaseReportModel = {
    incidentId: incident.id,
    title,
    severity: incident.severity,
    status: incident.status,
    classification: incident.classification,
    determination: incident.determination,
    assignedTo: incident.assignedTo,
    tags: [...incident.tags],
    firstActivity: incident.firstActivity,
    lastActivity: incident.lastActivity,
    analyst: input.analyst,
    generatedAt: input.generatedAt,
    attackSource: input.attackSource,
    summary,
    scope: [...scopeMap.values()],
    timeline: sorted.map((a) => ({
      at: a.firstActivity,
      alertId: a.id,
      title: a.title,
      severity: a.severity,
      source: a.source,
      product: a.product,
      tactics: a.tactics.map((id) => ({ id, name: tacticName(id) })),
      techniques: [...a.techniques],
      entities: a.entities.filter((e) => e.type !== 'process' && e.type !== 'registryValue').slice(0, 8).map((e) => `${ENTITY_TYPE_LABELS[e.type]}: ${e.value}`),
    })),
    killChain,
    assets,
    iocs,
    techniques: [...techMap.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, ids]) => ({ id, name: techniqueDisplayName(id), tactics: tacticsOfTechnique(id), alertCount: ids.size, alertIds: [...ids].sort() })),
    reasons: input.reasons.map((r) => ({ kind: r.kind, text: r.text })),
    actions: [...input.activity].sort(byTime),
    tasks: [...input.tasks].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)),
    comments: [...input.comments].sort(byTime),
    guidance,
  };
  const png = safePngDataUrl(input.graphPng);
  if (png) model.graphPng = png;
  return model;
};

/** At most five source names, each cut to 60 characters (names are alert data). */
const sourceList = (sources: readonly string[]): string => {
  if (sources.length === 0) return 'none';
  const shown = sources.slice(0, 5).map((s) => truncateText(s, 60));
  return sources.length > 5 ? `${shown.join(', ')} and ${sources.length - 5} more` : shown.join(', ');
};

const statusWords: Record<IncidentStatus, string> = { active: 'active', inProgress: 'in progress', resolved: 'resolved', redirected: 'merged into another incident' };
const classificationWords: Record<Classification, string> = {
  unknown: 'not set',
  truePositive: 'a true positive',
  falsePositive: 'a false positive',
  informationalExpectedActivity: 'informational, expected activity',
};
