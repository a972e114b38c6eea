// The noise state of a run. Per key: allow/deny lists, special addresses, frequency. Per occurrence: presence in
// time — an entity seen in more than `periods` separate periods within the horizon either side of an alert is
// infrastructure-like there (a DC, a proxy, a DNS server, a user's daily logons), and links nothing there. Judging
// presence locally lets the same lab host link a one-day attack sample and not its daily background a year later.
import type { NoiseEntry, NoiseRules, NoiseState } from './noise';
import { isNoise, listVerdict, NOISE, noiseWhy, verdictOf } from './noise';
import type { AlertStore } from './store';
import { typeOfCode } from './store';

/** List verdicts cached per key (0 = not yet computed, else verdict + 1): they depend only on key, value and lists. */
export type ListCache = { codes: Uint8Array };

export const computeNoise = (store: AlertStore, rules: NoiseRules, cache: ListCache = { codes: new Uint8Array(0) }): NoiseState => {
  if (cache.codes.length < store.K) {
    const grown = new Uint8Array(Math.max(store.K, cache.codes.length * 2));
    grown.set(cache.codes);
    cache.codes = grown;
  }
  const lists = cache.codes;
  const { K, n, order, first, entOff, entKey } = store;
  const code = new Uint8Array(K);
  for (let k = 0; k < K; k++) {
    let l = lists[k] ?? 0;
    if (l === 0) {
      l = listVerdict(rules, store.keyStr[k] ?? '', store.keyValue[k] ?? '') + 1;
      lists[k] = l;
    }
    code[k] = verdictOf(l - 1, store.keyCount[k] ?? 0, rules);
  }
  const occ = new Uint8Array(store.p);
  const localPeriods = new Int32Array(K);
  const noisyAlerts = new Int32Array(K);
  // Only keys with more alerts than the allowed periods can be present in too many periods.
  const candidate = (k: number): boolean => code[k] === NOISE.none && (store.keyCount[k] ?? 0) > rules.periods;
  const start = new Int32Array(K + 1);
  for (let k = 0; k < K; k++) start[k + 1] = (start[k] ?? 0) + (candidate(k) ? (store.keyCount[k] ?? 0) : 0);
  const refs = new Int32Array(start[K] ?? 0);
  const refTime = new Float64Array(start[K] ?? 0);
  const fill = start.slice(0, K);
  for (let p = 0; p < n; p++) {
    const i = order[p] ?? 0;
    for (let e = entOff[i] ?? 0, end = entOff[i + 1] ?? 0; e < end; e++) {
      const k = entKey[e] ?? 0;
      if (!candidate(k)) continue;
      const j = fill[k]++;
      refs[j] = e;
      refTime[j] = first[i] ?? 0;
    }
  }
  const pm = rules.periodMs;
  const H = rules.horizon;
  const periodIds: number[] = [];
  const periodEnd: number[] = [];
  for (let k = 0; k < K; k++) {
    const lo = start[k] ?? 0;
    const hi = start[k + 1] ?? 0;
    if (hi === lo) continue;
    periodIds.length = 0;
    periodEnd.length = 0;
    for (let j = lo; j < hi; j++) {
      const b = Math.floor((refTime[j] ?? 0) / pm);
      if (periodIds[periodIds.length - 1] !== b) {
        periodIds.push(b);
        periodEnd.push(j + 1);
      } else periodEnd[periodEnd.length - 1] = j + 1;
    }
    if (periodIds.length <= rules.periods) {
      localPeriods[k] = periodIds.length;
      continue;
    }
    // Two pointers over the distinct periods: how many lie within H either side of each.
    let left = 0;
    let right = 0;
    let from = lo;
    for (let x = 0; x < periodIds.length; x++) {
      const b = periodIds[x] ?? 0;
      while ((periodIds[left] ?? 0) < b - H) left++;
      if (right < x) right = x;
      while (right + 1 < periodIds.length && (periodIds[right + 1] ?? 0) <= b + H) right++;
      const local = right - left + 1;
      const to = periodEnd[x] ?? from;
      if (local > (localPeriods[k] ?? 0)) localPeriods[k] = local;
      if (local > rules.periods) {
        for (let j = from; j < to; j++) occ[refs[j] ?? 0] = 1;
        noisyAlerts[k] = (noisyAlerts[k] ?? 0) + (to - from);
        code[k] = NOISE.persistent;
      }
      from = to;
    }
  }
  return { code, occ, localPeriods, noisyAlerts };
};

/** Entities treated as noise (seen in two alerts or more), most alerts first, with the reason. */
export const noiseReport = (store: AlertStore, rules: NoiseRules, noise: NoiseState): NoiseEntry[] => {
  const out: NoiseEntry[] = [];
  const { code, localPeriods, noisyAlerts } = noise;
  for (let k = 0; k < store.K; k++) {
    const c = code[k] ?? 0;
    const count = store.keyCount[k] ?? 0;
    if (!isNoise(c) || count < 2) continue;
    const key = store.keyStr[k] ?? '';
    const value = store.keyValue[k] ?? '';
    const kind = c === NOISE.deny ? 'deny' : c === NOISE.special ? 'special' : c === NOISE.frequent ? 'frequent' : 'persistent';
    out.push({ key, type: typeOfCode(store.keyType[k] ?? 0), value, alertCount: count, periods: localPeriods[k] ?? 0, why: noiseWhy(rules, c, key, value, count, localPeriods[k] ?? 0, noisyAlerts[k] ?? 0), kind });
  }
  return out.sort((a, b) => b.alertCount - a.alertCount || (a.key < b.key ? -1 : 1));
};
