// Incidents as columns must give back exactly the incidents put in (after rewrites, and through a stored chunk), and
// the store's column queries must answer as the plain filter-and-sort over incident objects did.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertId, EntityKey, Incident, IncidentId } from '#shared/model/index';
import { CLASSIFICATIONS, DETERMINATIONS, SEVERITIES, severityRank } from '#shared/model/index';
import type { IncidentFilter, IncidentSortField } from './api';
import { IncidentTable, NO_MASK } from './incident-table';
import { IncidentStore } from './incidents';
import { withBufferTransfer } from './test-support';

const incidentArb = (id: string): fc.Arbitrary<Incident> =>
  fc
    .record({
      title: fc.constantFrom(
        'Execution on one endpoint',
        'Credential access',
        'credential access',
        'Zed',
        'ünïcode ✓',
        '',
      ),
      severity: fc.constantFrom(...SEVERITIES),
      status: fc.constantFrom('active', 'inProgress', 'resolved', 'redirected' as const),
      classification: fc.constantFrom(...CLASSIFICATIONS),
      determination: fc.constantFrom(...DETERMINATIONS),
      assignedTo: fc.constantFrom('', 'amy', 'bob'),
      tags: fc.uniqueArray(fc.constantFrom('apt', 'vip', 'x'), { maxLength: 3 }),
      first: fc.integer({ min: 0, max: 50 }),
      span: fc.integer({ min: 0, max: 5 }),
      // Kill-chain lists (a mask) and lists that are not (unknown ids, out of order): both come back as they were.
      tactics: fc.oneof(
        fc.constantFrom([], ['TA0002'], ['TA0001', 'TA0002', 'TA0006']),
        fc.constantFrom(['TA0006', 'TA0002'], ['TA9999'], ['TA0002', 'TA0002']),
      ),
      alerts: fc.uniqueArray(fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'), {
        minLength: 1,
        maxLength: 4,
      }),
      assets: fc.array(
        fc.record({
          key: fc.constantFrom('device:ws-1', 'account:amy', 'ip:10.0.0.1', 'device:<b>x</b>'),
          type: fc.constantFrom('device', 'account', 'ip' as const),
          value: fc.constantFrom('ws-1', 'amy', '10.0.0.1', '<b>x</b>'),
          alertCount: fc.integer({ min: 1, max: 9 }),
        }),
        { maxLength: 3 },
      ),
      sources: fc.uniqueArray(fc.constantFrom('graph', 'suricata', 'wazuh'), { maxLength: 2 }),
      customTitle: fc.option(fc.constantFrom('Renamed', 'amy', ''), { nil: undefined }),
      redirectedTo: fc.option(fc.constantFrom('in-zz', 'in-yy'), { nil: undefined }),
    })
    .map((r): Incident => {
      const i: Incident = {
        id: id as IncidentId,
        title: r.title,
        severity: r.severity,
        status: r.status,
        classification: r.classification,
        determination: r.determination,
        assignedTo: r.assignedTo,
        tags: r.tags,
        firstActivity: r.first,
        lastActivity: r.first + r.span,
        tactics: [...r.tactics],
        alertIds: r.alerts.map((a) => `${a}-${id}` as AlertId),
        impactedAssets: r.assets.map((a) => ({ ...a, key: a.key as EntityKey })),
        sources: r.sources,
        createdAt: r.first,
        updatedAt: r.first + r.span + 1,
      };
      if (r.customTitle !== undefined) i.customTitle = r.customTitle;
      if (r.redirectedTo !== undefined) i.redirectedTo = r.redirectedTo as IncidentId;
      return i;
    });

const incidentsArb = (min: number, max: number): fc.Arbitrary<Incident[]> =>
  fc
    .integer({ min, max })
    .chain((n) =>
      fc.tuple(...Array.from({ length: n }, (_, k) => incidentArb(`in-${(k * 7919) % 1000}`.padEnd(6, 'x')))),
    );

/** A low-severity active incident with one alert (`a-<id>`), last active at `last`. */
const plainIncident = (id: string, last: number, over: Partial<Incident> = {}): Incident => ({
  id: id as IncidentId,
  title: id,
  severity: 'low',
  status: 'active',
  classification: 'unknown',
  determination: 'unknown',
  assignedTo: '',
  tags: [],
  firstActivity: 0,
  lastActivity: last,
  tactics: [],
  alertIds: [`a-${id}` as AlertId],
  impactedAssets: [],
  sources: [],
  createdAt: 0,
  updatedAt: last,
  ...over,
});

/** The plain implementation the column queries replaced: filter the objects, sort by key then id. */
const plainQuery = (
  all: readonly Incident[],
  f: IncidentFilter,
  field: IncidentSortField,
  dir: 'asc' | 'desc',
): string[] => {
  const text = f.text?.trim().toLowerCase();
  const rows = all.filter((i) => {
    if (!f.statuses?.length && i.status === 'redirected') return false;
    if (f.statuses?.length && !f.statuses.includes(i.status)) return false;
    if (f.severities?.length && !f.severities.includes(i.severity)) return false;
    if (f.assignedTo?.length && !f.assignedTo.includes(i.assignedTo)) return false;
    if (f.tags?.length && !f.tags.some((t) => i.tags.includes(t))) return false;
    if (f.tactics?.length && !f.tactics.some((t) => i.tactics.includes(t))) return false;
    if (f.sources?.length && !f.sources.some((s) => i.sources.includes(s))) return false;
    if (f.classifications?.length && !f.classifications.includes(i.classification)) return false;
    if (f.determinations?.length && !f.determinations.includes(i.determination)) return false;
    if (f.ids && !f.ids.includes(i.id)) return false;
    if (f.entityKey && !i.impactedAssets.some((a) => a.key === f.entityKey)) return false;
    if (f.from !== undefined && i.lastActivity < f.from) return false;
    if (f.to !== undefined && i.firstActivity > f.to) return false;
    if (
      text &&
      !(i.customTitle ?? i.title).toLowerCase().includes(text) &&
      i.id !== text &&
      !i.impactedAssets.some((a) => a.value.toLowerCase().includes(text))
    )
      return false;
    return true;
  });
  const key = (i: Incident): number | string =>
    field === 'lastActivity'
      ? i.lastActivity
      : field === 'firstActivity'
        ? i.firstActivity
        : field === 'severity'
          ? severityRank(i.severity)
          : field === 'title'
            ? (i.customTitle ?? i.title).toLowerCase()
            : field === 'status'
              ? i.status
              : field === 'alerts'
                ? i.alertIds.length
                : i.id;
  const d = dir === 'asc' ? 1 : -1;
  return rows
    .map((i) => ({ i, k: key(i) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i.id < b.i.id ? -1 : 1) * d)
    .map((x) => x.i.id);
};

/** A filter on up to two fields (more would leave almost nothing to order). */
const filterArb: fc.Arbitrary<IncidentFilter> = fc
  .tuple(
    fc.record({
      text: fc.constantFrom('cred', 'AMY', '<b>', 'in-0xxx', 'nothing'),
      severities: fc.subarray([...SEVERITIES], { minLength: 1 }),
      statuses: fc.subarray(['active', 'inProgress', 'resolved', 'redirected'] as const, { minLength: 1 }),
      assignedTo: fc.subarray(['', 'amy', 'bob', 'carl']),
      tags: fc.subarray(['apt', 'vip', 'none']),
      tactics: fc.subarray(['TA0002', 'TA0006', 'TA9999']),
      sources: fc.subarray(['graph', 'wazuh', 'other']),
      classifications: fc.subarray([...CLASSIFICATIONS]),
      determinations: fc.subarray(['apt', 'malware', 'unknown'] as const),
      entityKey: fc.constantFrom('device:ws-1', 'ip:10.0.0.1', 'device:nowhere'),
      ids: fc.subarray(['in-0xxx', 'in-919', 'in-838', 'in-zz']),
      from: fc.integer({ min: 0, max: 55 }),
      to: fc.integer({ min: 0, max: 55 }),
    }),
    fc.uniqueArray(
      fc.constantFrom(
        'text',
        'severities',
        'statuses',
        'assignedTo',
        'tags',
        'tactics',
        'sources',
        'classifications',
        'determinations',
        'entityKey',
        'ids',
        'from',
        'to',
      ),
      { maxLength: 2 },
    ),
  )
  .map(
    ([all, keys]) => Object.fromEntries(keys.map((k) => [k, all[k]])) as IncidentFilter,
  );

const fieldArb = fc.constantFrom<IncidentSortField>(
  'lastActivity',
  'firstActivity',
  'severity',
  'title',
  'status',
  'alerts',
  'id',
);

describe('IncidentTable', () => {
  it('gives back every incident exactly as put, after rewrites and through a stored chunk', () => {
    fc.assert(
      fc.property(incidentsArb(1, 30), incidentsArb(0, 30), (first, rewrites) => {
        const t = new IncidentTable();
        for (const i of first) t.put(i);
        // Rewrite some (same ids, new contents): the pool grows and is compacted, the slots stay.
        const latest = new Map(first.map((i) => [i.id, i]));
        for (const [k, i] of rewrites.entries()) {
          const id = first[k % first.length]?.id ?? i.id;
          const next = { ...i, id };
          t.put(next);
          latest.set(id, next);
        }
        const want = [...latest.values()];
        expect(t.n).toBe(latest.size);
        expect(want.map((i) => t.incident(t.slotOf(i.id) ?? -1))).toEqual(want);
        const cols = t.encode(want.map((i) => t.slotOf(i.id) ?? -1));
        // Coded against the table's dictionary instead: a table given the same strings reads them the same.
        const global = structuredClone(t.encode(want.map((i) => t.slotOf(i.id) ?? -1), true));
        const withStrings = new IncidentTable();
        withStrings.addStrings(0, t.stringsFrom(0));
        expect(withStrings.append(global).map((s) => withStrings.incident(s))).toEqual(want);
        // Into a table that holds one of them (written over, one by one), and into one that holds others (copied whole).
        const stored = new IncidentTable();
        stored.put(want[0]);
        const slots = stored.append(structuredClone(cols));
        expect(slots.map((s) => stored.incident(s))).toEqual(want);
        const opened = new IncidentTable();
        opened.put({ ...want[0], id: 'in-other' as IncidentId, title: 'other', sources: ['elsewhere'] });
        expect(opened.slotOf('in-other')).toBe(0);
        const copied = opened.append(structuredClone(cols));
        expect(copied.map((s) => opened.incident(s))).toEqual(want);
        expect(copied.map((s) => opened.slotOf(opened.ids[s] ?? ''))).toEqual(copied);
      }),
      { numRuns: 150 },
    );
  });

  it('gives back the buffers of stored columns at once, and the table and the stored copy stay whole', async () => {
    const given = await withBufferTransfer(() =>
      fc.assert(
        fc.property(incidentsArb(1, 30), (incidents) => {
          const t = new IncidentTable();
          const slots = incidents.map((i) => t.put(i));
          const cols = t.encode(slots, true);
          const stored = structuredClone(cols);
          IncidentTable.release(cols);
          for (const v of [cols.times, cols.codes, cols.tactics, cols.text, cols.alertCount, cols.vars, cols.varOff]) expect(v.buffer.byteLength).toBe(0);
          expect(slots.map((s) => t.incident(s))).toEqual(incidents);
          const opened = new IncidentTable();
          opened.addStrings(0, t.stringsFrom(0));
          expect(opened.append(stored).map((s) => opened.incident(s))).toEqual(incidents);
        }),
        { numRuns: 100 },
      ),
    );
    expect(given).toBeGreaterThanOrEqual(700);
  });

  it('gives back every incident as put when rows and pool were reserved first, too little, exactly or too much', () => {
    fc.assert(
      fc.property(incidentsArb(1, 40), fc.nat(60), fc.nat(400), fc.boolean(), (all, rows, pool, empty) => {
        const t = new IncidentTable();
        // Rows (and the id index) reserved in an empty table (a first import), or once rows exist.
        if (empty) t.reserveRows(rows);
        t.put(all[0]);
        t.reserveRows(rows);
        t.reservePool(pool * t.poolPerRow());
        for (const i of all.slice(1)) t.put(i);
        expect(all.map((i) => t.incident(t.slotOf(i.id) ?? -1))).toEqual(all);
      }),
      { numRuns: 100 },
    );
  });

  it('finds incidents put without the id index (a first correlation), indexed a slice at a time or on first lookup', () => {
    fc.assert(
      fc.property(incidentsArb(1, 40), fc.nat(12), fc.boolean(), (all, step, more) => {
        const t = new IncidentTable();
        // A lookup in the empty table first (as the engine makes before an import), then rows without the index.
        expect(t.slotOf(all[0].id)).toBeUndefined();
        t.reserveRows(all.length, false);
        const slots = all.map((i) => t.put(i, { slot: undefined }));
        expect(slots).toEqual(all.map((_, x) => x));
        expect(t.indexSlots(0)).toBe(false);
        // Between requests, some slices; a new incident put meanwhile; then lookups, which complete the index.
        if (step) t.indexSlots(step);
        if (more) t.put({ ...all[0], id: 'in-late' as IncidentId }, { slot: undefined });
        if (step) for (let upto = 2 * step; !t.indexSlots(upto); upto += step);
        expect(all.map((i) => t.slotOf(i.id))).toEqual(slots);
        if (more) expect(t.slotOf('in-late')).toBe(all.length);
        expect(t.slotOf('in-none')).toBeUndefined();
        expect(all.map((i) => t.incident(t.slotOf(i.id) ?? -1))).toEqual(all);
      }),
      { numRuns: 100 },
    );
  });

  it('writes a stored chunk over the incidents it names when they were put without the id index', () => {
    fc.assert(
      fc.property(incidentsArb(1, 20), (all) => {
        const t = new IncidentTable();
        t.reserveRows(all.length, false);
        for (const i of all) t.put(i, { slot: undefined });
        const stored = new IncidentTable();
        const renamed = all.map((i) => ({ ...i, title: `${i.title} (stored)` }));
        for (const i of renamed) stored.put(i);
        const slots = t.append(structuredClone(stored.encode(renamed.map((_, x) => x))));
        expect(t.n).toBe(all.length);
        expect(slots.map((s) => t.incident(s))).toEqual(renamed);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps kill-chain tactic lists as a mask and any other list as it was', () => {
    const t = new IncidentTable();
    const base = plainIncident('in-1', 2, { tactics: ['TA0001', 'TA0006'] });
    const s = t.put(base);
    expect(t.tactics[s]).not.toBe(NO_MASK);
    const odd = t.put({ ...base, id: 'in-2' as IncidentId, tactics: ['TA0006', 'TA0001'] });
    expect(t.tactics[odd]).toBe(NO_MASK);
    expect(t.incident(odd).tactics).toEqual(['TA0006', 'TA0001']);
    expect(() => t.put({ ...base, severity: 'severe' as Incident['severity'] })).toThrow(
      /unknown severity 'severe'/,
    );
  });

  it('answers queries as the plain filter and sort over incident objects, in both directions, at any page', () => {
    fc.assert(
      fc.property(
        incidentsArb(0, 60),
        filterArb,
        fieldArb,
        fc.boolean(),
        fc.integer({ min: 0, max: 20 }),
        (list, filter, field, asc, offset) => {
          const unique = [...new Map(list.map((i) => [i.id, i])).values()];
          const store = new IncidentStore();
          store.load([{ seq: 1, incidents: unique }]);
          const dir = asc ? 'asc' : 'desc';
          const want = plainQuery(unique, filter, field, dir);
          const got = store.query(filter, { field, dir });
          expect(got.total).toBe(want.length);
          expect(got.slice(0, want.length).map((i) => i.id)).toEqual(want);
          expect(got.slice(offset, 7).map((i) => i.id)).toEqual(want.slice(offset, offset + 7));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('sees writes in later queries (cached orders are dropped when incidents change)', () => {
    const store = new IncidentStore();
    const mk = (id: string, last: number): Incident => plainIncident(id, last);
    store.load([{ seq: 1, incidents: [mk('in-a', 1), mk('in-b', 2)] }]);
    expect(
      store
        .query(undefined, undefined)
        .slice(0, 5)
        .map((i) => i.id),
    ).toEqual(['in-b', 'in-a']);
    store.update(['in-a'], { status: 'resolved' }, 5, 'amy');
    expect(
      store
        .query({ statuses: ['resolved'] }, undefined)
        .slice(0, 5)
        .map((i) => [i.id, i.updatedAt]),
    ).toEqual([['in-a', 5]]);
    expect(store.incidentOfAlert('a-in-b')).toBe('in-b');
    expect(store.chunksFor(['in-a'], 1000)).toEqual([1]);
    const chunk = { seq: 1, cols: store.chunkColumns(1) };
    // Chunks are coded against the store's dictionary, which is stored beside them and read first.
    expect(chunk.cols.dict).toBeUndefined();
    const reopened = new IncidentStore();
    expect(() => reopened.load([{ seq: 1, cols: structuredClone(chunk.cols) }])).toThrow(/names string \d+, but the case holds 0/);
    reopened.load([]);
    const strings = store.stringsFrom(0);
    reopened.addStrings(0, strings.slice(0, 2));
    expect(() => reopened.addStrings(3, strings.slice(3))).toThrow(/do not follow the 2 held/);
    reopened.addStrings(2, strings.slice(2));
    reopened.append([{ seq: 1, cols: structuredClone(chunk.cols) }]);
    expect(reopened.all()).toEqual(store.all());
  });

  it("maps each alert to its incident whether indexed a slice at a time, at once, or across writes", () => {
    fc.assert(
      fc.property(incidentsArb(1, 40), fc.integer({ min: 0, max: 45 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom('resolved', 'redirected' as const)), { maxLength: 6 }), (list, upto, edits) => {
        const unique = [...new Map(list.map((i) => [i.id, i])).values()];
        const store = new IncidentStore();
        store.load([{ seq: 1, incidents: unique }]);
        store.indexAlerts(upto);
        for (const [k, status] of edits) store.update([unique[k % unique.length]?.id ?? ''], { status }, 9, 'amy');
        const want = new Map<string, string>();
        for (const i of store.all()) if (i.status !== 'redirected') for (const a of i.alertIds) want.set(a, i.id);
        for (const i of unique) for (const a of i.alertIds) expect(store.incidentOfAlert(a)).toBe(want.get(a));
      }),
      { numRuns: 200 },
    );
  });

  it('finds the incident of an alert that a stored chunk moved into a slot already hashed', () => {
    const store = new IncidentStore();
    store.load([{ seq: 1, incidents: ['in-a', 'in-b', 'in-c'].map((id) => plainIncident(id, 1)) }]);
    store.update(['in-b'], { status: 'resolved' }, 2, 'amy');
    expect(store.hashAlerts()).toBe(true);
    const cols = structuredClone(store.chunkColumns(1));
    cols.alerts = cols.alerts.map((a) => (a === 'a-in-c' ? 'a-in-a' : a));
    store.append([{ seq: 1, cols }]);
    // Asked alone: the slot's old alert, asked beside it, would send the scan to its strings anyway.
    expect(store.incidentsOfAlerts(['a-in-a'])).toEqual(['in-c']);
    expect(store.incidentsOfAlerts(['a-in-c'])).toEqual([undefined]);
    expect(['a-in-a', 'a-in-c'].map((a) => store.incidentOfAlert(a))).toEqual(['in-c', undefined]);
  });

  it('finds the incidents of a page of alerts, before or after they are hashed or indexed, as a full index does', () => {
    fc.assert(
      fc.property(
        incidentsArb(1, 40),
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 0, max: 45 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('resolved', 'redirected' as const)), { maxLength: 6 }),
        fc.boolean(),
        fc.array(fc.boolean(), { minLength: 50, maxLength: 50 }),
        fc.boolean(),
        (list, hashUpto, indexUpto, edits, editFirst, onPage, viaColumns) => {
          const unique = [...new Map(list.map((i) => [i.id, i])).values()];
          const store = new IncidentStore();
          store.load([{ seq: 1, incidents: unique }]);
          const edit = (): void => {
            for (const [k, status] of edits) store.update([unique[k % unique.length]?.id ?? ''], { status }, 9, 'amy');
            // An incident written over with other alerts (a stored chunk read again): one of an earlier slot's, which it
            // now wins, and a new one.
            const [k] = edits[0] ?? [0];
            const target = unique[k % unique.length];
            const other = unique[(k + unique.length - 1) % unique.length]?.alertIds[0];
            if (!target || !other) return;
            if (viaColumns) {
              // The same through a stored chunk's columns.
              const cols = structuredClone(store.chunkColumns(1));
              cols.alerts = cols.alerts.map((a) => (a === target.alertIds[0] ? other : a));
              store.append([{ seq: 1, cols }]);
            } else store.append([{ seq: 1, incidents: [{ ...target, alertIds: [other] }, { ...target, id: `${target.id}-b` as IncidentId, alertIds: ['al-new' as AlertId] }] }]);
          };
          if (editFirst) edit();
          store.hashAlerts(hashUpto);
          store.indexAlerts(Math.min(indexUpto, hashUpto));
          if (!editFirst) edit();
          // A page holds some alerts: a slot hashed for an alert no longer its own must not be skipped for the one it has.
          const page = [...unique.flatMap((i) => i.alertIds).filter((_, x) => onPage[x]), 'al-new', 'al-unknown'];
          const got = store.incidentsOfAlerts(page);
          // The answers of a complete index, asked last (it indexes every alert).
          expect(got).toEqual(page.map((a) => store.incidentOfAlert(a)));
          expect(store.incidentsOfAlerts(page)).toEqual(got);
        },
      ),
      { numRuns: 500 },
    );
  });
});
