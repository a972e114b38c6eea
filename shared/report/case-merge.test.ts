import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActivityEntry, Alert, IncidentStatus, Severity } from '#shared/model/index';
import { ATTACK_SOURCE, makeIncidentId } from '#shared/model/index';
import type { TaskStatus } from '#shared/respond/types';
import { readCaseFile, writeCaseFile } from './case-file';
import { MERGE_ACTOR, mergeCases, normaliseSnapshot } from './case-merge';
import type { CaseSnapshot } from './case-snapshot';
import { emptySnapshot } from './case-snapshot';
import { canonicalJson } from './uuid';
import { dfcSampleAlerts, graphSampleAlerts, incidentOf, suricataSampleAlerts } from './test-fixtures';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const pool: Alert[] = [
  ...graphSampleAlerts(read('graph-alerts-v2-docs-example.json')),
  ...dfcSampleAlerts(read('defender-for-cloud-alerts-api-example.json')),
  ...suricataSampleAlerts(read('suricata-eve-honeypot-2018.json'), 8),
];
const T0 = Date.UTC(2024, 0, 1);

const baseCase = (): CaseSnapshot => {
  const alerts = pool.slice(0, 4);
  const inc = incidentOf(alerts, { updatedAt: T0, createdAt: T0 });
  const other = incidentOf(pool.slice(6, 8), { updatedAt: T0, createdAt: T0 });
  return {
    ...emptySnapshot('alice', T0, ATTACK_SOURCE),
    alerts: [...alerts, ...pool.slice(6, 8)],
    incidents: [inc, other],
    tasks: [{ id: 'tk-base', incidentId: inc.id, title: 'Collect triage package', owner: 'alice', status: 'open', createdAt: T0, source: 'manual' }],
    comments: [{ targetId: inc.id, at: T0, by: 'alice', text: 'Started.' }],
    activity: [{ targetId: inc.id, at: T0, by: 'alice', action: 'create' }],
    settings: { zone: 'UTC' },
  };
};

type Edit =
  | { op: 'comment'; inc: number; at: number; text: string }
  | { op: 'field'; inc: number; at: number; field: 'status' | 'severity' | 'assignedTo' | 'customTitle'; value: string }
  | { op: 'tag'; inc: number; tag: string }
  | { op: 'task'; inc: number; at: number; title: string }
  | { op: 'taskStatus'; at: number; status: TaskStatus }
  | { op: 'alert'; inc: number; alert: number }
  | { op: 'reimport'; alert: number }
  | { op: 'setting'; key: string; value: string };

const STATUSES: IncidentStatus[] = ['active', 'inProgress', 'resolved'];
const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

const editArb = (side: string): fc.Arbitrary<Edit> =>
  fc.oneof(
    fc.record({ op: fc.constant('comment' as const), inc: fc.nat(1), at: fc.integer({ min: 1, max: 50 }), text: fc.constantFrom('isolated', 'owner called', '<img src=x onerror=1>', 'same text') }),
    fc.record({
      op: fc.constant('field' as const), inc: fc.nat(1), at: fc.integer({ min: 1, max: 50 }),
      field: fc.constantFrom('status' as const, 'severity' as const, 'assignedTo' as const, 'customTitle' as const),
      value: fc.constantFrom('a', 'b', 'c'),
    }),
    fc.record({ op: fc.constant('tag' as const), inc: fc.nat(1), tag: fc.constantFrom('x', 'y', side) }),
    fc.record({ op: fc.constant('task' as const), inc: fc.nat(1), at: fc.integer({ min: 1, max: 50 }), title: fc.constantFrom('memory', 'disk', side) }),
    fc.record({ op: fc.constant('taskStatus' as const), at: fc.integer({ min: 1, max: 50 }), status: fc.constantFrom('open' as const, 'done' as const, 'skipped' as const) }),
    fc.record({ op: fc.constant('alert' as const), inc: fc.nat(1), alert: fc.nat(pool.length - 1) }),
    fc.record({ op: fc.constant('reimport' as const), alert: fc.nat(5) }),
    fc.record({ op: fc.constant('setting' as const), key: fc.constantFrom('zone', 'theme'), value: fc.constantFrom('UTC', 'dark', side) }),
  );

/** Apply an analyst's edits the way the engine would (value change + activity entry). */
const applyEdits = (s0: CaseSnapshot, edits: readonly Edit[], by: string): CaseSnapshot => {
  const s = structuredClone(s0);
  const log = (e: ActivityEntry): void => {
    s.activity.push(e);
  };
  for (const e of edits) {
    const inc = s.incidents[e.op === 'taskStatus' || e.op === 'reimport' || e.op === 'setting' ? 0 : e.inc];
    switch (e.op) {
      case 'comment':
        s.comments.push({ targetId: inc.id, at: T0 + e.at, by, text: e.text });
        break;
      case 'field': {
        const value = e.field === 'status' ? STATUSES[e.value.charCodeAt(0) % 3] : e.field === 'severity' ? SEVERITIES[e.value.charCodeAt(0) % 4] : `${e.value}`;
        const from = String(inc[e.field] ?? '');
        (inc as Record<string, unknown>)[e.field] = value;
        inc.updatedAt = Math.max(inc.updatedAt, T0 + e.at);
        log({ targetId: inc.id, at: T0 + e.at, by, action: 'update', field: e.field, from, to: value });
        break;
      }
      case 'tag':
        if (!inc.tags.includes(e.tag)) inc.tags.push(e.tag);
        break;
      case 'task':
        s.tasks.push({ id: `tk-${by}-${e.title}-${e.at}`, incidentId: inc.id, title: e.title, owner: by, status: 'open', createdAt: T0 + e.at, source: 'manual' });
        break;
      case 'taskStatus': {
        const t = s.tasks[0];
        log({ targetId: t.incidentId, at: T0 + e.at, by, action: 'task.update', field: 'status', from: t.status, to: e.status });
        t.status = e.status;
        t.updatedAt = T0 + e.at;
        break;
      }
      case 'alert': {
        const a = pool[e.alert];
        if (!s.alerts.some((x) => x.id === a.id)) s.alerts.push(structuredClone(a));
        if (!inc.alertIds.includes(a.id)) inc.alertIds.push(a.id);
        break;
      }
      case 'reimport': {
        const a = s.alerts[e.alert % s.alerts.length];
        const o = { importId: `imp-${by}` as Alert['origins'][number]['importId'], file: `${by}.json`, record: 1 };
        if (!a.origins.some((x) => canonicalJson(x) === canonicalJson(o))) a.origins.push(o);
        break;
      }
      case 'setting':
        s.settings[e.key] = e.value;
        break;
    }
  }
  return s;
};

const stripId = <T extends { id?: number }>(x: T): string => {
  const { id: _id, ...rest } = x;
  return canonicalJson(rest);
};

describe('mergeCases properties (export, edit on both sides, merge)', () => {
  const sides = fc.tuple(fc.array(editArb('alice'), { maxLength: 12 }), fc.array(editArb('bob'), { maxLength: 12 }));

  it('is commutative: merge(a, b) equals merge(b, a)', () => {
    fc.assert(
      fc.property(sides, ([ea, eb]) => {
        const base = baseCase();
        const a = applyEdits(base, ea, 'alice');
        const b = applyEdits(base, eb, 'bob');
        expect(mergeCases(a, b).snapshot).toEqual(mergeCases(b, a).snapshot);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: merge(n, n) equals n for a normalised case, and merging the result again changes nothing', () => {
    fc.assert(
      fc.property(sides, ([ea, eb]) => {
        const a = normaliseSnapshot(applyEdits(baseCase(), ea, 'alice'));
        expect(mergeCases(a, a).snapshot).toEqual(a);
        const m = mergeCases(a, applyEdits(baseCase(), eb, 'bob')).snapshot;
        expect(mergeCases(m, m).snapshot).toEqual(m);
      }),
      { numRuns: 200 },
    );
  });

  it('loses nothing: every comment, log entry, alert, origin, task, tag and setting key of either side survives', () => {
    fc.assert(
      fc.property(sides, ([ea, eb]) => {
        const base = baseCase();
        const a = applyEdits(base, ea, 'alice');
        const b = applyEdits(base, eb, 'bob');
        const m = mergeCases(a, b).snapshot;
        const comments = new Set(m.comments.map(stripId));
        const activity = new Set(m.activity.map(stripId));
        for (const side of [a, b]) {
          for (const c of side.comments) expect(comments.has(stripId(c))).toBe(true);
          for (const e of side.activity) expect(activity.has(stripId(e))).toBe(true);
          for (const al of side.alerts) {
            const merged = m.alerts.find((x) => x.id === al.id);
            for (const o of al.origins) expect(merged?.origins.map((x) => canonicalJson(x))).toContain(canonicalJson(o));
          }
          for (const t of side.tasks) expect(m.tasks.some((x) => x.id === t.id)).toBe(true);
          for (const inc of side.incidents) {
            const mi = m.incidents.find((x) => x.id === inc.id);
            for (const t of inc.tags) expect(mi?.tags).toContain(t);
            for (const id of inc.alertIds) expect(mi?.alertIds).toContain(id);
          }
          for (const k of Object.keys(side.settings)) expect(Object.keys(m.settings)).toContain(k);
        }
        // Each conflicting field keeps one side's value and logs the other.
        for (const inc of m.incidents) {
          const ia = a.incidents.find((x) => x.id === inc.id)!;
          const ib = b.incidents.find((x) => x.id === inc.id)!;
          for (const f of ['status', 'severity', 'assignedTo', 'customTitle'] as const) {
            expect([ia[f], ib[f]]).toContain(inc[f]);
            if ((ia[f] ?? '') !== (ib[f] ?? '')) {
              const loser = String((inc[f] === ia[f] ? ib[f] : ia[f]) ?? '');
              expect(m.activity).toContainEqual(expect.objectContaining({ targetId: inc.id, by: MERGE_ACTOR, action: 'merge.conflict', field: f, from: loser, to: String(inc[f] ?? '') }));
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('mergeCases examples', () => {
  it('the later change of a field wins, and both values stay in the log', () => {
    const base = baseCase();
    const a = applyEdits(base, [{ op: 'field', inc: 0, at: 10, field: 'status', value: 'a' }], 'alice'); // inProgress at T0+10
    const b = applyEdits(base, [{ op: 'field', inc: 0, at: 20, field: 'status', value: 'b' }], 'bob'); // resolved at T0+20
    const { snapshot, report } = mergeCases(a, b);
    const inc = snapshot.incidents.find((x) => x.id === base.incidents[0].id)!;
    expect(inc.status).toBe('resolved');
    expect(snapshot.activity.filter((e) => e.field === 'status').map((e) => [e.by, e.to])).toEqual([
      ['alice', 'inProgress'],
      [MERGE_ACTOR, 'resolved'], // same instant as bob's change; ties sort by content
      ['bob', 'resolved'],
    ]);
    expect(report.conflicts).toEqual([{ kind: 'incident', id: inc.id, field: 'status', kept: 'resolved', other: 'inProgress' }]);
    // The other way round gives the same case.
    expect(mergeCases(b, a).snapshot).toEqual(snapshot);
  });

  it('dedupes an alert imported on both sides and unites its origins; reports incidents that share alerts', () => {
    const base = baseCase();
    const a = applyEdits(base, [{ op: 'reimport', alert: 0 }], 'alice');
    const b = applyEdits(base, [{ op: 'reimport', alert: 0 }], 'bob');
    const extra = incidentOf(pool.slice(0, 2));
    b.incidents.push({ ...extra, id: makeIncidentId('different seed') });
    const { snapshot, report } = mergeCases(a, b);
    expect(snapshot.alerts.filter((x) => x.id === base.alerts[0].id)).toHaveLength(1);
    expect(snapshot.alerts.find((x) => x.id === base.alerts[0].id)?.origins.map((o) => o.file).sort()).toEqual(['alice.json', 'bob.json', 'graph-alerts-v2-docs-example.json']);
    expect(snapshot.incidents).toHaveLength(3);
    expect(report.overlaps).toEqual([{ incidentIds: [expect.any(String), expect.any(String)], sharedAlerts: 2 }]);
    expect(report.added).toMatchObject({ incidents: 1, alerts: 0 });
  });

  it('a merged case writes and reads back unchanged', async () => {
    const base = baseCase();
    const m = mergeCases(applyEdits(base, [{ op: 'comment', inc: 0, at: 3, text: 'x' }], 'alice'), applyEdits(base, [{ op: 'tag', inc: 1, tag: 'y' }], 'bob')).snapshot;
    const r = await readCaseFile(await writeCaseFile(m));
    expect(r.ok && r.snapshot).toEqual(m);
  });
});
