import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertIndex, countingSort, sortByString, sortByTime } from './alert-index';
import type { AlertMeta, CodedMeta, IndexFilter } from './alert-index';
import { codeMeta, metaAt } from './alert-index';

const build = (rows: { id: string; t: number; sev: number; st: number; title: string; src: string; tactics: string }[], room = 0): AlertIndex => {
  const idx = new AlertIndex();
  if (room) idx.reserve(room);
  const times = new Float64Array(rows.length * 3);
  rows.forEach((r, i) => {
    times[i * 3] = r.t;
    times[i * 3 + 1] = r.t + 10;
    times[i * 3 + 2] = r.t;
  });
  idx.append({
    seq: 1,
    ids: rows.map((r) => r.id),
    times,
    severity: Uint8Array.from(rows.map((r) => r.sev)),
    status: Uint8Array.from(rows.map((r) => r.st)),
    meta: rows.map((r): AlertMeta => [r.title, r.src, 'p', 'd', r.tactics, 1, 'f.json']),
  });
  return idx;
};

const rowArb = fc.record({
  t: fc.integer({ min: 0, max: 1e6 }),
  sev: fc.integer({ min: 0, max: 4 }),
  st: fc.integer({ min: 0, max: 2 }),
  title: fc.string({ maxLength: 12 }),
  src: fc.constantFrom('graph', 'suricata', 'wazuh'),
  tactics: fc.constantFrom('', 'TA0001', 'TA0002,TA0006'),
});

describe('AlertIndex', () => {
  it('hashes ids on first need or slice by slice, with the same answers', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: `a${i}`, t: i, sev: 1, st: 0, title: 't', src: 'graph', tactics: '' }));
    const lazy = build(rows);
    expect(lazy.positionOf('a42')).toBe(42);
    expect(lazy.has('a7')).toBe(true);
    expect(lazy.has('zz')).toBe(false);
    const sliced = build(rows);
    expect(sliced.indexIds(10)).toBe(false);
    expect(sliced.indexIds(60)).toBe(true);
    expect(rows.map((r) => sliced.positionOf(r.id))).toEqual(rows.map((_, i) => i));
    // Room reserved first (an import's count), too little, exact or too much: the same positions.
    for (const room of [7, 50, 5000]) {
      const reserved = build(rows, room);
      expect(rows.map((r) => reserved.positionOf(r.id))).toEqual(rows.map((_, i) => i));
      expect(reserved.has('zz')).toBe(false);
    }
    // An id appended twice is still found by a text search on it (compared one by one).
    const twice = build([...rows, { ...rows[3], t: 99 }]);
    expect(twice.query({ text: 'a3' }, { field: 'time', dir: 'asc' }, 0, 10).positions).toEqual([3, 50]);
  });

  it('takes dictionary-coded text columns exactly as the JSON tuples of older rows', () => {
    const metaArb = fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom('graph', 'suricata'), fc.string({ maxLength: 3 }), fc.string({ maxLength: 4 }), fc.constantFrom('', 'TA0001,TA0002'), fc.nat(20), fc.constantFrom('a.json', 'b.csv'));
    fc.assert(
      fc.property(fc.array(fc.array(metaArb, { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 5 }), (chunks) => {
        const plain = new AlertIndex();
        const coded = new AlertIndex();
        let k = 0;
        chunks.forEach((metas, c) => {
          const n = metas.length;
          const base = { seq: c + 1, ids: metas.map(() => `id${k++}`), times: new Float64Array(n * 3), severity: new Uint8Array(n), status: new Uint8Array(n) };
          // The chunk's dictionary in first-seen order, as the import packs it.
          const dict: string[] = [];
          const codes = new Uint32Array(n * 6);
          metas.forEach((m, i) => {
            [m[0], m[1], m[2], m[3], m[4], m[6]].forEach((v, f) => {
              let d = dict.indexOf(v);
              if (d < 0) d = dict.push(v) - 1;
              codes[i * 6 + f] = d;
            });
          });
          const cm: CodedMeta = { dict, codes, entityCount: Uint32Array.from(metas.map((m) => m[5])) };
          metas.forEach((m, i) => expect(metaAt(cm, i)).toEqual(m));
          // The import's encoder gives exactly this dictionary and these codes.
          expect(codeMeta(metas as AlertMeta[])).toEqual(cm);
          plain.append({ ...base, meta: metas });
          coded.append({ ...base, meta: cm });
        });
        for (let p = 0; p < plain.count; p++) {
          expect([coded.titleOf(p), coded.detectorIdOf(p), coded.sourceOf(p), coded.productOf(p), coded.fileOf(p), coded.tacticsOf(p), coded.entityCount[p]]).toEqual([plain.titleOf(p), plain.detectorIdOf(p), plain.sourceOf(p), plain.productOf(p), plain.fileOf(p), plain.tacticsOf(p), plain.entityCount[p]]);
        }
        expect([...coded.title.subarray(0, coded.count)]).toEqual([...plain.title.subarray(0, plain.count)]);
      }),
      { numRuns: 200 },
    );
  });

  it('filters, sorts and pages like a naive implementation', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 200 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom('time', 'severity', 'title', 'source', 'status' as const), fc.boolean(), (raw, minSev, field, asc) => {
        const rows = raw.map((r, i) => ({ ...r, id: `a${i}` }));
        const idx = build(rows);
        const sevs = (['informational', 'low', 'medium', 'high', 'critical'] as const).slice(minSev);
        const { total, positions } = idx.query({ severities: sevs, sources: ['graph', 'wazuh'] }, { field, dir: asc ? 'asc' : 'desc' }, 0, 1000);
        const expected = rows.filter((r) => r.sev >= minSev && r.src !== 'suricata');
        expect(total).toBe(expected.length);
        expect(new Set(positions.map((p) => idx.ids[p]))).toEqual(new Set(expected.map((r) => r.id)));
        // Order: keys are monotone in the requested direction.
        const key = (p: number): number | string => (field === 'time' ? (idx.first[p]) : field === 'severity' ? (idx.severity[p]) : field === 'status' ? (idx.status[p]) : field === 'title' ? idx.titleOf(p).toLowerCase() : idx.sourceOf(p));
        for (let i = 1; i < positions.length; i++) {
          const a = key(positions[i - 1]);
          const b = key(positions[i]);
          expect(asc ? a <= b : a >= b).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('searches titles case-insensitively, filters tactics and time, and pages', () => {
    const idx = build([
      { id: 'a', t: 100, sev: 3, st: 0, title: 'Suspicious PowerShell', src: 'graph', tactics: 'TA0002' },
      { id: 'b', t: 200, sev: 1, st: 0, title: 'Port scan', src: 'suricata', tactics: '' },
      { id: 'c', t: 300, sev: 4, st: 2, title: 'Mimikatz powershell module', src: 'graph', tactics: 'TA0002,TA0006' },
    ]);
    expect(idx.query({ text: 'POWERSHELL' }, { field: 'time', dir: 'asc' }, 0, 10).positions.map((p) => idx.ids[p])).toEqual(['a', 'c']);
    expect(idx.query({ tactics: ['TA0006'] }, { field: 'time', dir: 'asc' }, 0, 10).positions.map((p) => idx.ids[p])).toEqual(['c']);
    expect(idx.query({ from: 150, to: 250 }, { field: 'time', dir: 'asc' }, 0, 10).positions.map((p) => idx.ids[p])).toEqual(['b']);
    const page = idx.query(undefined, { field: 'time', dir: 'desc' }, 1, 1);
    expect(page.total).toBe(3);
    expect(page.positions.map((p) => idx.ids[p])).toEqual(['b']);
    idx.setStatus(0, 'resolved');
    expect(idx.query({ statuses: ['resolved'] }, { field: 'time', dir: 'asc' }, 0, 10).positions.map((p) => idx.ids[p])).toEqual(['a', 'c']);
  });
});

// The reference: the plain implementation the index replaced (string comparisons per alert, a comparison sort
// per query), over the index's own columns. The fast paths must give exactly its totals, positions and order.
type Sort = { field: 'time' | 'severity' | 'title' | 'source' | 'status'; dir: 'asc' | 'desc' };
const naive = (idx: AlertIndex, f: IndexFilter | undefined, sort: Sort, offset: number, limit: number): { total: number; positions: number[] } => {
  const sevs = ['informational', 'low', 'medium', 'high', 'critical'];
  const sts = ['new', 'inProgress', 'resolved'];
  const keep = (p: number): boolean => {
    if (!f) return true;
    if (f.only && !f.only.has(p)) return false;
    if (f.test && !f.test(p)) return false;
    if (f.severities?.length && !f.severities.map((s) => sevs.indexOf(s)).includes(idx.severity[p])) return false;
    if (f.statuses?.length && !f.statuses.map((s) => sts.indexOf(s)).includes(idx.status[p])) return false;
    if (f.sources?.length && !f.sources.includes(idx.sourceOf(p))) return false;
    if (f.tactics?.length && !f.tactics.some((t) => idx.tacticsOf(p).includes(t))) return false;
    if ((f.from !== undefined || f.to !== undefined) && !(idx.last[p] >= (f.from ?? -Infinity) && idx.first[p] <= (f.to ?? Infinity))) return false;
    if (f.text?.trim()) {
      const needle = f.text.trim().toLowerCase();
      if (!idx.titleOf(p).toLowerCase().includes(needle) && idx.ids[p] !== needle && idx.detectorIdOf(p).toLowerCase() !== needle) return false;
    }
    return true;
  };
  const srcValues = idx.sourceDict.values;
  const srcRank = new Map(srcValues.map((v, i) => [v.toLowerCase(), i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, code], r) => [code, r]));
  const t = idx.first;
  const cmp: Record<Sort['field'], (a: number, b: number) => number> = {
    time: (a, b) => t[a] - t[b] || a - b,
    severity: (a, b) => idx.severity[a] - idx.severity[b] || t[a] - t[b] || a - b,
    status: (a, b) => idx.status[a] - idx.status[b] || t[a] - t[b] || a - b,
    title: (a, b) => {
      const x = idx.titleOf(a).toLowerCase();
      const y = idx.titleOf(b).toLowerCase();
      return x < y ? -1 : x > y ? 1 : a - b;
    },
    source: (a, b) => (srcRank.get(idx.source[a]) ?? 0) - (srcRank.get(idx.source[b]) ?? 0) || t[a] - t[b] || a - b,
  };
  const all = Array.from({ length: idx.count }, (_, p) => p).sort(cmp[sort.field]);
  if (sort.dir === 'desc') all.reverse();
  const kept = all.filter(keep);
  return { total: kept.length, positions: kept.slice(offset, offset + limit) };
};

const TITLES = ['Suspicious PowerShell', 'suspicious powershell', 'Port scan', 'LSASS read', 'lsass Read', 'Zeta', 'émoji ✓', ''];
const SOURCES = ['graph', 'Graph', 'suricata', 'wazuh', 'Elastic'];
const TACTICS = ['', 'TA0001', 'TA0002,TA0006', 'TA0006'];
const alertArb = fc.record({
  t: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom(-0, 0, 1.5, -2.25, 1e300, -1e300)),
  dur: fc.integer({ min: 0, max: 20 }),
  sev: fc.integer({ min: 0, max: 4 }),
  st: fc.integer({ min: 0, max: 2 }),
  title: fc.oneof(fc.constantFrom(...TITLES), fc.string({ maxLength: 6 })),
  src: fc.constantFrom(...SOURCES),
  det: fc.constantFrom('det-1', 'DET-2', 'det-3'),
  tactics: fc.constantFrom(...TACTICS),
});
const filterArb = fc.record(
  {
    text: fc.constantFrom('lsass', 'POWERSHELL', ' port ', 'det-2', 'x1', 'a3', 'nothing-matches', ''),
    severities: fc.subarray(['informational', 'low', 'medium', 'high', 'critical'] as const),
    statuses: fc.subarray(['new', 'inProgress', 'resolved'] as const),
    sources: fc.subarray([...SOURCES, 'unknown-source']),
    tactics: fc.subarray(['TA0001', 'TA0002', 'TA0006']),
    from: fc.integer({ min: -5, max: 40 }),
    to: fc.integer({ min: 10, max: 60 }),
    only: fc.uniqueArray(fc.integer({ min: -2, max: 400 }), { maxLength: 60 }).map((a) => new Set(a)),
    test: fc.integer({ min: 2, max: 5 }).map((m) => (p: number) => p % m !== 0),
  },
  { requiredKeys: [] },
);

describe('AlertIndex against the plain implementation', () => {
  it('gives the same totals, positions and order for any filter, sort, direction and page', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(alertArb, { maxLength: 120 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ filter: fc.option(filterArb, { nil: undefined }), field: fc.constantFrom('time', 'severity', 'title', 'source', 'status' as const), asc: fc.boolean(), offset: fc.integer({ min: 0, max: 150 }), limit: fc.integer({ min: 0, max: 80 }) }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.constantFrom('new', 'inProgress', 'resolved' as const)), { maxLength: 5 }),
        (chunks, queries, statusEdits) => {
          const idx = new AlertIndex();
          let k = 0;
          const run = (): void => {
            for (const q of queries) {
              const sort: Sort = { field: q.field, dir: q.asc ? 'asc' : 'desc' };
              expect(idx.query(q.filter, sort, q.offset, q.limit)).toEqual(naive(idx, q.filter, sort, q.offset, q.limit));
            }
          };
          for (const rows of chunks) {
            const times = new Float64Array(rows.length * 3);
            rows.forEach((r, i) => {
              times[i * 3] = r.t;
              times[i * 3 + 1] = r.t + r.dur;
              times[i * 3 + 2] = r.t;
            });
            idx.append({
              seq: k,
              ids: rows.map(() => `x${k++}`),
              times,
              severity: Uint8Array.from(rows.map((r) => r.sev)),
              status: Uint8Array.from(rows.map((r) => r.st)),
              meta: rows.map((r): AlertMeta => [r.title, r.src, 'p', r.det, r.tactics, 1, 'f.json']),
            });
            // Queries between appends: caches built here must not survive the next append.
            run();
          }
          for (const [p, s] of statusEdits) if (p < idx.count) idx.setStatus(p, s);
          run();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a page of a broad filter from the sort order (most alerts match), at any offset', () => {
    const broad = fc.constantFrom<IndexFilter>(
      { test: (p) => p % 3 !== 0 },
      { severities: ['low', 'medium', 'high', 'critical'] },
      { statuses: ['new', 'inProgress'] },
      { from: 5, to: 1e14 },
      { text: 's', test: (p) => p % 7 !== 0 },
      { only: new Set(Array.from({ length: 500 }, (_, i) => i * 2)) },
    );
    fc.assert(
      fc.property(fc.array(alertArb, { minLength: 300, maxLength: 700 }), broad, fc.constantFrom('time', 'severity', 'title', 'source', 'status' as const), fc.boolean(), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 25 }), (rows, filter, field, asc, offset, limit) => {
        const idx = build(rows.map((r, i) => ({ id: `b${i}`, t: r.t, sev: r.sev, st: r.st, title: r.title, src: r.src, tactics: r.tactics })));
        const sort: Sort = { field, dir: asc ? 'asc' : 'desc' };
        expect(idx.query(filter, sort, offset, limit)).toEqual(naive(idx, filter, sort, offset, limit));
      }),
      { numRuns: 150 },
    );
  });

  it('orders times like a numeric comparison (negative, -0, fractions, huge), ties by position', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -3, max: 3 }), fc.constantFrom(-0, 0)), { maxLength: 300 }), (ts) => {
        const times = Float64Array.from(ts);
        const expected = ts.map((_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
        expect([...sortByTime(times, ts.length)]).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('counting sort is stable and orders by the mapped key', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 200 }), (keys) => {
        const k = Uint32Array.from(keys);
        const rank = Uint32Array.from([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        const perm = Uint32Array.from(keys.map((_, i) => keys.length - 1 - i));
        const expected = [...perm].sort((a, b) => rank[k[a]] - rank[k[b]] || b - a);
        expect([...countingSort(perm, k, rank, 10)]).toEqual(expected);
      }),
    );
  });

  it('finds an alert by its id and by its detector id (case-insensitive), and interns repeated titles', () => {
    const idx = build([
      { id: 'abc', t: 1, sev: 1, st: 0, title: 'One', src: 'graph', tactics: '' },
      { id: 'def', t: 2, sev: 1, st: 0, title: 'One', src: 'graph', tactics: '' },
    ]);
    expect(idx.query({ text: ' ABC ' }, { field: 'time', dir: 'asc' }, 0, 10).positions).toEqual([0]);
    expect(idx.query({ text: 'D' }, { field: 'time', dir: 'asc' }, 0, 10).positions).toEqual([0, 1]);
    expect(idx.titleDict.values).toEqual(['One']);
    expect([idx.titleOf(0), idx.titleOf(1)]).toEqual(['One', 'One']);
    expect(idx.title[0]).toBe(idx.title[1]);
  });

  it('orders strings by code units as a comparison sort does (ties by position), past shared prefixes', () => {
    const str = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('in-', 'in-a', 'in-ab', 'in-abc', 'in-abcd', 'in-abce', 'in-abcde1', 'in-abcde2', '', 'é', '\uffff', '\u0000'),
      fc.stringMatching(/^in-[0-9a-z]{0,16}$/),
    );
    fc.assert(
      fc.property(fc.array(str, { maxLength: 80 }), (strs) => {
        const want = strs.map((_, p) => p).sort((x, y) => (strs[x] < strs[y] ? -1 : strs[x] > strs[y] ? 1 : x - y));
        expect([...sortByString(strs, strs.length)]).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });
});
