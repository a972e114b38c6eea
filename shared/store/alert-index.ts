// The queue's indexes over every alert, held in the worker's memory as columns (typed arrays and interned
// strings) and rebuilt from the alert chunks at open. Built for a million alerts (issue #5: a filter or sort
// change shows its first rows in < 150 ms):
// - sorts are typed-array permutations, cached until the data changes, and built without a comparison sort:
//   time by a stable radix sort of the activity times; title, severity, status and source by one counting pass
//   over small integer keys (a title's rank is computed once per distinct title, not per alert);
// - filters compile to lookups in small per-code tables (a text search tests each distinct title once), are
//   counted in one sequential pass, and the page is read from the sort permutation, stopping at the page's end
//   (or, when few alerts match, the matches are ordered by their rank in the permutation).
import type { AlertStatus, Severity } from '#shared/model/index';
import { ALERT_STATUSES, SEVERITIES } from '#shared/model/index';
import { grow } from '#shared/model/arrays';
import { StringIndex, hashString } from '#shared/model/string-index';

export type AlertMeta = [title: string, source: string, product: string, detectorId: string, tactics: string, entityCount: number, file: string];

/**
 * A chunk's text columns, dictionary-coded (see AlertChunkRow): per alert 6 codes into `dict`, for the strings of
 * its AlertMeta in order with the entity count left out (title, source, product, detectorId, tactics, file).
 */
export type CodedMeta = { dict: string[]; codes: Uint32Array; entityCount: Uint32Array };

/** Text positions of AlertMeta in code order (5, the entity count, is a number kept apart). */
const TEXT_AT = [0, 1, 2, 3, 4, 6] as const;

/**
 * Codes alerts' meta tuples one at a time (the reader packs each alert as soon as it is normalised, so the alert
 * object dies young instead of waiting in a batch and being promoted to the old generation).
 */
export class MetaCoder {
  private readonly dict: string[] = [];
  private readonly seen = new Map<string, number>();
  private codes: Uint32Array;
  private counts: Uint32Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.codes = new Uint32Array(Math.max(1, capacity) * 6);
    this.counts = new Uint32Array(Math.max(1, capacity));
  }

  add(m: AlertMeta): void {
    const i = this.n++;
    this.codes = grow(this.codes, this.n * 6);
    this.counts = grow(this.counts, this.n);
    for (let f = 0; f < 6; f++) {
      const v = m[TEXT_AT[f] ?? 0];
      let c = this.seen.get(v);
      if (c === undefined) {
        c = this.dict.push(v) - 1;
        this.seen.set(v, c);
      }
      this.codes[i * 6 + f] = c;
    }
    this.counts[i] = m[5];
  }

  /** The coded columns, exactly sized (a typed array is stored and posted with its whole buffer). */
  done(): CodedMeta {
    return { dict: this.dict, codes: this.codes.slice(0, this.n * 6), entityCount: this.counts.slice(0, this.n) };
  }
}

/** The coded form of alerts' meta tuples (the import packs chunks with it; older rows' JSON is read through it). */
export const codeMeta = (metas: readonly AlertMeta[]): CodedMeta => {
  const coder = new MetaCoder(metas.length);
  for (const m of metas) coder.add(m);
  return coder.done();
};

export type AlertColumnsInput = {
  seq: number;
  ids: readonly string[];
  times: Float64Array;
  severity: Uint8Array;
  status: Uint8Array;
  meta: readonly AlertMeta[] | CodedMeta;
};

/** One alert's meta tuple from either form. */
export const metaAt = (meta: readonly AlertMeta[] | CodedMeta, i: number): AlertMeta => {
  if (Array.isArray(meta)) return (meta as readonly AlertMeta[])[i] ?? ['', '', '', '', '', 0, ''];
  const { dict, codes, entityCount } = meta as CodedMeta;
  const s = (f: number): string => dict[codes[i * 6 + f] ?? 0] ?? '';
  return [s(0), s(1), s(2), s(3), s(4), entityCount[i] ?? 0, s(5)];
};

/** Strings coded in order of first appearance. */
export class Dict {
  values: string[] = [];
  private codes = new Map<string, number>();
  code(v: string): number {
    let c = this.codes.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(v);
      this.codes.set(v, c);
    }
    return c;
  }
  lookup(v: string): number | undefined {
    return this.codes.get(v);
  }
}

export type IndexFilter = {
  text?: string;
  severities?: readonly Severity[];
  statuses?: readonly AlertStatus[];
  sources?: readonly string[];
  tactics?: readonly string[];
  from?: number;
  to?: number;
  /** Restrict to these alert positions (e.g. an incident's or an entity's alerts). */
  only?: ReadonlySet<number>;
  /** Any further test on a position (state held outside the index, such as triage). */
  test?: (p: number) => boolean;
};

export type IndexSortField = 'time' | 'severity' | 'title' | 'source' | 'status';

/** A sort permutation (positions in ascending order) and, built on first need, its inverse (position → rank). */
type SortOrder = { perm: Uint32Array; rank?: Uint32Array };

export class AlertIndex {
  count = 0;
  ids: string[] = [];
  /** Position of each id (positions below `posCount`), sized with the columns when they are reserved. */
  private pos = new StringIndex();
  /** Set when an id was appended twice (the engine never does): text search then compares ids one by one. */
  private duplicateIds = false;
  first = new Float64Array(1024);
  last = new Float64Array(1024);
  severity = new Uint8Array(1024);
  /** Effective status (source status, overridden by triage). */
  status = new Uint8Array(1024);
  chunk = new Uint32Array(1024);
  slot = new Uint32Array(1024);
  entityCount = new Uint32Array(1024);
  source = new Uint32Array(1024);
  product = new Uint32Array(1024);
  tactics = new Uint32Array(1024);
  file = new Uint32Array(1024);
  /** Title and detector id of each alert, as codes into their dictionaries (`titleOf`, `detectorIdOf`). */
  title = new Uint32Array(1024);
  detector = new Uint32Array(1024);
  readonly titleDict = new Dict();
  readonly detectorDict = new Dict();
  readonly sourceDict = new Dict();
  readonly productDict = new Dict();
  readonly tacticDict = new Dict();
  /** File of the alert's first origin (so a duplicate from another export is noticed without reading bodies). */
  readonly fileDict = new Dict();
  /** Lower-cased titles and detector ids per code (dictionaries only grow: extended, never invalidated). */
  private lowerTitle: string[] = [];
  private lowerDetector: string[] = [];
  private sortCache = new Map<IndexSortField, SortOrder>();

  /** How many positions (from 0) `pos` covers: ids are hashed on first need, not at open (see `indexIds`). */
  private posCount = 0;

  /**
   * Put the ids of positions up to `upto` into the id → position map; true when every id is in. Opening a large case
   * leaves this out of the way of the first page (a million fresh ids take ~0.6 s to hash); the engine then calls it
   * slice by slice between requests, and any lookup completes it first.
   */
  indexIds(upto = this.count): boolean {
    const end = Math.min(upto, this.count);
    for (let p = this.posCount; p < end; p++) {
      const id = this.ids[p] ?? '';
      if (this.pos.intern(id, hashString(id), this.ids, p) !== p) this.duplicateIds = true;
    }
    if (end > this.posCount) this.posCount = end;
    return this.posCount >= this.count;
  }

  positionOf(id: string): number | undefined {
    if (this.posCount < this.count) this.indexIds();
    const p = this.pos.get(id, hashString(id), this.ids);
    return p < 0 ? undefined : p;
  }

  has(id: string): boolean {
    return this.positionOf(id) !== undefined;
  }

  /**
   * Room for `n` alerts in every column: exactly `n` (before appending a whole import's chunks, allocated once), or
   * as `grow` doubles when `exact` is false (one chunk appended).
   */
  reserve(n: number, exact = true): void {
    this.first = grow(this.first, n, exact);
    this.last = grow(this.last, n, exact);
    this.severity = grow(this.severity, n, exact);
    this.status = grow(this.status, n, exact);
    this.chunk = grow(this.chunk, n, exact);
    this.slot = grow(this.slot, n, exact);
    this.entityCount = grow(this.entityCount, n, exact);
    this.source = grow(this.source, n, exact);
    this.product = grow(this.product, n, exact);
    this.tactics = grow(this.tactics, n, exact);
    this.file = grow(this.file, n, exact);
    this.title = grow(this.title, n, exact);
    this.detector = grow(this.detector, n, exact);
    this.pos.reserve(n, exact);
  }

  append(input: AlertColumnsInput): void {
    const n = input.ids.length;
    const need = this.count + n;
    this.reserve(need, false);
    // Text columns: each of the chunk's distinct strings is mapped to the index's codes once (tuples of older rows
    // are coded first).
    const dicts = [this.titleDict, this.sourceDict, this.productDict, this.detectorDict, this.tacticDict, this.fileDict];
    const coded = Array.isArray(input.meta) ? codeMeta(input.meta as readonly AlertMeta[]) : (input.meta as CodedMeta);
    const local = dicts.map(() => new Int32Array(coded.dict.length).fill(-1));
    const codeOf = (f: number, i: number): number => {
      const s = coded.codes[i * 6 + f] ?? 0;
      const known = local[f]?.[s] ?? -1;
      if (known >= 0) return known;
      const c = dicts[f]?.code(coded.dict[s] ?? '') ?? 0;
      const map = local[f];
      if (map) map[s] = c;
      return c;
    };
    for (let i = 0; i < n; i++) {
      const p = this.count + i;
      const id = input.ids[i];
      this.ids.push(id);
      this.first[p] = input.times[i * 3];
      this.last[p] = input.times[i * 3 + 1];
      this.severity[p] = input.severity[i];
      this.status[p] = input.status[i];
      this.chunk[p] = input.seq;
      this.slot[p] = i;
      const t = codeOf(0, i);
      this.title[p] = t;
      this.source[p] = codeOf(1, i);
      this.product[p] = codeOf(2, i);
      const d = codeOf(3, i);
      this.detector[p] = d;
      this.tactics[p] = codeOf(4, i);
      this.entityCount[p] = coded.entityCount[i] ?? 0;
      this.file[p] = codeOf(5, i);
    }
    this.count = need;
    this.invalidate();
  }

  setStatus(p: number, status: AlertStatus): void {
    this.status[p] = ALERT_STATUSES.indexOf(status);
    this.sortCache.delete('status');
  }

  invalidate(): void {
    this.sortCache.clear();
  }

  titleOf(p: number): string {
    return this.titleDict.values[this.title[p]] ?? '';
  }
  detectorIdOf(p: number): string {
    return this.detectorDict.values[this.detector[p]] ?? '';
  }
  sourceOf(p: number): string {
    return this.sourceDict.values[this.source[p]] ?? '';
  }
  productOf(p: number): string {
    return this.productDict.values[this.product[p]] ?? '';
  }
  fileOf(p: number): string {
    return this.fileDict.values[this.file[p]] ?? '';
  }
  tacticsOf(p: number): string[] {
    const csv = this.tacticDict.values[this.tactics[p]] ?? '';
    return csv ? csv.split(',') : [];
  }
  severityOf(p: number): Severity {
    return SEVERITIES[this.severity[p]] ?? 'informational';
  }
  statusOf(p: number): AlertStatus {
    return ALERT_STATUSES[this.status[p]] ?? 'new';
  }

  private lowerTitles(): string[] {
    const values = this.titleDict.values;
    for (let c = this.lowerTitle.length; c < values.length; c++) this.lowerTitle.push(values[c].toLowerCase());
    return this.lowerTitle;
  }
  private lowerDetectors(): string[] {
    const values = this.detectorDict.values;
    for (let c = this.lowerDetector.length; c < values.length; c++) this.lowerDetector.push(values[c].toLowerCase());
    return this.lowerDetector;
  }

  private order(field: IndexSortField): SortOrder {
    let o = this.sortCache.get(field);
    if (!o) {
      o = { perm: this.build(field) };
      this.sortCache.set(field, o);
    }
    return o;
  }

  /** Positions sorted by a field (ascending; ties by time, then position; titles tie by position), cached. */
  sorted(field: IndexSortField): Uint32Array {
    return this.order(field).perm;
  }

  private build(field: IndexSortField): Uint32Array {
    const n = this.count;
    switch (field) {
      case 'time':
        return sortByTime(this.first, n);
      case 'title': {
        // Equal lower-cased titles share a rank, so they tie (by position) as a string comparison would.
        const lower = this.lowerTitles();
        const codes = lower.map((_, c) => c).sort((a, b) => (lower[a] < lower[b] ? -1 : lower[a] > lower[b] ? 1 : 0));
        const rank = new Uint32Array(lower.length);
        let r = 0;
        codes.forEach((c, i) => {
          if (i > 0 && lower[c] !== lower[codes[i - 1]]) r++;
          rank[c] = r;
        });
        return countingSort(identity(n), this.title, rank, r + 1);
      }
      case 'severity':
        return countingSort(this.sorted('time'), this.severity, undefined, 256);
      case 'status':
        return countingSort(this.sorted('time'), this.status, undefined, 256);
      case 'source': {
        const rank = rankDict(this.sourceDict.values);
        return countingSort(this.sorted('time'), this.source, rank, rank.length);
      }
    }
  }

  /** A predicate over positions for a filter; undefined when the filter keeps everything. */
  predicate(filter: IndexFilter | undefined): ((p: number) => boolean) | undefined {
    if (!filter) return undefined;
    let any = false;
    let sev: Uint8Array | undefined;
    if (filter.severities?.length) {
      sev = mask(256, filter.severities.map((s) => SEVERITIES.indexOf(s)));
      any = true;
    }
    let st: Uint8Array | undefined;
    if (filter.statuses?.length) {
      st = mask(256, filter.statuses.map((s) => ALERT_STATUSES.indexOf(s)));
      any = true;
    }
    let src: Uint8Array | undefined;
    if (filter.sources?.length) {
      src = mask(this.sourceDict.values.length, filter.sources.map((s) => this.sourceDict.lookup(s) ?? -1));
      any = true;
    }
    let tac: Uint8Array | undefined;
    if (filter.tactics?.length) {
      const wanted = filter.tactics;
      tac = Uint8Array.from(this.tacticDict.values, (csv) => {
        const have = csv.split(',');
        return wanted.some((t) => have.includes(t)) ? 1 : 0;
      });
      any = true;
    }
    const timed = filter.from !== undefined || filter.to !== undefined;
    const from = filter.from ?? -Infinity;
    const to = filter.to ?? Infinity;
    let text: { titles: Uint8Array; detectors: Uint8Array; id: number; needle: string } | undefined;
    if (filter.text?.trim()) {
      const needle = filter.text.trim().toLowerCase();
      text = {
        titles: Uint8Array.from(this.lowerTitles(), (t) => (t.includes(needle) ? 1 : 0)),
        detectors: Uint8Array.from(this.lowerDetectors(), (d) => (d === needle ? 1 : 0)),
        id: this.positionOf(needle) ?? -1,
        needle,
      };
      any = true;
    }
    const only = filter.only;
    const test = filter.test;
    if (!any && !timed && !only && !test) return undefined;
    const { severity, status, source, tactics, first, last, title, detector, ids } = this;
    const byIds = this.duplicateIds;
    return (p) => {
      if (only !== undefined && !only.has(p)) return false;
      if (sev !== undefined && sev[severity[p]] === 0) return false;
      if (st !== undefined && st[status[p]] === 0) return false;
      if (src !== undefined && src[source[p]] !== 1) return false;
      if (tac !== undefined && tac[tactics[p]] !== 1) return false;
      if (timed && !(last[p] >= from && first[p] <= to)) return false;
      if (text !== undefined && text.titles[title[p]] !== 1 && text.detectors[detector[p]] !== 1 && p !== text.id && !(byIds && ids[p] === text.needle)) return false;
      if (test !== undefined && !test(p)) return false;
      return true;
    };
  }

  /** Filter, sort and page: one counting pass over the matches, then the page read in sort order. */
  query(filter: IndexFilter | undefined, sort: { field: IndexSortField; dir: 'asc' | 'desc' }, offset: number, limit: number): { total: number; positions: number[] } {
    const pred = this.predicate(filter);
    const o = this.order(sort.field);
    const perm = o.perm;
    const n = perm.length;
    const asc = sort.dir === 'asc';
    const start = Math.max(0, offset);
    const end = start + Math.max(0, limit);
    const at = (k: number): number => perm[asc ? k : n - 1 - k];
    if (!pred) {
      const out: number[] = [];
      for (let k = start; k < Math.min(end, n); k++) out.push(at(k));
      return { total: n, positions: out };
    }
    // Count every match; keep them while they are few (then they are ordered by rank instead of scanning).
    const cap = 4 * end + 64;
    const few = new Uint32Array(cap);
    let total = 0;
    if (filter?.only && filter.only.size < n) {
      for (const p of filter.only) {
        if (p >= 0 && p < n && Number.isInteger(p) && pred(p)) {
          if (total < cap) few[total] = p;
          total++;
        }
      }
    } else {
      for (let p = 0; p < n; p++) {
        if (pred(p)) {
          if (total < cap) few[total] = p;
          total++;
        }
      }
    }
    const out: number[] = [];
    if (total <= start) return { total, positions: out };
    if (total <= cap) {
      const rank = (o.rank ??= inverse(perm));
      const ranks = new Uint32Array(total);
      for (let i = 0; i < total; i++) ranks[i] = rank[few[i]];
      ranks.sort();
      for (let k = start; k < Math.min(end, total); k++) out.push(perm[ranks[asc ? k : total - 1 - k]]);
      return { total, positions: out };
    }
    // Many match: the page is near the start of the permutation (about end × n / total steps in).
    let seen = 0;
    for (let k = 0; k < n && seen < end; k++) {
      const p = at(k);
      if (!pred(p)) continue;
      if (seen >= start) out.push(p);
      seen++;
    }
    return { total, positions: out };
  }
}

const identity = (n: number): Uint32Array => {
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  return perm;
};

const inverse = (perm: Uint32Array): Uint32Array => {
  const rank = new Uint32Array(perm.length);
  for (let k = 0; k < perm.length; k++) rank[perm[k]] = k;
  return rank;
};

const mask = (size: number, codes: readonly number[]): Uint8Array => {
  const m = new Uint8Array(size);
  for (const c of codes) if (c >= 0 && c < size) m[c] = 1;
  return m;
};

/**
 * Stable counting sort of `perm` by a small integer key per position (`keys[p]`, mapped through `rank` when
 * given) in [0, buckets): positions with equal keys keep their order in `perm`.
 */
export const countingSort = (perm: Uint32Array, keys: Uint8Array | Uint32Array, rank: Uint32Array | undefined, buckets: number): Uint32Array => {
  const n = perm.length;
  const starts = new Uint32Array(buckets + 1);
  if (rank) for (let i = 0; i < n; i++) starts[rank[keys[i]] + 1]++;
  else for (let i = 0; i < n; i++) starts[keys[i] + 1]++;
  for (let b = 0; b < buckets; b++) starts[b + 1] += starts[b];
  const out = new Uint32Array(n);
  if (rank) {
    for (let k = 0; k < n; k++) {
      const p = perm[k];
      out[starts[rank[keys[p]]]++] = p;
    }
  } else {
    for (let k = 0; k < n; k++) {
      const p = perm[k];
      out[starts[keys[p]]++] = p;
    }
  }
  return out;
};

/**
 * Positions 0..n-1 ordered by time ascending, ties by position: a stable LSD radix sort (four 16-bit digits) of
 * each time's IEEE-754 bits mapped to an unsigned order; digits shared by every alert are skipped.
 */
export const sortByTime = (times: Float64Array, n: number): Uint32Array => {
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  // Little-endian word order (every platform this runs on); checked once.
  f[0] = 1;
  const hiWord = u[1] === 0x3ff00000 ? 1 : 0;
  for (let p = 0; p < n; p++) {
    f[0] = times[p] + 0; // -0 → +0: equal times tie, as a numeric comparison has them
    const h = u[hiWord];
    const l = u[1 - hiWord];
    if (h & 0x80000000) {
      hi[p] = ~h >>> 0;
      lo[p] = ~l >>> 0;
    } else {
      hi[p] = (h | 0x80000000) >>> 0;
      lo[p] = l;
    }
  }
  let perm: Uint32Array = identity(n);
  let tmp: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (const [words, shift] of [[lo, 0], [lo, 16], [hi, 0], [hi, 16]] as const) {
    counts.fill(0);
    for (let p = 0; p < n; p++) counts[(words[p] >>> shift) & 0xffff]++;
    if (n === 0 || counts[(words[0] >>> shift) & 0xffff] === n) continue; // one digit for all: order unchanged
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const p = perm[k];
      tmp[counts[(words[p] >>> shift) & 0xffff]++] = p;
    }
    const done = tmp;
    tmp = perm;
    perm = done;
  }
  return perm;
};

/**
 * Positions 0..n-1 ordered by their strings in code-unit order (as `<` compares them): a radix sort of the three
 * code units after the prefix all strings share (missing units sort first), then runs that tie on those ordered by
 * comparison. For ids (a common prefix, then hash characters) the runs are a few strings long: a million ids in a
 * fraction of a comparison sort's time.
 */
export const sortByString = (strs: readonly string[], n: number): Uint32Array => {
  const first = strs[0] ?? '';
  let common = first.length;
  for (let p = 1; p < n && common > 0; p++) {
    const s = strs[p] ?? '';
    let c = 0;
    while (c < common && c < s.length && s.charCodeAt(c) === first.charCodeAt(c)) c++;
    common = c;
  }
  const keys = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const s = strs[p] ?? '';
    // Each unit + 1 (0 stands for "no unit"), 17 bits each: 51 bits, exact in a double.
    const len = s.length;
    const u0 = common < len ? s.charCodeAt(common) + 1 : 0;
    const u1 = common + 1 < len ? s.charCodeAt(common + 1) + 1 : 0;
    const u2 = common + 2 < len ? s.charCodeAt(common + 2) + 1 : 0;
    keys[p] = (u0 * 131072 + u1) * 131072 + u2;
  }
  return sortTiedRuns(sortByTime(keys, n), keys, (x, y) => ((strs[x] ?? '') < (strs[y] ?? '') ? -1 : (strs[x] ?? '') > (strs[y] ?? '') ? 1 : x - y));
};

/** `order` (positions sorted by `keys`) with each run of equal keys sorted by `cmp`, in place. */
export const sortTiedRuns = (order: Uint32Array, keys: Float64Array, cmp: (x: number, y: number) => number): Uint32Array => {
  const n = order.length;
  for (let a = 0; a < n; ) {
    let b = a + 1;
    while (b < n && keys[order[b]] === keys[order[a]]) b++;
    if (b - a > 1) order.subarray(a, b).sort(cmp);
    a = b;
  }
  return order;
};

const rankDict = (values: readonly string[]): Uint32Array => {
  const order = values.map((v, i) => [v.toLowerCase(), i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const rank = new Uint32Array(values.length);
  order.forEach(([, code], r) => (rank[code] = r));
  return rank;
};
