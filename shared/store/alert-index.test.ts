import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertIndex } from './alert-index';
import type { AlertMeta } from './alert-index';

const build = (rows: { id: string; t: number; sev: number; st: number; title: string; src: string; tactics: string }[]): AlertIndex => {
  const idx = new AlertIndex();
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
        const key = (p: number): number | string => (field === 'time' ? (idx.first[p]) : field === 'severity' ? (idx.severity[p]) : field === 'status' ? (idx.status[p]) : field === 'title' ? (idx.titles[p]).toLowerCase() : idx.sourceOf(p));
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
