// Timestamp parsing without `new Date(untrusted)` (SECURITY-NOTES I6): explicit grammars only, UTC milliseconds out.

export type ParsedTime = {
  ms: number;
  /** Set when the text carried no offset and `zone` was assumed. */
  assumedZone?: string;
};

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/;

const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Offset of `zone` from UTC at the given UTC instant, in ms (Intl, so it works in browsers, workers and Node). */
const zoneOffsetCache = new Map<string, Intl.DateTimeFormat>();
export const zoneOffsetMs = (zone: string, utcMs: number): number => {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  let fmt = zoneOffsetCache.get(zone);
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
    });
    zoneOffsetCache.set(zone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
};

export const isValidZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Local wall time in `zone` → UTC ms (two-pass, so DST edges resolve to the first valid instant). */
const wallToUtc = (wallAsUtc: number, zone: string): number => {
  const first = wallAsUtc - zoneOffsetMs(zone, wallAsUtc);
  return wallAsUtc - zoneOffsetMs(zone, first);
};

/**
 * Parse a timestamp as sources write it: ISO 8601 with or without offset (space or T, fraction up to ns,
 * offsets `Z`, `+09:00`, `-0600`, `+09`), or epoch seconds/milliseconds as number or digit string.
 * Naive times are read in `zone`. Returns undefined for anything else (never guesses).
 */
export const parseTime = (value: unknown, zone = 'UTC'): ParsedTime | undefined => {
  if (typeof value === 'number') return epoch(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d{9,19}(\.\d+)?$/.test(text)) return epoch(Number(text));
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, ys, mos, ds, hs, mis, ss, frac, off] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs ?? 0);
  const mi = Number(mis ?? 0);
  const s = Number(ss ?? 0);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (off === undefined) {
    return zone === 'UTC' ? { ms: wall, assumedZone: 'UTC' } : { ms: wallToUtc(wall, zone), assumedZone: zone };
  }
  if (off === 'Z' || off === 'z' || off === 'UTC' || off === 'GMT') return { ms: wall };
  const sign = off.startsWith('-') ? -1 : 1;
  const digits = off.slice(1).replace(':', '');
  const oh = Number(digits.slice(0, 2));
  const om = Number(digits.slice(2) || '0');
  if (oh > 14 || om > 59) return undefined;
  return { ms: wall - sign * (oh * 3_600_000 + om * 60_000) };
};

/** Epoch numbers: < 1e11 seconds, < 1e14 ms, < 1e17 µs, else ns. */
const epoch = (n: number): ParsedTime | undefined => {
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (n < 1e11) return { ms: Math.round(n * 1000) };
  if (n < 1e14) return { ms: Math.round(n) };
  if (n < 1e17) return { ms: Math.round(n / 1000) };
  return { ms: Math.round(n / 1e6) };
};
