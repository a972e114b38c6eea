import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringMap } from './stringmap';

describe('StringMap', () => {
  it('behaves as a Map: get, has, set, delete, size and values in insertion order (reserving room changes nothing)', () => {
    const op = fc.record({ kind: fc.constantFrom('set', 'set', 'delete', 'get', 'reserve'), key: fc.string({ maxLength: 3 }), value: fc.integer() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const mine = new StringMap<number>();
        const ref = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            mine.set(o.key, o.value);
            ref.set(o.key, o.value);
          } else if (o.kind === 'delete') expect(mine.delete(o.key)).toBe(ref.delete(o.key));
          else if (o.kind === 'reserve') mine.reserve(Math.abs(o.value) % 200);
          expect(mine.get(o.key)).toBe(ref.get(o.key));
          expect(mine.has(o.key)).toBe(ref.has(o.key));
          expect(mine.size).toBe(ref.size);
        }
        expect([...mine.values()]).toEqual([...ref.values()]);
      }),
      { numRuns: 300 },
    );
  });
});
