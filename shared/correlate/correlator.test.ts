import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertId, EntityKey, EntityType } from '#shared/model/index';
import type { CorrelationAlert, Correlator, IncidentState } from '#shared/correlate/index';
import { correlateBatch, createCorrelator, previewSettings, toCorrelationAlert } from '#shared/correlate/index';
import { scenarioRecords } from '#shared/scenario/index';
import { lightAlert } from '#shared/scenario/light';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2025, 2, 10, 8);
const alert = (id: string, at: number, ents: [EntityType, string][], tactics: string[] = [], title = 'Alert'): CorrelationAlert => ({
  id: id as AlertId,
  first: T0 + at,
  last: T0 + at,
  severity: 'low',
  title,
  detectorId: title,
  source: 'test',
  tactics,
  entities: ents.map(([type, key]) => ({ key: key as EntityKey, type, value: key.replace(/^[a-z]+:/, '') })),
});

/** Active incidents as id → members, the thing that must not depend on import order. */
const shape = (incidents: readonly { id: string; alertIds: readonly string[]; status: string }[]): Record<string, string[]> =>
  Object.fromEntries(incidents.filter((i) => i.status !== 'redirected').map((i) => [i.id, [...i.alertIds]]));

const scenarioAlerts = (seed: number, campaigns: number): CorrelationAlert[] =>
  [...scenarioRecords({ seed, campaigns, noiseRate: 0.3 })].map((r) => toCorrelationAlert(lightAlert(r)));

/** Random alerts over a small pool of entities (many collisions, ties in time, duplicates of entity kinds). */
const randomAlerts = fc
  .array(
    fc.record({
      at: fc.integer({ min: 0, max: 48 * 60 }),
      ents: fc.uniqueArray(fc.integer({ min: 0, max: 24 }), { minLength: 0, maxLength: 4 }),
      tactic: fc.integer({ min: 0, max: 3 }),
      det: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 120 },
  )
  .map((rows) =>
    rows.map((r, i) =>
      alert(
        `r${i}`,
        r.at * MIN,
        r.ents.map((e) => (e < 8 ? ['device', `host:h${e}`] : e < 16 ? ['ip', `ip:10.0.0.${e}`] : ['account', `acct:upn:u${e}@x`]) as [EntityType, string]),
        [['TA0001', 'TA0002', 'TA0006', 'TA0008'][r.tactic] ?? 'TA0001'],
        `det${r.det}`,
      ),
    ),
  );

/** Shuffle with a permutation from fast-check and cut into batches at the given fractions. */
const batches = <T>(items: readonly T[], keys: readonly number[], cuts: readonly number[]): T[][] => {
  const order = items.map((x, i) => ({ x, k: keys[i % keys.length] ?? 0, i })).sort((a, b) => a.k - b.k || a.i - b.i).map((o) => o.x);
  const points = [...new Set(cuts.map((c) => Math.floor(c * order.length)))].sort((a, b) => a - b);
  const out: T[][] = [];
  let start = 0;
  for (const p of [...points, order.length]) {
    out.push(order.slice(start, p));
    start = p;
  }
  return out;
};

const addAll = (c: Correlator, parts: readonly CorrelationAlert[][]): void => {
  for (const p of parts) c.add(p);
};

describe('incremental correlator', () => {
  it('gives the same incidents (members and ids) whatever the order and batching of random alerts', () => {
    fc.assert(
      fc.property(randomAlerts, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }), (alerts, keys, cuts) => {
        const expected = shape(correlateBatch(alerts).incidents);
        // fullRunFraction 1: every add takes the incremental path, however much it touches.
        const c = createCorrelator({}, { fullRunFraction: 1 });
        addAll(c, batches(alerts, keys, cuts));
        expect(shape(c.incidents())).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same incidents for shuffled, split scenario imports (noise thresholds crossed mid-way)', () => {
    const all = scenarioAlerts(4, 8);
    const expected = shape(correlateBatch(all).incidents);
    const expectedReasons = (() => {
      const c = createCorrelator();
      c.add(all);
      return c.reasons(Object.keys(expected)[0] ?? '');
    })();
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), (keys, cuts) => {
        const c = createCorrelator({}, { fullRunFraction: 1 });
        addAll(c, batches(all, keys, cuts));
        expect(shape(c.incidents())).toEqual(expected);
        expect(c.reasons(Object.keys(expected)[0] ?? '')).toEqual(expectedReasons);
      }),
      { numRuns: 25 },
    );
  });

  it('a bulk load with room reserved (too little, exact, too much) gives the same incidents as without', () => {
    const all = scenarioAlerts(4, 8);
    const expected = shape(correlateBatch(all).incidents);
    for (const room of [10, all.length, all.length * 3]) {
      const c = createCorrelator();
      c.reserve(room);
      for (let i = 0; i < all.length; i += 97) c.load(all.slice(i, i + 97));
      c.run();
      expect(shape(c.incidents())).toEqual(expected);
    }
    // An import's estimate, made once some alerts are in (it also sizes the key tables from their rate).
    const big = scenarioAlerts(5, 60);
    expect(big.length).toBeGreaterThan(1500);
    const bigExpected = shape(correlateBatch(big).incidents);
    for (const room of [big.length >> 1, big.length, big.length * 3]) {
      const c = createCorrelator();
      c.load(big.slice(0, 1000));
      c.reserve(room);
      c.load(big.slice(1000));
      c.run();
      expect(shape(c.incidents())).toEqual(bigExpected);
    }
  });

  it('lets a full run\'s work arrays go; incremental runs after it make their own and agree with a full run', () => {
    const all = scenarioAlerts(4, 8);
    const a = Math.floor(all.length * 0.6);
    const b = Math.floor(all.length * 0.7);
    const c = createCorrelator({}, { fullRunFraction: 1 });
    c.load(all.slice(0, a));
    c.run();
    expect(c.snapshot().store.work.bytes()).toBe(0);
    c.add(all.slice(a, b));
    expect(c.snapshot().store.work.bytes()).toBeGreaterThan(0);
    c.add(all.slice(b));
    expect(shape(c.incidents())).toEqual(shape(correlateBatch(all).incidents));
  });


  it('builds the last run\'s created incidents by position as by id, in full and incremental runs', () => {
    const all = scenarioAlerts(7, 6);
    const a = Math.floor(all.length * 0.8);
    const c = createCorrelator({}, { fullRunFraction: 1 });
    c.load(all.slice(0, a));
    const first = c.run();
    const later = c.add(all.slice(a));
    expect(first.created.length).toBeGreaterThan(10);
    expect(later.created.length).toBeGreaterThan(0);
    // Only the last run's list is kept: its positions, not the first run's, are what `createdIncident` builds.
    later.created.forEach((id, x) => expect(c.createdIncident(x)).toEqual(c.incident(id)));
    expect(c.createdIncident(later.created.length)).toBeUndefined();
    const again = createCorrelator();
    const full = again.add(all);
    full.created.forEach((id, x) => expect(again.createdIncident(x)).toEqual(again.incident(id)));
  });
  it('reports what changed: created, updated, and incidents redirected when a new alert bridges them', () => {
    const c = createCorrelator();
    const first = c.add([alert('a1', 0, [['device', 'host:ws1']]), alert('a2', 10 * MIN, [['device', 'host:ws1']]), alert('b1', 30 * MIN, [['device', 'host:ws2']])]);
    expect(first.created).toHaveLength(2);
    const a = c.incidentOf('a1');
    const b = c.incidentOf('b1');
    const bridge = c.add([alert('x', 40 * MIN, [['device', 'host:ws1'], ['device', 'host:ws2']])]);
    expect(c.incidentOf('b1')).toBe(a);
    expect(bridge.updated).toEqual([a]);
    expect(bridge.redirected).toEqual([{ from: b, into: a, reason: 'merged' }]);
    // An earlier alert changes the id (ids come from the earliest alert): reported as renamed.
    const earlier = c.add([alert('a0', -10 * MIN, [['device', 'host:ws1']])]);
    expect(earlier.redirected).toEqual([{ from: a, into: c.incidentOf('a0'), reason: 'renamed' }]);
  });

  it('never attaches to or merges a resolved incident; a new related alert opens a new one', () => {
    const c = createCorrelator();
    c.add([alert('a1', 0, [['device', 'host:ws1']])]);
    const id = c.incidentOf('a1') ?? '';
    const resolved: IncidentState = { id, status: 'resolved', assignedTo: 'ana', classification: 'truePositive', determination: 'malware', tags: ['done'] };
    c.setIncidentStates([resolved]);
    c.add([alert('a2', 5 * MIN, [['device', 'host:ws1']])]);
    expect(c.incidentOf('a1')).toBe(id);
    expect(c.incidentOf('a2')).not.toBe(id);
    expect(c.incident(id)?.status).toBe('resolved');
    expect(c.decide({ kind: 'merge', from: c.incidentOf('a2') ?? '', into: id })).toEqual({ ok: false, reason: 'incidents cannot be merged: one of them is resolved' });
  });

  it('merges incidents an analyst works on only when the rules allow, moving tags and redirecting the source', () => {
    const setup = (assignB: string): { c: Correlator; a: string; b: string } => {
      const c = createCorrelator();
      c.add([alert('a1', 0, [['device', 'host:ws1']]), alert('b1', 20 * MIN, [['device', 'host:ws2']])]);
      const a = c.incidentOf('a1') ?? '';
      const b = c.incidentOf('b1') ?? '';
      c.setIncidentStates([
        { id: a, status: 'inProgress', assignedTo: 'ana', classification: 'unknown', determination: 'unknown', tags: ['phish'] },
        { id: b, status: 'active', assignedTo: assignB, classification: 'unknown', determination: 'unknown', tags: ['vip'] },
      ]);
      return { c, a, b };
    };
    // Different assignees: the bridging alert joins one of them, the incidents stay apart.
    const blocked = setup('bob');
    blocked.c.add([alert('x', 30 * MIN, [['device', 'host:ws1'], ['device', 'host:ws2']])]);
    expect(blocked.c.incidentOf('a1')).not.toBe(blocked.c.incidentOf('b1'));
    expect(blocked.c.incidentOf('x')).toBe(blocked.a);
    // Same assignee: merged into the incident with the earlier link, tags united, source redirected.
    const ok = setup('ana');
    const changes = ok.c.add([alert('x', 30 * MIN, [['device', 'host:ws1'], ['device', 'host:ws2']])]);
    expect(ok.c.incidentOf('b1')).toBe(ok.a);
    expect(changes.redirected).toEqual([{ from: ok.b, into: ok.a, reason: 'merged' }]);
    expect(ok.c.incident(ok.a)?.tags).toEqual(['phish', 'vip']);
  });

  it('keeps analyst decisions (move, merge, split) through later runs and across a restart', () => {
    const c = createCorrelator();
    c.add([alert('a1', 0, [['device', 'host:ws1']]), alert('a2', 5 * MIN, [['device', 'host:ws1']]), alert('a3', 6 * MIN, [['device', 'host:ws1']]), alert('b1', 0, [['device', 'host:ws9']])]);
    const a = c.incidentOf('a1') ?? '';
    const b = c.incidentOf('b1') ?? '';
    expect(c.decide({ kind: 'move', alertId: 'a3', incidentId: b }).ok).toBe(true);
    expect(c.incidentOf('a3')).toBe(b);
    // A later alert on ws1 still correlates with a1/a2, and a3 stays where the analyst put it.
    c.add([alert('a4', 8 * MIN, [['device', 'host:ws1']])]);
    expect(c.incidentOf('a4')).toBe(a);
    expect(c.incidentOf('a3')).toBe(b);
    expect(c.reasonsFor('a3')[0]?.text).toMatch(/analyst decision/);
    // Split a2 out of a.
    const split = c.decide({ kind: 'split', incidentId: a, alertIds: ['a2'] });
    expect(split.ok).toBe(true);
    const newId = c.incidentOf('a2');
    expect(newId).not.toBe(a);
    expect(c.incidentOf('a1')).toBe(a);
    // Merge b into a.
    const merged = c.decide({ kind: 'merge', from: b, into: a });
    expect(merged.ok && merged.changes.redirected).toEqual([{ from: b, into: a, reason: 'analyst' }]);
    expect(c.incidentOf('b1')).toBe(a);
    // Restart: the same alerts and the persisted pins give the same incidents.
    const again = createCorrelator({}, { pins: c.pins() });
    again.load([alert('b1', 0, [['device', 'host:ws9']]), alert('a4', 8 * MIN, [['device', 'host:ws1']]), alert('a1', 0, [['device', 'host:ws1']]), alert('a2', 5 * MIN, [['device', 'host:ws1']]), alert('a3', 6 * MIN, [['device', 'host:ws1']])]);
    again.run();
    expect(shape(again.incidents())).toEqual(shape(c.incidents()));
  });

  it('previews a settings change: counts, merges, splits, entities that become noise', () => {
    const alerts = [alert('a1', 0, [['device', 'host:ws1']]), alert('a2', 3 * H, [['device', 'host:ws1']]), alert('b1', 0, [['device', 'host:ws2']]), alert('b2', 10 * MIN, [['device', 'host:ws2']])];
    const p = previewSettings(alerts, {}, { windowMs: H });
    expect(p).toMatchObject({ alerts: 4, incidentsBefore: 2, incidentsAfter: 3, merges: 0, splits: 1, alertsMoved: 2 });
    const d = previewSettings(alerts, {}, { denyList: ['ws2'] });
    expect(d.newNoise).toEqual([{ key: 'host:ws2', value: 'ws2', alertCount: 2 }]);
    expect(d.splits).toBe(1);
    const c = createCorrelator();
    c.add(alerts);
    expect(c.preview({ windowMs: H }).splits).toBe(1);
    expect(c.incidents()).toHaveLength(2);
  });
});
