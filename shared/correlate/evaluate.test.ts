import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreGrouping, scoreLabels } from './evaluate';

describe('scoreLabels', () => {
  it('gives the same score as scoreGrouping on the same labels (singletons included)', () => {
    const labels = fc.array(fc.record({ t: fc.integer({ min: -5, max: 5 }), p: fc.integer({ min: -1, max: 6 }) }), { maxLength: 60 });
    fc.assert(
      fc.property(labels, (rows) => {
        const truth = new Map<string, string>();
        const predicted = new Map<string, string>();
        rows.forEach((r, i) => {
          truth.set(`a${i}`, String(r.t));
          if (r.p >= 0) predicted.set(`a${i}`, String(r.p));
        });
        const fromMaps = scoreGrouping(truth, predicted);
        const fromLabels = scoreLabels(Int32Array.from(rows, (r) => r.t), Int32Array.from(rows, (r) => r.p));
        expect(fromLabels).toEqual(fromMaps);
      }),
    );
  });
});
