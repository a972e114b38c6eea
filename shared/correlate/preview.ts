// Settings preview: how incidents would change (counts, merges, splits, entities that become or stop being noise)
// before new settings are applied.
import type { IncidentId } from '#shared/model/index';
import { computeNoise } from './presence';
import type { Grouping } from './groups';
import { formGroups } from './groups';
import { linkAlerts } from './link';
import { isNoise, noiseRules } from './noise';
import type { CorrelationSettings } from './settings';
import { normalizeSettings } from './settings';
import { AlertStore } from './store';
import type { CorrelationAlert } from './types';

export type SettingsPreview = {
  alerts: number;
  incidentsBefore: number;
  incidentsAfter: number;
  /** Incidents that would absorb alerts of two or more current incidents. */
  merges: number;
  /** Current incidents whose alerts would spread over two or more incidents. */
  splits: number;
  /** Alerts whose incident would change (they are in a merged or split incident). */
  alertsMoved: number;
  /** Examples, largest first (at most 10 each). */
  mergeExamples: { into: IncidentId; from: IncidentId[] }[];
  splitExamples: { from: IncidentId; into: IncidentId[] }[];
  /** Entities (keys) that would become noise, and that would stop being noise (at most 50 each, most alerts first). */
  newNoise: { key: string; value: string; alertCount: number }[];
  noLongerNoise: { key: string; value: string; alertCount: number }[];
};

const groupsFor = (store: AlertStore, s: CorrelationSettings, pinned?: Int32Array): { grouping: Grouping; code: Uint8Array } => {
  const noise = computeNoise(store, noiseRules(s));
  const link = linkAlerts(store, noise, s, pinned);
  return { grouping: formGroups(store, noise.code, link, s), code: noise.code };
};

/** Compare the grouping of one store under two settings. */
export const previewOnStore = (store: AlertStore, current: Partial<CorrelationSettings>, next: Partial<CorrelationSettings>): SettingsPreview => {
  const a = groupsFor(store, normalizeSettings(current));
  const b = groupsFor(store, normalizeSettings({ ...normalizeSettings(current), ...next }));
  const ga = a.grouping;
  const gb = b.grouping;
  // Contingency: for each after-group the set of before-groups, and vice versa.
  const intoFrom = new Map<number, Set<number>>();
  const fromInto = new Map<number, Set<number>>();
  for (let i = 0; i < store.n; i++) {
    const x = ga.groupOf[i] ?? -1;
    const y = gb.groupOf[i] ?? -1;
    (intoFrom.get(y) ?? intoFrom.set(y, new Set()).get(y))?.add(x);
    (fromInto.get(x) ?? fromInto.set(x, new Set()).get(x))?.add(y);
  }
  const mergedAfter = [...intoFrom].filter(([, s]) => s.size > 1);
  const splitBefore = [...fromInto].filter(([, s]) => s.size > 1);
  const moved = new Set<number>();
  for (const [y] of mergedAfter) for (const i of gb.groups[y]?.members ?? []) moved.add(i);
  for (const [x] of splitBefore) for (const i of ga.groups[x]?.members ?? []) moved.add(i);
  const idA = (x: number): IncidentId => ga.groups[x]?.id ?? ('' as IncidentId);
  const idB = (y: number): IncidentId => gb.groups[y]?.id ?? ('' as IncidentId);
  const noiseDiff = (fromCode: Uint8Array, toCode: Uint8Array): { key: string; value: string; alertCount: number }[] => {
    const out: { key: string; value: string; alertCount: number }[] = [];
    for (let k = 0; k < store.K; k++) {
      const count = store.keyCount[k] ?? 0;
      if (count < 2 || isNoise(fromCode[k] ?? 0) || !isNoise(toCode[k] ?? 0)) continue;
      out.push({ key: store.keyString(k), value: store.keyValue(k), alertCount: count });
    }
    return out.sort((p, q) => q.alertCount - p.alertCount || (p.key < q.key ? -1 : 1)).slice(0, 50);
  };
  return {
    alerts: store.n,
    incidentsBefore: ga.groups.length,
    incidentsAfter: gb.groups.length,
    merges: mergedAfter.length,
    splits: splitBefore.length,
    alertsMoved: moved.size,
    mergeExamples: mergedAfter
      .sort((p, q) => q[1].size - p[1].size || p[0] - q[0])
      .slice(0, 10)
      .map(([y, s]) => ({ into: idB(y), from: [...s].map(idA).sort() })),
    splitExamples: splitBefore
      .sort((p, q) => q[1].size - p[1].size || p[0] - q[0])
      .slice(0, 10)
      .map(([x, s]) => ({ from: idA(x), into: [...s].map(idB).sort() })),
    newNoise: noiseDiff(a.code, b.code),
    noLongerNoise: noiseDiff(b.code, a.code),
  };
};

/** How incidents of `alerts` would change from `current` to `next` settings. */
export const previewSettings = (alerts: readonly CorrelationAlert[], current: Partial<CorrelationSettings>, next: Partial<CorrelationSettings>): SettingsPreview => {
  const store = new AlertStore();
  store.add(alerts);
  return previewOnStore(store, current, next);
};
