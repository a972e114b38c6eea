import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextList, TextPool } from './text-pool';

const hexDigits = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: min, maxLength: max });
/** Hash keys (kept packed) and near misses (odd length, upper case, a non-digit, a wide prefix: kept as they are). */
const hashKey = fc.tuple(fc.constantFrom('sha256:', 'md5:', 'hostid:', 'ab:', 'x:', 'ü€:', 'sha256:sha1:'), hexDigits(30, 70), fc.constantFrom('', 'A', 'g', 'ff')).map(([p, h, tail]) => p + h + tail);

/** Strings of every kind a key or value can be: ASCII, Latin-1, wider (emoji, CJK, lone surrogates), hashes, long. */
const text = fc.oneof(
  hashKey,
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 12 }),
  fc.constantFrom('', 'ip:10.0.0.1', 'sha256:' + 'ab'.repeat(32), 'x'.repeat(9000), 'ü'.repeat(5000) + '\u20ac'),
);

describe('TextList', () => {
  it('gives back every string it holds, compares and orders them as strings do, and shares a key’s tail', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 20 }), (strings, tails) => {
        const pool = new TextPool();
        const list = new TextList(pool);
        const other = new TextList(pool);
        for (const s of strings) list.push(s);
        const expected: string[] = [];
        for (const t of tails) {
          if (!strings.length) break;
          const of = t % strings.length;
          const s = strings[of] ?? '';
          const from = t % (s.length + 1);
          other.pushTail(list, of, from);
          expected.push(s.slice(from));
        }
        expect(list.count).toBe(strings.length);
        strings.forEach((s, i) => {
          expect(list.at(i)).toBe(s);
          expect(list.equals(i, s)).toBe(true);
          expect(list.equals(i, `${s}x`)).toBe(false);
          if (s.length) expect(list.equals(i, s.slice(1))).toBe(false);
        });
        expected.forEach((s, i) => expect(other.at(i)).toBe(s));
        for (let a = 0; a < strings.length; a++)
          for (let b = 0; b < Math.min(strings.length, 8); b++) {
            const x = strings[a] ?? '';
            const y = strings[b] ?? '';
            expect(list.compare(a, b)).toBe(x < y ? -1 : x > y ? 1 : 0);
          }
        expect(list.at(strings.length)).toBe('');
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a hash key as its prefix and a byte per two digits, and tells it from every near miss', () => {
    const key = `sha256:${'0f'.repeat(32)}`;
    const pool = new TextPool();
    const list = new TextList(pool);
    list.push(key);
    expect(pool.used).toBe(7 + 32);
    expect(list.at(0)).toBe(key);
    // A digit that is not lower-case hex must not pass as another digit (a nibble of -1 must never match).
    for (const swap of ['1X', '0F', '0g', '00', '1f', 'f0', '0/']) expect(list.equals(0, `sha256:${swap}${'0f'.repeat(31)}`)).toBe(false);
    expect(list.equals(0, `sha257:${'0f'.repeat(32)}`)).toBe(false);
    expect(list.equals(0, `sha256:${'0f'.repeat(31)}0`)).toBe(false);
    // Not hash keys: kept a character a byte (or whole, when wide).
    for (const plain of [`sha256:${'0f'.repeat(15)}`, `sha256:${'0f'.repeat(32)}0`, `sha256:${'0F'.repeat(32)}`, `a:${'0f'.repeat(32)}`, `toolongprefix:${'0f'.repeat(32)}`, `sha256:${'0f'.repeat(31)}0g`]) {
      const before = pool.used;
      const at = list.push(plain);
      expect(pool.used - before).toBe(plain.length);
      expect(list.at(at)).toBe(plain);
      expect(list.equals(at, plain)).toBe(true);
    }
    list.push(`€é:${'0f'.repeat(32)}`);
    expect(pool.wide).toEqual([`€é:${'0f'.repeat(32)}`]);
  });

  it('keeps narrow strings as one byte a character and wider ones whole', () => {
    const pool = new TextPool();
    const list = new TextList(pool);
    list.push('host:ws-1');
    list.push('acct:upn:zoë@example.com');
    expect(pool.used).toBe('host:ws-1'.length + 'acct:upn:zoë@example.com'.length);
    list.push('domain:例え.jp');
    expect(pool.wide).toEqual(['domain:例え.jp']);
    expect(pool.used).toBe('host:ws-1'.length + 'acct:upn:zoë@example.com'.length);
    expect(list.at(2)).toBe('domain:例え.jp');
  });
});
