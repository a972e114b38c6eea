// Incident records from groups: title, severity (highest alert), first/last activity, tactics in kill-chain
// order, impacted assets (identifiers of one entity merged), sources. Timestamps come from the alerts, never
// from the clock, so the same alerts give byte-identical incidents.
import type { AlertId, EntityKey, EntityType, ImpactedAsset, Incident } from '#shared/model/index';
import { ENTITY_TYPES, TACTICS } from '#shared/model/index';
import type { Group, Target } from './groups';
import { NOISE } from './noise';
import type { AlertStore } from './store';
import { severityOfCode } from './store';
import { typeOfCode } from './types';
import { incidentTitle } from './titles';

const ASSET_TYPES: ReadonlySet<EntityType> = new Set(['device', 'account', 'mailbox', 'cloudResource', 'cloudApplication', 'ip']);
/** Per type code: 1 when the type is an asset type. */
const IS_ASSET = Uint8Array.from(ENTITY_TYPES, (t) => (ASSET_TYPES.has(t) ? 1 : 0));
const DEVICE = ENTITY_TYPES.indexOf('device');
const IP = ENTITY_TYPES.indexOf('ip');

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

export type AssetScratch = {
  /**
   * Per key, the mark of the last call that met it and its local index there, side by side ([2k], [2k + 1]): a
   * key's two numbers are read from one cache line, not from two arrays of a million and a half keys each.
   */
  seen: Int32Array;
  /** Per key: 1 when it can be an impacted asset (an asset type, not deny-listed or a special address). */
  asset: Uint8Array;
  /** The noise codes `asset` was computed from. */
  assetCode: Uint8Array | undefined;
  keys: number[];
  parent: number[];
  perAlert: number[];
  counts: number[];
  seenIn: number[];
  best: number[];
  occ: number[];
  sources: number[];
  /** [key, alert count] pairs of the assets being ordered. */
  picked: number[];
  /** Alert indexes being ordered by id. */
  order: Int32Array;
  /**
   * Titles by what they depend on (kill-chain span, else the single detection's title index in this store; how
   * many devices, users and IP addresses; several sources or not): a quarter of a million incidents share a few
   * hundred titles, built once per run.
   */
  titles: Map<number, string>;
};

/** Scratch for building incidents; pass `store.work.mark()` as the mark of each call. */
export const newScratch = (store: AlertStore): AssetScratch => ({ seen: store.work.stamp('assetSeen', 2 * store.K), asset: store.work.u8('asset', store.K), assetCode: undefined, keys: [], parent: [], perAlert: [], counts: [], seenIn: [], best: [], occ: [], sources: [], picked: [], order: new Int32Array(64), titles: new Map() });

/** Root of x in a small union-find over an array (path halving). */
const findIn = (parent: number[], x: number): number => {
  let i = x;
  while (parent[i] !== i) {
    const p = parent[i] ?? i;
    parent[i] = parent[p] ?? p;
    i = parent[i] ?? i;
  }
  return i;
};

/** Impacted assets of some alerts: identifiers of one entity (same type and value in one alert) counted once. */
export const impactedAssets = (store: AlertStore, code: Uint8Array, members: ArrayLike<number>, scratch: AssetScratch, mark: number): ImpactedAsset[] => {
  // Scratch lists are filled by index with explicit counts: setting a JS array's length to 0 drops its storage,
  // and a quarter of a million incidents would allocate them all again.
  const { seen, asset, keys, parent, perAlert, counts, seenIn, best, occ } = scratch;
  if (scratch.assetCode !== code) {
    // One byte per key says whether it counts, computed once per run (instead of two reads per occurrence).
    for (let k = 0; k < asset.length; k++) {
      const c = code[k] ?? 0;
      asset[k] = c === NOISE.deny || c === NOISE.special ? 0 : (IS_ASSET[store.keyType[k] ?? 0] ?? 0);
    }
    scratch.assetCode = code;
  }
  let nk = 0;
  let no = 0;
  // Local entity index of each asset occurrence, alert after alert (-1 ends an alert): the counting pass below
  // reads this list instead of the store's per-key arrays again.
  for (let m = 0; m < members.length; m++) {
    const i = members[m] ?? 0;
    let np = 0;
    for (let e = store.entOff[i] ?? 0, end = store.entOff[i + 1] ?? 0; e < end; e++) {
      const k = store.entKey[e] ?? 0;
      if (!asset[k]) continue;
      let lx: number;
      if (seen[2 * k] !== mark) {
        seen[2 * k] = mark;
        lx = nk;
        seen[2 * k + 1] = lx;
        keys[nk] = k;
        parent[nk] = lx;
        nk++;
      } else lx = seen[2 * k + 1] ?? 0;
      perAlert[np++] = k;
      occ[no++] = lx;
    }
    occ[no++] = -1;
    // Identifiers of one entity in one alert share type and value (keys.ts gives them the entity's value).
    for (let x = 0; x < np; x++) {
      for (let y = x + 1; y < np; y++) {
        const a = perAlert[x] ?? 0;
        const b = perAlert[y] ?? 0;
        if (store.keyAlias[a] === store.keyAlias[b]) {
          const ra = findIn(parent, seen[2 * a + 1] ?? 0);
          const rb = findIn(parent, seen[2 * b + 1] ?? 0);
          if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
      }
    }
  }
  if (!nk) return [];
  // Count alerts per merged entity (each local root counted once per alert).
  for (let x = 0; x < nk; x++) {
    counts[x] = 0;
    seenIn[x] = -1;
    best[x] = -1;
  }
  for (let q = 0, m = 0; q < no; q++) {
    const lx = occ[q] ?? -1;
    if (lx < 0) {
      m++;
      continue;
    }
    const r = findIn(parent, lx);
    if (seenIn[r] === m) continue;
    seenIn[r] = m;
    counts[r] = (counts[r] ?? 0) + 1;
  }
  // Each merged entity is shown by its smallest key (and that key's value).
  for (let x = 0; x < nk; x++) {
    const r = findIn(parent, x);
    const b = best[r] ?? -1;
    if (b < 0 || store.cmpKeys(keys[x] ?? 0, keys[b] ?? 0) < 0) best[r] = x;
  }
  let hasDevice = false;
  for (let x = 0; x < nk; x++) if (store.keyType[keys[x] ?? 0] === DEVICE) hasDevice = true;
  // Merged entities (their display key and alert count) in order: most alerts first, then by key.
  const picked = scratch.picked;
  let n = 0;
  for (let r = 0; r < nk; r++) {
    const alertCount = counts[r] ?? 0;
    if (alertCount === 0) continue;
    const bestKey = keys[best[r] ?? r] ?? 0;
    // IP addresses count as assets only for network-only incidents (no device named).
    if (hasDevice && store.keyType[bestKey] === IP) continue;
    let y = n - 1;
    for (; y >= 1 && ((picked[y] ?? 0) < alertCount || ((picked[y] ?? 0) === alertCount && store.cmpKeys(picked[y - 1] ?? 0, bestKey) > 0)); y -= 2) {
      picked[y + 2] = picked[y] ?? 0;
      picked[y + 1] = picked[y - 1] ?? 0;
    }
    picked[y + 1] = bestKey;
    picked[y + 2] = alertCount;
    n += 2;
  }
  const out: ImpactedAsset[] = new Array<ImpactedAsset>(n / 2);
  for (let x = 0; x < n; x += 2) {
    const k = picked[x] ?? 0;
    out[x / 2] = { key: store.keyString(k) as EntityKey, type: typeOfCode(store.keyType[k] ?? 0), value: store.keyValue(k), alertCount: picked[x + 1] ?? 0 };
  }
  return out;
};

/**
 * Sort by a total order (no two items compare equal, so any algorithm gives the same result): insertion for the
 * usual handful, which allocates nothing, the built-in sort past that.
 */
const sortSmall = <T>(items: T[], cmp: (a: T, b: T) => number): void => {
  if (items.length > 12) {
    items.sort(cmp);
    return;
  }
  for (let x = 1; x < items.length; x++) {
    const v = items[x];
    let y = x - 1;
    for (; y >= 0 && cmp(items[y], v) > 0; y--) items[y + 1] = items[y];
    items[y + 1] = v;
  }
};

export const tacticIdsOfMask = (mask: number): string[] => {
  const out: string[] = [];
  for (let r = 0; r < TACTICS.length; r++) if (mask & (1 << r)) out.push(TACTICS[r]?.id ?? '');
  return out;
};

/** Tactic ids per mask, computed once (each incident gets its own copy). */
const tacticsByMask = new Map<number, readonly string[]>();
const tacticsOf = (mask: number): string[] => {
  let t = tacticsByMask.get(mask);
  if (!t) {
    t = tacticIdsOfMask(mask);
    tacticsByMask.set(mask, t);
  }
  return t.slice();
};

const few = (n: number): number => (n > 1 ? 2 : n);

/** Ids of some alerts in code-unit order (as the default sort orders the strings), by insertion for the usual few. */
const sortedIds = (store: AlertStore, members: Int32Array, scratch: AssetScratch): AlertId[] => {
  const m = members.length;
  // Sorted in a reused buffer: only the id array itself is kept.
  if (scratch.order.length < m) scratch.order = new Int32Array(Math.max(m, scratch.order.length * 2));
  const order = m > 12 ? scratch.order.subarray(0, m) : scratch.order;
  for (let x = 0; x < m; x++) order[x] = members[x] ?? 0;
  if (m > 12) order.sort((a, b) => store.cmpIds(a, b));
  else {
    for (let x = 1; x < m; x++) {
      const v = order[x] ?? 0;
      let y = x - 1;
      for (; y >= 0 && store.cmpIds(order[y] ?? 0, v) > 0; y--) order[y + 1] = order[y] ?? 0;
      order[y + 1] = v;
    }
  }
  const ids: AlertId[] = new Array<AlertId>(m);
  for (let x = 0; x < m; x++) ids[x] = store.ids[order[x] ?? 0] ?? ('' as AlertId);
  return ids;
};

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const buildIncident = (store: AlertStore, code: Uint8Array, g: Group, scratch: AssetScratch, mark: number, target?: Target, state?: IncidentState): Incident => {
  const m = g.members;
  let sev = 0;
  let mask = 0;
  let firstT = Infinity;
  let lastT = -Infinity;
  // Distinct sources (in order of appearance) and the first two distinct titles.
  const sources = scratch.sources;
  let ns = 0;
  let t0 = -1;
  let t1 = -1;
  for (let x = 0; x < m.length; x++) {
    const i = m[x] ?? 0;
    sev = Math.max(sev, store.severity[i] ?? 0);
    mask |= store.tactics[i] ?? 0;
    firstT = Math.min(firstT, store.first[i] ?? 0);
    lastT = Math.max(lastT, store.last[i] ?? 0);
    const src = store.source[i] ?? 0;
    let y = 0;
    while (y < ns && sources[y] !== src) y++;
    if (y === ns) sources[ns++] = src;
    const t = store.title[i] ?? 0;
    if (t0 < 0) t0 = t;
    else if (t1 < 0 && t !== t0) t1 = t;
  }

  const alertIds = sortedIds(store, m, scratch);
  const assets = impactedAssets(store, code, m, scratch, mark);
  const tactics = tacticsOf(mask);
  const sourceNames: string[] = new Array<string>(ns);
  for (let y = 0; y < ns; y++) sourceNames[y] = store.srcStr[sources[y] ?? 0] ?? '';
  sortSmall(sourceNames, byCodeUnits);
  let devices = 0;
  let users = 0;
  let ips = 0;
  for (const a of assets) {
    if (a.type === 'device') devices++;
    else if (a.type === 'account' || a.type === 'mailbox') users++;
    else if (a.type === 'ip') ips++;
  }
  // The title depends on the first and last tactic when there are two or more, on the tactic when one, else on
  // the detection title when one; then on none/one/several devices, users and IP addresses, and on the sources.
  const lo = mask ? 31 - Math.clz32(mask & -mask) : 0;
  const hi = mask ? 31 - Math.clz32(mask) : 0;
  const subject = tactics.length >= 2 ? 1 + lo * 32 + hi : tactics.length === 1 ? 1024 + lo : t1 < 0 ? 2048 + t0 : 0;
  const titleKey = (((subject * 3 + few(devices)) * 3 + few(users)) * 3 + few(ips)) * 2 + (sourceNames.length > 1 ? 1 : 0);
  let title = scratch.titles.get(titleKey);
  if (title === undefined) {
    title = incidentTitle({ tactics, detections: (t1 < 0 ? [t0] : [t0, t1]).map((t) => store.titleStr[t] ?? ''), devices, users, ips, sources: sourceNames.length });
    scratch.titles.set(titleKey, title);
  }
  const incident: Incident = {
    id: g.id,
    title,
    severity: severityOfCode(sev),
    status: state?.status ?? 'active',
    classification: state?.classification ?? 'unknown',
    determination: state?.determination ?? 'unknown',
    assignedTo: state?.assignedTo ?? target?.assignedTo ?? '',
    tags: state ? [...state.tags] : [],
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
