// Linking: union-find over alerts. For every significant entity, its alerts in time order are swept once, each
// joining the chain before it when it starts within the window of the chain's latest end (so the work is linear
// in entity occurrences, never all pairs). A kill-chain step (the later alert's tactic comes after the earlier
// one's) may bridge a longer gap; the same detection repeated on the same entities links even through entities
// too frequent to link alone. Everything is computed from the whole set in a fixed order, so the components never
// depend on how the alerts were imported.
import type { NoiseState } from './noise';
import { NOISE } from './noise';
import type { CorrelationSettings } from './settings';
import type { AlertStore } from './store';

/** What linking leaves for grouping. `parent` and `postStart` are the store's work arrays: valid until the next run. */
export type LinkResult = {
  /** Union-find parents; `find` gives the component root (set for the linked alerts only). */
  parent: Int32Array;
  /** Per key: start of its time-ordered alerts in `post` (significant keys only; others are empty). */
  postStart: Int32Array;
  post: Int32Array;
  /** Pinned neighbours: [free alert, pin target] pairs (an alert linked to an alert the analyst pinned). */
  attach: number[];
};

export const find = (parent: Int32Array, x: number): number => {
  let i = x;
  for (;;) {
    const p = parent[i] ?? i;
    if (p === i) return i;
    const gp = parent[p] ?? p;
    parent[i] = gp;
    i = gp;
  }
};

/** Keys that may link alerts alone: not listed or too frequent, carried by at least two alerts (occurrences where
 * the key is locally persistent are left out of its postings). */
export const linkingKeys = (store: AlertStore, code: Uint8Array, out?: Uint8Array): Uint8Array => {
  const sig = out ?? new Uint8Array(store.K);
  for (let k = 0; k < store.K; k++) {
    const c = code[k] ?? 0;
    sig[k] = (c === NOISE.none || c === NOISE.allow || c === NOISE.persistent) && (store.keyCount[k] ?? 0) >= 2 ? 1 : 0;
  }
  return sig;
};

/**
 * Link the alerts of `store`. `pinned[i]` is -1 for a free alert, else the index of the incident it is pinned to:
 * pinned alerts never bridge free ones; a free alert linked to one is reported in `attach`.
 */
/** How far (beyond an alert's own duration and the longest alert's) a new alert can change links: the scans
 * look back at most four windows. An incremental run relinks everything within this reach of new alerts. */
export const linkReach = (s: CorrelationSettings): number => 4 * Math.max(s.windowMs, s.sequenceWindowMs, s.repeatWindowMs);

/** Kinds of link, for diagnostics: 0 shared entity, 1 kill-chain step, 2 repeated detection. */
export type LinkObserver = (a: number, b: number, key: number, kind: 0 | 1 | 2) => void;

/**
 * `subset`, when given, restricts linking to those alerts (indexes in time order): an incremental run relinks only
 * the alerts whose links may have changed; everything else keeps its components.
 */
export const linkAlerts = (store: AlertStore, noise: NoiseState, s: CorrelationSettings, pinned?: Int32Array, observe?: LinkObserver, subset?: Int32Array): LinkResult => {
  const { n, K, first, last, entOff, entKey, minRank, maxRank, detector } = store;
  const order = subset ?? store.order;
  const m = subset ? subset.length : n;
  const { code, occ } = noise;
  const work = store.work;
  const sig = linkingKeys(store, code, work.u8('sig', K));
  // Work arrays: only the entries of the alerts being linked are set and read.
  const parent = work.i32('parent', n);
  const rank = work.u8('rank', n);
  for (let x = 0; x < m; x++) {
    const i = order[x] ?? 0;
    parent[i] = i;
    rank[i] = 0;
  }
  const attach: number[] = [];
  const hasPins = pinned !== undefined && pinned.some((t) => t >= 0);

  const union = (a: number, b: number): void => {
    let ra = find(parent, a);
    let rb = find(parent, b);
    if (ra === rb) return;
    const ka = rank[ra] ?? 0;
    const kb = rank[rb] ?? 0;
    if (ka < kb) [ra, rb] = [rb, ra];
    parent[rb] = ra;
    if (ka === kb) rank[ra] = ka + 1;
  };
  const link = (a: number, b: number): void => {
    if (!hasPins) {
      union(a, b);
      return;
    }
    const ta = pinned[a] ?? -1;
    const tb = pinned[b] ?? -1;
    if (ta < 0 && tb < 0) union(a, b);
    else if (ta < 0) attach.push(a, tb);
    else if (tb < 0) attach.push(b, ta);
  };

  // Postings of significant keys, in time order. A full run over a complete occurrence index reads them off each
  // key's time-ordered occurrences (one pass over the significant keys only); otherwise a counting sort over the
  // time-ordered alerts being linked.
  const postStart = work.i32('postStart', K + 1).fill(0);
  let post: Int32Array;
  if (!subset && store.indexComplete) {
    const { refStart, refList, alertOfRef } = store;
    let room = 0;
    for (let k = 0; k < K; k++) if (sig[k]) room += (refStart[k + 1] ?? 0) - (refStart[k] ?? 0);
    post = new Int32Array(room);
    let w = 0;
    for (let k = 0; k < K; k++) {
      if (sig[k]) {
        for (let j = refStart[k] ?? 0, end = refStart[k + 1] ?? 0; j < end; j++) {
          const e = refList[j] ?? 0;
          if (!occ[e]) post[w++] = alertOfRef[e] ?? 0;
        }
      }
      postStart[k + 1] = w;
    }
  } else {
    for (let p = 0; p < m; p++) {
      const i = order[p] ?? 0;
      for (let e = entOff[i] ?? 0, end = entOff[i + 1] ?? 0; e < end; e++) {
        const k = entKey[e] ?? 0;
        if (sig[k] && !occ[e]) postStart[k + 1]++;
      }
    }
    for (let k = 0; k < K; k++) postStart[k + 1] = (postStart[k + 1] ?? 0) + (postStart[k] ?? 0);
    post = new Int32Array(postStart[K] ?? 0);
    const fill = work.i32('fill', K);
    fill.set(postStart.subarray(0, K));
    for (let p = 0; p < m; p++) {
      const i = order[p] ?? 0;
      for (let e = entOff[i] ?? 0, end = entOff[i + 1] ?? 0; e < end; e++) {
        const k = entKey[e] ?? 0;
        if (sig[k] && !occ[e]) post[fill[k]++] = i;
      }
    }
  }

  const W = s.windowMs;
  const seqW = Math.max(s.sequenceWindowMs, W);
  const free = (i: number): boolean => !hasPins || (pinned[i] ?? -1) < 0;

  // 1. Shared significant entity within the window (chain sweep); kill-chain steps across a longer gap.
  for (let k = 0; k < K; k++) {
    const lo = postStart[k] ?? 0;
    const hi = postStart[k + 1] ?? 0;
    if (hi - lo < 2) continue;
    let anchor = -1;
    let maxLast = -Infinity;
    for (let j = lo; j < hi; j++) {
      const a = post[j] ?? 0;
      if (!free(a)) continue;
      const fa = first[a] ?? 0;
      if (anchor >= 0 && fa - maxLast <= W) {
        observe?.(a, anchor, k, 0);
        link(a, anchor);
      }
      else if (anchor >= 0 && seqW > W) {
        // Look back for an earlier alert whose tactic precedes this one's, within the sequence window.
        const hiRank = maxRank[a] ?? 0;
        for (let jj = j - 1, steps = 0; jj >= lo && steps < 256; jj--) {
          const b = post[jj] ?? 0;
          if (fa - (first[b] ?? 0) > seqW * 4) break;
          if (!free(b) || fa - (last[b] ?? 0) > seqW) continue;
          steps++;
          if ((minRank[b] ?? 0) < hiRank) {
            observe?.(a, b, k, 1);
            link(a, b);
            break;
          }
        }
      }
      const la = last[a] ?? 0;
      if (la > maxLast) {
        maxLast = la;
        anchor = a;
      }
    }
    if (hasPins) {
      // Pinned alerts: free neighbours within the window attach to the pin's incident.
      for (let j = lo; j < hi; j++) {
        const p = post[j] ?? 0;
        if (free(p)) continue;
        const fp = first[p] ?? 0;
        const lp = last[p] ?? 0;
        for (let jj = j - 1, steps = 0; jj >= lo && steps < 256; jj--, steps++) {
          const b = post[jj] ?? 0;
          if (fp - (first[b] ?? 0) > W * 4) break;
          if (free(b) && fp - (last[b] ?? 0) <= W) link(b, p);
        }
        for (let jj = j + 1, steps = 0; jj < hi && steps < 256; jj++, steps++) {
          const b = post[jj] ?? 0;
          if ((first[b] ?? 0) - lp > W) break;
          if (free(b)) link(b, p);
        }
      }
    }
  }

  // 2. Repeated detection: same detector on the same bursty entity (too frequent to link alone, but not always
  //    present), sharing at least one more entity: a password-guessing run of thousands of identical alerts.
  const Wr = s.repeatWindowMs;
  if (Wr > 0) {
    const tokenIndex = new Map<number, number>();
    const tokCount: number[] = [];
    // Only bursty entities (frequent by count, not present all the time like infrastructure).
    const isToken = (e: number, k: number): boolean => code[k] === NOISE.frequent && !occ[e];
    for (let p = 0; p < m; p++) {
      const i = order[p] ?? 0;
      const det = detector[i] ?? 0;
      for (let e = entOff[i] ?? 0, end = entOff[i + 1] ?? 0; e < end; e++) {
        const k = entKey[e] ?? 0;
        if (!isToken(e, k)) continue;
        const id = det * K + k;
        let t = tokenIndex.get(id);
        if (t === undefined) {
          t = tokCount.length;
          tokenIndex.set(id, t);
          tokCount.push(0);
        }
        tokCount[t] = (tokCount[t] ?? 0) + 1;
      }
    }
    const T = tokCount.length;
    const tStart = new Int32Array(T + 1);
    for (let t = 0; t < T; t++) tStart[t + 1] = (tStart[t] ?? 0) + (tokCount[t] ?? 0);
    const tPost = new Int32Array(tStart[T] ?? 0);
    const tKey = new Int32Array(T);
    const tFill = tStart.slice(0, T);
    for (let p = 0; p < m; p++) {
      const i = order[p] ?? 0;
      const det = detector[i] ?? 0;
      for (let e = entOff[i] ?? 0, end = entOff[i + 1] ?? 0; e < end; e++) {
        const k = entKey[e] ?? 0;
        if (!isToken(e, k)) continue;
        const t = tokenIndex.get(det * K + k) ?? 0;
        tPost[tFill[t]++] = i;
        tKey[t] = k;
      }
    }
    // Stamped with alert indexes only (a stale stamp equal to a marks a key of a: alerts' keys never change).
    const stamp = work.stamp('repeatStamp', K);
    const sharesAnother = (a: number, b: number, except: number): boolean => {
      for (let e = entOff[a] ?? 0, end = entOff[a + 1] ?? 0; e < end; e++) stamp[entKey[e] ?? 0] = a;
      for (let e = entOff[b] ?? 0, end = entOff[b + 1] ?? 0; e < end; e++) {
        const k = entKey[e] ?? 0;
        if (k === except || stamp[k] !== a || occ[e]) continue;
        // Another entity, not another identifier of the same one (same type and value).
        if (store.keyAlias[k] === store.keyAlias[except]) continue;
        const c = code[k] ?? 0;
        if (c === NOISE.none || c === NOISE.allow || c === NOISE.frequent || c === NOISE.persistent) return true;
      }
      return false;
    };
    for (let t = 0; t < T; t++) {
      const lo = tStart[t] ?? 0;
      const hi = tStart[t + 1] ?? 0;
      if (hi - lo < 2) continue;
      const k = tKey[t] ?? 0;
      for (let j = lo + 1; j < hi; j++) {
        const a = tPost[j] ?? 0;
        const fa = first[a] ?? 0;
        // Scan back over earlier occurrences within the window (at most 64 candidates).
        for (let jj = j - 1, steps = 0; jj >= lo && steps < 64; jj--) {
          const b = tPost[jj] ?? 0;
          if (fa - (first[b] ?? 0) > Wr * 4) break;
          if (fa - (last[b] ?? 0) > Wr) continue;
          steps++;
          if (sharesAnother(a, b, k)) {
            observe?.(a, b, k, 2);
            link(a, b);
            break;
          }
        }
      }
    }
  }

  return { parent, postStart, post, attach };
};
