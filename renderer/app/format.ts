import type { Severity } from '#shared/model/index';

/**
 * Text for display: makes bidi overrides, zero-width and control characters visible (RLO spoofing such as
 * `invoice\u202Efdp.exe`), and cuts huge strings. React renders the result as text, never as HTML.
 */
export const displayText = (s: string, max = 500): string => {
  // eslint-disable-next-line no-control-regex
  const visible = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
  return visible.length > max ? `${visible.slice(0, max)}… (${visible.length.toLocaleString()} chars)` : visible;
};

const pad = (n: number): string => String(n).padStart(2, '0');
/** UTC time, always with the zone, so two analysts in different zones read the same thing. */
export const formatTime = (ms: number): string => {
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  informational: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

export const formatCount = (n: number): string => n.toLocaleString('en-US');
