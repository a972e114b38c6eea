// Merging two copies of a case (two analysts worked offline on exports of the same case). Rules:
// - Everything is a set keyed by id (or by content for comments, activity, reasons): the union of both sides, so
//   nothing either side did is lost. Identical entries are kept once; local database ids are dropped.
// - Incidents are matched by id only. Incident ids derive from the seed alert, so the same incident correlated on
//   both sides has the same id; two different ids that share alerts are listed in `overlaps` for the analyst (or
//   the engine's re-correlation) to merge, never merged silently.
// - When both sides changed the same field, the value whose latest activity entry is newer wins (then the record's
//   updatedAt, then a fixed order of the values, so the result never depends on which side is "mine"). The losing
//   value is recorded as a `merge.conflict` activity entry beside both sides' own log entries.
// Properties (tested): merge(a, b) equals merge(b, a); merge(n, n) equals n for a normalised snapshot n.
import type { ActivityEntry, Alert, AlertTriage, Incident } from '#shared/model/index';
import { sortTactics } from '#shared/model/index';
import type { AutomationRule, Playbook, SuppressionRule, Task } from '#shared/respond/types';
import type { CaseReason, CaseSettings, CaseSnapshot } from './case-snapshot';
import { canonicalJson } from './uuid';

export type MergeConflict = { kind: 'incident' | 'triage' | 'task' | 'alert' | 'suppressionRule' | 'automationRule' | 'playbook' | 'setting' | 'case'; id: string; field: string; kept: string; other: string };
export type MergeReport = {
  /** What the merged case has that `mine` did not. */
  added: Record<'alerts' | 'incidents' | 'comments' | 'activity' | 'tasks', number>;
  conflicts: MergeConflict[];
  /** Different incidents that share alerts. */
  overlaps: { incidentIds: [string, string]; sharedAlerts: number }[];
};

export const MERGE_ACTOR = 'Caseline merge';

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const text = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : canonicalJson(v));
/** Deterministic choice between two different values: the larger canonical text. */
const pick = <T>(a: T, b: T): T => (cmpStr(canonicalJson(a), canonicalJson(b)) >= 0 ? a : b);

const unionBy = <T>(a: readonly T[], b: readonly T[], key: (x: T) => string, resolve: (x: T, y: T) => T): T[] => {
  const map = new Map<string, T>();
  for (const x of [...a, ...b]) {
    const k = key(x);
    const prev = map.get(k);
    map.set(k, prev === undefined ? x : canonicalJson(prev) === canonicalJson(x) ? prev : resolve(prev, x));
  }
  return [...map.entries()].sort(([x], [y]) => cmpStr(x, y)).map(([, v]) => v);
};

const withoutId = <T extends { id?: number }>(x: T): T => {
  if (x.id === undefined) return x;
  const { id: _id, ...rest } = x;
  return rest as T;
};

const mergeAlert = (a: Alert, b: Alert, conflicts: MergeConflict[]): Alert => {
  const origins = unionBy(a.origins, b.origins, (o) => canonicalJson(o), (x) => x);
  const strip = (x: Alert): string => canonicalJson({ ...x, origins: [] });
  const base = strip(a) === strip(b) ? a : pick(a, b);
  if (strip(a) !== strip(b)) conflicts.push({ kind: 'alert', id: a.id, field: '*', kept: 'content of one copy', other: 'differing content of the other copy' });
  return { ...base, origins };
};

type Ctx = { log: ActivityEntry[]; conflicts: MergeConflict[]; generated: ActivityEntry[]; alertTime: Map<string, number> };

/** Latest time the log shows `field` of `targetId` being set to `value`. */
const lastSet = (log: readonly ActivityEntry[], targetId: string, field: string, value: string): number => {
  let t = -Infinity;
  for (const e of log) if (e.targetId === targetId && e.field === field && (e.to ?? '') === value && e.at > t) t = e.at;
  return t;
};

const INCIDENT_FIELDS = ['customTitle', 'severity', 'status', 'classification', 'determination', 'assignedTo', 'redirectedTo'] as const;

const resolveField = (ctx: Ctx, kind: MergeConflict['kind'], targetId: string, field: string, va: unknown, vb: unknown, ta: number, tb: number): 'a' | 'b' => {
  const sa = text(va);
  const sb = text(vb);
  const la = lastSet(ctx.log, targetId, field, sa);
  const lb = lastSet(ctx.log, targetId, field, sb);
  const [wa, wb] = la !== lb ? [la, lb] : [ta, tb];
  const winner = wa !== wb ? (wa > wb ? 'a' : 'b') : cmpStr(sa, sb) >= 0 ? 'a' : 'b';
  const [kept, other] = winner === 'a' ? [sa, sb] : [sb, sa];
  const at = Math.max(Number.isFinite(wa) ? wa : ta, Number.isFinite(wb) ? wb : tb);
  ctx.conflicts.push({ kind, id: targetId, field, kept, other });
  ctx.generated.push({ targetId, at, by: MERGE_ACTOR, action: 'merge.conflict', field, from: other, to: kept, detail: 'Both copies changed this field; the later change was kept.' });
  return winner;
};

const mergeIncident = (a: Incident, b: Incident, ctx: Ctx): Incident => {
  const out: Incident = { ...a };
  const later = a.updatedAt !== b.updatedAt ? (a.updatedAt > b.updatedAt ? a : b) : pick(a, b);
  for (const f of INCIDENT_FIELDS) {
    if (text(a[f]) === text(b[f])) continue;
    const w = resolveField(ctx, 'incident', a.id, f, a[f], b[f], a.updatedAt, b.updatedAt) === 'a' ? a : b;
    if (w[f] === undefined) delete (out as Record<string, unknown>)[f];
    else (out as Record<string, unknown>)[f] = w[f];
  }
  if (a.title !== b.title) out.title = later.title;
  const same = <T>(x: T, y: T): boolean => canonicalJson(x) === canonicalJson(y);
  if (!same(a.tags, b.tags)) out.tags = [...new Set([...a.tags, ...b.tags])].sort(cmpStr);
  if (!same(a.alertIds, b.alertIds)) {
    const t = (id: string): number => ctx.alertTime.get(id) ?? 0;
    out.alertIds = [...new Set([...a.alertIds, ...b.alertIds])].sort((x, y) => t(x) - t(y) || cmpStr(x, y));
  }
  if (!same(a.impactedAssets, b.impactedAssets)) {
    out.impactedAssets = unionBy(a.impactedAssets, b.impactedAssets, (x) => x.key, (x, y) => ({ ...pick(x, y), alertCount: Math.max(x.alertCount, y.alertCount) }));
  }
  if (!same(a.tactics, b.tactics)) out.tactics = sortTactics([...a.tactics, ...b.tactics]);
  if (!same(a.sources, b.sources)) out.sources = [...new Set([...a.sources, ...b.sources])].sort(cmpStr);
  out.firstActivity = Math.min(a.firstActivity, b.firstActivity);
  out.lastActivity = Math.max(a.lastActivity, b.lastActivity);
  out.createdAt = Math.min(a.createdAt, b.createdAt);
  out.updatedAt = Math.max(a.updatedAt, b.updatedAt);
  return out;
};

/** Whole-record winner by time, with one log entry per differing field (so both versions stay on record). */
const byRecordTime = <T extends object>(ctx: Ctx, kind: MergeConflict['kind'], id: string, targetId: string, a: T, b: T, ta: number, tb: number, fields: readonly (keyof T & string)[], prefix = ''): T => {
  const winner = ta !== tb ? (ta > tb ? a : b) : pick(a, b);
  const loser = winner === a ? b : a;
  for (const f of fields) {
    if (text(a[f]) === text(b[f])) continue;
    ctx.conflicts.push({ kind, id, field: f, kept: text(winner[f]), other: text(loser[f]) });
    ctx.generated.push({ targetId, at: Math.max(ta, tb), by: MERGE_ACTOR, action: 'merge.conflict', field: `${prefix}${f}`, from: text(loser[f]), to: text(winner[f]), detail: `Both copies changed ${kind} ${id}; the later change was kept.` });
  }
  return winner;
};

const byTimeOnly = <T extends { id: string }>(ctx: Ctx, kind: MergeConflict['kind'], a: T, b: T, ta: number, tb: number): T => {
  const w = ta !== tb ? (ta > tb ? a : b) : pick(a, b);
  ctx.conflicts.push({ kind, id: a.id, field: '*', kept: canonicalJson(w), other: canonicalJson(w === a ? b : a) });
  return w;
};

const activityKey = (e: ActivityEntry): string => `${String(e.at).padStart(16, '0')}\u0000${canonicalJson(withoutId(e))}`;

export const mergeCases = (mine: CaseSnapshot, theirs: CaseSnapshot): { snapshot: CaseSnapshot; report: MergeReport } => {
  const conflicts: MergeConflict[] = [];
  const alerts = unionBy(mine.alerts, theirs.alerts, (x) => x.id, (x, y) => mergeAlert(x, y, conflicts));
  const log = unionBy(mine.activity.map(withoutId), theirs.activity.map(withoutId), activityKey, (x) => x);
  const ctx: Ctx = { log, conflicts, generated: [], alertTime: new Map(alerts.map((a) => [a.id, a.firstActivity])) };

  const incidents = unionBy(mine.incidents, theirs.incidents, (x) => x.id, (x, y) => mergeIncident(x, y, ctx));
  const triage = unionBy(mine.triage, theirs.triage, (x) => x.id, (x, y) =>
    byRecordTime<AlertTriage>(ctx, 'triage', x.id, x.id, x, y, x.updatedAt, y.updatedAt, ['status', 'classification', 'determination', 'assignedTo', 'suppressedBy'], 'triage.'));
  const tasks = unionBy(mine.tasks, theirs.tasks, (x) => x.id, (x, y) =>
    byRecordTime<Task>(ctx, 'task', x.id, x.incidentId, x, y, x.updatedAt ?? x.createdAt, y.updatedAt ?? y.createdAt, ['title', 'owner', 'status'], 'task.'));
  const suppressionRules = unionBy(mine.suppressionRules, theirs.suppressionRules, (x) => x.id, (x, y) => {
    const w = byTimeOnly<SuppressionRule>(ctx, 'suppressionRule', x, y, x.updatedAt ?? x.createdAt, y.updatedAt ?? y.createdAt);
    return { ...w, hits: Math.max(x.hits, y.hits) };
  });
  const automationRules = unionBy(mine.automationRules, theirs.automationRules, (x) => x.id, (x, y) => byTimeOnly<AutomationRule>(ctx, 'automationRule', x, y, x.updatedAt ?? 0, y.updatedAt ?? 0));
  const playbooks = unionBy(mine.playbooks, theirs.playbooks, (x) => x.id, (x, y) => byTimeOnly<Playbook>(ctx, 'playbook', x, y, x.updatedAt ?? 0, y.updatedAt ?? 0));
  const comments = unionBy(mine.comments.map(withoutId), theirs.comments.map(withoutId), (c) => `${String(c.at).padStart(16, '0')}\u0000${canonicalJson(c)}`, (x) => x);
  const reasons = unionBy<CaseReason>(mine.reasons, theirs.reasons, (r) => `${r.incidentId}\u0000${canonicalJson(r)}`, (x) => x);
  const activity = unionBy(log, ctx.generated, activityKey, (x) => x);

  const settings: CaseSettings = {};
  for (const k of [...new Set([...Object.keys(mine.settings), ...Object.keys(theirs.settings)])].sort(cmpStr)) {
    const has = (s: CaseSettings): boolean => Object.prototype.hasOwnProperty.call(s, k);
    const va = has(mine.settings) ? mine.settings[k] : undefined;
    const vb = has(theirs.settings) ? theirs.settings[k] : undefined;
    const differ = va !== undefined && vb !== undefined && canonicalJson(va) !== canonicalJson(vb);
    const v = va === undefined ? vb : differ ? pick(va, vb) : va;
    if (differ) conflicts.push({ kind: 'setting', id: k, field: k, kept: text(v), other: text(v === va ? vb : va) });
    if (v !== undefined) Object.defineProperty(settings, k, { value: v, enumerable: true, writable: true, configurable: true });
  }

  const newer = mine.exportedAt !== theirs.exportedAt ? (mine.exportedAt > theirs.exportedAt ? mine : theirs) : cmpStr(mine.exportedBy, theirs.exportedBy) >= 0 ? mine : theirs;
  const attackSource = mine.attackSource === theirs.attackSource ? mine.attackSource : pick(mine.attackSource, theirs.attackSource);
  if (mine.attackSource !== theirs.attackSource) conflicts.push({ kind: 'case', id: 'attackSource', field: 'attackSource', kept: attackSource, other: attackSource === mine.attackSource ? theirs.attackSource : mine.attackSource });

  const snapshot: CaseSnapshot = {
    format: mine.format,
    version: mine.version,
    attackSource,
    exportedAt: newer.exportedAt,
    exportedBy: newer.exportedBy,
    alerts, triage, incidents, reasons, comments, activity, tasks, suppressionRules, automationRules, playbooks, settings,
  };

  const has = <T>(list: readonly T[], key: (x: T) => string): Set<string> => new Set(list.map(key));
  const mineAlerts = has(mine.alerts, (x) => x.id);
  const mineInc = has(mine.incidents, (x) => x.id);
  const mineTasks = has(mine.tasks, (x) => x.id);
  const mineComments = has(mine.comments.map(withoutId), (c) => canonicalJson(c));
  const mineActivity = has(mine.activity.map(withoutId), activityKey);
  const report: MergeReport = {
    added: {
      alerts: alerts.filter((x) => !mineAlerts.has(x.id)).length,
      incidents: incidents.filter((x) => !mineInc.has(x.id)).length,
      comments: comments.filter((c) => !mineComments.has(canonicalJson(c))).length,
      activity: activity.filter((e) => !mineActivity.has(activityKey(e))).length,
      tasks: tasks.filter((x) => !mineTasks.has(x.id)).length,
    },
    conflicts,
    overlaps: overlapsOf(incidents),
  };
  return { snapshot, report };
};

const overlapsOf = (incidents: readonly Incident[]): MergeReport['overlaps'] => {
  const owners = new Map<string, string[]>();
  for (const inc of incidents) {
    if (inc.status === 'redirected') continue;
    for (const a of inc.alertIds) owners.set(a, [...(owners.get(a) ?? []), inc.id]);
  }
  const pairs = new Map<string, number>();
  for (const ids of owners.values()) {
    const u = [...new Set(ids)].sort(cmpStr);
    for (let i = 0; i < u.length; i++) for (let j = i + 1; j < u.length; j++) pairs.set(`${u[i]}\u0000${u[j]}`, (pairs.get(`${u[i]}\u0000${u[j]}`) ?? 0) + 1);
  }
  return [...pairs.entries()].sort(([a], [b]) => cmpStr(a, b)).map(([k, n]) => ({ incidentIds: k.split('\u0000') as [string, string], sharedAlerts: n }));
};

/** The canonical form of a snapshot (sorted lists, no duplicates, no local ids): merge(n, n) equals n. */
export const normaliseSnapshot = (s: CaseSnapshot): CaseSnapshot => mergeCases(s, s).snapshot;
