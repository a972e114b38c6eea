import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTime, fromFileTime, isValidZone, parseTime, parseTimeText, wallToUtc, zoneOffsetMs } from './time';

const utc = (iso: string): number => Date.parse(iso); // test oracle only, on well-formed literals

describe('parseTime: ISO 8601 / RFC 3339', () => {
  it.each([
    ['2024-03-10T02:30:00Z', '2024-03-10T02:30:00.000Z'],
    ['2024-03-10t02:30:00z', '2024-03-10T02:30:00.000Z'],
    ['2024-03-10T11:30:00+09:00', '2024-03-10T02:30:00.000Z'],
    ['2024-03-10T11:30:00+0900', '2024-03-10T02:30:00.000Z'],
    ['2024-03-10T11:30:00+09', '2024-03-10T02:30:00.000Z'],
    ['2018-03-24T10:41:46.000000-0600', '2018-03-24T16:41:46.000Z'],
    ['2018-03-24T14:37:19.037299-0600', '2018-03-24T20:37:19.037Z'],
    ['2020-03-04T13:55:05.224939+0000', '2020-03-04T13:55:05.224Z'],
    ['2013-10-24 01:16:13.843 +09:00', '2013-10-23T16:16:13.843Z'],
    ['2021-09-17T12:00:00.1234567Z', '2021-09-17T12:00:00.123Z'],
    ['2021-09-17T12:00:00.9999999Z', '2021-09-17T12:00:00.999Z'],
    ['2021-09-17T12:00:00,5Z', '2021-09-17T12:00:00.500Z'],
    ['2024-03-10 02:30:00 UTC', '2024-03-10T02:30:00.000Z'],
    ['20240310T023000Z', '2024-03-10T02:30:00.000Z'],
    ['20240310T113000.25+0900', '2024-03-10T02:30:00.250Z'],
    ['Sun, 10 Mar 2024 02:30:00 +0000', '2024-03-10T02:30:00.000Z'],
    ['10 Mar 2024 04:30 +0200', '2024-03-10T02:30:00.000Z'],
    ['  2024-02-29T00:00:00Z  ', '2024-02-29T00:00:00.000Z'],
  ])('%s', (text, iso) => {
    const p = parseTime(text, 'America/New_York');
    expect(p).toEqual({ ms: utc(iso) });
  });

  it('naive times are read in the zone and say so', () => {
    expect(parseTime('2024-03-10T02:30:00')).toEqual({ ms: utc('2024-03-10T02:30:00Z'), assumedZone: 'UTC' });
    expect(parseTime('2024-03-10 02:30:00', 'Asia/Kolkata')).toEqual({ ms: utc('2024-03-09T21:00:00Z'), assumedZone: 'Asia/Kolkata' });
    expect(parseTime('2024-03-10', 'UTC')).toEqual({ ms: utc('2024-03-10T00:00:00Z'), assumedZone: 'UTC' });
    expect(parseTime('2024-07-01T12:00:00', 'Europe/London')?.ms).toBe(utc('2024-07-01T11:00:00Z'));
  });

  it.each([
    '2024-02-30',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-03-10T24:00:00Z',
    '2024-03-10T12:60:00Z',
    '2024-03-10T12:00:00+15:00',
    '2024-03-10T12:00:00+09:60',
    '2024-03-10T12:00:00 +09:00 extra',
    'Mar 10 02:30:00',
    '03/04/2020-13:55:05',
    'yesterday',
    '',
    '1234',
    '12345678',
    '2024-03-10T02:30:00Z'.padEnd(100, ' ') + 'x',
  ])('%j is undefined (never guessed, never rolled over)', (text) => {
    expect(parseTime(text)).toBeUndefined();
  });

  it('rejects non-strings and non-numbers, and bad zones, without throwing', () => {
    for (const v of [null, undefined, {}, [], true, NaN, -1, Infinity]) expect(parseTime(v)).toBeUndefined();
    expect(parseTime('2024-03-10T02:30:00', 'Not/A_Zone')).toBeUndefined();
    expect(isValidZone('Not/A_Zone')).toBe(false);
    expect(isValidZone('Australia/Lord_Howe')).toBe(true);
  });

  it('years below 100 are not mapped to the 1900s', () => {
    expect(parseTime('0050-01-01T00:00:00Z')?.ms).toBe(new Date('0050-01-01T00:00:00Z').getTime());
    expect(parseTime('0000-02-29T00:00:00Z')?.ms).toBe(new Date('0000-02-29T00:00:00Z').getTime());
    expect(parseTime('1900-02-29T00:00:00Z')).toBeUndefined();
  });
});

describe('parseTime: leap second (clamped to 23:59:59.999 UTC)', () => {
  it('accepts :60 as the last second of a UTC day', () => {
    expect(parseTime('2016-12-31T23:59:60Z')?.ms).toBe(utc('2016-12-31T23:59:59.999Z'));
    expect(parseTime('2016-12-31T23:59:60.5Z')?.ms).toBe(utc('2016-12-31T23:59:59.999Z'));
    expect(parseTime('2017-01-01T08:59:60+09:00')?.ms).toBe(utc('2016-12-31T23:59:59.999Z'));
    const before = parseTime('2016-12-31T23:59:59.998Z')?.ms ?? 0;
    const after = parseTime('2017-01-01T00:00:00Z')?.ms ?? 0;
    const leap = parseTime('2016-12-31T23:59:60Z')?.ms ?? 0;
    expect(before < leap && leap < after).toBe(true);
  });
  it('rejects :60 anywhere else', () => {
    expect(parseTime('2016-12-31T12:30:60Z')).toBeUndefined();
    expect(parseTime('2016-12-31T23:59:60+09:00')).toBeUndefined();
  });
});

describe('parseTime: naive times across DST (America/New_York)', () => {
  const NY = 'America/New_York';
  it('a wall time in the spring gap moves forward by the gap (02:30 → 03:30 EDT = 07:30Z)', () => {
    expect(parseTime('2024-03-10T02:30:00', NY)).toEqual({ ms: utc('2024-03-10T07:30:00Z'), assumedZone: NY });
    expect(parseTime('2024-03-10T01:59:59', NY)?.ms).toBe(utc('2024-03-10T06:59:59Z'));
    expect(parseTime('2024-03-10T03:00:00', NY)?.ms).toBe(utc('2024-03-10T07:00:00Z'));
  });
  it('an ambiguous wall time in the autumn overlap is the earlier instant (01:30 EDT = 05:30Z)', () => {
    expect(parseTime('2024-11-03T01:30:00', NY)).toEqual({ ms: utc('2024-11-03T05:30:00Z'), assumedZone: NY });
    expect(parseTime('2024-11-03T00:59:00', NY)?.ms).toBe(utc('2024-11-03T04:59:00Z'));
    expect(parseTime('2024-11-03T02:00:00', NY)?.ms).toBe(utc('2024-11-03T07:00:00Z'));
  });
  it('Lord Howe (30-minute DST) and Kolkata (+05:30) round-trip through wallToUtc', () => {
    for (const zone of ['Australia/Lord_Howe', 'Asia/Kolkata', 'Europe/London']) {
      for (let t = utc('2024-01-01T00:00:00Z'); t < utc('2025-01-01T00:00:00Z'); t += 7 * 3_600_000 + 17 * 60_000) {
        const wall = t + zoneOffsetMs(zone, t);
        const back = wallToUtc(wall, zone);
        // Equal except in an overlap, where the earlier instant is chosen.
        expect(back <= t).toBe(true);
        expect(back + zoneOffsetMs(zone, back)).toBe(wall);
      }
    }
  });
  it('does not depend on the process time zone', () => {
    const saved = process.env.TZ;
    const results: (number | undefined)[] = [];
    try {
      for (const tz of ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
        process.env.TZ = tz;
        results.push(parseTime('2024-03-10T02:30:00', 'America/New_York')?.ms, parseTime('2024-03-10T02:30:00')?.ms, parseTime('Mar 10 02:30:00', 'UTC', { year: 2024 })?.ms);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(new Set(results.filter((_, i) => i % 3 === 0)).size).toBe(1);
    expect(new Set(results.filter((_, i) => i % 3 === 1)).size).toBe(1);
    expect(new Set(results.filter((_, i) => i % 3 === 2)).size).toBe(1);
  });
});

describe('parseTime: epochs', () => {
  it.each([
    [1521911720, '2018-03-24T17:15:20.000Z'],
    [1521911720.629574, '2018-03-24T17:15:20.629Z'],
    ['1521911720.629574', '2018-03-24T17:15:20.629Z'],
    ['1521911720', '2018-03-24T17:15:20.000Z'],
    [1521911720629, '2018-03-24T17:15:20.629Z'],
    ['1521911720629', '2018-03-24T17:15:20.629Z'],
    ['1521911720629574', '2018-03-24T17:15:20.629Z'],
    ['1521911720629574123', '2018-03-24T17:15:20.629Z'],
    [1521911720629574, '2018-03-24T17:15:20.629Z'],
    [1.001, '1970-01-01T00:00:01.001Z'],
    [0, '1970-01-01T00:00:00.000Z'],
  ])('%s', (value, iso) => {
    expect(parseTime(value)).toEqual({ ms: utc(iso) });
  });
  it('an epoch and the same instant in ISO agree to the millisecond (both truncated)', () => {
    expect(parseTime('1521911720.629574')?.ms).toBe(parseTime('2018-03-24T17:15:20.629574Z')?.ms);
  });
  it('FILETIME only when asked for', () => {
    expect(fromFileTime('132000000000000000')?.ms).toBe(utc('2019-04-17T18:40:00Z'));
    expect(fromFileTime(116444736000000000)?.ms).toBe(0);
    expect(fromFileTime('x')).toBeUndefined();
  });
});

describe('parseTime: formats that need the caller to decide', () => {
  it('syslog needs an explicit year', () => {
    expect(parseTime('Mar 10 02:30:00')).toBeUndefined();
    expect(parseTime('Mar 10 02:30:00', 'UTC', { year: 2024 })).toEqual({ ms: utc('2024-03-10T02:30:00Z'), assumedZone: 'UTC' });
    expect(parseTime('Mar  1 02:30:00.5', 'America/New_York', { year: 2024 })?.ms).toBe(utc('2024-03-01T07:30:00.500Z'));
    expect(parseTime('Feb 29 00:00:00', 'UTC', { year: 2023 })).toBeUndefined();
    expect(parseTime('Mar 10 2021 02:30:00')?.ms).toBe(utc('2021-03-10T02:30:00Z'));
  });
  it('slash dates need an explicit order', () => {
    expect(parseTime('03/04/2020-13:55:05.224939')).toBeUndefined();
    expect(parseTime('03/04/2020-13:55:05.224939', 'UTC', { dateOrder: 'mdy' })?.ms).toBe(utc('2020-03-04T13:55:05.224Z'));
    expect(parseTime('03/04/2020-13:55:05', 'UTC', { dateOrder: 'dmy' })?.ms).toBe(utc('2020-04-03T13:55:05Z'));
    expect(parseTime('1/11/2019, 6:31:40.000 PM', 'UTC', { dateOrder: 'mdy' })?.ms).toBe(utc('2019-01-11T18:31:40Z'));
    expect(parseTime('1/11/2019, 12:31:40 AM', 'UTC', { dateOrder: 'mdy' })?.ms).toBe(utc('2019-01-11T00:31:40Z'));
    expect(parseTime('1/11/2019, 13:31:40 PM', 'UTC', { dateOrder: 'mdy' })).toBeUndefined();
    expect(parseTime('31/11/2019', 'UTC', { dateOrder: 'dmy' })).toBeUndefined();
  });
});

describe('parseTime properties', () => {
  const instant = fc.integer({ min: utc('0001-01-01T00:00:00Z'), max: utc('9999-12-31T23:59:59.999Z') - 15 * 3_600_000 });

  it('parse(format(t, offset)) === t for any date and offset within ±14h', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -14 * 60, max: 14 * 60 }), (t, off) => {
        const text = formatTime(t, off);
        expect(parseTime(text)?.ms).toBe(t);
        expect(parseTime(text.replace('T', ' '))?.ms).toBe(t);
        expect(parseTime(text.replace(/:(\d\d)$/, '$1'))?.ms).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Date.parse on well-formed RFC 3339 text (test oracle)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        expect(parseTime(iso)?.ms).toBe(d.getTime());
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9T:+\-. Z/,APMapm]{0,40}$/)), fc.constantFrom('UTC', 'America/New_York', 'Bad/Zone'), (s, zone) => {
        const p = parseTime(s, zone, { year: 2024, dateOrder: 'dmy' });
        if (p) expect(Number.isFinite(p.ms)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the common ISO shape by char codes exactly as the grammars read it, near misses included', () => {
    const part = (digits: number) => fc.oneof(fc.integer({ min: 0, max: 10 ** digits - 1 }).map((n) => String(n).padStart(digits, '0')), fc.constantFrom('', '1', 'x', '١٢'.slice(0, digits)));
    const text = fc
      .tuple(part(4), fc.constantFrom('-', '/'), part(2), fc.constantFrom('-'), part(2), fc.constantFrom('T', 't', ' ', '_'), part(2), fc.constantFrom(':'), part(2), fc.constantFrom(':', ''), part(2), fc.constantFrom('', '.', ',', '.123', '.1', '.12', ',999999999', '.1234567890', '.12a'), fc.constantFrom('', 'Z', 'z', ' Z', '+02:00', 'Zz', 'UTC', '1'))
      .map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York'), (t, zone) => {
        expect(parseTime(t, zone)).toEqual(parseTimeText(t.trim(), zone));
      }),
      { numRuns: 20_000 },
    );
    expect(parseTime('2024-02-29T23:59:60.5Z')).toEqual(parseTimeText('2024-02-29T23:59:60.5Z'));
    expect(parseTime('2016-12-31T23:59:60Z')).toEqual({ ms: Date.UTC(2016, 11, 31, 23, 59, 59, 999) });
  });
});
