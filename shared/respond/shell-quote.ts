// Quoting alert-derived values for generated containment commands. A value becomes exactly one literal argument
// or is refused; it can never end the quoted string, start a new command or be read as an option.
import { hasInvisible, visibleText } from '#shared/report/escape';

export type Quoted = { ok: true; text: string } | { ok: false; reason: string };

/** Refuse what a reviewer cannot see or a shell cannot carry: controls (NUL, newlines...), bidi and zero-width. */
const refuse = (value: string): string | undefined => {
  if (value.length === 0) return 'empty value';
  if (value.includes('\0')) return 'contains a NUL character';
  if (/[\r\n\u2028\u2029\x85]/.test(value)) return 'contains a line break';
  if (hasInvisible(value)) return 'contains control, bidi or invisible characters';
  return undefined;
};

/**
 * POSIX sh single quotes: nothing is special inside them except `'` itself, written `'\''`. UTF-8 never puts
 * byte 0x27 inside a multi-byte character, so non-ASCII text is safe in any locale.
 */
export const quotePosix = (value: string): Quoted => {
  const reason = refuse(value);
  if (reason) return { ok: false, reason };
  return { ok: true, text: `'${value.replace(/'/g, `'\\''`)}'` };
};

/**
 * PowerShell treats U+0027 and the typographic quotes U+2018, U+2019, U+201A and U+201B all as single-quote
 * characters; inside a verbatim string any of them is escaped by doubling it.
 */
const PS_SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;
export const psSingleQuoted = (value: string): string => `'${value.replace(PS_SINGLE_QUOTES, (q) => q + q)}'`;

/**
 * A PowerShell expression for the value. Printable ASCII becomes a verbatim string; anything else is built from
 * UTF-16 code units, because Windows PowerShell 5.1 reads a BOM-less .ps1 as the ANSI code page, where the UTF-8
 * bytes of e.g. `đ` (C4 91) decode to `Ä` + U+2018, a quote that would end the string.
 */
export const quotePowerShell = (value: string): Quoted => {
  const reason = refuse(value);
  if (reason) return { ok: false, reason };
  if (/^[\x20-\x7E]*$/.test(value)) return { ok: true, text: psSingleQuoted(value) };
  const units: string[] = [];
  for (let i = 0; i < value.length; i++) units.push(`0x${value.charCodeAt(i).toString(16).toUpperCase()}`);
  return { ok: true, text: `([string]::new([char[]]@(${units.join(',')})))` };
};

/** A value as shown in a comment line of a generated script: printable ASCII only, so it cannot end the comment. */
export const commentText = (value: string): string =>
  visibleText(value).replace(/[^\x20-\x7E]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`);
