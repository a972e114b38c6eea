import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeAlertId, makeIncidentId } from '#shared/model/index';
import { incidentIdOf } from './ids';

describe('incidentIdOf', () => {
  it('names an incident exactly as makeIncidentId does, for alert ids and any other text', () => {
    for (let i = 0; i < 20_000; i++) {
      const id = makeAlertId(i % 2 ? 'graph' : 'suricata', `alert-${i}`);
      expect(incidentIdOf(id)).toBe(makeIncidentId(id));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        expect(incidentIdOf(s)).toBe(makeIncidentId(s));
      }),
      { numRuns: 5000 },
    );
    expect(incidentIdOf('')).toBe(makeIncidentId(''));
  });
});
