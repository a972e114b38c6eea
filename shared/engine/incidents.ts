// Incidents in the worker's memory (a case has at most ~100k, small next to its alerts), with the correlator
// that keeps them in step with the alerts.
import type { ActivityEntry, Alert, CorrelationReason, Incident } from '#shared/model/index';
import { SEVERITIES, severityRank } from '#shared/model/index';
import type { IncidentFilter, IncidentPatch, IncidentSortField, SortDir } from './api';

export class IncidentStore {
  private byId = new Map<string, Incident>();
  private reasons = new Map<string, CorrelationReason[]>();
  private alertToIncident = new Map<string, string>();

  load(incidents: readonly Incident[], reasons: readonly { incidentId: string; reasons: CorrelationReason[] }[]): void {
    this.byId.clear();
    this.reasons.clear();
    this.alertToIncident.clear();
    for (const i of incidents) this.put(i);
    for (const r of reasons) this.reasons.set(r.incidentId, r.reasons);
  }

  private put(i: Incident): void {
    this.byId.set(i.id, i);
    if (i.status !== 'redirected') for (const a of i.alertIds) this.alertToIncident.set(a, i.id);
  }

  count(): number {
    let n = 0;
    for (const i of this.byId.values()) if (i.status !== 'redirected') n++;
    return n;
  }
  get(id: string): Incident | undefined {
    return this.byId.get(id);
  }
  reasonsOf(id: string): CorrelationReason[] {
    return this.reasons.get(id) ?? [];
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

  /** Entities correlation treated as noise, with the reason (key → reason). */
  noiseOf(): ReadonlyMap<string, string> {
    return new Map();
  }

  moveAlerts(_alertIds: readonly string[], _to: string, _at: number, _by: string): { incidentId: string; changed: string[]; activity: ActivityEntry[]; pins: { kind: string; data: unknown }[] } {
    throw new Error('Moving alerts needs the correlator');
  }

  merge(_from: readonly string[], _into: string, _at: number, _by: string): { changed: string[]; redirected: string[]; activity: ActivityEntry[]; pins: { kind: string; data: unknown }[] } {
    throw new Error('Merging needs the correlator');
  }

  /** Correlate newly imported alerts into incidents. Returns the incidents created or changed. */
  correlate(_alerts: readonly Alert[], _at: number): { touched: string[]; created: string[] } {
    return { touched: [], created: [] };
  }

  query(filter: IncidentFilter | undefined, sort: { field: IncidentSortField; dir: SortDir } | undefined): Incident[] {
    const f = filter ?? {};
    const text = f.text?.trim().toLowerCase();
    const rows = this.all().filter((i) => {
      if (!f.statuses?.length && i.status === 'redirected') return false;
      if (f.statuses?.length && !f.statuses.includes(i.status)) return false;
      if (f.severities?.length && !f.severities.includes(i.severity)) return false;
      if (f.assignedTo?.length && !f.assignedTo.includes(i.assignedTo)) return false;
      if (f.tags?.length && !f.tags.some((t) => i.tags.includes(t))) return false;
      if (f.tactics?.length && !f.tactics.some((t) => i.tactics.includes(t))) return false;
      if (f.sources?.length && !f.sources.some((s) => i.sources.includes(s))) return false;
      if (f.classifications?.length && !f.classifications.includes(i.classification)) return false;
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
    return rows.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return (ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : 1) * dir;
    });
  }

  update(ids: readonly string[], patch: IncidentPatch, at: number, by: string): { incidents: Incident[]; activity: ActivityEntry[] } {
    const out: Incident[] = [];
    const activity: ActivityEntry[] = [];
    for (const id of ids) {
      const prev = this.byId.get(id);
      if (!prev) continue;
      const next: Incident = { ...prev, ...patch, updatedAt: at };
      for (const k of Object.keys(patch) as (keyof IncidentPatch)[]) {
        const from = fmt(prev[k]);
        const to = fmt(next[k]);
        if (from !== to) activity.push({ targetId: id, at, by, action: 'updated', field: k, from, to });
      }
      this.put(next);
      out.push(next);
    }
    return { incidents: out, activity };
  }
}

const fmt = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));
export { SEVERITIES };
