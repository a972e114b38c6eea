// Text safety for exports. Alert content is attacker-written (SECURITY-NOTES X2, R5, R6).

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** The one HTML escape: & < > " ' and backtick. Safe in text and in quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);

/**
 * Characters that hide or reorder text: C0/C1 controls and DEL, bidi controls (U+202A–E, U+2066–9 and the marks),
 * zero-width and other invisible format characters, line/paragraph separators, tag characters and lone surrogates.
 */
// Matching control and combining/format characters is the point of these two patterns.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class
  /[\0-\x1F\x7F-\x9F\xAD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}\uD800-\uDFFF]/u;
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE_G = new RegExp(INVISIBLE.source, 'gu');

export const hasInvisible = (text: string): boolean => INVISIBLE.test(text);

const hex = (cp: number): string => `\\u{${cp.toString(16).toUpperCase()}}`;

export type VisibleOptions = {
  /** Keep LF, TAB and CRLF as they are (multi-line fields rendered with white-space: pre-wrap). */
  multiline?: boolean;
};

/**
 * Make hidden characters visible as `\u{HEX}` (RLO spoofing: `invoice\u202Efdp.exe` shows as
 * `invoice\u{202E}fdp.exe`). Reversible with `fromVisibleText`: a backslash that would otherwise read as the start
 * of an escape (`\u{`) is itself written `\u{5C}`.
 */
export const visibleText = (text: string, options: VisibleOptions = {}): string => {
  if (text.includes('\\u{')) return escapeEscapeLookalikes(text, options);
  const multiline = options.multiline === true;
  return text.replace(INVISIBLE_G, (c: string, offset: number, whole: string) => {
    if (multiline && (c === '\n' || c === '\t' || (c === '\r' && whole.charCodeAt(offset + 1) === 10))) return c;
    return hex(c.codePointAt(0) ?? 0);
  });
};

// Slow path, only when the text contains `\u{`: encode character by character so a literal `\u{` stays reversible.
const escapeEscapeLookalikes = (text: string, options: VisibleOptions): string => {
  const multiline = options.multiline === true;
  let out = '';
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) ?? 0;
    const c = String.fromCodePoint(cp);
    const width = c.length;
    if (c === '\\' && text.startsWith('u{', i + 1)) out += hex(0x5c);
    else if (INVISIBLE.test(c)) {
      const keep = multiline && (c === '\n' || c === '\t' || (c === '\r' && text.charCodeAt(i + 1) === 10));
      out += keep ? c : hex(cp);
    } else out += c;
    i += width;
  }
  return out;
};

/** Inverse of visibleText. */
export const fromVisibleText = (text: string): string =>
  text.replace(/\\u\{([0-9A-F]{1,6})\}/g, (m: string, h: string) => {
    const cp = parseInt(h, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });

/** Cut a huge field for display, never inside a surrogate pair, saying how much was left out. */
export const truncateText = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… [${(text.length - end).toLocaleString('en-US')} more characters]`;
};

/** visibleText of a truncated field: what every report shows for an alert-derived string. */
export const displayText = (text: string, max: number, options: VisibleOptions = {}): string =>
  visibleText(truncateText(text, max), options);
