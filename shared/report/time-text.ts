// Time as text for exports. `Date#toISOString` throws beyond ±8.64e15 ms, and times in a case file are input:
// every export formats through here so an absurd number gives an empty value, never an exception.
const MAX_MS = 8.64e15;

export const isValidMs = (ms: number): boolean => Number.isFinite(ms) && Math.abs(ms) <= MAX_MS;

/** RFC 3339 UTC with milliseconds ('2024-06-01T09:30:00.123Z'), or undefined for an impossible time. */
export const isoTime = (ms: number): string | undefined => (isValidMs(ms) ? new Date(ms).toISOString() : undefined);

/** '2024-06-01 09:30:00 UTC' for tables, or `missing`. */
export const displayTime = (ms: number, missing = '—'): string => isoTime(ms)?.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC') ?? missing;
