import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertId, EntityKey } from '#shared/model/index';
import { AlertStore, StringIndex, cmpText, textPrefix } from './store';
import type { CorrelationAlert } from './types';

const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe('store helpers', () => {
  it('orders strings by textPrefix exactly as by their code units (ASCII, NUL, non-ASCII, shared prefixes)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'b', '\u0000', 'é', '-'), maxLength: 10 }));
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(cmpText(textPrefix(a), textPrefix(b), a, b)).toBe(order(a, b));
      }),
      { numRuns: 5000 },
    );
  });

  it('StringIndex finds every string it interned, also when all hashes collide', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3000 }), fc.boolean(), fc.nat(5000), (words, collide, room) => {
        const index = new StringIndex();
        // Reserving room first (a bulk load of known size) changes nothing but the table's size.
        if (room % 2) index.reserve(room);
        const list: string[] = [];
        const hash = (s: string): number => (collide ? 7 : s.length * 31 + (s.charCodeAt(0) || 0));
        const expected = new Map<string, number>();
        for (const w of words) {
          const i = index.intern(w, hash(w), list, list.length);
          if (i === list.length) list.push(w);
          if (!expected.has(w)) expected.set(w, i);
          expect(i).toBe(expected.get(w));
        }
        for (const [w, i] of expected) expect(index.get(w, hash(w), list)).toBe(i);
        expect(index.get('\u0000absent', hash('\u0000absent'), list)).toBe(-1);
      }),
      { numRuns: 60 },
    );
  });

  it("gives each key its entity's value, shared by the keys that name one entity", () => {
    const hash = 'a'.repeat(64);
    const ent = (key: string, type: 'device' | 'file' | 'ip', value: string) => ({ key: key as EntityKey, type, value, roles: [] });
    const store = new AlertStore();
    store.add([
      { id: 'a1' as AlertId, first: 1, last: 1, severity: 'low', title: 't', detectorId: 'd', source: 's', tactics: [], entities: [ent(`sha256:${hash}`, 'file', hash), ent('host:ws-1', 'device', 'ws-1'), ent('hostid:9f3e', 'device', 'ws-1'), ent('ip:203.0.113.254', 'ip', '203.0.113.254')] },
    ]);
    const valueOf = (key: string): string => store.keyValue(store.keyIndexOf(key));
    // A value that is its key's suffix (long ones are kept as a view of the key) and one that is not.
    expect(valueOf(`sha256:${hash}`)).toBe(hash);
    expect(valueOf('ip:203.0.113.254')).toBe('203.0.113.254');
    expect(valueOf('hostid:9f3e')).toBe('ws-1');
    expect(store.valueIdOf(store.keyIndexOf('hostid:9f3e'))).toBe(store.valueIdOf(store.keyIndexOf('host:ws-1')));
    expect(store.valueCount).toBe(3);
  });

  it('refsWithin gives the occurrences of a key in a time window, in time order, with the extras of later additions', () => {
    const alert = (id: string, at: number, keys: string[]): CorrelationAlert => ({
      id: id as AlertId,
      first: at,
      last: at,
      severity: 'low',
      title: 't',
      detectorId: 'd',
      source: 's',
      tactics: [],
      entities: keys.map((k) => ({ key: k as EntityKey, type: 'device', value: k, roles: [] })),
    });
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 50 }), keys: fc.subarray(['a', 'b', 'c']) }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: -5, max: 55 }),
        fc.integer({ min: 0, max: 30 }),
        (rows, cut, from, width) => {
          const alerts = rows.map((r, i) => alert(`x${i}`, r.at, r.keys));
          const store = new AlertStore();
          store.add(alerts.slice(0, cut));
          store.add(alerts.slice(cut));
          store.add(alerts.slice(0, 3)); // duplicates by id are skipped
          expect(store.n).toBe(alerts.length);
          for (let k = 0; k < store.K; k++) {
            const all = [...store.refsOf(k)];
            const at = (e: number): number => store.first[store.alertOfRef[e] ?? 0] ?? 0;
            expect([...store.refsWithin(k, from, from + width)]).toEqual(all.filter((e) => at(e) >= from && at(e) <= from + width));
          }
        },
      ),
    );
  });
});
