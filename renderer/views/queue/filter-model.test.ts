import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CLASSIFICATIONS, SEVERITIES, TACTICS } from '#shared/model/index';
import type { QueueFilter } from './filter-model';
import { activeCount, emptyFilter, formatFilter, parseFilter, parseUtc, toAlertFilter, toIncidentFilter } from './filter-model';

describe('queue filter model', () => {
  it('parses what the URL says and drops what it cannot mean', () => {
    const f = parseFilter('incidents', 'q=beacon&sev=high&sev=bogus&st=active&st=new&tac=TA0011&tac=TA9999&cls=truePositive&det=malware&asg=&asg=alice&tag=apt&from=2024-03-10T08:00Z&to=yesterday&ent=host:ws-01&sort=alerts.asc');
    expect(f.text).toBe('beacon');
    expect(f.severities).toEqual(['high']);
    expect(f.statuses).toEqual(['active']); // 'new' is an alert status
    expect(f.tactics).toEqual(['TA0011']);
    expect(f.classifications).toEqual(['truePositive']);
    expect(f.determinations).toEqual(['malware']);
    expect(f.assignedTo).toEqual(['', 'alice']);
    expect(f.tags).toEqual(['apt']);
    expect(f.from).toBe(Date.UTC(2024, 2, 10, 8));
    expect(f.to).toBeUndefined();
    expect(f.entityKey).toBe('host:ws-01');
    expect(f.sort).toEqual({ field: 'alerts', dir: 'asc' });
    expect(parseFilter('alerts', 'sort=alerts.asc&st=new').sort).toEqual({ field: 'time', dir: 'desc' });
    expect(parseFilter('alerts', 'st=new').statuses).toEqual(['new']);
  });
  it('formats the default filter as nothing, and round-trips any filter', () => {
    expect(formatFilter('alerts', emptyFilter('alerts'))).toBe('');
    const arb = fc.record({
      text: fc.string({ maxLength: 40 }),
      severities: fc.uniqueArray(fc.constantFrom(...SEVERITIES)),
      statuses: fc.uniqueArray(fc.constantFrom('active', 'inProgress', 'resolved', 'redirected')),
      assignedTo: fc.uniqueArray(fc.string({ maxLength: 20 }), { maxLength: 4 }),
      tags: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 4 }),
      tactics: fc.uniqueArray(fc.constantFrom(...TACTICS.map((t) => t.id))),
      sources: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 3 }),
      classifications: fc.uniqueArray(fc.constantFrom(...CLASSIFICATIONS)),
      determinations: fc.uniqueArray(fc.constantFrom('malware' as const, 'phishing' as const)),
      from: fc.option(fc.integer({ min: 0, max: 4e12 }).map((t) => Math.floor(t / 1000) * 1000), { nil: undefined }),
      to: fc.option(fc.integer({ min: 0, max: 4e12 }).map((t) => Math.floor(t / 1000) * 1000), { nil: undefined }),
      entityKey: fc.option(fc.string({ minLength: 1, maxLength: 50 }), { nil: undefined }),
      sort: fc.record({ field: fc.constantFrom('lastActivity', 'severity', 'alerts', 'id'), dir: fc.constantFrom('asc' as const, 'desc' as const) }),
    });
    fc.assert(
      fc.property(arb, (f: QueueFilter) => {
        const back = parseFilter('incidents', formatFilter('incidents', f));
        expect(back).toEqual({ ...f, from: f.from, to: f.to, entityKey: f.entityKey });
      }),
    );
  });
  it('accepts only ISO UTC times', () => {
    expect(parseUtc('2024-03-10T08:00:00Z')).toBe(Date.UTC(2024, 2, 10, 8));
    expect(parseUtc('2024-03-10T08:00:00')).toBeUndefined();
    expect(parseUtc('Mar 10 02:30:00')).toBeUndefined();
    expect(parseUtc('1710028800')).toBeUndefined();
  });
  it('maps onto the engine filters, leaving out empty dimensions', () => {
    const f = parseFilter('alerts', 'sev=high&st=new&asg=&tac=TA0002&ent=ip:1.2.3.4');
    expect(toAlertFilter(f)).toEqual({ severities: ['high'], statuses: ['new'], assignedTo: [''], tactics: ['TA0002'], entityKey: 'ip:1.2.3.4' });
    expect(toIncidentFilter(emptyFilter('incidents'))).toEqual({});
    expect(activeCount(f)).toBe(5);
  });
});
