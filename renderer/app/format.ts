import type { AlertStatus, Classification, Determination, IncidentStatus, Severity } from '#shared/model/index';

/**
 * Text for display: makes bidi overrides, zero-width and control characters visible (RLO spoofing such as
 * `invoice\u202Efdp.exe`), and cuts huge strings. React renders the result as text, never as HTML.
 */
export const displayText = (s: string, max = 500): string => {
  const cut = s.length > max * 4 ? s.slice(0, max * 4) : s;
  // eslint-disable-next-line no-control-regex
  const visible = cut.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
  return visible.length > max || cut.length < s.length ? `${visible.slice(0, max)}… (${s.length.toLocaleString('en-US')} chars)` : visible;
};

const pad = (n: number): string => String(n).padStart(2, '0');
let timeMode: 'utc' | 'local' = 'utc';
/** Set by the settings view; every formatTime after it follows. */
export const setTimeMode = (m: 'utc' | 'local'): void => {
  timeMode = m;
};
export const getTimeMode = (): 'utc' | 'local' => timeMode;

/** UTC by default, always with the zone, so two analysts in different zones read the same thing. */
export const formatTime = (ms: number): string => {
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  if (timeMode === 'utc') return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
  const off = -d.getTimezoneOffset();
  const zone = `${off >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
};

/** A duration in words: '45 s', '12 min', '3 h 20 min', '2 d 4 h'. */
export const formatDuration = (ms: number): string => {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  const d = Math.floor(h / 24);
  return `${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  informational: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};
export const ALERT_STATUS_LABEL: Record<AlertStatus, string> = { new: 'New', inProgress: 'In progress', resolved: 'Resolved' };
export const INCIDENT_STATUS_LABEL: Record<IncidentStatus, string> = { active: 'Active', inProgress: 'In progress', resolved: 'Resolved', redirected: 'Merged' };
export const CLASSIFICATION_LABEL: Record<Classification, string> = {
  unknown: 'Not set',
  truePositive: 'True positive',
  falsePositive: 'False positive',
  informationalExpectedActivity: 'Informational, expected activity',
};
export const DETERMINATION_LABEL: Record<Determination, string> = {
  apt: 'APT',
  malware: 'Malware',
  securityPersonnel: 'Security personnel',
  securityTesting: 'Security testing',
  unwantedSoftware: 'Unwanted software',
  multiStagedAttack: 'Multi-staged attack',
  compromisedAccount: 'Compromised account',
  phishing: 'Phishing',
  maliciousUserActivity: 'Malicious user activity',
  notMalicious: 'Not malicious',
  notEnoughDataToValidate: 'Not enough data to validate',
  confirmedActivity: 'Confirmed activity',
  lineOfBusinessApplication: 'Line-of-business application',
  other: 'Other',
  unknown: 'Not set',
};

export const formatCount = (n: number): string => n.toLocaleString('en-US');
export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;
