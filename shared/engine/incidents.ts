// Incidents in the worker's memory (a case has at most ~100k, small next to its alerts). Persisted incidents
// are served at once when a case opens; the correlator that keeps them in step with the alerts is built on
// first need (an import, a move, a merge), so a large case opens to a usable queue before it is rebuilt.
import type { ActivityEntry, CorrelationReason, Incident } from '#shared/model/index';
import { severityRank } from '#shared/model/index';
import type { AlertPin, CorrelationChanges, Correlator, CorrelationAlert, CorrelationSettings, IncidentState } from '#shared/correlate/index';
import { createCorrelator } from '#shared/correlate/index';
import type { IncidentFilter, IncidentPatch, IncidentSortField, SortDir } from './api';

export type IncidentChange = {
  /** Incidents to write (created, updated, redirected). */
  changed: string[];
  created: string[];
  activity: ActivityEntry[];
};

const stateOf = (i: Incident): IncidentState => ({
  id: i.id,
  status: i.status,
  assignedTo: i.assignedTo,
  classification: i.classification,
  determination: i.determination,
  tags: i.tags,
  ...(i.customTitle ? { customTitle: i.customTitle } : {}),
  ...(i.redirectedTo ? { redirectedTo: i.redirectedTo } : {}),
  alertIds: i.alertIds,
});

export class IncidentStore {
  private byId = new Map<string, Incident>();
  private reasons = new Map<string, CorrelationReason[]>();
  private alertToIncident = new Map<string, string>();
  private correlator: Correlator | undefined;
  private noise = new Map<string, string>();
  /** Storage chunk of each incident: new incidents fill the tail chunk, so an import rewrites few old chunks. */
  private chunkOf = new Map<string, number>();
  private chunkMembers = new Map<number, Set<string>>();
  private tail = 0;

  load(chunks: readonly { seq: number; incidents: readonly Incident[] }[]): void {
    this.byId.clear();
    this.reasons.clear();
    this.alertToIncident.clear();
    this.chunkOf.clear();
    this.chunkMembers.clear();
    this.tail = 0;
    this.correlator = undefined;
    this.append(chunks);
  }

  /** More stored chunks (a large case is loaded a few chunks at a time). */
  append(chunks: readonly { seq: number; incidents: readonly Incident[] }[]): void {
    for (const c of chunks) {
      this.chunkMembers.set(c.seq, new Set(c.incidents.map((i) => i.id)));
      for (const i of c.incidents) {
        this.put(i);
        this.chunkOf.set(i.id, c.seq);
      }
      this.tail = Math.max(this.tail, c.seq);
    }
  }

  /** The storage chunks holding these incidents (new ones are placed in the tail), with their full contents. */
  chunksFor(ids: readonly string[], perChunk: number): { seq: number; incidents: Incident[] }[] {
    const touched = new Set<number>();
    for (const id of ids) {
      if (!this.byId.has(id)) continue;
      let seq = this.chunkOf.get(id);
      if (seq === undefined) {
        if (this.tail === 0 || (this.chunkMembers.get(this.tail)?.size ?? 0) >= perChunk) {
          this.tail++;
          this.chunkMembers.set(this.tail, new Set());
        }
        seq = this.tail;
        this.chunkOf.set(id, seq);
        this.chunkMembers.get(seq)?.add(id);
      }
      touched.add(seq);
    }
    return [...touched].map((seq) => ({ seq, incidents: [...(this.chunkMembers.get(seq) ?? [])].map((id) => this.byId.get(id)).filter((i): i is Incident => !!i) }));
  }

  private put(i: Incident): void {
    const prev = this.byId.get(i.id);
    if (prev) for (const a of prev.alertIds) if (this.alertToIncident.get(a) === i.id) this.alertToIncident.delete(a);
    this.byId.set(i.id, i);
    if (i.status !== 'redirected') for (const a of i.alertIds) this.alertToIncident.set(a, i.id);
  }

  hasCorrelator(): boolean {
    return this.correlator !== undefined;
  }

  /**
   * Build the correlator over every stored alert, with the analyst's pins and the incidents' analyst state (which
   * freezes touched incidents and gates merges), then adopt what it computes. `feed` hands the stored alerts over
   * batch by batch: each batch is interned into the correlator's typed store and dropped, so a million-alert case
   * never holds its correlation input as objects.
   */
  async attachCorrelator(feed: (load: (alerts: readonly CorrelationAlert[]) => void) => Promise<void>, settings: Partial<CorrelationSettings>, pins: readonly AlertPin[], at: number, expected = 0): Promise<IncidentChange> {
    const c = createCorrelator(settings, { pins, states: [...this.byId.values()].map(stateOf) });
    if (expected > 0) c.reserve(expected);
    await feed((alerts) => c.load(alerts));
    this.correlator = c;
    return this.adopt(c.run(), at, 'correlation');
  }

  /**
   * The correlation input of an import, fed chunk by chunk as it is read. While it is small next to the case it is
   * held, then added at the end (an incremental run). Once it passes half the case, where adding would recompute
   * everything anyway, it goes into the correlator's store as it arrives and one full run correlates at the end:
   * the same incidents, without holding a million alert objects. `abandon` (a failed or cancelled import) drops the
   * correlator if alerts already went in, and says whether incidents were adopted (then they are reloaded too).
   * `gate` lets the engine keep everyone else off the correlator while it holds streamed, uncorrelated alerts.
   */
  importInput(gate: { mayStream(): boolean; streaming(): void } = { mayStream: () => true, streaming: () => undefined }): { push(alerts: readonly CorrelationAlert[]): void; finish(at: number): IncidentChange; abandon(): 'untouched' | 'dropped' | 'adopted' } {
    const c = this.requireCorrelator();
    const base = c.alertCount();
    let held: CorrelationAlert[] = [];
    let loading = false;
    let finished = false;
    return {
      push: (alerts) => {
        if (loading) {
          c.load(alerts);
          return;
        }
        for (const a of alerts) held.push(a);
        if (held.length > base / 2 && gate.mayStream()) {
          gate.streaming();
          c.load(held);
          held = [];
          loading = true;
        }
      },
      finish: (at) => {
        finished = true;
        const change = this.adopt(loading ? c.run() : c.add(held), at, 'correlation');
        held = [];
        return change;
      },
      abandon: () => {
        held = [];
        if (!loading && !finished) return 'untouched';
        if (this.correlator === c) this.correlator = undefined;
        return finished ? 'adopted' : 'dropped';
      },
    };
  }

  private requireCorrelator(): Correlator {
    if (!this.correlator) throw new Error('The correlator is not ready');
    return this.correlator;
  }

  /** Copy the correlator's view of the changed incidents, keeping analyst fields it does not own. */
  private adopt(changes: CorrelationChanges, at: number, by: string): IncidentChange {
    const c = this.requireCorrelator();
    const ids = new Set<string>([...changes.created, ...changes.updated, ...changes.redirected.flatMap((r) => [r.from, r.into])]);
    const activity: ActivityEntry[] = [];
    for (const r of changes.redirected) {
      // The correlator no longer holds the source: close our copy as redirected, pointing at the target.
      const prev = this.byId.get(r.from);
      if (prev && !c.incident(r.from)) {
        this.put({ ...prev, status: 'redirected', redirectedTo: r.into, updatedAt: at });
        this.reasons.delete(r.from);
      }
    }
    for (const id of ids) {
      const next = c.incident(id);
      if (!next) continue;
      const prev = this.byId.get(id);
      const merged: Incident = prev ? { ...next, createdAt: prev.createdAt } : next;
      this.put(merged);
      // Reasons are computed when asked for: most incidents of a large import are never opened.
      this.reasons.delete(id);
    }
    for (const r of changes.redirected) {
      const word = r.reason === 'renamed' ? 'renamed' : 'merged';
      activity.push({ targetId: r.from, at, by, action: word === 'renamed' ? 'renamed' : 'merged', field: 'redirectedTo', to: r.into, detail: word === 'renamed' ? `An earlier alert joined; the incident is now ${r.into}` : `Merged into ${r.into}` });
      activity.push({ targetId: r.into, at, by, action: 'merged', detail: word === 'renamed' ? `Continues ${r.from}` : `Incident ${r.from} merged into this one` });
    }
    // Creation needs no log entry per incident (createdAt says it, and an import can create 100k of them).
    this.noise = new Map(c.noise().map((n) => [n.key, n.why]));
    return { changed: [...ids], created: [...changes.created], activity };
  }

  count(): number {
    let n = 0;
    for (const i of this.byId.values()) if (i.status !== 'redirected') n++;
    return n;
  }
  get(id: string): Incident | undefined {
    return this.byId.get(id);
  }
  /** Why each alert belongs to the incident (from the correlator; empty until it is built). */
  reasonsOf(id: string): CorrelationReason[] {
    let r = this.reasons.get(id);
    if (!r && this.correlator) {
      r = this.correlator.reasons(id);
      this.reasons.set(id, r);
    }
    return r ?? [];
  }
  alertsOf(id: string): string[] {
    return this.byId.get(id)?.alertIds ?? [];
  }
  incidentOfAlert(alertId: string): string | undefined {
    return this.alertToIncident.get(alertId);
  }
  all(): Incident[] {
    return [...this.byId.values()];
  }
  pins(): AlertPin[] {
    return this.correlator?.pins() ?? [];
  }
  settings(): CorrelationSettings | undefined {
    return this.correlator?.settings;
  }
  preview(next: Partial<CorrelationSettings>): ReturnType<Correlator['preview']> {
    return this.requireCorrelator().preview(next);
  }
  applySettings(next: Partial<CorrelationSettings>, at: number, by: string): IncidentChange {
    return this.adopt(this.requireCorrelator().setSettings(next), at, by);
  }

  /** Entities correlation treated as noise, with the reason (key → reason). */
  noiseOf(): ReadonlyMap<string, string> {
    return this.noise;
  }
  noiseReport(): ReturnType<Correlator['noise']> {
    return this.correlator?.noise() ?? [];
  }

  moveAlerts(alertIds: readonly string[], to: string, at: number, by: string): IncidentChange & { incidentId: string } {
    const c = this.requireCorrelator();
    let target = to === 'new' ? undefined : to;
    if (target !== undefined && !this.byId.has(target)) throw new Error(`No incident ${target}`);
    const all: IncidentChange = { changed: [], created: [], activity: [] };
    for (const alertId of alertIds) {
      const from = this.alertToIncident.get(alertId);
      const result = c.decide(target === undefined ? { kind: 'move', alertId } : { kind: 'move', alertId, incidentId: target });
      if (!result.ok) throw new Error(result.reason);
      const change = this.adopt(result.changes, at, by);
      target ??= c.incidentOf(alertId);
      all.changed.push(...change.changed);
      all.created.push(...change.created);
      all.activity.push(...change.activity);
      all.activity.push({ targetId: alertId, at, by, action: 'moved', field: 'incident', from: from ?? '', to: target ?? '' });
      if (from) all.activity.push({ targetId: from, at, by, action: 'alert moved out', detail: `Alert ${alertId} moved to ${target ?? ''}` });
      if (target) all.activity.push({ targetId: target, at, by, action: 'alert moved in', detail: `Alert ${alertId} moved from ${from ?? 'no incident'}` });
    }
    return { ...all, changed: [...new Set(all.changed)], incidentId: target ?? '' };
  }

  merge(from: readonly string[], into: string, at: number, by: string): IncidentChange & { redirected: string[] } {
    const c = this.requireCorrelator();
    const all: IncidentChange = { changed: [], created: [], activity: [] };
    const redirected: string[] = [];
    for (const f of from) {
      if (f === into) continue;
      const result = c.decide({ kind: 'merge', from: f, into });
      if (!result.ok) throw new Error(`Cannot merge ${f} into ${into}: ${result.reason}`);
      const change = this.adopt(result.changes, at, by);
      all.changed.push(...change.changed);
      all.activity.push(...change.activity);
      redirected.push(f);
    }
    return { ...all, changed: [...new Set(all.changed)], redirected };
  }

  query(filter: IncidentFilter | undefined, sort: { field: IncidentSortField; dir: SortDir } | undefined): Incident[] {
    const f = filter ?? {};
    const text = f.text?.trim().toLowerCase();
    const ids = f.ids ? new Set(f.ids) : undefined;
    const rows = this.all().filter((i) => {
      if (!f.statuses?.length && i.status === 'redirected') return false;
      if (f.statuses?.length && !f.statuses.includes(i.status)) return false;
      if (f.severities?.length && !f.severities.includes(i.severity)) return false;
      if (f.assignedTo?.length && !f.assignedTo.includes(i.assignedTo)) return false;
      if (f.tags?.length && !f.tags.some((t) => i.tags.includes(t))) return false;
      if (f.tactics?.length && !f.tactics.some((t) => i.tactics.includes(t))) return false;
      if (f.sources?.length && !f.sources.some((s) => i.sources.includes(s))) return false;
      if (f.classifications?.length && !f.classifications.includes(i.classification)) return false;
      if (f.determinations?.length && !f.determinations.includes(i.determination)) return false;
      if (ids && !ids.has(i.id)) return false;
      if (f.entityKey && !i.impactedAssets.some((a) => a.key === f.entityKey)) return false;
      if (f.from !== undefined && i.lastActivity < f.from) return false;
      if (f.to !== undefined && i.firstActivity > f.to) return false;
      if (text && !(i.customTitle ?? i.title).toLowerCase().includes(text) && i.id !== text && !i.impactedAssets.some((a) => a.value.toLowerCase().includes(text))) return false;
      return true;
    });
    const field = sort?.field ?? 'lastActivity';
    const dir = sort?.dir === 'asc' ? 1 : -1;
    const key = (i: Incident): number | string => {
      switch (field) {
        case 'lastActivity':
          return i.lastActivity;
        case 'firstActivity':
          return i.firstActivity;
        case 'severity':
          return severityRank(i.severity);
        case 'title':
          return (i.customTitle ?? i.title).toLowerCase();
        case 'status':
          return i.status;
        case 'alerts':
          return i.alertIds.length;
        case 'id':
          return i.id;
      }
    };
    // Each incident's key is computed once (a title sort lower-cased both titles on every comparison: ~1 s at 100k).
    const keyed = rows.map((i) => ({ i, k: key(i) }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i.id < b.i.id ? -1 : 1) * dir);
    return keyed.map((x) => x.i);
  }

  /** Analyst edits; the correlator learns the new state (resolved or assigned incidents freeze, merges are gated). */
  update(ids: readonly string[], patch: IncidentPatch, at: number, by: string): { incidents: Incident[]; activity: ActivityEntry[]; changed: string[] } {
    const out: Incident[] = [];
    const activity: ActivityEntry[] = [];
    for (const id of ids) {
      const prev = this.byId.get(id);
      if (!prev || prev.status === 'redirected') continue;
      const next: Incident = { ...prev, ...patch, updatedAt: at };
      for (const k of Object.keys(patch) as (keyof IncidentPatch)[]) {
        const from = fmt(prev[k]);
        const to = fmt(next[k]);
        if (from !== to) activity.push({ targetId: id, at, by, action: 'updated', field: k, from, to });
      }
      this.put(next);
      out.push(next);
    }
    let changed: string[] = [];
    if (this.correlator && out.length) {
      const change = this.adopt(this.correlator.setIncidentStates(out.map(stateOf)), at, 'correlation');
      activity.push(...change.activity);
      changed = change.changed;
    }
    return { incidents: out, activity, changed };
  }
}

const fmt = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));
