// Form model for the correlation settings: text fields in, settings out, and what blocks a preview.
import type { CorrelationSettings } from '#shared/correlate/settings';

export type DurationUnit = 'min' | 'h';
export type Duration = { value: string; unit: DurationUnit };

export type CorrelationForm = {
  window: Duration;
  sequenceWindow: Duration;
  repeatWindow: Duration;
  noiseThreshold: string;
  noisePeriods: string;
  maxAlertsPerIncident: string;
  allowList: string;
  denyList: string;
};

const MINUTE = 60_000;
const HOUR = 3_600_000;

export const toDuration = (ms: number): Duration =>
  ms >= HOUR && ms % HOUR === 0 ? { value: String(ms / HOUR), unit: 'h' } : { value: String(Math.round((ms / MINUTE) * 100) / 100), unit: 'min' };

const durationMs = (d: Duration): number => Number(d.value) * (d.unit === 'h' ? HOUR : MINUTE);

export const formOf = (s: CorrelationSettings): CorrelationForm => ({
  window: toDuration(s.windowMs),
  sequenceWindow: toDuration(s.sequenceWindowMs),
  repeatWindow: toDuration(s.repeatWindowMs),
  noiseThreshold: String(s.noiseThreshold),
  noisePeriods: String(s.noisePeriods),
  maxAlertsPerIncident: String(s.maxAlertsPerIncident),
  allowList: s.allowList.join('\n'),
  denyList: s.denyList.join('\n'),
});

/** One entry a line, trimmed, blanks and duplicates dropped (first spelling kept). */
export const splitEntries = (text: string): string[] => {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const e = raw.trim();
    if (!e || seen.has(e.toLowerCase())) continue;
    seen.add(e.toLowerCase());
    out.push(e);
  }
  return out;
};

/** Problems that keep the form from being previewed, by field label. */
export const formProblems = (f: CorrelationForm): string[] => {
  const out: string[] = [];
  const dur = (label: string, d: Duration, min: number): void => {
    const ms = durationMs(d);
    if (d.value.trim() === '' || !Number.isFinite(ms) || ms < min) out.push(`${label} must be at least ${min / MINUTE} minute${min === MINUTE ? '' : 's'}.`);
    else if (ms > 30 * 24 * HOUR) out.push(`${label} must be at most 30 days.`);
  };
  const int = (label: string, v: string, min: number, max: number): void => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max) out.push(`${label} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`);
  };
  dur('The window', f.window, MINUTE);
  dur('The sequence window', f.sequenceWindow, MINUTE);
  dur('The repeat window', f.repeatWindow, MINUTE);
  int('The noise threshold', f.noiseThreshold, 2, 10_000_000);
  int('Noise periods', f.noisePeriods, 1, 100_000);
  int('Max alerts per incident', f.maxAlertsPerIncident, 1, 100_000);
  return out;
};

/** The full settings the form stands for (fields the form does not edit are kept from `base`). */
export const settingsOf = (f: CorrelationForm, base: CorrelationSettings): CorrelationSettings => ({
  ...base,
  windowMs: durationMs(f.window),
  sequenceWindowMs: durationMs(f.sequenceWindow),
  repeatWindowMs: durationMs(f.repeatWindow),
  noiseThreshold: Number(f.noiseThreshold),
  noisePeriods: Number(f.noisePeriods),
  maxAlertsPerIncident: Number(f.maxAlertsPerIncident),
  allowList: splitEntries(f.allowList),
  denyList: splitEntries(f.denyList),
});

/** Identity of a settings value, to tell whether the shown preview is of the current edits. */
export const settingsKey = (s: CorrelationSettings): string => JSON.stringify(s);

/**
 * The line to put in the allow list for an entity: its value, or its key when the value cannot be listed exactly.
 * Entity values are attacker-written: a `*` would make a glob (`*` alone would allow everything) and a line break
 * would add lines, so such an entity gets no entry (undefined).
 */
export const allowEntryFor = (e: { key: string; value: string }): string | undefined => {
  const ok = (s: string): boolean => s.trim() !== '' && !s.includes('*') && !/[\r\n\u2028\u2029]/.test(s);
  if (ok(e.value)) return e.value.trim();
  if (ok(e.key)) return e.key.trim();
  return undefined;
};

/** Add a line to a list text unless it is there already (case-insensitive, as the lists match). */
export const addLine = (text: string, line: string): string => {
  if (splitEntries(text).some((e) => e.toLowerCase() === line.toLowerCase())) return text;
  const t = text.replace(/\s+$/, '');
  return t ? `${t}\n${line}` : line;
};

export const listHas = (text: string, line: string): boolean => splitEntries(text).some((e) => e.toLowerCase() === line.toLowerCase());
