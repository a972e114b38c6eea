import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cyrb53, makeAlertId, makeIncidentId, stableHash } from '#shared/model/index';

/** The digest as the two-pass code made it: cyrb53 under each seed, formatted by the engine. */
const twoPass = (t: string): string => cyrb53(t, 0x9e3779b1).toString(36).padStart(11, '0') + cyrb53(t, 0x85ebca6b).toString(36).padStart(11, '0');

describe('makeIncidentId', () => {
  it('names an incident as it always has: in- and the first 16 characters of the digest, for alert ids and any other text', () => {
    for (let i = 0; i < 20_000; i++) {
      const id = makeAlertId(i % 2 ? 'graph' : 'suricata', `alert-${i}`);
      expect(makeIncidentId(id)).toBe(`in-${twoPass(id).slice(0, 16)}`);
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        expect(makeIncidentId(s)).toBe(`in-${twoPass(s).slice(0, 16)}`);
      }),
      { numRuns: 5000 },
    );
    expect(makeIncidentId('')).toBe(`in-${twoPass('').slice(0, 16)}`);
  });
});

describe('stableHash', () => {
  it('never changes: ids made before stay the ids of the same alerts', () => {
    // Values from the two-pass code that made the ids stored so far.
    expect([stableHash(''), stableHash('graph\u0000da637578995287051192_756343937'), stableHash('é東🚀'), makeAlertId('suricata', '#{"a":1}')]).toEqual([
      '0sb6s380xqj1247s7v64qa',
      '1q1vwgzkgiy1anxtwrx96z',
      '0bn895gcijc0k4h1kefeoo',
      'al-191001w6dr82ew4hdq3uq5',
    ]);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (t) => {
        expect(stableHash(t)).toBe(twoPass(t));
      }),
      { numRuns: 2000 },
    );
  });
});
