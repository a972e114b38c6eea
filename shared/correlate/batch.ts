// One-shot correlation of a set of alerts (no analyst state): the reference the incremental correlator matches.
import type { AlertId, Incident, IncidentId } from '#shared/model/index';
import { formGroups } from './groups';
import type { Grouping } from './groups';
import { buildIncident, newScratch } from './incidents';
import { linkAlerts } from './link';
import type { LinkResult } from './link';
import type { NoiseEntry, NoiseRules } from './noise';
import { isNoise, listVerdict, NOISE, noiseRules, noiseWhy, verdictOf } from './noise';
import type { CorrelationSettings } from './settings';
import { normalizeSettings } from './settings';
import { AlertStore, typeOfCode } from './store';
import type { CorrelationAlert } from './types';

/** List verdicts cached per key (0 = not yet computed, else verdict + 1): they depend only on key, value and lists. */
export type ListCache = { codes: Uint8Array };

/** Noise verdict per key. */
export const classifyAll = (store: AlertStore, rules: NoiseRules, cache: ListCache = { codes: new Uint8Array(0) }): Uint8Array => {
  if (cache.codes.length < store.K) {
    const grown = new Uint8Array(Math.max(store.K, cache.codes.length * 2));
    grown.set(cache.codes);
    cache.codes = grown;
  }
  const lists = cache.codes;
  const code = new Uint8Array(store.K);
  const periods = keyPeriods(store, rules.periodMs);
  for (let k = 0; k < store.K; k++) {
    let l = lists[k] ?? 0;
    if (l === 0) {
      l = listVerdict(rules, store.keyStr[k] ?? '', store.keyValue[k] ?? '') + 1;
      lists[k] = l;
    }
    code[k] = verdictOf(l - 1, store.keyCount[k] ?? 0, periods[k] ?? 0, rules);
  }
  return code;
};

/** Number of distinct periods (floor(first / periodMs)) each key appears in: one pass in time order. */
export const keyPeriods = (store: AlertStore, periodMs: number): Int32Array => {
  const periods = new Int32Array(store.K);
  const lastPeriod = new Float64Array(store.K).fill(-Infinity);
  const { order, first, entOff, entKey } = store;
  for (let p = 0; p < store.n; p++) {
    const i = order[p] ?? 0;
    const b = Math.floor((first[i] ?? 0) / periodMs);
    for (let e = entOff[i] ?? 0, end = entOff[i + 1] ?? 0; e < end; e++) {
      const k = entKey[e] ?? 0;
      if (lastPeriod[k] !== b) {
        lastPeriod[k] = b;
        periods[k]++;
      }
    }
  }
  return periods;
};

export const noiseReport = (store: AlertStore, rules: NoiseRules, code: Uint8Array): NoiseEntry[] => {
  const out: NoiseEntry[] = [];
  const periods = keyPeriods(store, rules.periodMs);
  for (let k = 0; k < store.K; k++) {
    const c = code[k] ?? 0;
    const count = store.keyCount[k] ?? 0;
    if (!isNoise(c) || count < 2) continue;
    const key = store.keyStr[k] ?? '';
    const value = store.keyValue[k] ?? '';
    const kind = c === NOISE.deny ? 'deny' : c === NOISE.special ? 'special' : c === NOISE.frequent ? 'frequent' : 'persistent';
    out.push({ key, type: typeOfCode(store.keyType[k] ?? 0), value, alertCount: count, periods: periods[k] ?? 0, why: noiseWhy(rules, c, key, value, count, periods[k] ?? 0), kind });
  }
  return out.sort((a, b) => b.alertCount - a.alertCount || (a.key < b.key ? -1 : 1));
};

export type BatchResult = {
  store: AlertStore;
  code: Uint8Array;
  link: LinkResult;
  grouping: Grouping;
  incidents: Incident[];
  membership: Map<AlertId, IncidentId>;
  noise: NoiseEntry[];
};

/** Correlate a whole set of alerts. */
export const correlateBatch = (alerts: readonly CorrelationAlert[], settings: Partial<CorrelationSettings> = {}): BatchResult => {
  const s = normalizeSettings(settings);
  const store = new AlertStore();
  store.add(alerts);
  const rules = noiseRules(s);
  const code = classifyAll(store, rules);
  const link = linkAlerts(store, code, s);
  const grouping = formGroups(store, code, link, s);
  const scratch = newScratch(store);
  const incidents = grouping.groups.map((g, gi) => buildIncident(store, code, g, scratch, gi));
  const membership = new Map<AlertId, IncidentId>();
  for (const inc of incidents) for (const a of inc.alertIds) membership.set(a, inc.id);
  return { store, code, link, grouping, incidents, membership, noise: noiseReport(store, rules, code) };
};
