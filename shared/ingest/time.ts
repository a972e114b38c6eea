// Timestamp parsing without `new Date(untrusted)` (SECURITY-NOTES I6): explicit grammars only, UTC milliseconds out.
// Every format is anchored and validated (no day rollover: 2024-02-30 is undefined); fractions are truncated to
// the millisecond, never rounded, so `…20.629574Z` and epoch `…20.629574` give the same instant.
//
// Documented choices:
// - Leap second `23:59:60` (UTC) is clamped to 23:59:59.999, so it sorts after :59 and before the next day; a :60
//   that is not the last second of a UTC day is invalid.
// - Naive times are read in `zone` with the 'compatible' rule of Temporal (and of V8's local-time parsing): a wall
//   time in a DST gap (America/New_York 2024-03-10 02:30) is moved forward by the gap (→ 03:30 EDT, 07:30Z); an
//   ambiguous wall time in the overlap (2024-11-03 01:30) is the earlier instant (EDT, 05:30Z).
// - Formats without a year (syslog `Mar 10 02:30:00`) and numeric slash dates (`03/04/2020`) are parsed only when
//   the caller says which year / which order (`opts.year`, `opts.dateOrder`); nothing is guessed.
// - Epoch numbers: < 1e11 seconds, < 1e14 milliseconds, < 1e17 microseconds, else nanoseconds. Digit strings must
//   have 9 to 19 integer digits to count as epochs. FILETIME is never guessed: use fromFileTime() for such fields.

export type ParsedTime = {
  ms: number;
  /** Set when the text carried no offset and `zone` was assumed. */
  assumedZone?: string;
};

export type ParseTimeOptions = {
  /** Year for formats that carry none (syslog). Without it they are not parsed. */
  year?: number;
  /** Field order of numeric slash dates (`03/04/2020`, `3/4/2020, 1:05:00 PM`). Without it they are not parsed. */
  dateOrder?: 'mdy' | 'dmy';
};

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** No timestamp format is longer; longer text is not looked at (no regex work on hostile megabytes). */
const MAX_TIME_CHARS = 64;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, m: number): number => (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1] ?? 0);

/** Days since 1970-01-01 of a proleptic Gregorian date (any year, unlike Date.UTC which maps 0-99 to 1900-1999). */
const daysFromCivil = (year: number, m: number, d: number): number => {
  const y = m <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
};

const civilFromDays = (days: number): [number, number, number] => {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
};

/** First three fraction digits as milliseconds (truncated). */
const fracMs = (frac: string | undefined): number => (frac ? Number(`${frac}00`.slice(0, 3)) : 0);

type Wall = { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number };

/** Wall-clock fields → ms as if UTC; undefined for impossible dates and times. A :60 second is kept as 59.999 + flag. */
const wallMs = (w: Wall): { ms: number; leap: boolean } | undefined => {
  if (w.mo < 1 || w.mo > 12 || w.d < 1 || w.d > daysInMonth(w.y, w.mo) || w.h > 23 || w.mi > 59 || w.s > 60) return undefined;
  const leap = w.s === 60;
  const ms = daysFromCivil(w.y, w.mo, w.d) * DAY + w.h * HOUR + w.mi * MINUTE + (leap ? 59_999 : w.s * 1000 + w.ms);
  return { ms, leap };
};

// ---- zones ----

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (zone: string): Intl.DateTimeFormat => {
  let fmt = formatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formatters.set(zone, fmt);
  }
  return fmt;
};

const exactOffset = (zone: string, utcMs: number): number => {
  let y = 1970;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  let bc = false;
  for (const p of formatterFor(zone).formatToParts(new Date(utcMs))) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') mo = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
    else if (p.type === 'hour') h = Number(p.value) % 24;
    else if (p.type === 'minute') mi = Number(p.value);
    else if (p.type === 'second') s = Number(p.value);
    else if (p.type === 'era') bc = p.value.startsWith('B');
  }
  const year = bc ? 1 - y : y;
  const asUtc = daysFromCivil(year, mo, d) * DAY + h * HOUR + mi * MINUTE + s * 1000;
  return asUtc - Math.floor(utcMs / 1000) * 1000;
};

// Offsets by zone and UTC hour: an hour whose start and end share an offset has it throughout.
const offsetCache = new Map<string, number>();

/** Offset of `zone` from UTC at the given UTC instant, in ms (Intl, so it works in browsers, workers and Node). */
export const zoneOffsetMs = (zone: string, utcMs: number): number => {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const hourStart = Math.floor(utcMs / HOUR) * HOUR;
  const key = `${zone}|${hourStart}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const a = exactOffset(zone, hourStart);
  const b = exactOffset(zone, hourStart + HOUR - 1000);
  if (a !== b) return exactOffset(zone, utcMs);
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, a);
  return a;
};

const zoneValidity = new Map<string, boolean>();
export const isValidZone = (zone: string): boolean => {
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    ok = true;
  } catch {
    ok = false;
  }
  if (zoneValidity.size < 1000) zoneValidity.set(zone, ok);
  return ok;
};

/** Local wall time in `zone` (given as ms-as-if-UTC) → UTC ms, resolving DST gaps and overlaps as documented above. */
export const wallToUtc = (wall: number, zone: string): number => {
  const before = zoneOffsetMs(zone, wall - DAY);
  const after = zoneOffsetMs(zone, wall + DAY);
  let best: number | undefined;
  for (const off of before === after ? [before] : [before, after]) {
    const t = wall - off;
    if (zoneOffsetMs(zone, t) === off && (best === undefined || t < best)) best = t;
  }
  return best ?? wall - before;
};

// ---- grammars ----

const OFFSET = String.raw`(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*${OFFSET}?$`);
const ISO_BASIC = new RegExp(String.raw`^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})(?:[.,](\d{1,9}))?${OFFSET}?$`);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MON = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const SYSLOG = new RegExp(String.raw`^${MON}\s+(\d{1,2})\s+(?:(\d{4})\s+)?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$`, 'i');
const RFC2822 = new RegExp(String.raw`^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(\d{1,2})\s+${MON}\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|GMT|UTC|UT|Z)$`, 'i');
const SLASH = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})(?:(?:,?\s+|[Tt-])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*([AaPp][Mm]))?)?\s*${OFFSET}?$`);
const EPOCH_TEXT = /^(\d{9,19})(?:\.(\d{1,9}))?$/;

/** Offset text → ms east of UTC; undefined when out of range (beyond ±14:59). */
const offsetMs = (off: string): number | undefined => {
  const u = off.toUpperCase();
  if (u === 'Z' || u === 'UTC' || u === 'GMT' || u === 'UT') return 0;
  const sign = off.startsWith('-') ? -1 : 1;
  const digits = off.slice(1).replace(':', '');
  const oh = Number(digits.slice(0, 2));
  const om = Number(digits.slice(2) || '0');
  if (oh > 14 || om > 59) return undefined;
  return sign * (oh * HOUR + om * MINUTE);
};

const resolve = (w: Wall, off: string | undefined, zone: string): ParsedTime | undefined => {
  const wm = wallMs(w);
  if (!wm) return undefined;
  let out: ParsedTime;
  if (off !== undefined) {
    const o = offsetMs(off);
    if (o === undefined) return undefined;
    out = { ms: wm.ms - o };
  } else if (zone === 'UTC' || zone === 'Etc/UTC') {
    out = { ms: wm.ms, assumedZone: zone };
  } else {
    if (!isValidZone(zone)) return undefined;
    out = { ms: wallToUtc(wm.ms, zone), assumedZone: zone };
  }
  // A leap second is only real as the last second of a UTC day.
  if (wm.leap && ((out.ms % DAY) + DAY) % DAY !== DAY - 1) return undefined;
  return out;
};

const num = (s: string | undefined, dflt = 0): number => (s === undefined ? dflt : Number(s));

/** Epoch from digit text, by magnitude, truncated to ms. */
const epochFromText = (intPart: string, frac: string | undefined): ParsedTime | undefined => {
  const digits = intPart.replace(/^0+(?=\d)/, '');
  const n = digits.length;
  if (n <= 11) return { ms: Number(digits) * 1000 + fracMs(frac) };
  if (n <= 14) return { ms: Number(digits) };
  if (n <= 17) return { ms: Number(digits.slice(0, n - 3)) };
  if (n <= 20) return { ms: Number(digits.slice(0, n - 6)) };
  return undefined;
};

const epochFromNumber = (n: number): ParsedTime | undefined => {
  if (!Number.isFinite(n) || n < 0) return undefined;
  const text = String(n);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (m) return epochFromText(m[1] ?? '0', m[2]?.slice(0, 9));
  // Exponent notation (tiny or huge numbers): by magnitude with floating point.
  if (n < 1e11) return { ms: Math.floor(n * 1000) };
  if (n < 1e14) return { ms: Math.floor(n) };
  if (n < 1e17) return { ms: Math.floor(n / 1000) };
  return { ms: Math.floor(n / 1e6) };
};

const month = (name: string): number => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

/**
 * Parse a timestamp as sources write it. Always: ISO 8601 / RFC 3339 with or without offset (`T` or space, fraction
 * up to ns, offsets `Z`, `+09:00`, `-0600`, `+09`, `UTC`, optionally after a space as Hayabusa writes them), ISO
 * basic (`20240310T023000Z`), RFC 2822 (`Sun, 10 Mar 2024 02:30:00 +0000`), epoch s/ms/µs/ns as a number or 9-19
 * digit string. With `opts.year`: syslog `Mar 10 02:30:00` (or with the year inside: `Mar 10 2024 02:30:00`).
 * With `opts.dateOrder`: `03/04/2020-13:55:05.224939`, `3/4/2020, 1:05:00 PM`. Naive times are read in `zone`.
 * Returns undefined for anything else, and never throws.
 */
export const parseTime = (value: unknown, zone = 'UTC', opts: ParseTimeOptions = {}): ParsedTime | undefined => {
  if (typeof value === 'number') return epochFromNumber(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_TIME_CHARS) return undefined;
  const fast = isoFast(text, zone);
  return fast !== null ? fast : parseTimeText(text, zone, opts);
};

/** Digit value of the char at i, or -1. */
const digitAt = (t: string, i: number): number => {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/**
 * The shape nearly every export writes, `YYYY-MM-DDTHH:MM:SS[.fraction][Z]`, read by char codes: the same result
 * as the ISO grammar below without a regex, eight captures and their numbers for every time of every alert; null
 * for any other text (the grammars then read it).
 */
const isoFast = (t: string, zone: string): ParsedTime | undefined | null => {
  const n = t.length;
  if (n < 19 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return null;
  const sep = t.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return null;
  let v = 0;
  const two = (i: number): number => {
    const a = digitAt(t, i);
    const b = digitAt(t, i + 1);
    return a < 0 || b < 0 ? -1 : a * 10 + b;
  };
  const y1 = two(0);
  const y2 = two(2);
  const mo = two(5);
  const d = two(8);
  const h = two(11);
  const mi = two(14);
  const sec = two(17);
  if (y1 < 0 || y2 < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return null;
  let i = 19;
  let ms = 0;
  const f = t.charCodeAt(i);
  if (f === 46 || f === 44) {
    let k = 0;
    for (i++; i < n && digitAt(t, i) >= 0; i++, k++) if (k < 3) v = v * 10 + digitAt(t, i);
    if (k === 0 || k > 9) return null;
    ms = k === 1 ? v * 100 : k === 2 ? v * 10 : v;
  }
  let off: string | undefined;
  if (i < n) {
    const z = t.charCodeAt(i);
    if (i + 1 !== n || (z !== 90 && z !== 122)) return null;
    off = 'Z';
  }
  return resolve({ y: y1 * 100 + y2, mo, d, h, mi, s: sec, ms }, off, zone);
};

/** `parseTime` of trimmed text by its grammars alone (exported for the test that holds the fast reader to them). */
export const parseTimeText = (text: string, zone = 'UTC', opts: ParseTimeOptions = {}): ParsedTime | undefined => {
  const e = EPOCH_TEXT.exec(text);
  if (e) return epochFromText(e[1] ?? '', e[2]);
  let m = ISO.exec(text) ?? ISO_BASIC.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s, frac, off] = m;
    return resolve({ y: num(y), mo: num(mo), d: num(d), h: num(h), mi: num(mi), s: num(s), ms: fracMs(frac) }, off, zone);
  }
  m = RFC2822.exec(text);
  if (m) {
    const [, d, mon, y, h, mi, s, off] = m;
    return resolve({ y: num(y), mo: month(mon ?? ''), d: num(d), h: num(h), mi: num(mi), s: num(s), ms: 0 }, off, zone);
  }
  m = SYSLOG.exec(text);
  if (m) {
    const [, mon, d, y, h, mi, s, frac] = m;
    const year = y !== undefined ? Number(y) : opts.year;
    if (year === undefined || !Number.isInteger(year)) return undefined;
    return resolve({ y: year, mo: month(mon ?? ''), d: num(d), h: num(h), mi: num(mi), s: num(s), ms: fracMs(frac) }, undefined, zone);
  }
  m = SLASH.exec(text);
  if (m && opts.dateOrder) {
    const [, a, b, y, hs, mi, s, frac, ampm, off] = m;
    let h = num(hs);
    if (ampm) {
      if (h < 1 || h > 12) return undefined;
      h = (h % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
    }
    const [mo, d] = opts.dateOrder === 'mdy' ? [num(a), num(b)] : [num(b), num(a)];
    return resolve({ y: num(y), mo, d, h, mi: num(mi), s: num(s), ms: fracMs(frac) }, off, zone);
  }
  return undefined;
};

/** Windows FILETIME (100 ns intervals since 1601-01-01 UTC), as a number or digit string → UTC ms. */
export const fromFileTime = (value: unknown): ParsedTime | undefined => {
  const text = typeof value === 'number' && Number.isInteger(value) && value >= 0 ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,20}$/.test(text)) return undefined;
  const ticks = BigInt(text);
  return { ms: Number(ticks / 10_000n) - 11_644_473_600_000 };
};

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/**
 * UTC ms → RFC 3339 text at the given offset (minutes east of UTC): `2024-03-10T02:30:00.000-05:00`, `…Z` at 0.
 * Years 0-9999 (what parseTime reads back).
 */
export const formatTime = (ms: number, offsetMinutes = 0): string => {
  const local = ms + offsetMinutes * MINUTE;
  const days = Math.floor(local / DAY);
  const [y, mo, d] = civilFromDays(days);
  const rem = local - days * DAY;
  const h = Math.floor(rem / HOUR);
  const mi = Math.floor((rem % HOUR) / MINUTE);
  const s = Math.floor((rem % MINUTE) / 1000);
  const milli = rem % 1000;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const off = offsetMinutes === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(milli, 3)}${off}`;
};
