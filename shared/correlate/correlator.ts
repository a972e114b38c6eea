// The incremental correlator the engine keeps: alerts are added in any order and batches, every run recomputes
// the grouping from the whole set (so it equals a one-shot run on the same alerts), and only the incidents that
// changed are rebuilt and reported. Analyst state and decisions are respected: alerts the analyst placed stay put,
// incidents an analyst works on keep their members, and merges follow Defender's rules.
import type { AlertId, CorrelationReason, Incident, IncidentId } from '#shared/model/index';
import { makeIncidentId } from '#shared/model/index';
import type { ListCache } from './presence';
import { computeNoise, emptyNoise, noiseReport, updateNoise } from './presence';
import { explainGroup } from './explain';
import type { ExplainContext } from './explain';
import type { Group, Target } from './groups';
import { entityCount, formGroups, mergeBlock } from './groups';
import type { AssetScratch, IncidentState } from './incidents';
import { buildIncident, newScratch } from './incidents';
import type { LinkResult } from './link';
import { linkAlerts, linkReach } from './link';
import type { NoiseEntry, NoiseRules, NoiseState } from './noise';
import type { SettingsPreview } from './preview';
import { previewOnStore } from './preview';
import { NOISE, noiseRules } from './noise';
import type { CorrelationSettings } from './settings';
import { normalizeSettings, sameSettings } from './settings';
import { AlertStore } from './store';
import { StringMap } from './stringmap';
import type { CorrelationBatch } from './types';

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
  add(alerts: CorrelationBatch): CorrelationChanges;
  /** Add alerts without correlating (bulk load at open); call `run` after the last batch. */
  load(alerts: CorrelationBatch): void;
  /**
   * Room for `n` alerts in all before a bulk load, when the caller knows how many are coming (opening a case) or
   * has estimated it (an import); once some are loaded, room for their keys too, at the rate so far.
   */
  reserve(n: number): void;
  run(): CorrelationChanges;
  incidents(): Incident[];
  incident(id: string): Incident | undefined;
  /**
   * The incident of the last run's `created[x]`, built without looking its id up (a first run at a million alerts
   * creates nearly a million; their lookups cost a third of a second); undefined past the list.
   */
  createdIncident(x: number): Incident | undefined;
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
  snapshot(): { store: AlertStore; code: Uint8Array; groups: Group[] };
  alertCount(): number;
};

/**
 * Member signature of a group: equal members give equal signatures (order is always time order). 30 bits, so V8
 * keeps it in the group as a small integer rather than a boxed number (12 bytes more a group, a million groups).
 */
const signature = (members: Int32Array): number => {
  let h = members.length;
  for (let i = 0; i < members.length; i++) h = (Math.imul(h ^ (members[i] ?? 0), 0x9e3779b1) + 0x7f4a7c15) | 0;
  return h & 0x3fffffff;
};

/** An incident an analyst touched: its members stay where they are. */
const isTouched = (s: IncidentState): boolean =>
  s.status !== 'active' || !!s.assignedTo || s.classification !== 'unknown' || s.determination !== 'unknown' || s.tags.length > 0 || !!s.customTitle;

export type CorrelatorInit = {
  pins?: readonly AlertPin[];
  states?: readonly IncidentState[];
  /** Past this fraction of the store affected, an incremental run recomputes everything (default 1/3; tests use 1). */
  fullRunFraction?: number;
};

export const createCorrelator = (settings: Partial<CorrelationSettings> = {}, init: CorrelatorInit = {}): Correlator => {
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

  let noise: NoiseState = emptyNoise();
  /** Whether a run has linked the alerts (reasons are explained from then on). */
  let linked = false;
  /** Current groups by incident id, each alert's group, and the incidents built from them (kept between runs). */
  const groupById = new StringMap<Group>();
  let groupOfAlert: (Group | undefined)[] = [];
  let incidentList: Incident[] | undefined;
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
      for (const a of groupById.has(id) ? members(id) : (givenMembers.get(id) ?? [])) {
        const i = store.indexOf(a);
        if (i !== undefined) want.set(i, id);
      }
    }
    for (const [a, id] of pins) {
      const i = store.indexOf(a);
      if (i !== undefined) want.set(i, id);
    }
    // Without pins the table is empty: readers take a missing entry as -1 (free).
    if (!want.size) return { pinned: new Int32Array(0), targets: [] };
    const ids = [...new Set(want.values())].sort();
    const index = new Map(ids.map((id, t) => [id, t]));
    const pinned = new Int32Array(store.n).fill(-1);
    for (const [i, id] of want) pinned[i] = index.get(id) ?? -1;
    const manual = new Set(pins.values());
    return { pinned, targets: ids.map((id) => ({ ...targetOf(id), manual: manual.has(id) })) };
  };

  const emptyChanges = (): CorrelationChanges => ({ created: [], updated: [], redirected: [], tags: [], incidents: groupById.size, alerts: store.n });

  /** The previous run's settings fingerprint: an incremental run is only valid under the same settings. */
  let ranWith: CorrelationSettings | undefined;

  /**
   * Alerts whose links may differ from the last run: the new alerts, alerts whose noise verdict changed, alerts
   * within link reach of a new alert on a shared entity, and `dirty` ones; widened to whole previous components
   * (and every pinned incident), so the alerts outside keep exactly the components a full run would give them.
   */
  const affected = (added: readonly number[], dirty: readonly number[], changedAlerts: readonly number[], changedKeys: readonly number[]): Int32Array | undefined => {
    const n = store.n;
    const mark = store.work.u8('affected', n).fill(0);
    const seeds: number[] = [];
    const see = (i: number): void => {
      if (!mark[i]) {
        mark[i] = 1;
        seeds.push(i);
      }
    };
    for (const i of added) see(i);
    for (const i of dirty) see(i);
    for (const i of changedAlerts) see(i);
    for (const k of changedKeys) for (const e of store.refsOf(k)) see(store.alertOfRef[e] ?? 0);
    // Alerts within link reach of a new alert on a shared key: per key, the union of the new alerts' reach
    // windows, each window read once (a DC in thousands of new alerts is not walked thousands of times).
    const reach = linkReach(s) + store.maxDuration;
    const windows = new Map<number, number[]>();
    for (const x of added) {
      const lo = (store.first[x] ?? 0) - reach;
      const hi = (store.last[x] ?? 0) + reach;
      for (let e = store.entOff[x] ?? 0, end = store.entOff[x + 1] ?? 0; e < end; e++) {
        const k = store.entKey[e] ?? 0;
        const c = noise.code[k] ?? 0;
        if ((store.keyCount[k] ?? 0) < 2 || c === NOISE.deny || c === NOISE.special) continue;
        const w = windows.get(k);
        if (w) w.push(lo, hi);
        else windows.set(k, [lo, hi]);
      }
    }
    for (const [k, w] of windows) {
      const spans: [number, number][] = [];
      for (let j = 0; j < w.length; j += 2) spans.push([w[j] ?? 0, w[j + 1] ?? 0]);
      spans.sort((a, b) => a[0] - b[0]);
      let [lo, hi] = spans[0] ?? [0, -1];
      for (let j = 1; j <= spans.length; j++) {
        const next = spans[j];
        if (next && next[0] <= hi) {
          if (next[1] > hi) hi = next[1];
          continue;
        }
        const refs = store.refsWithin(k, lo, hi);
        for (let r = 0; r < refs.length; r++) see(store.alertOfRef[refs[r] ?? 0] ?? 0);
        if (next) [lo, hi] = next;
      }
    }
    // Widen to whole previous components; pinned incidents are always recomputed whole. Components cut by the caps
    // are the only ones with several groups; their map is built only when one is met.
    let compGroups: Map<number, Group[]> | undefined;
    const partsOf = (g: Group): Group[] => {
      if (!g.part) return [g];
      if (!compGroups) {
        compGroups = new Map<number, Group[]>();
        for (const x of groupById.values()) {
          if (x.comp < 0 || !x.part) continue;
          const list = compGroups.get(x.comp);
          if (list) list.push(x);
          else compGroups.set(x.comp, [x]);
        }
      }
      return compGroups.get(g.comp) ?? [g];
    };
    const taken = new Set<Group>();
    const takeGroup = (g: Group): void => {
      if (taken.has(g)) return;
      taken.add(g);
      const members = g.members;
      for (let x = 0; x < members.length; x++) {
        const i = members[x] ?? 0;
        if (!mark[i]) {
          mark[i] = 1;
          seeds.push(i);
        }
      }
    };
    for (const g of groupById.values()) if (g.target >= 0) takeGroup(g);
    for (let x = 0; x < seeds.length; x++) {
      const g = groupOfAlert[seeds[x] ?? 0];
      if (!g) continue;
      for (const other of g.comp >= 0 ? partsOf(g) : [g]) takeGroup(other);
    }
    for (let i = 0, end = Math.min(n, pinnedArr.length); i < end; i++) if ((pinnedArr[i] ?? -1) >= 0) mark[i] = 1;
    let count = 0;
    for (let i = 0; i < n; i++) count += mark[i] ?? 0;
    // Past a third of the store a full run is as cheap.
    if (count > n * (init.fullRunFraction ?? 1 / 3)) return undefined;
    const subset = new Int32Array(count);
    let w = 0;
    for (let p = 0; p < n; p++) {
      const i = store.order[p] ?? 0;
      if (mark[i]) subset[w++] = i;
    }
    return subset;
  };

  /** The groups of the last run's `created`, in its order (see `createdIncident`). */
  let createdGroups: Group[] = [];
  /** Correlate: in full, or (after adds, decisions or state changes) only where something can have changed. */
  const run = (delta?: { added: readonly number[]; dirty: readonly number[] }): CorrelationChanges => {
    store.settle();
    const p = buildPins();
    pinnedArr = p.pinned;
    targets = p.targets;
    const pinnedOrNone = pinnedArr.some((t) => t >= 0) ? pinnedArr : undefined;
    let subset: Int32Array | undefined;
    if (delta && ranWith && sameSettings(ranWith, s) && noise.code.length > 0) {
      const u = updateNoise(noise, store, rules, listCache, delta.added);
      noise = u.noise;
      subset = affected(delta.added, delta.dirty, u.changedAlerts, u.changedKeys);
    }
    if (!subset) {
      if (store.hasExtras) store.reindex();
      noise = computeNoise(store, rules, listCache);
    }
    ranWith = s;
    const link: LinkResult = linkAlerts(store, noise, s, pinnedOrNone, undefined, subset);
    linked = true;
    const fresh = formGroups(store, noise.code, link, s, pinnedArr, targets, subset, false);
    // A full run's work arrays are the largest (some 60 MB at a million alerts): they go before its incidents are
    // built, and the next run (usually a small incremental one) makes what it needs.
    if (!subset) store.work.release();
    const changes = emptyChanges();

    // Groups the run replaces: all of them, or those of the relinked alerts.
    let replaced: Group[];
    if (subset) {
      const seen = new Set<Group>();
      for (let x = 0; x < subset.length; x++) {
        const g = groupOfAlert[subset[x] ?? 0];
        if (g) seen.add(g);
      }
      replaced = [...seen];
    } else replaced = [...groupById.values()];
    if (groupOfAlert.length < store.n) groupOfAlert.length = store.n;
    if (!subset) groupOfAlert = new Array<Group | undefined>(store.n);

    // Automatic merges of analyst-touched incidents: the source is redirected, its tags and pins move.
    const redirectedFrom = new Set<string>();
    for (const [fromT, intoT] of fresh.merges) {
      const from = targets[fromT]?.id;
      const into = targets[intoT]?.id;
      if (!from || !into) continue;
      redirectState(from, into, changes, 'merged', redirectedFrom);
    }

    const hadGroups = groupById.size > 0;
    const groups = fresh.groups;
    createdGroups = [];
    // A first run names every incident at once: size the id table for them rather than rebuild it as it fills.
    if (!hadGroups) groupById.reserve(groups.length);
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi];
      if (!g) continue;
      const members = g.members;
      for (let x = 0; x < members.length; x++) groupOfAlert[members[x] ?? 0] = g;
      const sig = signature(members);
      g.sig = sig;
      const prevGroup = hadGroups ? groupById.get(g.id) : undefined;
      if (!prevGroup) {
        changes.created.push(g.id);
        createdGroups.push(g);
      }
      else if (prevGroup.sig !== sig) changes.updated.push(g.id);
      groupById.set(g.id, g);
    }
    // Replaced incidents that no longer exist (no fresh group took their id): say where their alerts went.
    let created: Set<string> | undefined;
    for (const old of replaced) {
      if (groupById.get(old.id) !== old) continue;
      groupById.delete(old.id);
      if (redirectedFrom.has(old.id)) continue;
      const counts = new Map<string, number>();
      const members = old.members;
      for (let x = 0; x < members.length; x++) {
        const id = groupOfAlert[members[x] ?? 0]?.id;
        if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const into = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
      if (!into) continue;
      created ??= new Set(changes.created);
      const reason = created.has(into) ? 'renamed' : 'merged';
      changes.redirected.push({ from: old.id, into: into as IncidentId, reason });
      redirectedFrom.add(old.id);
      const st = states.get(old.id);
      if (st && st.status !== 'redirected') redirectState(old.id, into, changes, reason, redirectedFrom);
    }
    incidentList = undefined;
    buildScratch = undefined;
    explainCache.clear();
    explainCtx = undefined;
    givenMembers.clear();
    changes.incidents = groupById.size;
    changes.alerts = store.n;
    return changes;
  };

  /**
   * An incident is built when asked for (the caller keeps it; the correlator keeps only its group): from the group's
   * alerts, the current noise and the incident's analyst state. A pinned group's target is in the last run's
   * `targets`: every run forms every pinned incident anew (`affected` takes them all), so no older one is kept.
   */
  let buildScratch: AssetScratch | undefined;
  const built = (g: Group): Incident => {
    if (!buildScratch || buildScratch.asset.length < store.K) buildScratch = newScratch(store);
    return buildIncident(store, noise.code, g, buildScratch, store.work.mark(), g.target >= 0 ? targets[g.target] : undefined, states.get(g.id));
  };

  /** Close `from` as redirected to `into`: state, tags and pins move. */
  const redirectState = (from: string, into: string, changes: CorrelationChanges, reason: Redirect['reason'], redirectedFrom?: Set<string>): void => {
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
    if (!(redirectedFrom ? redirectedFrom.has(from) : changes.redirected.some((r) => r.from === from))) {
      changes.redirected.push({ from: from as IncidentId, into: into as IncidentId, reason });
      redirectedFrom?.add(from);
    }
    if (tags.length) changes.tags.push({ incidentId: into as IncidentId, tags });
  };

  /** Alert ids of an incident's group, in id order. */
  const members = (id: string): string[] => {
    const m = groupById.get(id)?.members;
    if (!m) return [];
    const out: string[] = new Array<string>(m.length);
    for (let x = 0; x < m.length; x++) out[x] = store.ids[m[x] ?? 0] ?? '';
    return out.sort();
  };

  const entitiesOf = (alertIds: readonly string[]): number => {
    const idx = alertIds.map((a) => store.indexOf(a)).filter((i): i is number => i !== undefined);
    return entityCount(store, noise.code, idx, new Int32Array(store.K).fill(-1), 1);
  };

  const ensureExplain = (): ExplainContext | undefined => {
    if (!linked) return undefined;
    explainCtx ??= {
      store,
      noise,
      settings: s,
      groupOf: groupOfAlert,
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
    const g = groupById.get(incidentId);
    const ctx = ensureExplain();
    const out = g && ctx ? explainGroup(ctx, g) : new Map<AlertId, CorrelationReason[]>();
    explainCache.set(incidentId, out);
    return out;
  };

  /** Alert indexes of some incidents' current members. */
  const dirtyOf = (ids: readonly (string | undefined)[]): number[] => {
    const out: number[] = [];
    for (const id of ids) {
      if (!id) continue;
      for (const a of members(id)) {
        const i = store.indexOf(a);
        if (i !== undefined) out.push(i);
      }
    }
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
      if (groupById.has(target)) snapshotPins(target, target);
      pins.set(d.alertId, target);
      return { ok: true, changes: run({ added: [], dirty: dirtyOf([from, target]) }) };
    }
    if (d.kind === 'merge') {
      if (d.from === d.into) return { ok: false, reason: 'an incident cannot be merged into itself' };
      if (!groupById.has(d.from) || !groupById.has(d.into)) return { ok: false, reason: 'unknown incident' };
      const block = mergeBlock(targetOf(d.from), targetOf(d.into));
      if (block) return { ok: false, reason: `incidents cannot be merged: ${block}` };
      const all = [...members(d.from), ...members(d.into)];
      if (entitiesOf(all) > s.maxEntitiesPerIncident) return { ok: false, reason: `the merged incident would have more than ${s.maxEntitiesPerIncident} entities` };
      snapshotPins(d.into, d.into);
      snapshotPins(d.from, d.into);
      const changes = emptyChanges();
      const dirty = dirtyOf([d.from, d.into]);
      redirectState(d.from, d.into, changes, 'analyst');
      const after = run({ added: [], dirty });
      return { ok: true, changes: { ...after, redirected: [...changes.redirected, ...after.redirected.filter((r) => r.from !== d.from)], tags: [...changes.tags, ...after.tags] } };
    }
    const all = members(d.incidentId);
    if (!all.length) return { ok: false, reason: 'unknown incident' };
    if (closedStatus(stateOf(d.incidentId))) return { ok: false, reason: 'the incident is resolved' };
    const out = new Set(d.alertIds.filter((a) => all.includes(a)));
    if (!out.size || out.size === all.length) return { ok: false, reason: 'a split needs some, not all, of the incident’s alerts' };
    const newId = makeIncidentId(`split:${[...out].sort()[0] ?? ''}`);
    for (const a of all) pins.set(a, out.has(a) ? newId : d.incidentId);
    return { ok: true, changes: run({ added: [], dirty: dirtyOf([d.incidentId]) }) };
  };

  const incidentOf = (alertId: string): IncidentId | undefined => {
    const i = store.indexOf(alertId);
    return i === undefined ? undefined : groupOfAlert[i]?.id;
  };

  for (const st of init.states ?? []) if (st.alertIds) givenMembers.set(st.id, st.alertIds);

  return {
    get settings() {
      return s;
    },
    add(alerts) {
      const added = store.add(alerts);
      return run({ added, dirty: [] });
    },
    load(alerts) {
      store.append(alerts);
    },
    reserve: (n) => store.expect(n),
    run: () => run(),
    incidents: () => (incidentList ??= [...groupById.values()].map(built).sort((a, b) => a.firstActivity - b.firstActivity || (a.id < b.id ? -1 : 1))),
    incident: (id) => {
      const g = groupById.get(id);
      return g ? built(g) : undefined;
    },
    createdIncident: (x) => {
      const g = createdGroups[x];
      return g ? built(g) : undefined;
    },
    incidentOf,
    reasons: (id) => [...reasons(id).values()].flat(),
    reasonsFor: (alertId) => {
      const id = incidentOf(alertId);
      return id ? (reasons(id).get(alertId as AlertId) ?? []) : [];
    },
    noise: () => noiseReport(store, rules, noise),
    setIncidentStates(list) {
      const dirty = dirtyOf(list.map((st) => st.id));
      for (const st of list) states.set(st.id, { ...st, tags: [...st.tags] });
      return run({ added: [], dirty });
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
    preview: (next) => {
      store.settle();
      return previewOnStore(store, s, next);
    },
    snapshot: () => ({ store, code: noise.code, groups: [...groupById.values()] }),
    alertCount: () => store.n,
  };
};
