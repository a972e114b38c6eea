// Export file names (SECURITY-NOTES X5, R5). The suggested name comes from the renderer and usually contains
// alert-derived text (an incident title), so it is hostile: it must stay one plain file name on every OS.

export const MAX_FILE_NAME_CHARS = 150;
/** ext4/APFS/NTFS limits are ~255 bytes or UTF-16 units; stay well below in UTF-8 bytes. */
export const MAX_FILE_NAME_BYTES = 240;
export const FALLBACK_FILE_NAME = 'export';

/** Windows device names, reserved with any extension (`CON.txt` too), case-insensitive. */
const RESERVED_STEMS = new Set([
  'con', 'prn', 'aux', 'nul', 'conin$', 'conout$', 'clock$',
  ...['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '¹', '²', '³'].flatMap((n) => [`com${n}`, `lpt${n}`]),
]);

/** Replaced by `_`: the characters Windows forbids in names (separators are handled before, by segment). */
const REPLACED = new Set(['<', '>', ':', '"', '|', '?', '*']);

/** Removed: controls, and invisible characters that reorder or hide text (RLO spoofing, zero-width). */
function isRemoved(codePoint: number): boolean {
  return (
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    codePoint === 0x061c ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0x2028 && codePoint <= 0x202e) ||
    (codePoint >= 0x2060 && codePoint <= 0x2069) ||
    codePoint === 0xfeff ||
    (codePoint >= 0xd800 && codePoint <= 0xdfff) // a lone surrogate (pairs arrive as one code point)
  );
}

function cleanCharacters(value: string): string {
  let visible = '';
  for (const char of value) {
    if (!isRemoved(char.codePointAt(0) ?? 0)) visible += char;
  }
  // A path becomes its meaningful segments joined by `_`: `../../etc/passwd` -> `etc_passwd`.
  const segments = visible.split(/[/\\]+/).filter((segment) => !/^[.\s]*$/.test(segment));
  let out = '';
  for (const char of segments.join('_')) out += REPLACED.has(char) ? '_' : char;
  return out;
}

function trimDotsAndSpaces(value: string): string {
  return value.replace(/^[. ]+/, '').replace(/[. ]+$/, '');
}

const utf8 = new TextEncoder();

function fits(value: string, maxChars: number, maxBytes: number): boolean {
  return Array.from(value).length <= maxChars && utf8.encode(value).byteLength <= maxBytes;
}

/** Cut the stem (never inside a surrogate pair), keeping a short extension. */
function truncate(value: string, maxChars: number, maxBytes: number): string {
  if (fits(value, maxChars, maxBytes)) return value;
  const dot = value.lastIndexOf('.');
  const ext = dot > 0 && value.length - dot <= 16 ? value.slice(dot) : '';
  const stem = Array.from(ext === '' ? value : value.slice(0, dot));
  while (stem.length > 0 && !fits(stem.join('') + ext, maxChars, maxBytes)) stem.pop();
  return trimDotsAndSpaces(stem.join('')) + ext;
}

function isReserved(value: string): boolean {
  const stem = value.split('.')[0] ?? '';
  return RESERVED_STEMS.has(stem.trimEnd().toLowerCase());
}

/**
 * One safe file name: a path keeps its named segments joined by `_`; Windows-forbidden characters become `_`; controls, bidi and zero-width
 * characters go; dot runs collapse (no `..`); leading and trailing dots and spaces go (no hidden files, no Windows
 * trailing-dot tricks); Windows device names get a `_` prefix; at most 150 characters / 240 UTF-8 bytes with the
 * extension kept. Idempotent. Never empty.
 */
export function sanitizeFileName(suggested: string, fallback: string = FALLBACK_FILE_NAME): string {
  // NFC again after cleaning: removing an invisible character can bring a base letter and a combining mark together.
  let name = cleanCharacters(suggested.normalize('NFC')).normalize('NFC');
  name = name.replace(/\.{2,}/g, '.');
  name = trimDotsAndSpaces(name);
  // One character of room for the reserved-name prefix.
  name = truncate(name, MAX_FILE_NAME_CHARS - 1, MAX_FILE_NAME_BYTES - 1);
  name = trimDotsAndSpaces(name);
  if (name === '') name = fallback;
  if (isReserved(name)) name = `_${name}`;
  return name;
}
