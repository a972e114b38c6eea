// Incident records from groups: title, severity (highest alert), first/last activity, tactics in kill-chain
// order, impacted assets (identifiers of one entity merged), sources. Timestamps come from the alerts, never
// from the clock, so the same alerts give byte-identical incidents.
import type { AlertId, EntityKey, EntityType, ImpactedAsset, Incident } from '#shared/model/index';
import { TACTICS } from '#shared/model/index';
import type { Group, Target } from './groups';
import { NOISE } from './noise';
import type { AlertStore } from './store';
import { severityOfCode, typeOfCode } from './store';
import { incidentTitle } from './titles';

const ASSET_TYPES: ReadonlySet<EntityType> = new Set(['device', 'account', 'mailbox', 'cloudResource', 'cloudApplication', 'ip']);

/** Analyst-owned state of an incident, given back to the correlator so its results respect it. */
export type IncidentState = {
  id: string;
  status: Incident['status'];
  assignedTo: string;
  classification: Incident['classification'];
  determination: Incident['determination'];
  tags: readonly string[];
  customTitle?: string;
  redirectedTo?: string;
  /** Members when the correlator is created (at open): touched incidents keep exactly these. */
  alertIds?: readonly string[];
};

export type AssetScratch = { stamp: Int32Array; local: Int32Array; keys: number[]; parent: number[]; perAlert: number[]; counts: number[]; seenIn: number[]; best: number[] };

export const newScratch = (store: AlertStore): AssetScratch => ({ stamp: new Int32Array(store.K).fill(-1), local: new Int32Array(store.K), keys: [], parent: [], perAlert: [], counts: [], seenIn: [], best: [] });

/** Impacted assets of some alerts: identifiers of one entity (same type and value in one alert) counted once. */
export const impactedAssets = (store: AlertStore, code: Uint8Array, members: ArrayLike<number>, scratch: AssetScratch, mark: number): ImpactedAsset[] => {
  const { stamp, local, keys, parent, perAlert, counts, seenIn, best } = scratch;
  keys.length = 0;
  parent.length = 0;
  const findLocal = (x: number): number => {
    let i = x;
    while (parent[i] !== i) {
      const p = parent[i] ?? i;
      parent[i] = parent[p] ?? p;
      i = parent[i] ?? i;
    }
    return i;
  };
  for (let m = 0; m < members.length; m++) {
    const i = members[m] ?? 0;
    perAlert.length = 0;
    for (let e = store.entOff[i] ?? 0, end = store.entOff[i + 1] ?? 0; e < end; e++) {
      const k = store.entKey[e] ?? 0;
      const c = code[k] ?? 0;
      if (c === NOISE.deny || c === NOISE.special || !ASSET_TYPES.has(typeOfCode(store.keyType[k] ?? 0))) continue;
      if (stamp[k] !== mark) {
        stamp[k] = mark;
        local[k] = keys.length;
        keys.push(k);
        parent.push(keys.length - 1);
      }
      perAlert.push(k);
    }
    // Identifiers of one entity in one alert share type and value (keys.ts gives them the entity's value).
    for (let x = 0; x < perAlert.length; x++) {
      for (let y = x + 1; y < perAlert.length; y++) {
        const a = perAlert[x] ?? 0;
        const b = perAlert[y] ?? 0;
        if (store.keyType[a] === store.keyType[b] && store.keyValue[a] === store.keyValue[b]) {
          const ra = findLocal(local[a] ?? 0);
          const rb = findLocal(local[b] ?? 0);
          if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
      }
    }
  }
  if (!keys.length) return [];
  // Count alerts per merged entity (each local root counted once per alert).
  counts.length = 0;
  seenIn.length = 0;
  for (let x = 0; x < keys.length; x++) {
    counts.push(0);
    seenIn.push(-1);
  }
  for (let m = 0; m < members.length; m++) {
    const i = members[m] ?? 0;
    for (let e = store.entOff[i] ?? 0, end = store.entOff[i + 1] ?? 0; e < end; e++) {
      const k = store.entKey[e] ?? 0;
      if (stamp[k] !== mark) continue;
      const r = findLocal(local[k] ?? 0);
      if (seenIn[r] === i) continue;
      seenIn[r] = i;
      counts[r] = (counts[r] ?? 0) + 1;
    }
  }
  // Each merged entity is shown by its smallest key (and that key's value).
  best.length = 0;
  for (let x = 0; x < keys.length; x++) best.push(-1);
  for (let x = 0; x < keys.length; x++) {
    const r = findLocal(x);
    const b = best[r] ?? -1;
    if (b < 0 || (store.keyStr[keys[x] ?? 0] ?? '') < (store.keyStr[keys[b] ?? 0] ?? '')) best[r] = x;
  }
  const hasDevice = keys.some((k) => typeOfCode(store.keyType[k] ?? 0) === 'device');
  const out: ImpactedAsset[] = [];
  for (let r = 0; r < keys.length; r++) {
    const alertCount = counts[r] ?? 0;
    if (alertCount === 0) continue;
    const bestKey = keys[best[r] ?? r] ?? 0;
    const type = typeOfCode(store.keyType[bestKey] ?? 0);
    // IP addresses count as assets only for network-only incidents (no device named).
    if (type === 'ip' && hasDevice) continue;
    out.push({ key: (store.keyStr[bestKey] ?? '') as EntityKey, type, value: store.keyValue[bestKey] ?? '', alertCount });
  }
  out.sort((a, b) => b.alertCount - a.alertCount || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
};

export const tacticIdsOfMask = (mask: number): string[] => {
  const out: string[] = [];
  for (let r = 0; r < TACTICS.length; r++) if (mask & (1 << r)) out.push(TACTICS[r]?.id ?? '');
  return out;
};

export const buildIncident = (store: AlertStore, code: Uint8Array, g: Group, scratch: AssetScratch, mark: number, target?: Target, state?: IncidentState): Incident => {
  const m = g.members;
  let sev = 0;
  let mask = 0;
  let firstT = Infinity;
  let lastT = -Infinity;
  const sources: number[] = [];
  const titles: number[] = [];
  const alertIds: AlertId[] = new Array<AlertId>(m.length);
  for (let x = 0; x < m.length; x++) {
    const i = m[x] ?? 0;
    sev = Math.max(sev, store.severity[i] ?? 0);
    mask |= store.tactics[i] ?? 0;
    firstT = Math.min(firstT, store.first[i] ?? 0);
    lastT = Math.max(lastT, store.last[i] ?? 0);
    const src = store.source[i] ?? 0;
    if (!sources.includes(src)) sources.push(src);
    const t = store.title[i] ?? 0;
    if (titles.length < 2 && !titles.includes(t)) titles.push(t);
    alertIds[x] = store.ids[i] ?? ('' as AlertId);
  }
  if (alertIds.length > 1) alertIds.sort();
  const assets = impactedAssets(store, code, m, scratch, mark);
  const tactics = tacticIdsOfMask(mask);
  const sourceNames = sources.map((s) => store.srcStr[s] ?? '').sort();
  const title = incidentTitle({
    tactics,
    detections: titles.map((t) => store.titleStr[t] ?? ''),
    devices: assets.filter((a) => a.type === 'device').length,
    users: assets.filter((a) => a.type === 'account' || a.type === 'mailbox').length,
    ips: assets.filter((a) => a.type === 'ip').length,
    sources: sourceNames.length,
  });
  const incident: Incident = {
    id: g.id,
    title,
    severity: severityOfCode(sev),
    status: state?.status ?? 'active',
    classification: state?.classification ?? 'unknown',
    determination: state?.determination ?? 'unknown',
    assignedTo: state?.assignedTo ?? target?.assignedTo ?? '',
    tags: [...(state?.tags ?? [])],
    firstActivity: firstT,
    lastActivity: lastT,
    tactics,
    alertIds,
    impactedAssets: assets,
    sources: sourceNames,
    createdAt: firstT,
    updatedAt: lastT,
  };
  if (state?.customTitle) incident.customTitle = state.customTitle;
  return incident;
};
