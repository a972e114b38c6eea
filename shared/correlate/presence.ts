// The noise state of a run. Per key: allow/deny lists, special addresses, frequency. Per occurrence: presence in
// time — an entity seen in more than `periods` separate periods within the horizon either side of an alert is
// infrastructure-like there (a DC, a proxy, a DNS server, a user's daily logons), and links nothing there. Judging
// presence locally lets the same lab host link a one-day attack sample and not its daily background a year later.
import type { NoiseEntry, NoiseRules, NoiseState } from './noise';
import { isNoise, listValueBits, listVerdict, NOISE, noiseWhy, verdictOf } from './noise';
import { ENTITY_TYPES } from '#shared/model/index';
import type { AlertStore } from './store';
import { typeOfCode } from './types';

const ASSET_TYPES: ReadonlySet<string> = new Set(['device', 'account', 'mailbox', 'ip', 'cloudResource', 'cloudApplication']);
/** Per type code: 1 for the asset types. */
const IS_ASSET = Uint8Array.from(ENTITY_TYPES, (t) => (ASSET_TYPES.has(t) ? 1 : 0));

/**
 * List verdicts cached per key (0 = not yet computed, else verdict + 1): they depend only on key, value and lists.
 * `values` caches the value's part per value id (0 = not yet, else bits + 1): aliases of an entity share it.
 */
export type ListCache = { codes: Uint8Array; values?: Uint8Array };

const listOf = (store: AlertStore, rules: NoiseRules, cache: ListCache, k: number): number => {
  let l = cache.codes[k] ?? 0;
  if (l === 0) {
    const vid = store.valueIdOf(k);
    let values = cache.values;
    if (!values || values.length <= vid) {
      const grown = new Uint8Array(Math.max(roomy(store.valueCount), (values?.length ?? 0) * 2, vid + 1));
      if (values) grown.set(values);
      values = cache.values = grown;
    }
    let bits = values[vid] ?? 0;
    if (bits === 0) {
      // The value's string is made only here, once per value: keys and values are kept as bytes.
      bits = listValueBits(rules, store.keyValue(k)) + 1;
      values[vid] = bits;
    }
    l = listVerdict(rules, store.keyString(k), bits - 1) + 1;
    cache.codes[k] = l;
  }
  return l - 1;
};

/** Room for a quarter more keys or occurrences, so that the additions after a full run do not reallocate. */
const roomy = (n: number): number => (n ? n + (n >> 2) + 16 : 0);

const growCache = (cache: ListCache, K: number): void => {
  if (cache.codes.length >= K) return;
  const grown = new Uint8Array(Math.max(roomy(K), cache.codes.length * 2));
  grown.set(cache.codes);
  cache.codes = grown;
};

/** Distinct periods of a key's occurrences (in time order) and where each period's occurrences end. */
type Periods = { ids: Float64Array; ends: Int32Array; n: number };

const newPeriods = (): Periods => ({ ids: new Float64Array(64), ends: new Int32Array(64), n: 0 });

/** Fill `P` with the distinct periods of `refs` (typed arrays reused from key to key: no garbage per key). */
const collectPeriods = (store: AlertStore, refs: Int32Array, pm: number, P: Periods): number => {
  if (P.ids.length < refs.length) {
    P.ids = new Float64Array(Math.max(refs.length, P.ids.length * 2));
    P.ends = new Int32Array(P.ids.length);
  }
  const { ids, ends } = P;
  let n = 0;
  for (let j = 0; j < refs.length; j++) {
    const b = Math.floor((store.first[store.alertOfRef[refs[j] ?? 0] ?? 0] ?? 0) / pm);
    if (n === 0 || ids[n - 1] !== b) {
      ids[n] = b;
      ends[n] = j + 1;
      n++;
    } else ends[n - 1] = j + 1;
  }
  P.n = n;
  return n;
};

/** Two pointers over the distinct periods of a key ([left, right]), moved forward only as `near` is called in order. */
const win = new Int32Array(2);

/** How many distinct periods lie within H either side of period x (call for increasing x after win.fill(0)). */
const near = (ids: Float64Array, np: number, H: number, x: number): number => {
  const b = ids[x] ?? 0;
  let left = win[0] ?? 0;
  let right = win[1] ?? 0;
  while ((ids[left] ?? 0) < b - H) left++;
  if (right < x) right = x;
  while (right + 1 < np && (ids[right + 1] ?? 0) <= b + H) right++;
  win[0] = left;
  win[1] = right;
  return right - left + 1;
};

/**
 * Verdict of one key and presence of each of its occurrences; returns the alerts whose occurrence flag changed
 * (pushed to `changed`) so an incremental run knows whose links may have gone.
 */
const evaluateKey = (store: AlertStore, rules: NoiseRules, cache: ListCache, st: NoiseState, k: number, changed?: number[], P: Periods = newPeriods(), fresh = false): boolean => {
  const before = st.code[k] ?? 0;
  const count = store.keyCount[k] ?? 0;
  // A key seen once links nothing; only an asset's list verdict matters then (impacted assets leave out SYSTEM).
  if (count < 2 && !IS_ASSET[store.keyType[k] ?? 0]) {
    st.code[k] = NOISE.none;
    return before !== NOISE.none;
  }
  let c = verdictOf(listOf(store, rules, cache, k), count, rules);
  const judged = c === NOISE.none && count >= 2 && count > rules.periods;
  // A fresh state needs the occurrences only of keys judged by presence (nothing to clear for the others).
  const refs = count >= 2 && (judged || !fresh) ? store.refsOf(k) : undefined;
  let local = 0;
  let noisy = 0;
  if (judged && refs) {
    const pm = rules.periodMs;
    const H = rules.horizon;
    const np = collectPeriods(store, refs, pm, P);
    const periodEnd = P.ends;
    win.fill(0);
    let from = 0;
    for (let x = 0; x < np; x++) {
      const here = near(P.ids, np, H, x);
      const to = periodEnd[x] ?? from;
      if (here > local) local = here;
      const flag = here > rules.periods ? 1 : 0;
      if (flag) noisy += to - from;
      if (flag || !fresh) {
        for (let j = from; j < to; j++) {
          const e = refs[j] ?? 0;
          if ((st.occ[e] ?? 0) !== flag) {
            st.occ[e] = flag;
            changed?.push(store.alertOfRef[e] ?? 0);
          }
        }
      }
      from = to;
    }
    if (noisy) c = NOISE.persistent;
  } else if (refs && !fresh) {
    // Not judged by presence (listed, too frequent, or too few alerts): no occurrence is flagged.
    for (const e of refs) {
      if (st.occ[e]) {
        st.occ[e] = 0;
        changed?.push(store.alertOfRef[e] ?? 0);
      }
    }
    local = 0;
  }
  st.code[k] = c;
  st.localPeriods[k] = local;
  st.noisyAlerts[k] = noisy;
  return c !== before;
};

const sized = (st: NoiseState, store: AlertStore): NoiseState => {
  const grow = <T extends Uint8Array | Int32Array>(a: T, n: number, make: (n: number) => T): T => {
    if (a.length >= n) return a;
    const b = make(Math.max(roomy(n), a.length * 2));
    b.set(a);
    return b;
  };
  return {
    code: grow(st.code, store.K, (n) => new Uint8Array(n)),
    occ: grow(st.occ, store.p, (n) => new Uint8Array(n)),
    localPeriods: grow(st.localPeriods, store.K, (n) => new Int32Array(n)),
    noisyAlerts: grow(st.noisyAlerts, store.K, (n) => new Int32Array(n)),
  };
};

export const emptyNoise = (): NoiseState => ({ code: new Uint8Array(0), occ: new Uint8Array(0), localPeriods: new Int32Array(0), noisyAlerts: new Int32Array(0) });

/** Noise state of the whole store. */
export const computeNoise = (store: AlertStore, rules: NoiseRules, cache: ListCache = { codes: new Uint8Array(0) }): NoiseState => {
  growCache(cache, store.K);
  const st = sized(emptyNoise(), store);
  const P = newPeriods();
  // A fresh state has no occurrence flagged yet (each occurrence belongs to one key): nothing to clear.
  for (let k = 0; k < store.K; k++) evaluateKey(store, rules, cache, st, k, undefined, P, true);
  return st;
};

/**
 * Presence of key k after `added` new occurrences whose alerts start within [lo, hi], when only a window around
 * them can change: the key was judged by presence before and still is (same list verdict, still under the
 * frequency threshold). A new distinct period raises the count of periods within the horizon only for periods
 * within the horizon of it, so occurrences outside [lo − H, hi + H] keep their flags; counting for those inside
 * needs the periods within 2H. Returns whether the key's verdict changed, or undefined when the whole key must be
 * evaluated.
 */
const evaluateWindow = (store: AlertStore, rules: NoiseRules, st: NoiseState, k: number, added: number, lo: number, hi: number, changed: number[], P: Periods): boolean | undefined => {
  const before = st.code[k] ?? 0;
  const count = store.keyCount[k] ?? 0;
  const old = count - added;
  if (old < 2 || old <= rules.periods || count > rules.threshold || (before !== NOISE.none && before !== NOISE.persistent)) return undefined;
  const pm = rules.periodMs;
  const H = rules.horizon;
  const pLo = Math.floor(lo / pm);
  const pHi = Math.floor(hi / pm);
  // One period of margin either side against rounding: the periods themselves are computed as in evaluateKey.
  const refs = store.refsWithin(k, (pLo - 2 * H - 1) * pm, (pHi + 2 * H + 2) * pm);
  const np = collectPeriods(store, refs, pm, P);
  const periodIds = P.ids;
  const periodEnd = P.ends;
  let local = st.localPeriods[k] ?? 0;
  let noisy = st.noisyAlerts[k] ?? 0;
  win.fill(0);
  let from = 0;
  for (let x = 0; x < np; x++) {
    const b = periodIds[x] ?? 0;
    const to = periodEnd[x] ?? from;
    if (b < pLo - H || b > pHi + H) {
      from = to;
      continue;
    }
    const here = near(periodIds, np, H, x);
    if (here > local) local = here;
    const flag = here > rules.periods ? 1 : 0;
    for (let j = from; j < to; j++) {
      const e = refs[j] ?? 0;
      const was = st.occ[e] ?? 0;
      if (was !== flag) {
        st.occ[e] = flag;
        noisy += flag - was;
        changed.push(store.alertOfRef[e] ?? 0);
      }
    }
    from = to;
  }
  const c = noisy ? NOISE.persistent : NOISE.none;
  st.code[k] = c;
  st.localPeriods[k] = local;
  st.noisyAlerts[k] = noisy;
  return c !== before;
};

/**
 * Re-evaluate the keys of newly added alerts (their counts and presence changed): keys judged by presence only in
 * a window around the new occurrences, others whole. Returns the new state, the keys whose verdict changed, and
 * the alerts whose occurrence flags changed. The result equals `computeNoise` on the same store.
 */
export const updateNoise = (prev: NoiseState, store: AlertStore, rules: NoiseRules, cache: ListCache, added: readonly number[]): { noise: NoiseState; changedKeys: number[]; changedAlerts: number[] } => {
  growCache(cache, store.K);
  const st = sized(prev, store);
  // New occurrences per key: how many, and the earliest and latest start of their alerts.
  const fresh = new Map<number, { n: number; lo: number; hi: number }>();
  for (const i of added) {
    const f = store.first[i] ?? 0;
    for (let e = store.entOff[i] ?? 0, end = store.entOff[i + 1] ?? 0; e < end; e++) {
      const k = store.entKey[e] ?? 0;
      const x = fresh.get(k);
      if (!x) fresh.set(k, { n: 1, lo: f, hi: f });
      else {
        x.n++;
        if (f < x.lo) x.lo = f;
        if (f > x.hi) x.hi = f;
      }
    }
  }
  const changedKeys: number[] = [];
  const changedAlerts: number[] = [];
  const P = newPeriods();
  for (const [k, x] of fresh) {
    // Listed keys keep their verdict (lists and settings are unchanged in an incremental run) and flag nothing;
    // a key already too frequent stays so.
    const c = st.code[k] ?? 0;
    if (c === NOISE.allow || c === NOISE.deny || c === NOISE.special || c === NOISE.frequent) continue;
    const changed = evaluateWindow(store, rules, st, k, x.n, x.lo, x.hi, changedAlerts, P) ?? evaluateKey(store, rules, cache, st, k, changedAlerts, P);
    if (changed) changedKeys.push(k);
  }
  return { noise: st, changedKeys, changedAlerts };
};

/** Entities treated as noise (seen in two alerts or more), most alerts first, with the reason. */
export const noiseReport = (store: AlertStore, rules: NoiseRules, noise: NoiseState): NoiseEntry[] => {
  const out: NoiseEntry[] = [];
  const { code, localPeriods, noisyAlerts } = noise;
  for (let k = 0; k < store.K; k++) {
    const c = code[k] ?? 0;
    const count = store.keyCount[k] ?? 0;
    if (!isNoise(c) || count < 2) continue;
    const key = store.keyString(k);
    const value = store.keyValue(k);
    const kind = c === NOISE.deny ? 'deny' : c === NOISE.special ? 'special' : c === NOISE.frequent ? 'frequent' : 'persistent';
    out.push({ key, type: typeOfCode(store.keyType[k] ?? 0), value, alertCount: count, periods: localPeriods[k] ?? 0, why: noiseWhy(rules, c, key, value, count, localPeriods[k] ?? 0, noisyAlerts[k] ?? 0), kind });
  }
  out.sort((a, b) => b.alertCount - a.alertCount || (a.key < b.key ? -1 : 1));
  // One line per entity: identifiers of one account or host (same type, value and verdict) are listed once.
  const seen = new Set<string>();
  return out.filter((e) => {
    const id = `${e.type}\u0000${e.value.toLowerCase()}\u0000${e.kind}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
};
