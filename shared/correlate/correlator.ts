// The incremental correlator the engine keeps: alerts are added in any order and batches, every run recomputes
// the grouping from the whole set (so it equals a one-shot run on the same alerts), and only the incidents that
// changed are rebuilt and reported. Analyst state and decisions are respected: alerts the analyst placed stay put,
// incidents an analyst works on keep their members, and merges follow Defender's rules.
import type { AlertId, CorrelationReason, Incident, IncidentId } from '#shared/model/index';
import { makeIncidentId } from '#shared/model/index';
import type { ListCache } from './presence';
import { computeNoise, noiseReport } from './presence';
import { explainGroup } from './explain';
import type { ExplainContext } from './explain';
import type { Grouping, Target } from './groups';
import { entityCount, formGroups, mergeBlock } from './groups';
import type { IncidentState } from './incidents';
import { buildIncident, newScratch } from './incidents';
import type { LinkResult } from './link';
import { linkAlerts } from './link';
import type { NoiseEntry, NoiseRules, NoiseState } from './noise';
import type { SettingsPreview } from './preview';
import { previewOnStore } from './preview';
import { noiseRules } from './noise';
import type { CorrelationSettings } from './settings';
import { normalizeSettings } from './settings';
import { AlertStore } from './store';
import type { CorrelationAlert } from './types';

/** An analyst decision. */
export type Decision =
  | { kind: 'move'; alertId: string; /** Omit for a new incident. */ incidentId?: string }
  | { kind: 'merge'; from: string; into: string }
  | { kind: 'split'; incidentId: string; alertIds: readonly string[] };

/** The persisted form of decisions: alert → incident, kept across runs and restarts. */
export type AlertPin = { alertId: string; incidentId: string };

export type Redirect = {
  from: IncidentId;
  into: IncidentId;
  /** 'merged': two incidents became one; 'renamed': an earlier alert joined, so the id (from the earliest alert) changed; 'analyst': a decision. */
  reason: 'merged' | 'renamed' | 'analyst';
};

export type CorrelationChanges = {
  created: IncidentId[];
  updated: IncidentId[];
  /** Incidents closed as redirected, each with the incident that now holds its alerts. */
  redirected: Redirect[];
  /** Tags that moved with merges (the target incident's new tag list). */
  tags: { incidentId: IncidentId; tags: string[] }[];
  incidents: number;
  alerts: number;
};

export type DecisionResult = { ok: true; changes: CorrelationChanges } | { ok: false; reason: string };

export type Correlator = {
  readonly settings: CorrelationSettings;
  /** Add alerts (duplicates by id are ignored) and correlate. */
  add(alerts: readonly CorrelationAlert[]): CorrelationChanges;
  /** Add alerts without correlating (bulk load at open); call `run` after the last batch. */
  load(alerts: readonly CorrelationAlert[]): void;
  run(): CorrelationChanges;
  incidents(): Incident[];
  incident(id: string): Incident | undefined;
  incidentOf(alertId: string): IncidentId | undefined;
  /** Reasons for every alert of an incident (empty for an unknown id). */
  reasons(incidentId: string): CorrelationReason[];
  reasonsFor(alertId: string): CorrelationReason[];
  noise(): NoiseEntry[];
  /** Analyst state of incidents (resolved, assigned, classified, tagged...): freezes membership and gates merges. */
  setIncidentStates(states: readonly IncidentState[]): CorrelationChanges;
  decide(decision: Decision): DecisionResult;
  pins(): AlertPin[];
  setSettings(next: Partial<CorrelationSettings>): CorrelationChanges;
  /** How incidents would change under `next` settings, without applying them. */
  preview(next: Partial<CorrelationSettings>): SettingsPreview;
  /** Internals for preview and tests. */
  snapshot(): { store: AlertStore; code: Uint8Array; grouping: Grouping };
  alertCount(): number;
};

/** Member signature of a group: equal members give equal signatures (order is always time order). */
const signature = (members: Int32Array): number => {
  let h = members.length;
  for (let i = 0; i < members.length; i++) h = (Math.imul(h ^ (members[i] ?? 0), 0x9e3779b1) + 0x7f4a7c15) | 0;
  return h;
};

/** An incident an analyst touched: its members stay where they are. */
const isTouched = (s: IncidentState): boolean =>
  s.status !== 'active' || !!s.assignedTo || s.classification !== 'unknown' || s.determination !== 'unknown' || s.tags.length > 0 || !!s.customTitle;

export const createCorrelator = (settings: Partial<CorrelationSettings> = {}, init: { pins?: readonly AlertPin[]; states?: readonly IncidentState[] } = {}): Correlator => {
  let s = normalizeSettings(settings);
  let rules: NoiseRules = noiseRules(s);
  let listCache: ListCache = { codes: new Uint8Array(0) };
  const store = new AlertStore();
  const pins = new Map<string, string>();
  for (const p of init.pins ?? []) pins.set(p.alertId, p.incidentId);
  const states = new Map<string, IncidentState>();
  for (const st of init.states ?? []) states.set(st.id, { ...st, tags: [...st.tags] });
  /** Members of touched incidents as given by the engine at open (before the first run). */
  const givenMembers = new Map<string, readonly string[]>();

  let noise: NoiseState = { code: new Uint8Array(0), occ: new Uint8Array(0), localPeriods: new Int32Array(0), noisyAlerts: new Int32Array(0) };
  let link: LinkResult | undefined;
  let grouping: Grouping = { groups: [], groupOf: new Int32Array(0), merges: [] };
  let incidents: Incident[] = [];
  let byId = new Map<string, number>();
  let sigById = new Map<string, number>();
  let targets: Target[] = [];
  let pinnedArr: Int32Array = new Int32Array(0);
  const explainCache = new Map<string, Map<AlertId, CorrelationReason[]>>();
  let explainCtx: ExplainContext | undefined;

  const closedStatus = (st: IncidentState | undefined): boolean => st?.status === 'resolved' || st?.status === 'redirected';

  const targetOf = (id: string): Target => {
    const st = states.get(id);
    return { id: id as IncidentId, closed: closedStatus(st), assignedTo: st?.assignedTo ?? '', classification: st?.classification ?? 'unknown', determination: st?.determination ?? 'unknown' };
  };

  /** Pin table per alert index: explicit pins, then members of touched incidents (frozen). */
  const buildPins = (): { pinned: Int32Array; targets: Target[] } => {
    const want = new Map<number, string>();
    for (const [id, st] of states) {
      if (!isTouched(st) || st.status === 'redirected') continue;
      const gi = byId.get(id);
      const members = gi !== undefined ? incidents[gi]?.alertIds : givenMembers.get(id);
      for (const a of members ?? []) {
        const i = store.indexOf(a);
        if (i !== undefined) want.set(i, id);
      }
    }
    for (const [a, id] of pins) {
      const i = store.indexOf(a);
      if (i !== undefined) want.set(i, id);
    }
    const ids = [...new Set(want.values())].sort();
    const index = new Map(ids.map((id, t) => [id, t]));
    const pinned = new Int32Array(store.n).fill(-1);
    for (const [i, id] of want) pinned[i] = index.get(id) ?? -1;
    const manual = new Set(pins.values());
    return { pinned, targets: ids.map((id) => ({ ...targetOf(id), manual: manual.has(id) })) };
  };

  const emptyChanges = (): CorrelationChanges => ({ created: [], updated: [], redirected: [], tags: [], incidents: incidents.length, alerts: store.n });

  const run = (): CorrelationChanges => {
    const prevIncidents = incidents;
    const prevById = byId;
    const prevSig = sigById;
    noise = computeNoise(store, rules, listCache);
    const p = buildPins();
    pinnedArr = p.pinned;
    targets = p.targets;
    link = linkAlerts(store, noise, s, pinnedArr.some((t) => t >= 0) ? pinnedArr : undefined);
    grouping = formGroups(store, noise.code, link, s, pinnedArr, targets);
    const changes = emptyChanges();

    // Automatic merges of analyst-touched incidents: the source is redirected, its tags and pins move.
    for (const [fromT, intoT] of grouping.merges) {
      const from = targets[fromT]?.id;
      const into = targets[intoT]?.id;
      if (!from || !into) continue;
      redirectState(from, into, changes, 'merged');
    }

    const scratch = newScratch(store);
    const next: Incident[] = [];
    const nextById = new Map<string, number>();
    const nextSig = new Map<string, number>();
    grouping.groups.forEach((g, gi) => {
      const sig = signature(g.members);
      const prev = prevById.get(g.id);
      const st = states.get(g.id);
      let inc: Incident;
      if (prev !== undefined && prevSig.get(g.id) === sig && prevIncidents[prev]) {
        inc = prevIncidents[prev];
        if (st) applyState(inc, st);
      } else {
        inc = buildIncident(store, noise.code, g, scratch, gi, g.target >= 0 ? targets[g.target] : undefined, st);
        if (prev === undefined) changes.created.push(g.id);
        else changes.updated.push(g.id);
      }
      nextById.set(g.id, next.length);
      nextSig.set(g.id, sig);
      next.push(inc);
    });
    // Incidents that disappeared: say where their alerts went.
    for (const old of prevIncidents) {
      if (nextById.has(old.id)) continue;
      if (changes.redirected.some((r) => r.from === old.id)) continue;
      const counts = new Map<string, number>();
      for (const a of old.alertIds) {
        const i = store.indexOf(a);
        const gi = i === undefined ? -1 : (grouping.groupOf[i] ?? -1);
        const id = grouping.groups[gi]?.id;
        if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const into = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
      if (!into) continue;
      const reason = prevById.has(into) ? 'merged' : 'renamed';
      changes.redirected.push({ from: old.id, into: into as IncidentId, reason });
      const st = states.get(old.id);
      if (st && st.status !== 'redirected') redirectState(old.id, into, changes, reason);
    }
    incidents = next;
    byId = nextById;
    sigById = nextSig;
    explainCache.clear();
    explainCtx = undefined;
    givenMembers.clear();
    changes.incidents = incidents.length;
    changes.alerts = store.n;
    return changes;
  };

  const applyState = (inc: Incident, st: IncidentState): void => {
    inc.status = st.status;
    inc.assignedTo = st.assignedTo;
    inc.classification = st.classification;
    inc.determination = st.determination;
    inc.tags = [...st.tags];
    if (st.customTitle) inc.customTitle = st.customTitle;
  };

  /** Close `from` as redirected to `into`: state, tags and pins move. */
  const redirectState = (from: string, into: string, changes: CorrelationChanges, reason: Redirect['reason']): void => {
    const fromState = states.get(from);
    const intoState = states.get(into) ?? { id: into, status: 'active', assignedTo: '', classification: 'unknown', determination: 'unknown', tags: [] };
    const tags = [...new Set([...intoState.tags, ...(fromState?.tags ?? [])])].sort();
    states.set(into, {
      ...intoState,
      tags,
      assignedTo: intoState.assignedTo || fromState?.assignedTo || '',
      classification: intoState.classification !== 'unknown' ? intoState.classification : (fromState?.classification ?? 'unknown'),
      determination: intoState.determination !== 'unknown' ? intoState.determination : (fromState?.determination ?? 'unknown'),
    });
    if (fromState) states.set(from, { ...fromState, status: 'redirected', redirectedTo: into });
    for (const [a, id] of pins) if (id === from) pins.set(a, into);
    if (!changes.redirected.some((r) => r.from === from)) changes.redirected.push({ from: from as IncidentId, into: into as IncidentId, reason });
    if (tags.length) changes.tags.push({ incidentId: into as IncidentId, tags });
  };

  const members = (id: string): string[] => {
    const gi = byId.get(id);
    return gi === undefined ? [] : [...(incidents[gi]?.alertIds ?? [])];
  };

  const entitiesOf = (alertIds: readonly string[]): number => {
    const idx = alertIds.map((a) => store.indexOf(a)).filter((i): i is number => i !== undefined);
    return entityCount(store, noise.code, idx, new Int32Array(store.K).fill(-1), 1);
  };

  const ensureExplain = (): ExplainContext | undefined => {
    if (!link) return undefined;
    explainCtx ??= {
      store,
      noise,
      link,
      settings: s,
      groupOf: grouping.groupOf,
      pinnedBy: (i) => {
        const a = store.ids[i];
        return a !== undefined && pins.has(a);
      },
    };
    return explainCtx;
  };

  const reasons = (incidentId: string): Map<AlertId, CorrelationReason[]> => {
    const cached = explainCache.get(incidentId);
    if (cached) return cached;
    const gi = byId.get(incidentId);
    const g = gi === undefined ? undefined : grouping.groups[gi];
    const ctx = ensureExplain();
    const out = g && ctx && gi !== undefined ? explainGroup(ctx, g, gi) : new Map<AlertId, CorrelationReason[]>();
    explainCache.set(incidentId, out);
    return out;
  };

  const decide = (d: Decision): DecisionResult => {
    const stateOf = (id: string): IncidentState | undefined => states.get(id);
    const snapshotPins = (id: string, to: string): void => {
      for (const a of members(id)) pins.set(a, to);
    };
    if (d.kind === 'move') {
      const from = incidentOf(d.alertId);
      if (store.indexOf(d.alertId) === undefined) return { ok: false, reason: 'unknown alert' };
      if (from && closedStatus(stateOf(from))) return { ok: false, reason: 'the alert is in a resolved incident: reopen it first' };
      const target = d.incidentId ?? makeIncidentId(`manual:${d.alertId}`);
      if (closedStatus(stateOf(target))) return { ok: false, reason: 'the target incident is resolved' };
      if (from) snapshotPins(from, from);
      if (byId.has(target)) snapshotPins(target, target);
      pins.set(d.alertId, target);
      return { ok: true, changes: run() };
    }
    if (d.kind === 'merge') {
      if (d.from === d.into) return { ok: false, reason: 'an incident cannot be merged into itself' };
      if (!byId.has(d.from) || !byId.has(d.into)) return { ok: false, reason: 'unknown incident' };
      const block = mergeBlock(targetOf(d.from), targetOf(d.into));
      if (block) return { ok: false, reason: `incidents cannot be merged: ${block}` };
      const all = [...members(d.from), ...members(d.into)];
      if (entitiesOf(all) > s.maxEntitiesPerIncident) return { ok: false, reason: `the merged incident would have more than ${s.maxEntitiesPerIncident} entities` };
      snapshotPins(d.into, d.into);
      snapshotPins(d.from, d.into);
      const changes = emptyChanges();
      redirectState(d.from, d.into, changes, 'analyst');
      const after = run();
      return { ok: true, changes: { ...after, redirected: [...changes.redirected, ...after.redirected.filter((r) => r.from !== d.from)], tags: [...changes.tags, ...after.tags] } };
    }
    const all = members(d.incidentId);
    if (!all.length) return { ok: false, reason: 'unknown incident' };
    if (closedStatus(stateOf(d.incidentId))) return { ok: false, reason: 'the incident is resolved' };
    const out = new Set(d.alertIds.filter((a) => all.includes(a)));
    if (!out.size || out.size === all.length) return { ok: false, reason: 'a split needs some, not all, of the incident’s alerts' };
    const newId = makeIncidentId(`split:${[...out].sort()[0] ?? ''}`);
    for (const a of all) pins.set(a, out.has(a) ? newId : d.incidentId);
    return { ok: true, changes: run() };
  };

  const incidentOf = (alertId: string): IncidentId | undefined => {
    const i = store.indexOf(alertId);
    if (i === undefined) return undefined;
    return grouping.groups[grouping.groupOf[i] ?? -1]?.id;
  };

  for (const st of init.states ?? []) if (st.alertIds) givenMembers.set(st.id, st.alertIds);

  return {
    get settings() {
      return s;
    },
    add(alerts) {
      store.add(alerts);
      return run();
    },
    load(alerts) {
      store.add(alerts);
    },
    run,
    incidents: () => incidents,
    incident: (id) => {
      const gi = byId.get(id);
      return gi === undefined ? undefined : incidents[gi];
    },
    incidentOf,
    reasons: (id) => [...reasons(id).values()].flat(),
    reasonsFor: (alertId) => {
      const id = incidentOf(alertId);
      return id ? (reasons(id).get(alertId as AlertId) ?? []) : [];
    },
    noise: () => noiseReport(store, rules, noise),
    setIncidentStates(list) {
      for (const st of list) states.set(st.id, { ...st, tags: [...st.tags] });
      return run();
    },
    decide,
    pins: () => [...pins].map(([alertId, incidentId]) => ({ alertId, incidentId })).sort((a, b) => (a.alertId < b.alertId ? -1 : 1)),
    setSettings(next) {
      const before = s;
      s = normalizeSettings({ ...before, ...next });
      if (before.allowList.join('\n') !== s.allowList.join('\n') || before.denyList.join('\n') !== s.denyList.join('\n')) listCache = { codes: new Uint8Array(0) };
      rules = noiseRules(s);
      return run();
    },
    preview: (next) => previewOnStore(store, s, next),
    snapshot: () => ({ store, code: noise.code, grouping }),
    alertCount: () => store.n,
  };
};
