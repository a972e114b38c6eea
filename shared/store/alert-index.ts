// The queue's indexes over every alert, held in the worker's memory as columns (typed arrays and interned
// strings) and rebuilt from the alert chunks at open. Filters scan columns; sorts use cached permutations.
import type { AlertStatus, Severity } from '#shared/model/index';
import { ALERT_STATUSES, SEVERITIES } from '#shared/model/index';

export type AlertMeta = [title: string, source: string, product: string, detectorId: string, tactics: string, entityCount: number, file: string];

export type AlertColumnsInput = {
  seq: number;
  ids: readonly string[];
  times: Float64Array;
  severity: Uint8Array;
  status: Uint8Array;
  meta: readonly AlertMeta[];
};

class Dict {
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

const grow = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array | Int32Array>(arr: T, need: number): T => {
  if (need <= arr.length) return arr;
  const next = new (arr.constructor as new (n: number) => T)(Math.max(need, arr.length * 2, 1024));
  next.set(arr);
  return next;
};

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

export class AlertIndex {
  count = 0;
  ids: string[] = [];
  private pos = new Map<string, number>();
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
  titles: string[] = [];
  detectorIds: string[] = [];
  readonly sourceDict = new Dict();
  readonly productDict = new Dict();
  readonly tacticDict = new Dict();
  /** File of the alert's first origin (so a duplicate from another export is noticed without reading bodies). */
  readonly fileDict = new Dict();
  private lowerTitles: string[] | undefined;
  private sortCache = new Map<IndexSortField, Uint32Array>();

  positionOf(id: string): number | undefined {
    return this.pos.get(id);
  }

  has(id: string): boolean {
    return this.pos.has(id);
  }

  append(input: AlertColumnsInput): void {
    const n = input.ids.length;
    const need = this.count + n;
    this.first = grow(this.first, need);
    this.last = grow(this.last, need);
    this.severity = grow(this.severity, need);
    this.status = grow(this.status, need);
    this.chunk = grow(this.chunk, need);
    this.slot = grow(this.slot, need);
    this.entityCount = grow(this.entityCount, need);
    this.source = grow(this.source, need);
    this.product = grow(this.product, need);
    this.tactics = grow(this.tactics, need);
    this.file = grow(this.file, need);
    for (let i = 0; i < n; i++) {
      const p = this.count + i;
      const id = input.ids[i];
      const m = input.meta[i];
      this.ids.push(id);
      this.pos.set(id, p);
      this.first[p] = input.times[i * 3];
      this.last[p] = input.times[i * 3 + 1];
      this.severity[p] = input.severity[i];
      this.status[p] = input.status[i];
      this.chunk[p] = input.seq;
      this.slot[p] = i;
      this.titles.push(m[0]);
      this.source[p] = this.sourceDict.code(m[1]);
      this.product[p] = this.productDict.code(m[2]);
      this.detectorIds.push(m[3]);
      this.tactics[p] = this.tacticDict.code(m[4]);
      this.entityCount[p] = m[5];
      this.file[p] = this.fileDict.code(m[6] ?? '');
    }
    this.count = need;
    this.invalidate();
  }

  setStatus(p: number, status: AlertStatus): void {
    this.status[p] = ALERT_STATUSES.indexOf(status);
    this.sortCache.delete('status');
  }

  invalidate(): void {
    this.lowerTitles = undefined;
    this.sortCache.clear();
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

  private lower(): string[] {
    this.lowerTitles ??= this.titles.map((t) => t.toLowerCase());
    return this.lowerTitles;
  }

  /** Positions sorted by a field (ascending), cached until the data changes. */
  sorted(field: IndexSortField): Uint32Array {
    const cached = this.sortCache.get(field);
    if (cached) return cached;
    const n = this.count;
    const perm = new Uint32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    const first = this.first;
    let cmp: (a: number, b: number) => number;
    switch (field) {
      case 'time':
        cmp = (a, b) => (first[a]) - (first[b]) || a - b;
        break;
      case 'severity': {
        const s = this.severity;
        cmp = (a, b) => (s[a]) - (s[b]) || (first[a]) - (first[b]) || a - b;
        break;
      }
      case 'status': {
        const s = this.status;
        cmp = (a, b) => (s[a]) - (s[b]) || (first[a]) - (first[b]) || a - b;
        break;
      }
      case 'title': {
        const t = this.lower();
        cmp = (a, b) => ((t[a]) < (t[b]) ? -1 : (t[a]) > (t[b]) ? 1 : a - b);
        break;
      }
      case 'source': {
        const rank = rankDict(this.sourceDict.values);
        const s = this.source;
        cmp = (a, b) => (rank[s[a]]) - (rank[s[b]]) || (first[a]) - (first[b]) || a - b;
        break;
      }
    }
    perm.sort(cmp);
    this.sortCache.set(field, perm);
    return perm;
  }

  /** A predicate over positions for a filter; undefined when the filter keeps everything. */
  predicate(filter: IndexFilter | undefined): ((p: number) => boolean) | undefined {
    if (!filter) return undefined;
    const tests: ((p: number) => boolean)[] = [];
    if (filter.only) {
      const only = filter.only;
      tests.push((p) => only.has(p));
    }
    if (filter.test) tests.push(filter.test);
    if (filter.severities?.length) {
      const set = new Set(filter.severities.map((s) => SEVERITIES.indexOf(s)));
      const col = this.severity;
      tests.push((p) => set.has(col[p]));
    }
    if (filter.statuses?.length) {
      const set = new Set(filter.statuses.map((s) => ALERT_STATUSES.indexOf(s)));
      const col = this.status;
      tests.push((p) => set.has(col[p]));
    }
    if (filter.sources?.length) {
      const set = new Set(filter.sources.map((s) => this.sourceDict.lookup(s)).filter((c): c is number => c !== undefined));
      const col = this.source;
      tests.push((p) => set.has(col[p]));
    }
    if (filter.tactics?.length) {
      const wanted = filter.tactics;
      const codes = new Set<number>();
      this.tacticDict.values.forEach((csv, code) => {
        const have = csv.split(',');
        if (wanted.some((t) => have.includes(t))) codes.add(code);
      });
      const col = this.tactics;
      tests.push((p) => codes.has(col[p]));
    }
    if (filter.from !== undefined || filter.to !== undefined) {
      const from = filter.from ?? -Infinity;
      const to = filter.to ?? Infinity;
      const f = this.first;
      const l = this.last;
      tests.push((p) => (l[p]) >= from && (f[p]) <= to);
    }
    if (filter.text?.trim()) {
      const needle = filter.text.trim().toLowerCase();
      const titles = this.lower();
      const ids = this.ids;
      const det = this.detectorIds;
      tests.push((p) => (titles[p]).includes(needle) || ids[p] === needle || (det[p]).toLowerCase() === needle);
    }
    if (tests.length === 0) return undefined;
    if (tests.length === 1) return tests[0];
    return (p) => {
      for (const t of tests) if (!t(p)) return false;
      return true;
    };
  }

  /** Filter, sort and page in one pass over the cached permutation. */
  query(filter: IndexFilter | undefined, sort: { field: IndexSortField; dir: 'asc' | 'desc' }, offset: number, limit: number): { total: number; positions: number[] } {
    const pred = this.predicate(filter);
    const perm = this.sorted(sort.field);
    const n = perm.length;
    const out: number[] = [];
    let total = 0;
    const end = offset + limit;
    for (let k = 0; k < n; k++) {
      const p = perm[sort.dir === 'asc' ? k : n - 1 - k];
      if (pred && !pred(p)) continue;
      if (total >= offset && total < end) out.push(p);
      total++;
    }
    return { total, positions: out };
  }
}

const rankDict = (values: readonly string[]): Uint32Array => {
  const order = values.map((v, i) => [v.toLowerCase(), i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const rank = new Uint32Array(values.length);
  order.forEach(([, code], r) => (rank[code] = r));
  return rank;
};
