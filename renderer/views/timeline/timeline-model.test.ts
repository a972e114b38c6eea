import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AlertRow } from '#shared/engine/api';
import { TACTICS } from '#shared/model/index';
import { LANES, binPoints, panDomain, scale, tickLabel, timeExtent, timeTicks, timelinePoints, zoomDomain } from './timeline-model';

const T0 = Date.UTC(2024, 2, 10, 8, 0, 0);
const row = (id: string, tactics: string[], minute: number): AlertRow => ({
  id,
  title: id,
  severity: 'high',
  status: 'new',
  source: 's',
  product: 'p',
  firstActivity: T0 + minute * 60_000,
  lastActivity: T0 + minute * 60_000,
  tactics,
  incidentId: undefined,
  entityCount: 0,
  assignedTo: '',
  classification: 'unknown',
  suppressed: false,
});

describe('timeline model', () => {
  it('has one lane per tactic in kill-chain order, then Unmapped', () => {
    expect(LANES.map((l) => l.id)).toEqual([...TACTICS.map((t) => t.id), 'unmapped']);
    expect(LANES[0]?.name).toBe('Reconnaissance');
    expect(LANES.at(-2)?.name).toBe('Impact');
  });
  it('puts an alert in each of its tactic lanes, or in Unmapped', () => {
    const pts = timelinePoints([row('a', ['TA0002', 'TA0003'], 0), row('b', [], 5), row('c', ['TA9999'], 6)]);
    expect(pts.map((p) => [p.alertId, LANES[p.lane]?.id])).toEqual([
      ['a', 'TA0002'],
      ['a', 'TA0003'],
      ['b', 'unmapped'],
      ['c', 'unmapped'],
    ]);
  });
  it('pads the extent and never returns an empty span', () => {
    const [a, b] = timeExtent([row('a', [], 0), row('b', [], 100)]);
    expect(a).toBeLessThan(T0);
    expect(b).toBeGreaterThan(T0 + 100 * 60_000);
    const [c, d] = timeExtent([row('a', [], 0)]);
    expect(d - c).toBeGreaterThanOrEqual(1000);
    expect(timeExtent([])).toEqual([0, 1000]);
  });
  it('scale maps the domain onto the width and back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: 1000, max: 1e10 }), fc.double({ min: 0, max: 1, noNaN: true }), (d0, span, f) => {
        const s = scale([d0, d0 + span], 800);
        const t = d0 + f * span;
        expect(s.toTime(s.toX(t))).toBeCloseTo(t, -1);
        expect(s.toX(d0)).toBe(0);
        expect(s.toX(d0 + span)).toBeCloseTo(800, 6);
      }),
    );
  });
  it('zooms around a point and stays inside the limits', () => {
    const limit = [T0, T0 + 3_600_000] as const;
    const z = zoomDomain(limit, T0 + 1_800_000, 0.5, limit);
    expect(z[1] - z[0]).toBe(1_800_000);
    expect((z[0] + z[1]) / 2).toBe(T0 + 1_800_000);
    expect(zoomDomain(z, T0, 10, limit)).toEqual(limit);
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 20, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (factor, at) => {
        const d = zoomDomain(limit, T0 + at * 3_600_000, factor, limit);
        expect(d[0]).toBeGreaterThanOrEqual(limit[0]);
        expect(d[1]).toBeLessThanOrEqual(limit[1] + 1e-6);
        expect(d[1] - d[0]).toBeGreaterThanOrEqual(1000);
      }),
    );
    expect(panDomain([T0, T0 + 1000], -5000, limit)).toEqual([T0, T0 + 1000]);
  });
  it('ticks are round, inside the domain, and not too many', () => {
    const { step, ticks } = timeTicks([T0 + 7 * 60_000, T0 + 2 * 3_600_000], 8);
    expect(step).toBe(15 * 60_000);
    expect(ticks.length).toBeLessThanOrEqual(9);
    for (const t of ticks) expect(t.t % step).toBe(0);
    expect(ticks[0]?.label).toBe('08:15');
    expect(tickLabel(Date.UTC(2024, 2, 11), 86_400_000, true)).toBe('11 Mar');
    expect(tickLabel(T0 + 5000, 1000, true)).toBe('08:00:05');
  });
  it('bins dense points by lane and pixel, keeping the worst severity and every alert', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ ...row(`r${i}`, ['TA0006'], i / 100), severity: i === 500 ? ('critical' as const) : ('low' as const) }));
    const pts = timelinePoints(rows);
    const s = scale(timeExtent(rows), 400);
    const bins = binPoints(pts, s.toX, 8);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(1000);
    expect(bins.length).toBeLessThanOrEqual(400 / 8 + 1);
    expect(bins.some((b) => b.severity === 'critical' && b.alertIds.includes('r500'))).toBe(true);
  });
});
