// Timeline as data: one lane per ATT&CK tactic in kill-chain order plus "Unmapped", time scale, ticks, zoom.
import type { AlertRow } from '#shared/engine/api';
import type { Severity } from '#shared/model/index';
import { TACTICS } from '#shared/model/index';

export type Lane = { id: string; name: string };
export const UNMAPPED_LANE = 'unmapped';
export const LANES: readonly Lane[] = [...TACTICS.map((t) => ({ id: t.id, name: t.name })), { id: UNMAPPED_LANE, name: 'Unmapped' }];
const laneIndex = new Map(LANES.map((l, i) => [l.id, i]));

export type TimelinePoint = { alertId: string; lane: number; time: number; end: number; severity: Severity; title: string };
export type Domain = readonly [number, number];

/** One point per alert per tactic it maps to (an alert with two tactics shows in both lanes). */
export const timelinePoints = (alerts: readonly AlertRow[]): TimelinePoint[] => {
  const out: TimelinePoint[] = [];
  for (const a of alerts) {
    const lanes = a.tactics.map((t) => laneIndex.get(t)).filter((l): l is number => l !== undefined);
    for (const lane of lanes.length ? [...new Set(lanes)] : [LANES.length - 1]) {
      out.push({ alertId: a.id, lane, time: a.firstActivity, end: Math.max(a.firstActivity, a.lastActivity), severity: a.severity, title: a.title });
    }
  }
  return out;
};

const MIN_SPAN = 1000;

/** The alerts' time span, padded 3% each side (and at least a second wide). */
export const timeExtent = (alerts: readonly Pick<AlertRow, 'firstActivity' | 'lastActivity'>[]): Domain => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of alerts) {
    if (Number.isFinite(a.firstActivity)) lo = Math.min(lo, a.firstActivity);
    if (Number.isFinite(a.firstActivity)) hi = Math.max(hi, a.firstActivity);
  }
  if (!Number.isFinite(lo)) return [0, MIN_SPAN];
  const span = Math.max(hi - lo, MIN_SPAN);
  const pad = span * 0.03;
  return [lo - pad, lo + span + pad];
};

export const scale = (domain: Domain, width: number) => {
  const [d0, d1] = domain;
  const k = width / (d1 - d0 || 1);
  return { toX: (t: number): number => (t - d0) * k, toTime: (x: number): number => d0 + x / k };
};

/** Zoom around a time by a factor (<1 zooms in), clamped to [MIN_SPAN, the full extent]. */
export const zoomDomain = (domain: Domain, at: number, factor: number, limit: Domain): Domain => {
  const [d0, d1] = domain;
  const maxSpan = limit[1] - limit[0];
  const span = Math.min(maxSpan, Math.max(MIN_SPAN, (d1 - d0) * factor));
  const ratio = (at - d0) / (d1 - d0 || 1);
  let lo = at - ratio * span;
  lo = Math.max(limit[0], Math.min(lo, limit[1] - span));
  return [lo, lo + span];
};

/** Shift a domain by ms, kept inside the limit. */
export const panDomain = (domain: Domain, byMs: number, limit: Domain): Domain => {
  const span = domain[1] - domain[0];
  const lo = Math.max(limit[0], Math.min(domain[0] + byMs, limit[1] - span));
  return [lo, lo + span];
};

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEPS = [SEC, 5 * SEC, 15 * SEC, 30 * SEC, MIN, 5 * MIN, 15 * MIN, 30 * MIN, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 30 * DAY, 90 * DAY, 365 * DAY];

const pad2 = (n: number): string => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A tick label in UTC or local time: date at day steps, hh:mm below, hh:mm:ss below a minute. */
export const tickLabel = (t: number, step: number, utc: boolean): string => {
  const d = new Date(t);
  const [mo, day, h, m, s] = utc
    ? [d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  if (step >= DAY) return `${day} ${MONTHS[mo] ?? ''}`;
  if (step >= MIN) return h === 0 && m === 0 ? `${day} ${MONTHS[mo] ?? ''}` : `${pad2(h)}:${pad2(m)}`;
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
};

/** Ticks at a round step giving at most maxTicks across the domain (aligned to UTC, or to local time). */
export const timeTicks = (domain: Domain, maxTicks: number, utc = true): { step: number; ticks: { t: number; label: string }[] } => {
  const span = domain[1] - domain[0];
  const step = STEPS.find((s) => span / s <= Math.max(1, maxTicks)) ?? STEPS[STEPS.length - 1] ?? DAY;
  const offset = utc || step < HOUR ? 0 : new Date(domain[0]).getTimezoneOffset() * MIN;
  const first = Math.ceil((domain[0] - offset) / step) * step + offset;
  const ticks: { t: number; label: string }[] = [];
  for (let t = first; t <= domain[1]; t += step) ticks.push({ t, label: tickLabel(t, step, utc) });
  return { step, ticks };
};

export type Bin = { lane: number; x: number; count: number; severity: Severity; alertIds: string[] };
const SEV_ORDER: readonly Severity[] = ['informational', 'low', 'medium', 'high', 'critical'];

/** Too many points to draw one by one: merge points in the same lane within binPx, keeping the highest severity. */
export const binPoints = (points: readonly TimelinePoint[], toX: (t: number) => number, binPx: number): Bin[] => {
  const bins = new Map<string, Bin>();
  for (const p of points) {
    const x = toX(p.time);
    const cell = Math.floor(x / binPx);
    const id = `${p.lane}:${cell}`;
    const b = bins.get(id);
    if (!b) bins.set(id, { lane: p.lane, x: (cell + 0.5) * binPx, count: 1, severity: p.severity, alertIds: [p.alertId] });
    else {
      b.count++;
      b.alertIds.push(p.alertId);
      if (SEV_ORDER.indexOf(p.severity) > SEV_ORDER.indexOf(b.severity)) b.severity = p.severity;
    }
  }
  return [...bins.values()];
};
