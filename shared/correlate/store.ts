// Compact, append-only store of correlation alerts: typed arrays per alert, entity keys interned to integers, and
// the alerts kept in a deterministic time order (first activity, then id) that never depends on import order.
import type { AlertId, EntityType, Severity } from '#shared/model/index';
import { SEVERITIES, TACTICS, isKeyValue, tacticRank } from '#shared/model/index';
import type { CorrelationAlert, CorrelationBatch } from './types';
import { TYPE_CODE, codedKey, codedValue, typeOfCode } from './types';
import { detach, grow } from '#shared/model/arrays';
import { StringIndex, hashString } from '#shared/model/string-index';
import { TextList, TextPool } from '#shared/model/text-pool';

const SEVERITY_CODE = new Map<string, number>(SEVERITIES.map((s, i) => [s, i]));
/** Rank used for tactics we do not know: after Impact. */
export const UNKNOWN_RANK = TACTICS.length;

export const severityOfCode = (c: number): Severity => SEVERITIES[c] ?? 'medium';

/* Alert ids break ties of the time order in code-unit order (the same on every platform): see cmpIds. */

/**
 * The first seven UTF-16 units of a string as one number that orders like the strings (base 128, units past the
 * end as 0), or -1 when one of them is not ASCII. Sorting ids and keys by it reads one number from a compact array
 * instead of two strings scattered over the heap; equal prefixes (or -1) leave it to the strings.
 */
export const textPrefix = (s: string): number => {
  let x = 0;
  for (let i = 0; i < 7; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0;
    if (c >= 128) return -1;
    x = x * 128 + c;
  }
  return x;
};

/** Code-unit order of strings a and b given their textPrefix values (the same result as comparing the strings). */
export const cmpText = (pa: number, pb: number, a: string, b: string): number =>
  pa !== pb && pa >= 0 && pb >= 0 ? (pa < pb ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0;

/**
 * Work arrays kept between incremental runs (a full run lets them go: `release`). A run over a million alerts needs
 * some 60–100 MB of per-alert and per-key arrays; allocating them anew for every incremental run counts as external
 * memory and makes V8 mark the whole heap.
 * Contents are whatever the previous user left; a stamp array starts at -1 and is stamped by one user only.
 */
export class WorkArrays {
  private readonly i32s = new Map<string, Int32Array>();
  private readonly u8s = new Map<string, Uint8Array>();
  private readonly stamps = new Map<string, Int32Array>();
  private lastMark = 0;

  /** The first n entries of the array kept under `name`, replaced by a 1.5× larger one from `make` when too short. */
  private static take<T extends Int32Array | Uint8Array>(kept: Map<string, T>, name: string, n: number, make: (length: number) => T): T {
    let b = kept.get(name);
    if (!b || b.length < n) {
      b = make(Math.max(n, Math.floor((b?.length ?? 0) * 1.5)));
      kept.set(name, b);
    }
    return b.subarray(0, n) as T;
  }

  /** An Int32Array of length n (contents left over). */
  i32(name: string, n: number): Int32Array {
    return WorkArrays.take(this.i32s, name, n, (len) => new Int32Array(len));
  }

  /** A Uint8Array of length n (contents left over). */
  u8(name: string, n: number): Uint8Array {
    return WorkArrays.take(this.u8s, name, n, (len) => new Uint8Array(len));
  }

  /** A stamp array of length n: -1 where nothing was stamped yet (new entries always are). */
  stamp(name: string, n: number): Int32Array {
    return WorkArrays.take(this.stamps, name, n, (len) => new Int32Array(len).fill(-1));
  }

  /**
   * Let every array go (after a full run, whose arrays are the largest: the incidents it formed are built next, and
   * the next run is usually a small incremental one). Arrays are made again on next use. Each is detached, which
   * frees its memory at once instead of at the next full collection (a no-op where `ArrayBuffer.prototype.transfer`
   * is missing, as in Node 20): views taken of them before are empty after, so nothing may keep one past a run.
   */
  release(): void {
    for (const kept of [this.i32s, this.u8s, this.stamps]) {
      for (const b of kept.values()) detach(b);
      kept.clear();
    }
  }

  /** Bytes held. */
  bytes(): number {
    let total = 0;
    for (const kept of [this.i32s, this.u8s, this.stamps]) for (const b of kept.values()) total += b.byteLength;
    return total;
  }

  /** A stamp value not handed out before (so stamps left in a reused array never match it). */
  mark(): number {
    if (this.lastMark >= 0x7ffffff0) {
      for (const b of this.stamps.values()) b.fill(-1);
      this.lastMark = 0;
    }
    return this.lastMark++;
  }
}

export class AlertStore {
  /** Work arrays of the runs over this store (see WorkArrays). */
  readonly work = new WorkArrays();
  n = 0;
  ids: AlertId[] = [];
  /** textPrefix of each alert id. */
  idPrefix = new Float64Array(1024);
  private readonly byId = new StringIndex();
  first = new Float64Array(1024);
  last = new Float64Array(1024);
  severity = new Uint8Array(1024);
  detector = new Int32Array(1024);
  source = new Int32Array(1024);
  title = new Int32Array(1024);
  /** Bit r set when the alert has a tactic of kill-chain rank r. */
  tactics = new Uint16Array(1024);
  minRank = new Uint8Array(1024);
  maxRank = new Uint8Array(1024);
  /** Entities of alert i are entKey[entOff[i] .. entOff[i+1]). */
  entOff = new Int32Array(1025);
  entKey = new Int32Array(4096);
  /**
   * Alert of each entity occurrence, for the alerts ordered by `settle` (filled there in one pass, sized once for a
   * bulk load, rather than grown batch after batch beside entKey).
   */
  alertOfRef = new Int32Array(0);
  p = 0;
  /** Longest first→last span of any alert (bounds how far back a link can reach). */
  maxDuration = 0;
  /**
   * Occurrences of each key (indexes into entKey) in time order of their alerts: a compact index (refStart/refList,
   * rebuilt by `reindex`) plus, per key, the occurrences added since (`extraRefs`, merged on read). Typed arrays
   * keep a million keys off the garbage collector's back.
   */
  refStart = new Int32Array(1);
  refList = new Int32Array(0);
  /** Keys the compact index covers (keys interned later have only extras). */
  private indexedK = 0;
  /**
   * Extras per key as linked lists in typed arrays: the first node per key, and per node its occurrence and the
   * next node. Nodes are as many as extras (not one per occurrence), so a first small addition allocates little.
   */
  private extraHead = new Int32Array(0);
  private extraRef = new Int32Array(0);
  private extraLink = new Int32Array(0);
  private extraCount = 0;
  /** Merged occurrence lists of keys with extras, until the next change. */
  private readonly mergedRefs = new Map<number, Int32Array>();
  /** Alerts [0, ordered) are in the time order and the occurrence index; later ones were appended by `append`. */
  private ordered = 0;

  K = 0;
  private readonly keyIndex = new StringIndex();
  /**
   * Characters of the keys and values, in one pool (see `TextPool`): at a million alerts some two million keys and
   * as many values, which as strings were ~160 MB and four million objects for every full collection to mark. A
   * value that is its key after the type prefix (addresses, host names) is a span of the key's bytes.
   */
  private readonly text = new TextPool();
  private readonly keyText = new TextList(this.text);
  keyType = new Uint8Array(1024);
  /**
   * Type and value of each key as one number (value id × 32 + type code): keys with equal numbers name one entity
   * (a host by name and by device id, an account by UPN and by SID), compared without reading strings.
   */
  keyAlias = new Int32Array(1024);
  private readonly valueIndex = new StringIndex();
  private readonly valueText = new TextList(this.text);
  keyCount = new Int32Array(1024);
  /**
   * Scratch: the last alert index that used each key (deduplicates the keys of an alert with many entities without
   * a Set); allocated when the first such alert comes.
   */
  private keyStamp = new Int32Array(0);
  /**
   * Counts taken when the store reached 512, 1,024, 2,048... alerts (the last two), so `expect` extrapolates keys at
   * their recent rate: hosts and users are new in an import's first alerts and repeat later.
   */
  private marks: { n: number; K: number; values: number; chars: number }[] = [];

  private readonly detIndex = new Map<string, number>();
  detStr: string[] = [];
  private readonly srcIndex = new Map<string, number>();
  srcStr: string[] = [];
  private readonly titleIndex = new Map<string, number>();
  titleStr: string[] = [];

  /** Alert indexes in time order, and each alert's position in it. */
  order = new Int32Array(1024);
  pos = new Int32Array(1024);

  indexOf(id: string): number | undefined {
    const i = this.byId.get(id, hashString(id), this.ids);
    return i < 0 ? undefined : i;
  }

  /** Id of key k's value (keys with one value share it). */
  valueIdOf(k: number): number {
    return (this.keyAlias[k] ?? 0) >> 5;
  }

  /** The value of key k (kept once per distinct value: a list per key was 8 bytes a key, millions of keys at 1M). */
  keyValue(k: number): string {
    return this.valueText.at(this.valueIdOf(k));
  }

  /** Key k (made from its characters, unless made lately: see `TextList.at`). */
  keyString(k: number): string {
    return this.keyText.at(k);
  }

  /** Number of distinct values. */
  get valueCount(): number {
    return this.valueText.count;
  }

  /** Index of a key, or -1. */
  keyIndexOf(key: string): number {
    return this.keyIndex.get(key, hashString(key), this.keyText);
  }

  private intern(map: Map<string, number>, list: string[], s: string): number {
    let i = map.get(s);
    if (i === undefined) {
      i = list.length;
      list.push(s);
      map.set(s, i);
    }
    return i;
  }

  /**
   * The keys interned lately, by hash modulo 4,096: the hosts and accounts of most alerts are found here on one
   * comparison of bytes likely in cache, before the table (a cache miss in a table of millions); their hashes, so
   * that a new key (most of an import's) skips that comparison. Not the strings: an import's keys are slices of its
   * chunks' text, which they would keep alive.
   */
  private readonly recentK = new Int32Array(4096).fill(-1);
  private readonly recentH = new Int32Array(4096);

  /** Intern a key; returns its index. */
  keyOf(key: string, type: EntityType, value: string): number {
    const k = this.internKey(key);
    if (k === this.K) this.newKey(key, type, value);
    return k;
  }

  /** Index of `key`, or `K` when it is new: the caller then adds it with `newKey` at once. */
  private internKey(key: string): number {
    const h = hashString(key);
    const slot = h & 4095;
    const recent = this.recentK[slot] ?? -1;
    if (recent >= 0 && this.recentH[slot] === h && this.keyText.equals(recent, key)) return recent;
    const k = this.keyIndex.intern(key, h, this.keyText, this.K);
    this.recentK[slot] = k;
    this.recentH[slot] = h;
    return k;
  }

  private newKey(key: string, type: EntityType, value: string): void {
    const k = this.K++;
    this.keyText.push(key);
    const values = this.valueText;
    const v = this.valueIndex.intern(value, hashString(value), values, values.count);
    if (v === values.count) {
      if (isKeyValue(key, value)) values.pushTail(this.keyText, k, key.length - value.length);
      else values.push(value);
    }
    if (this.keyType.length < this.K) this.keyRoom(this.K, false);
    const t = TYPE_CODE.get(type) ?? 0;
    this.keyType[k] = t;
    this.keyAlias[k] = v * 32 + t;
  }

  /** Room for `n` keys in each per-key array (see `grow`). */
  private keyRoom(n: number, exact: boolean): void {
    this.keyType = grow(this.keyType, n, exact);
    this.keyAlias = grow(this.keyAlias, n, exact);
    this.keyCount = grow(this.keyCount, n, exact);
  }

  /**
   * Room for `n` alerts in all before a bulk load (the engine knows how many a case holds): each per-alert array and
   * the id index are allocated once at their final size instead of doubling some ten times, which in V8 counts as
   * external memory and provokes full collections in the middle of the load. `exact`: `n` is the final size.
   */
  reserve(n: number, exact = false): void {
    this.first = grow(this.first, n, exact);
    this.last = grow(this.last, n, exact);
    this.idPrefix = grow(this.idPrefix, n, exact);
    this.severity = grow(this.severity, n, exact);
    this.detector = grow(this.detector, n, exact);
    this.source = grow(this.source, n, exact);
    this.title = grow(this.title, n, exact);
    this.tactics = grow(this.tactics, n, exact);
    this.minRank = grow(this.minRank, n, exact);
    this.maxRank = grow(this.maxRank, n, exact);
    this.entOff = grow(this.entOff, n + 1, exact);
    this.byId.reserve(n, exact);
  }

  /**
   * `reserve(n)` at exactly `n`, plus room for the keys, values and entity occurrences of the alerts still to come,
   * at their recent rate (an import calls it with its estimate once a twentieth of it is in): each table and array
   * is then allocated once at its final size, where doubling leaves a series of dead copies for the collector.
   */
  expect(n: number): void {
    this.reserve(n, true);
    const have = this.n;
    const since = this.marks[0];
    if (have < 1000 || n <= have || !since || since.n >= have) return;
    const scale = n / have;
    // Keys and values at their rate since the older mark (between a quarter and a half of the alerts so far).
    const more = (n - have) / (have - since.n);
    const keys = Math.ceil(this.K + (this.K - since.K) * more);
    this.keyIndex.reserve(keys, true);
    const values = Math.ceil(this.valueText.count + (this.valueText.count - since.values) * more);
    this.valueIndex.reserve(values, true);
    this.valueText.reserve(values);
    this.keyText.reserve(keys);
    this.text.reserve(Math.ceil((this.text.used - since.chars) * more));
    this.keyRoom(keys, true);
    this.entKey = grow(this.entKey, Math.ceil(this.p * scale), true);
  }

  /** Append alerts (ids already present are skipped), ordered and indexed. Returns the indexes of the new ones. */
  add(alerts: CorrelationBatch): number[] {
    const from = this.n;
    this.append(alerts);
    const added: number[] = [];
    for (let i = from; i < this.n; i++) added.push(i);
    this.settle();
    return added;
  }

  /**
   * Append alerts (ids already present are skipped) without ordering or indexing them: a bulk load appends batch
   * after batch and `settle` orders and indexes them once.
   */
  append(batch: CorrelationBatch): void {
    const coded = 'coded' in batch ? batch : undefined;
    const alerts = coded ? coded.alerts : (batch as readonly CorrelationAlert[]);
    // A coded batch's key of each dictionary entry, interned at its first occurrence (-1 before).
    const keyOfEntry = new Int32Array(coded ? coded.types.length : 0).fill(-1);
    this.reserve(this.n + alerts.length);
    const ids = this.ids;
    let p = this.p;
    let entKey = this.entKey;
    for (let x = 0; x < alerts.length; x++) {
      const a = alerts[x];
      if (!a) continue;
      const i = this.n;
      if (this.byId.intern(a.id, hashString(a.id), ids, i) !== i) continue;
      this.n++;
      ids.push(a.id);
      this.idPrefix[i] = textPrefix(a.id);
      const first = Number.isFinite(a.first) ? a.first : 0;
      const last = Number.isFinite(a.last) && a.last > first ? a.last : first;
      this.first[i] = first;
      this.last[i] = last;
      if (last - first > this.maxDuration) this.maxDuration = last - first;
      this.severity[i] = SEVERITY_CODE.get(a.severity) ?? 2;
      this.detector[i] = this.intern(this.detIndex, this.detStr, a.detectorId || a.title);
      this.source[i] = this.intern(this.srcIndex, this.srcStr, a.source);
      this.title[i] = this.intern(this.titleIndex, this.titleStr, a.title);
      let mask = 0;
      let lo = UNKNOWN_RANK;
      let hi = 0;
      const tactics = a.tactics;
      for (let t = 0; t < tactics.length; t++) {
        const r = tacticRank(tactics[t] ?? '');
        if (r >= UNKNOWN_RANK) continue;
        mask |= 1 << r;
        if (r < lo) lo = r;
        if (r > hi) hi = r;
      }
      this.tactics[i] = mask;
      this.minRank[i] = lo;
      this.maxRank[i] = mask ? hi : 0;
      const ents = a.entities;
      const s = coded?.slots[x] ?? 0;
      const from = coded ? (coded.offsets[s] ?? 0) : 0;
      const count = coded ? (coded.offsets[s + 1] ?? 0) - from : ents.length;
      if (p + count > entKey.length) entKey = this.entKey = grow(entKey, p + count);
      // Keys of one alert are deduplicated (entities of an alert may share one: a mailbox and an account UPN). A
      // scan of the alert's own keys does it for the usual few, a stamp per key for big alerts.
      const p0 = p;
      const few = count <= 16;
      for (let y = 0; y < count; y++) {
        let k: number;
        if (coded) {
          const c = coded.ent[from + y] ?? 0;
          k = keyOfEntry[c] ?? -1;
          if (k < 0) {
            // The key's string is a slice of the chunk's text; its value is made only for a new key.
            const key = codedKey(coded, c);
            k = keyOfEntry[c] = this.internKey(key);
            if (k === this.K) this.newKey(key, typeOfCode(coded.types[c] ?? 0), codedValue(coded, c));
          }
        } else {
          const e = ents[y];
          if (!e) continue;
          k = this.keyOf(e.key, e.type, e.value);
        }
        if (few) {
          let q = p0;
          while (q < p && entKey[q] !== k) q++;
          if (q < p) continue;
        } else {
          const stamp = this.stampFor(k);
          if (stamp[k] === i) continue;
          stamp[k] = i;
        }
        entKey[p] = k;
        p++;
        this.keyCount[k] = (this.keyCount[k] ?? 0) + 1;
      }
      this.p = p;
      this.entOff[i + 1] = p;
      if (this.n >= 512 && (this.n & (this.n - 1)) === 0) this.marks = [this.marks[this.marks.length - 1] ?? { n: 0, K: 0, values: 0, chars: 0 }, { n: this.n, K: this.K, values: this.valueText.count, chars: this.text.used }];
    }
  }

  /** The key stamp array, sized to hold key k. */
  private stampFor(k: number): Int32Array {
    if (this.keyStamp.length <= k) {
      const b = new Int32Array(Math.max(1024, this.K, this.keyStamp.length * 2)).fill(-1);
      b.set(this.keyStamp);
      this.keyStamp = b;
    }
    return this.keyStamp;
  }

  /** Order and index the alerts appended since the last call (a no-op when there are none). */
  settle(): void {
    const from = this.ordered;
    if (from === this.n) return;
    // An eighth more room than a bulk load needs, so that the additions after it do not reallocate.
    if (this.alertOfRef.length < this.p) {
      const b = new Int32Array(this.p + (this.p >> 3));
      b.set(this.alertOfRef);
      this.alertOfRef = b;
    }
    const alertOfRef = this.alertOfRef;
    const entOff = this.entOff;
    for (let i = from, e = entOff[from] ?? 0; i < this.n; i++) for (const end = entOff[i + 1] ?? 0; e < end; e++) alertOfRef[e] = i;
    this.mergeOrder(from);
    this.ordered = this.n;
    // Small additions go to the extras; past a quarter of the index, rebuild it.
    if (this.extraCount + (this.p - (this.entOff[from] ?? 0)) > this.refList.length / 4) this.reindex();
    else for (let i = from; i < this.n; i++) for (let e = this.entOff[i] ?? 0, end = this.entOff[i + 1] ?? 0; e < end; e++) this.addExtra(this.entKey[e] ?? 0, e);
  }

  private addExtra(k: number, e: number): void {
    if (this.extraHead.length < this.K) {
      const b = new Int32Array(Math.max(this.K + (this.K >> 2), this.extraHead.length * 2)).fill(-1);
      b.set(this.extraHead);
      this.extraHead = b;
    }
    const node = this.extraCount++;
    if (this.extraRef.length <= node) {
      this.extraRef = grow(this.extraRef, Math.max(1024, node + 1));
      this.extraLink = grow(this.extraLink, this.extraRef.length);
    }
    if (this.mergedRefs.size) this.mergedRefs.delete(k);
    this.extraRef[node] = e;
    this.extraLink[node] = this.extraHead[k] ?? -1;
    this.extraHead[k] = node;
  }

  /** True when the compact index holds every occurrence (no extras, no key interned since). */
  get indexComplete(): boolean {
    return this.extraCount === 0 && this.indexedK === this.K && this.ordered === this.n;
  }

  /** True when occurrences were added since the last rebuild of the compact index. */
  get hasExtras(): boolean {
    return this.extraCount > 0;
  }

  /** Rebuild the compact occurrence index from the time order (a counting sort: O(occurrences)). */
  reindex(): void {
    const K = this.K;
    const start = new Int32Array(K + 1);
    for (let e = 0; e < this.p; e++) start[(this.entKey[e] ?? 0) + 1]++;
    for (let k = 0; k < K; k++) start[k + 1] = (start[k + 1] ?? 0) + (start[k] ?? 0);
    const list = new Int32Array(this.p);
    const fill = this.work.i32('fill', K);
    fill.set(start.subarray(0, K));
    for (let q = 0; q < this.n; q++) {
      const i = this.order[q] ?? 0;
      for (let e = this.entOff[i] ?? 0, end = this.entOff[i + 1] ?? 0; e < end; e++) list[fill[this.entKey[e] ?? 0]++] = e;
    }
    this.refStart = start;
    this.refList = list;
    this.indexedK = K;
    // The extras' heads are allocated by the first addition (`addExtra`), not here: a bulk load's run is usually
    // the last for a while, and a head per key is ~12 MB at a million alerts, live at the import's peak.
    if (this.extraCount > 0) this.extraHead.fill(-1);
    this.mergedRefs.clear();
    this.extraCount = 0;
  }

  /** Number of occurrences of key k in the compact index (the rest are extras). */
  private indexedCount(k: number): number {
    return k < this.indexedK ? (this.refStart[k + 1] ?? 0) - (this.refStart[k] ?? 0) : 0;
  }

  /** Occurrences of key k in time order. */
  refsOf(k: number): Int32Array {
    const lo = k < this.indexedK ? (this.refStart[k] ?? 0) : 0;
    const base = this.refList.subarray(lo, lo + this.indexedCount(k));
    const head = k < this.extraHead.length ? (this.extraHead[k] ?? -1) : -1;
    if (head < 0) return base;
    const cached = this.mergedRefs.get(k);
    if (cached) return cached;
    const extra: number[] = [];
    for (let j = head; j >= 0; j = this.extraLink[j] ?? -1) extra.push(this.extraRef[j] ?? 0);
    const out = this.mergeExtras(base, extra);
    this.mergedRefs.set(k, out);
    return out;
  }

  /**
   * Occurrences `base` (in time order) and `extra` (in any order) merged by time order (positions are current:
   * merging new alerts never reorders old ones).
   */
  private mergeExtras(base: Int32Array, extra: readonly number[]): Int32Array {
    const pos = this.pos;
    const alertOf = this.alertOfRef;
    const at = (e: number): number => pos[alertOf[e] ?? 0] ?? 0;
    const more = Int32Array.from(extra).sort((a, b) => at(a) - at(b));
    const out = new Int32Array(base.length + more.length);
    let i = 0;
    let j = 0;
    let w = 0;
    while (i < base.length && j < more.length) out[w++] = at(base[i] ?? 0) <= at(more[j] ?? 0) ? (base[i++] ?? 0) : (more[j++] ?? 0);
    while (i < base.length) out[w++] = base[i++] ?? 0;
    while (j < more.length) out[w++] = more[j++] ?? 0;
    return out;
  }

  /**
   * Occurrences of key k whose alerts start within [from, to], in time order: a binary search in the compact index
   * and the extras that fall inside, without merging the key's whole list (a DC has a hundred thousand).
   */
  refsWithin(k: number, from: number, to: number): Int32Array {
    const first = this.first;
    const alertOf = this.alertOfRef;
    const lo = k < this.indexedK ? (this.refStart[k] ?? 0) : 0;
    const hi = lo + this.indexedCount(k);
    const list = this.refList;
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >> 1;
      if ((first[alertOf[list[mid] ?? 0] ?? 0] ?? 0) < from) a = mid + 1;
      else b = mid;
    }
    let end = a;
    while (end < hi && (first[alertOf[list[end] ?? 0] ?? 0] ?? 0) <= to) end++;
    const base = list.subarray(a, end);
    const head = k < this.extraHead.length ? (this.extraHead[k] ?? -1) : -1;
    if (head < 0) return base;
    const extra: number[] = [];
    for (let j = head; j >= 0; j = this.extraLink[j] ?? -1) {
      const e = this.extraRef[j] ?? 0;
      const f = first[alertOf[e] ?? 0] ?? 0;
      if (f >= from && f <= to) extra.push(e);
    }
    return extra.length ? this.mergeExtras(base, extra) : base;
  }

  /** Order of the ids of alerts a and b (code units). */
  cmpIds(a: number, b: number): number {
    return cmpText(this.idPrefix[a] ?? -1, this.idPrefix[b] ?? -1, this.ids[a] ?? '', this.ids[b] ?? '');
  }

  /**
   * Order of keys a and b (code units). Only tie-breaks between an incident's impacted assets compare keys, so the
   * strings are compared directly (a numeric prefix per key cost 8 bytes a key: 34 MB for the ~3M keys of 1M alerts).
   */
  cmpKeys(a: number, b: number): number {
    return this.keyText.compare(a, b);
  }

  private before(a: number, b: number): boolean {
    const fa = this.first[a] ?? 0;
    const fb = this.first[b] ?? 0;
    return fa < fb || (fa === fb && this.cmpIds(a, b) < 0);
  }

  /** Merge the alerts from `old` on into the time order (sort the batch, then one linear merge). */
  private mergeOrder(old: number): void {
    if (old === this.n) return;
    const first = this.first;
    const batch = new Int32Array(this.n - old);
    for (let x = 0; x < batch.length; x++) batch[x] = old + x;
    // -1/0/1 rather than a difference of times: a comparator returning a non-integer number allocates it.
    batch.sort((a, b) => {
      const fa = first[a] ?? 0;
      const fb = first[b] ?? 0;
      return fa < fb ? -1 : fa > fb ? 1 : this.cmpIds(a, b);
    });
    // Alerts before the batch's earliest keep their places: find where the batch starts (binary search) and merge
    // only the tail, so imports that arrive roughly in time order cost O(batch), not O(store).
    let lo = 0;
    let hi = old;
    const b0 = batch[0] ?? 0;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.before(this.order[mid] ?? 0, b0)) lo = mid + 1;
      else hi = mid;
    }
    if (this.order.length < this.n) {
      const grown = new Int32Array(Math.max(this.n, this.order.length * 2));
      grown.set(this.order.subarray(0, old));
      this.order = grown;
    }
    const tail = this.order.slice(lo, old);
    let i = 0;
    let j = 0;
    let w = lo;
    while (i < tail.length && j < batch.length) {
      const a = tail[i] ?? 0;
      const b = batch[j] ?? 0;
      if (this.before(b, a)) {
        this.order[w++] = b;
        j++;
      } else {
        this.order[w++] = a;
        i++;
      }
    }
    while (i < tail.length) this.order[w++] = tail[i++] ?? 0;
    while (j < batch.length) this.order[w++] = batch[j++] ?? 0;
    this.pos = grow(this.pos, this.order.length);
    for (let p = lo; p < this.n; p++) this.pos[this.order[p] ?? 0] = p;
  }
}
