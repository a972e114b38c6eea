import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertId, EntityKey } from '#shared/model/index';
import { StringIndex, StringSet } from '#shared/model/string-index';
import { TextList, TextPool } from '#shared/model/text-pool';
import { AlertStore, cmpText, textPrefix } from './store';
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

  it('StringIndex finds every string it interned, in an array or a text pool, also when all hashes collide', () => {
    // Short strings meet often; hash keys are kept packed by the pool, their near misses (upper case) are not.
    const word = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(`sha1:${'ab'.repeat(20)}`, `sha1:${'AB'.repeat(20)}`, `sha1:${'ab'.repeat(19)}ac`, 'zoë', '例'));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 3000 }), fc.boolean(), fc.nat(5000), fc.boolean(), (words, collide, room, pooled) => {
        const index = new StringIndex();
        // Reserving room first (a bulk load of known size, exactly or at least doubling) changes nothing but the
        // table's size.
        if (room % 2) index.reserve(room, room % 4 === 1);
        const texts = pooled ? new TextList(new TextPool()) : undefined;
        const strings: string[] = [];
        const list = texts ?? strings;
        const size = (): number => (texts ? texts.count : strings.length);
        const hash = (s: string): number => (collide ? 7 : s.length * 31 + (s.charCodeAt(0) || 0));
        const expected = new Map<string, number>();
        for (const w of words) {
          const i = index.intern(w, hash(w), list, size());
          if (i === size()) {
            if (texts) texts.push(w);
            else strings.push(w);
          }
          if (!expected.has(w)) expected.set(w, i);
          expect(i).toBe(expected.get(w));
        }
        for (const [w, i] of expected) expect(index.get(w, hash(w), list)).toBe(i);
        expect(index.get('\u0000absent', hash('\u0000absent'), list)).toBe(-1);
      }),
      { numRuns: 60 },
    );
  });

  it('StringSet adds each string once and holds exactly what it added, whatever room was reserved along the way', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('alert-1', 'ALERT-1', '例', '\u0000')), { maxLength: 2000 }), fc.array(fc.nat(4000), { maxLength: 4 }), (words, rooms) => {
        const set = new StringSet();
        const expected = new Set<string>();
        words.forEach((w, i) => {
          // An import refines its estimate as it reads: room asked for at any point changes nothing but the table.
          if (rooms.length && i % 97 === 0) set.reserve(rooms[i % rooms.length] ?? 0);
          expect(set.add(w)).toBe(!expected.has(w));
          expected.add(w);
        });
        expect(set.size).toBe(expected.size);
        for (const w of expected) expect(set.has(w)).toBe(true);
        expect(set.has('\u0000absent')).toBe(false);
      }),
      { numRuns: 80 },
    );
  });

  it("gives each key its entity's value, shared by the keys that name one entity", () => {
    const hash = 'a'.repeat(64);
    const ent = (key: string, type: 'device' | 'file' | 'ip', value: string) => ({ key: key as EntityKey, type, value });
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
      entities: keys.map((k) => ({ key: k as EntityKey, type: 'device', value: k })),
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

  it('expect(n) sizes the key arrays once from the rate so far: a load at that rate reallocates none of them', () => {
    const ent = (key: string) => ({ key: key as EntityKey, type: 'ip' as const, value: key.slice(3) });
    // Two fresh keys and one of 50 shared keys per alert, as an import's first chunks would show.
    const alerts = Array.from({ length: 4000 }, (_, i): CorrelationAlert => ({ id: `a${i}` as AlertId, first: i, last: i, severity: 'low', title: 't', detectorId: 'd', source: 's', tactics: [], entities: [ent(`ip:10.0.${i >> 8}.${i & 255}`), ent(`ip:11.0.${i >> 8}.${i & 255}`), ent(`ip:12.0.0.${i % 50}`)] }));
    const store = new AlertStore();
    store.append(alerts.slice(0, 1000));
    expect(store.K).toBe(2050);
    store.expect(4000);
    const sized = { keyType: store.keyType, keyAlias: store.keyAlias, keyCount: store.keyCount, entKey: store.entKey, first: store.first };
    // Exactly the estimate (not the next doubling): 2,050 keys a thousand alerts, 3 occurrences an alert.
    expect(sized.keyType.length).toBe(8200);
    expect(sized.entKey.length).toBe(12000);
    expect(sized.first.length).toBe(4000);
    for (let i = 1000; i < 4000; i += 500) store.append(alerts.slice(i, i + 500));
    expect(store.K).toBe(8050);
    expect({ keyType: store.keyType, keyAlias: store.keyAlias, keyCount: store.keyCount, entKey: store.entKey, first: store.first }).toStrictEqual(sized);
    expect(store.keyType).toBe(sized.keyType);
    expect(store.entKey).toBe(sized.entKey);
    // Every key is still found, and more alerts than estimated still fit (the arrays then grow as before).
    for (const a of alerts) for (const e of a.entities) expect(store.keyIndexOf(e.key)).toBeGreaterThanOrEqual(0);
    store.append([{ ...alerts[0], id: 'late' as AlertId, entities: [ent('ip:13.0.0.1')] }]);
    expect(store.n).toBe(4001);
    expect(store.keyValue(store.keyIndexOf('ip:13.0.0.1'))).toBe('13.0.0.1');
  });

  it('expect(n) extrapolates keys at their recent rate, not the rate of the first alerts (hosts repeat later)', () => {
    const ent = (key: string) => ({ key: key as EntityKey, type: 'ip' as const, value: key.slice(3) });
    // Three new keys an alert for the first 512 alerts, one after.
    const alerts = Array.from({ length: 1024 }, (_, i): CorrelationAlert => ({ id: `a${i}` as AlertId, first: i, last: i, severity: 'low', title: 't', detectorId: 'd', source: 's', tactics: [], entities: i < 512 ? [ent(`ip:10.0.${i >> 8}.${i & 255}`), ent(`ip:11.0.${i >> 8}.${i & 255}`), ent(`ip:12.0.${i >> 8}.${i & 255}`)] : [ent(`ip:10.0.${i >> 8}.${i & 255}`), ent('ip:12.0.0.1')] }));
    const store = new AlertStore();
    store.append(alerts);
    expect(store.K).toBe(2048);
    store.expect(4024);
    // 2,048 keys and one more an alert for the 3,000 to come (the first alerts' rate would give 8,048).
    expect(store.keyType.length).toBe(5048);
    expect(store.first.length).toBe(4024);
  });
});
