// Incidents as columns. A million-alert case can hold a million incidents; as objects they were most of the engine's
// heap, their JSON most of an import's final write, and parsing it most of the wait before the incident queue
// answered at open. Here each incident is a slot: typed arrays for its times and codes, one dictionary of its
// strings (titles, assignees, sources, tags, impacted assets), a pool of coded lists, and its alert ids. Objects are
// made only for what is asked for (a page of rows, an opened incident, an export). A stored chunk is the same
// columns (`IncidentColumns` in the schema) with codes into the table's dictionary, which is stored beside the chunks
// (or, in case files and chunks written before schema v4, over the chunk's own dictionary), so loading one is copying
// typed arrays.
import type { AlertId, EntityKey, ImpactedAsset, Incident, IncidentId, IncidentStatus } from '#shared/model/index';
import { CLASSIFICATIONS, DETERMINATIONS, ENTITY_TYPES, INCIDENT_STATUSES, SEVERITIES, TACTICS, isKeyValue, valueOfKey } from '#shared/model/index';
import { Dict } from '#shared/store/alert-index';
import { detach, grow } from '#shared/model/arrays';
import { StringIndex, hashString } from '#shared/model/string-index';
import type { IncidentColumns } from '#shared/store/db';
import type { IncidentState } from '#shared/correlate/index';

export const NO_MASK = 0xffffffff;
/**
 * An impacted asset's value code when the value is its key after the type prefix (`host:ws-1` shows `ws-1`; most
 * assets): the value is not stored a second time.
 */
export const KEY_VALUE = -2;
/** Columns per incident: times (first, last, created, updated), codes (severity, status, class., det.), text. */
export const TIMES = 4;
export const CODES = 4;
export const TEXT = 2;

const indexer = <T extends string>(list: readonly T[]): Map<string, number> => new Map(list.map((v, i) => [v, i]));
const SEV = indexer(SEVERITIES);
const STATUS = indexer(INCIDENT_STATUSES);
const CLASS = indexer(CLASSIFICATIONS);
const DET = indexer(DETERMINATIONS);
const TYPE = indexer(ENTITY_TYPES);
const TACTIC_BIT = new Map(TACTICS.map((t, i) => [t.id, i]));
const REDIRECTED = STATUS.get('redirected') ?? 3;
if (TACTICS.length > 31) throw new Error('Tactic masks hold at most 31 tactics');

const enumCode = (map: Map<string, number>, value: string, id: string, field: string): number => {
  const c = map.get(value);
  if (c === undefined) throw new Error(`Incident ${id}: unknown ${field} '${value}'`);
  return c;
};

/** The mask of tactics listed once each in kill-chain order, else NO_MASK (the list is kept as it is). */
const maskOf = (tactics: readonly string[]): number => {
  let mask = 0;
  let prev = -1;
  for (const t of tactics) {
    const b = TACTIC_BIT.get(t);
    if (b === undefined || b <= prev) return NO_MASK;
    mask |= 1 << b;
    prev = b;
  }
  return mask >>> 0;
};

/** The bits of the known tactics among some ids (a filter that names any of them). */
export const maskOfAny = (ids: Iterable<string>): number => {
  let mask = 0;
  for (const id of ids) {
    const b = TACTIC_BIT.get(id);
    if (b !== undefined) mask |= 1 << b;
  }
  return mask;
};

const tacticsByMask = new Map<number, readonly string[]>();
const tacticsOfMask = (mask: number): string[] => {
  let t = tacticsByMask.get(mask);
  if (!t) {
    const out: string[] = [];
    for (let b = 0; b < TACTICS.length; b++) if (mask & (1 << b)) out.push(TACTICS[b]?.id ?? '');
    t = out;
    tacticsByMask.set(mask, t);
  }
  return t.slice();
};

/** A code map: a chunk dictionary's table codes, or a function (a chunk dictionary being built). */
type CodeMap = Int32Array | ((code: number) => number) | undefined;
const mapCode = (map: CodeMap, v: number): number => (v < 0 || !map ? v : typeof map === 'function' ? map(v) : (map[v] ?? 0));

/**
 * Copy one incident's coded lists from `src` at `from` to `dst` at `to` (the same array and offset maps in place),
 * passing each dictionary code through `map`: sources, tags, custom title, redirect, assets (key, value, type, alert
 * count), tactics when not a mask. Counts, asset types and alert counts, and the -1 / KEY_VALUE markers, stay as they
 * are. Returns the end in `dst`.
 */
const copyLists = (src: Int32Array, from: number, dst: Int32Array, to: number, map: CodeMap): number => {
  let i = from;
  let o = to;
  for (let list = 0; list < 2; list++) {
    const n = src[i++] ?? 0;
    dst[o++] = n;
    for (let k = 0; k < n; k++) dst[o++] = mapCode(map, src[i++] ?? 0);
  }
  dst[o++] = mapCode(map, src[i++] ?? 0);
  dst[o++] = mapCode(map, src[i++] ?? 0);
  const na = src[i++] ?? 0;
  dst[o++] = na;
  for (let k = 0; k < na; k++) {
    dst[o++] = mapCode(map, src[i++] ?? 0);
    dst[o++] = mapCode(map, src[i++] ?? 0);
    dst[o++] = src[i++] ?? 0;
    dst[o++] = src[i++] ?? 0;
  }
  const nt = src[i++] ?? 0;
  dst[o++] = nt;
  for (let k = 0; k < nt; k++) dst[o++] = mapCode(map, src[i++] ?? 0);
  return o;
};

export class IncidentTable {
  n = 0;
  ids: string[] = [];
  times = new Float64Array(0);
  codes = new Uint8Array(0);
  tactics = new Uint32Array(0);
  text = new Int32Array(0);
  /** Alert ids per slot: one id, or the list. */
  alerts: (string | readonly string[])[] = [];
  varStart = new Uint32Array(0);
  varLen = new Uint32Array(0);
  pool = new Int32Array(64);
  private poolUsed = 0;
  private poolLive = 0;
  private strings = new Dict();
  /** The strings of every incident, by code. */
  get dict(): readonly string[] {
    return this.strings.values;
  }
  /**
   * Slot of each id (positions in `ids`), built on first need: a case opens without hashing its incidents' ids, and
   * an import sizes it once with the table (a `Map` of a million ids grew through a series of dead tables).
   */
  private slotIndex: StringIndex | undefined;
  /** Bumped on every write (query orders are cached per version). */
  version = 0;

  code(s: string): number {
    return this.strings.code(s);
  }

  slotOf(id: string): number | undefined {
    const s = this.slots().get(id, hashString(id), this.ids);
    return s < 0 ? undefined : s;
  }

  /** Slots [0, indexedSlots) are in `slotIndex`. */
  private indexedSlots = 0;

  /** The id index with every slot in (with room for `room` ids), built or completed on first need. */
  private slots(room = 0): StringIndex {
    const index = (this.slotIndex ??= new StringIndex());
    if (room) index.reserve(room, true);
    this.indexSlots(this.n);
    return index;
  }

  /**
   * Put the ids of slots up to `upto` into the id index; true when every slot is in. A first correlation's million
   * new incidents are put in the table without it (their ids are new, so nothing is looked up); the engine then
   * indexes them slice by slice between requests, and any lookup completes it first.
   */
  indexSlots(upto: number): boolean {
    const index = (this.slotIndex ??= new StringIndex());
    const end = Math.min(upto, this.n);
    // Room for every slot: exactly at the first slice, then (rows put meanwhile) by doubling, never one by one.
    if (end > this.indexedSlots) index.reserve(this.n, this.indexedSlots === 0);
    for (let s = this.indexedSlots; s < end; s++) {
      const id = this.ids[s] ?? '';
      index.intern(id, hashString(id), this.ids, s);
    }
    this.indexedSlots = Math.max(this.indexedSlots, end);
    return this.indexedSlots >= this.n;
  }

  /** A new slot's id into the index, when the index holds every slot before it (else a later catch-up puts it in). */
  private indexSlot(s: number): void {
    if (!this.slotIndex || s !== this.indexedSlots) return;
    const id = this.ids[s] ?? '';
    this.slotIndex.intern(id, hashString(id), this.ids, s);
    this.indexedSlots = s + 1;
  }

  /**
   * Room for `rows` incidents in all, allocated once: a first correlation adds a million rows at once, and doubling
   * would leave a series of dead columns behind at the import's peak of memory.
   */
  reserveRows(rows: number, index = true): void {
    this.reserve(rows, true);
    if (index) this.slots(rows);
    else if (this.n === 0) {
      // An empty table's index (made by a lookup before) is dropped, so the rows put next are not hashed into it.
      this.slotIndex = undefined;
      this.indexedSlots = 0;
    }
  }

  /** Room for `more` pool entries beyond those in use, allocated once (see `reserveRows`). */
  reservePool(more: number): void {
    this.pool = grow(this.pool, this.poolUsed + Math.ceil(more), true);
  }

  /** Pool entries per row so far (the rate `reservePool` is given). */
  poolPerRow(): number {
    return this.n ? this.poolUsed / this.n : 0;
  }

  private reserve(need: number, exact = false): void {
    if (need <= this.varStart.length) return;
    const size = exact ? need : Math.max(need, this.varStart.length * 2, 1024);
    this.times = grow(this.times, size * TIMES);
    this.codes = grow(this.codes, size * CODES);
    this.tactics = grow(this.tactics, size);
    this.text = grow(this.text, size * TEXT);
    this.varStart = grow(this.varStart, size);
    this.varLen = grow(this.varLen, size);
  }

  /** Whether rows were put while the id index was not built (an append must then look its ids up). */
  private putUnindexed = false;

  private newSlot(id: string): number {
    const s = this.n++;
    this.reserve(this.n);
    this.ids[s] = id;
    if (!this.slotIndex) this.putUnindexed = true;
    this.indexSlot(s);
    return s;
  }

  /** Room for `more` pool entries, compacting when most of the pool is garbage from rewritten incidents. */
  private poolRoom(more: number): void {
    if (this.poolUsed + more <= this.pool.length) return;
    if (this.poolLive * 2 < this.poolUsed) {
      const next = new Int32Array(Math.max(64, (this.poolLive + more) * 2));
      let at = 0;
      for (let s = 0; s < this.n; s++) {
        const start = this.varStart[s] ?? 0;
        const len = this.varLen[s] ?? 0;
        next.set(this.pool.subarray(start, start + len), at);
        this.varStart[s] = at;
        at += len;
      }
      this.pool = next;
      this.poolUsed = at;
      if (at + more <= next.length) return;
    }
    this.pool = grow(this.pool, Math.max(this.poolUsed + more, this.pool.length * 2));
  }

  private setVars(s: number, vars: readonly number[] | Int32Array): void {
    const len = vars.length;
    this.poolLive -= this.varLen[s] ?? 0;
    this.poolRoom(len);
    const at = this.poolUsed;
    for (let k = 0; k < len; k++) this.pool[at + k] = vars[k] ?? 0;
    this.varStart[s] = at;
    this.varLen[s] = len;
    this.poolUsed += len;
    this.poolLive += len;
  }

  /**
   * Write an incident (a new slot, or over the one with its id); returns its slot. `at`: its slot (undefined for
   * none) when the caller has looked it up already (a first correlation writes a million).
   */
  put(i: Incident, at?: { slot: number | undefined }): number {
    const sev = enumCode(SEV, i.severity, i.id, 'severity');
    const status = enumCode(STATUS, i.status, i.id, 'status');
    const cls = enumCode(CLASS, i.classification, i.id, 'classification');
    const det = enumCode(DET, i.determination, i.id, 'determination');
    const vars: number[] = [i.sources.length];
    for (const src of i.sources) vars.push(this.code(src));
    vars.push(i.tags.length);
    for (const t of i.tags) vars.push(this.code(t));
    vars.push(i.customTitle === undefined ? -1 : this.code(i.customTitle), i.redirectedTo === undefined ? -1 : this.code(i.redirectedTo));
    vars.push(i.impactedAssets.length);
    for (const a of i.impactedAssets) vars.push(this.code(a.key), isKeyValue(a.key, a.value) ? KEY_VALUE : this.code(a.value), enumCode(TYPE, a.type, i.id, 'asset type'), a.alertCount);
    const mask = maskOf(i.tactics);
    if (mask === NO_MASK) {
      vars.push(i.tactics.length);
      for (const t of i.tactics) vars.push(this.code(t));
    } else vars.push(0);
    const s = (at ? at.slot : this.slotOf(i.id)) ?? this.newSlot(i.id);
    this.times[s * TIMES] = i.firstActivity;
    this.times[s * TIMES + 1] = i.lastActivity;
    this.times[s * TIMES + 2] = i.createdAt;
    this.times[s * TIMES + 3] = i.updatedAt;
    this.codes[s * CODES] = sev;
    this.codes[s * CODES + 1] = status;
    this.codes[s * CODES + 2] = cls;
    this.codes[s * CODES + 3] = det;
    this.tactics[s] = mask;
    this.text[s * TEXT] = this.code(i.title);
    this.text[s * TEXT + 1] = this.code(i.assignedTo);
    this.alerts[s] = i.alertIds.length === 1 ? (i.alertIds[0] ?? '') : [...i.alertIds];
    this.setVars(s, vars);
    this.version++;
    return s;
  }

  alertIdsAt(s: number): readonly string[] {
    const a = this.alerts[s] ?? [];
    return typeof a === 'string' ? [a] : a;
  }
  alertCountAt(s: number): number {
    const a = this.alerts[s] ?? [];
    return typeof a === 'string' ? 1 : a.length;
  }
  isRedirected(s: number): boolean {
    return (this.codes[s * CODES + 1] ?? 0) === REDIRECTED;
  }
  statusAt(s: number): IncidentStatus {
    return INCIDENT_STATUSES[this.codes[s * CODES + 1] ?? 0] ?? 'active';
  }
  createdAt(s: number): number {
    return this.times[s * TIMES + 2] ?? 0;
  }

  /** Walk an incident's coded lists. */
  private varsAt(s: number): VarReader {
    return new VarReader(this.pool, this.varStart[s] ?? 0);
  }

  /** A dictionary string lower-cased, once per code (the dictionary only grows, so this is never stale). */
  lowerOf(code: number): string {
    let l = this.lower[code];
    if (l === undefined) {
      l = (this.dict[code] ?? '').toLowerCase();
      this.lower[code] = l;
    }
    return l;
  }
  private lower: (string | undefined)[] = [];

  dictCodeOf(s: string): number | undefined {
    return this.strings.lookup(s);
  }

  /** Pool offset of an incident's tag list (its sources come first, at `varStart`). */
  tagsAt(s: number): number {
    const start = this.varStart[s] ?? 0;
    return start + 1 + (this.pool[start] ?? 0);
  }
  /** Pool offset of an incident's custom-title code; its redirect follows, then the asset count and the assets. */
  customAt(s: number): number {
    const tags = this.tagsAt(s);
    return tags + 1 + (this.pool[tags] ?? 0);
  }

  /** Dictionary code of the title as shown (the analyst's, else the generated one). */
  shownTitleCode(s: number): number {
    const custom = this.pool[this.customAt(s)] ?? -1;
    return custom >= 0 ? custom : (this.text[s * TEXT] ?? 0);
  }

  /** The analyst-owned state the correlator is given, read without making the incident. */
  stateAt(s: number): IncidentState {
    const d = this.dict;
    const r = this.varsAt(s);
    r.skipList();
    const tags = r.list().map((c) => d[c] ?? '');
    const custom = r.next();
    const redirect = r.next();
    const st: IncidentState = {
      id: this.ids[s] ?? '',
      status: this.statusAt(s),
      assignedTo: d[this.text[s * TEXT + 1] ?? 0] ?? '',
      classification: (CLASSIFICATIONS[this.codes[s * CODES + 2] ?? 0] ?? 'unknown'),
      determination: (DETERMINATIONS[this.codes[s * CODES + 3] ?? 0] ?? 'unknown'),
      tags,
      alertIds: this.alertIdsAt(s),
    };
    if (custom >= 0) st.customTitle = d[custom] ?? '';
    if (redirect >= 0) st.redirectedTo = d[redirect] ?? '';
    return st;
  }

  tacticsAt(s: number): string[] {
    const mask = this.tactics[s] ?? 0;
    if (mask !== NO_MASK) return tacticsOfMask(mask);
    const r = this.varsAt(s);
    r.skipList();
    r.skipList();
    r.next();
    r.next();
    const n = r.next();
    r.skip(n * 4);
    return r.list().map((c) => this.dict[c] ?? '');
  }

  /** The incident in slot `s` as an object (a fresh one each time: callers may keep or change it). */
  incident(s: number): Incident {
    const d = this.dict;
    const r = this.varsAt(s);
    const sources = r.list().map((c) => d[c] ?? '');
    const tags = r.list().map((c) => d[c] ?? '');
    const custom = r.next();
    const redirect = r.next();
    const na = r.next();
    const impactedAssets: ImpactedAsset[] = new Array<ImpactedAsset>(na);
    for (let k = 0; k < na; k++) {
      const key = d[r.next()] ?? '';
      const vc = r.next();
      const value = vc === KEY_VALUE ? valueOfKey(key) : (d[vc] ?? '');
      impactedAssets[k] = { key: key as EntityKey, type: ENTITY_TYPES[r.next()] ?? 'device', value, alertCount: r.next() };
    }
    const mask = this.tactics[s] ?? 0;
    const tactics = mask === NO_MASK ? r.list().map((c) => d[c] ?? '') : tacticsOfMask(mask);
    const inc: Incident = {
      id: (this.ids[s] ?? '') as IncidentId,
      title: d[this.text[s * TEXT] ?? 0] ?? '',
      severity: (SEVERITIES[this.codes[s * CODES] ?? 0] ?? 'informational'),
      status: this.statusAt(s),
      classification: (CLASSIFICATIONS[this.codes[s * CODES + 2] ?? 0] ?? 'unknown'),
      determination: (DETERMINATIONS[this.codes[s * CODES + 3] ?? 0] ?? 'unknown'),
      assignedTo: d[this.text[s * TEXT + 1] ?? 0] ?? '',
      tags,
      firstActivity: this.times[s * TIMES] ?? 0,
      lastActivity: this.times[s * TIMES + 1] ?? 0,
      tactics,
      alertIds: [...this.alertIdsAt(s)] as AlertId[],
      impactedAssets,
      sources,
      createdAt: this.times[s * TIMES + 2] ?? 0,
      updatedAt: this.times[s * TIMES + 3] ?? 0,
    };
    if (custom >= 0) inc.customTitle = d[custom] ?? '';
    if (redirect >= 0) inc.redirectedTo = (d[redirect] ?? '') as IncidentId;
    return inc;
  }

  /**
   * Columns of these slots (a stored chunk): over their own dictionary, or (`global`) with codes into the table's
   * dictionary, which is then stored beside the chunks (`stringsFrom`).
   */
  encode(slots: readonly number[], global = false): IncidentColumns {
    const m = slots.length;
    const local = new Map<number, number>();
    const dict: string[] = [];
    const loc = (c: number): number => {
      let l = local.get(c);
      if (l === undefined) {
        l = dict.length;
        dict.push(this.dict[c] ?? '');
        local.set(c, l);
      }
      return l;
    };
    const map: CodeMap = global ? undefined : loc;
    const times = new Float64Array(m * TIMES);
    const codes = new Uint8Array(m * CODES);
    const tactics = new Uint32Array(m);
    const text = new Int32Array(m * TEXT);
    const alertCount = new Uint32Array(m);
    const alerts: string[] = [];
    const varOff = new Uint32Array(m + 1);
    let total = 0;
    for (const s of slots) total += this.varLen[s] ?? 0;
    const vars = new Int32Array(total);
    let at = 0;
    slots.forEach((s, x) => {
      times.set(this.times.subarray(s * TIMES, s * TIMES + TIMES), x * TIMES);
      codes.set(this.codes.subarray(s * CODES, s * CODES + CODES), x * CODES);
      tactics[x] = this.tactics[s] ?? 0;
      text[x * TEXT] = mapCode(map, this.text[s * TEXT] ?? 0);
      text[x * TEXT + 1] = mapCode(map, this.text[s * TEXT + 1] ?? 0);
      const a = this.alerts[s] ?? [];
      if (typeof a === 'string') {
        alerts.push(a);
        alertCount[x] = 1;
      } else {
        for (const id of a) alerts.push(id);
        alertCount[x] = a.length;
      }
      varOff[x] = at;
      at = copyLists(this.pool, this.varStart[s] ?? 0, vars, at, map);
    });
    varOff[m] = at;
    const ids = slots.map((s) => this.ids[s] ?? '');
    return global ? { ids, times, codes, tactics, text, alertCount, alerts, vars, varOff } : { ids, times, codes, tactics, text, alertCount, alerts, vars, varOff, dict };
  }

  /**
   * Give back the buffers of columns `encode` made, once they are stored (their bytes copied): each typed array is
   * detached, which frees its memory at once instead of at the next full collection (a first import writes ~700 KB
   * of them per chunk of 5,000 incidents, some 150 MB at a million alerts, all garbage at the import's memory peak).
   * Only for columns of `encode`, which share no buffer with the table. A no-op where `ArrayBuffer.prototype.transfer`
   * is missing (Node 20).
   */
  static release(c: IncidentColumns): void {
    for (const v of [c.times, c.codes, c.tactics, c.text, c.alertCount, c.vars, c.varOff]) detach(v);
  }

  /** The table's code of each string of a chunk's own dictionary. */
  private codesOf(dict: readonly string[]): Int32Array {
    const g = new Int32Array(dict.length);
    for (let l = 0; l < g.length; l++) g[l] = this.code(dict[l] ?? '');
    return g;
  }

  /** A chunk coded against the stored dictionary must not title incidents with strings beyond it (a damaged case). */
  private checkCodes(c: IncidentColumns): void {
    const size = this.dict.length;
    let max = -1;
    for (const v of c.text) max = Math.max(max, v);
    if (max >= size) throw new Error(`An incident chunk names string ${max}, but the case holds ${size}`);
  }

  /** Strings `start`… of the stored dictionary, in code order (read before the chunks that use them). */
  addStrings(start: number, strings: readonly string[]): void {
    if (start !== this.dict.length) throw new Error(`Incident strings from ${start} do not follow the ${this.dict.length} held`);
    for (const str of strings) {
      const before = this.dict.length;
      if (this.code(str) !== before) throw new Error(`Incident string ${before} repeats an earlier one`);
    }
  }

  /** Strings added since the first `n` (what a write must store beside chunks coded against the dictionary). */
  stringsFrom(n: number): string[] {
    return this.dict.slice(n);
  }

  /**
   * Add a stored chunk's incidents; returns their slots. Ids new to the table (a case being opened) take the next
   * slots, and the chunk's columns are copied in whole, its lists in one block with their dictionary codes mapped;
   * a known id is written over.
   */
  append(c: IncidentColumns): number[] {
    const m = c.ids.length;
    // A table filled only by appends (a case being opened) has no index yet, and takes new ids without lookups.
    const known = this.slotIndex || this.putUnindexed ? c.ids.some((id) => this.slotOf(id) !== undefined) : false;
    if (known) return this.appendOneByOne(c);
    const g = c.dict ? this.codesOf(c.dict) : undefined;
    if (!g) this.checkCodes(c);
    const s0 = this.n;
    this.n += m;
    this.reserve(this.n);
    const out: number[] = new Array<number>(m);
    for (let x = 0; x < m; x++) {
      const id = c.ids[x] ?? '';
      this.ids[s0 + x] = id;
      this.indexSlot(s0 + x);
      out[x] = s0 + x;
    }
    this.times.set(c.times.subarray(0, m * TIMES), s0 * TIMES);
    this.codes.set(c.codes.subarray(0, m * CODES), s0 * CODES);
    this.tactics.set(c.tactics.subarray(0, m), s0);
    for (let k = 0; k < m * TEXT; k++) this.text[s0 * TEXT + k] = g ? (g[c.text[k] ?? 0] ?? 0) : (c.text[k] ?? 0);
    for (let x = 0, a = 0; x < m; x++) {
      const na = c.alertCount[x] ?? 0;
      this.alerts[s0 + x] = na === 1 ? (c.alerts[a] ?? '') : c.alerts.slice(a, a + na);
      a += na;
    }
    // The lists: one block into the pool, then (a chunk with its own dictionary) each code mapped in place.
    const total = c.varOff[m] ?? 0;
    this.poolRoom(total);
    const base = this.poolUsed;
    const pool = this.pool;
    pool.set(c.vars.subarray(0, total), base);
    for (let x = 0; x < m; x++) {
      const start = base + (c.varOff[x] ?? 0);
      if (g) copyLists(pool, start, pool, start, g);
      this.varStart[s0 + x] = start;
      this.varLen[s0 + x] = base + (c.varOff[x + 1] ?? 0) - start;
    }
    this.poolUsed += total;
    this.poolLive += total;
    this.version++;
    return out;
  }

  /** `append` for a chunk with ids the table holds: each incident written over its slot (or a new one). */
  private appendOneByOne(c: IncidentColumns): number[] {
    const g = c.dict ? this.codesOf(c.dict) : undefined;
    if (!g) this.checkCodes(c);
    const glob = (l: number): number => mapCode(g, l);
    const m = c.ids.length;
    const out: number[] = new Array<number>(m);
    let a = 0;
    for (let x = 0; x < m; x++) {
      const id = c.ids[x] ?? '';
      const s = this.slotOf(id) ?? this.newSlot(id);
      out[x] = s;
      this.times.set(c.times.subarray(x * TIMES, x * TIMES + TIMES), s * TIMES);
      this.codes.set(c.codes.subarray(x * CODES, x * CODES + CODES), s * CODES);
      this.tactics[s] = c.tactics[x] ?? 0;
      this.text[s * TEXT] = glob(c.text[x * TEXT] ?? 0);
      this.text[s * TEXT + 1] = glob(c.text[x * TEXT + 1] ?? 0);
      const na = c.alertCount[x] ?? 0;
      this.alerts[s] = na === 1 ? (c.alerts[a] ?? '') : c.alerts.slice(a, a + na);
      a += na;
      const vars = new Int32Array((c.varOff[x + 1] ?? 0) - (c.varOff[x] ?? 0));
      copyLists(c.vars, c.varOff[x] ?? 0, vars, 0, g);
      this.setVars(s, vars);
    }
    this.version++;
    return out;
  }
}

/** Reads an incident's coded lists in order. */
class VarReader {
  constructor(
    private readonly pool: Int32Array,
    private at: number,
  ) {}
  next(): number {
    return this.pool[this.at++] ?? 0;
  }
  skip(n: number): void {
    this.at += n;
  }
  skipList(): void {
    this.at += (this.pool[this.at] ?? 0) + 1;
  }
  list(): number[] {
    const n = this.next();
    const out: number[] = new Array<number>(n);
    for (let k = 0; k < n; k++) out[k] = this.next();
    return out;
  }
}
