import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FALLBACK_FILE_NAME, MAX_FILE_NAME_BYTES, MAX_FILE_NAME_CHARS, sanitizeFileName } from './file-name';

const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|clock\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f/\\<>:"|?*\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/** String.prototype.isWellFormed is ES2024; the tsconfig lib is ES2023. */
function isWellFormed(value: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
}

function assertSafe(name: string): void {
  expect(name.length).toBeGreaterThan(0);
  expect(Array.from(name).length).toBeLessThanOrEqual(MAX_FILE_NAME_CHARS);
  expect(new TextEncoder().encode(name).byteLength).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
  expect(name).not.toMatch(FORBIDDEN_CHARS);
  expect(name).not.toContain('..');
  expect(name).not.toMatch(/^[. ]|[. ]$/);
  expect(RESERVED.test(name.split('.')[0]?.trimEnd() ?? '')).toBe(false);
  expect(isWellFormed(name)).toBe(true);
  expect(path.posix.basename(name)).toBe(name);
  expect(path.win32.basename(name)).toBe(name);
  expect(path.win32.isAbsolute(name) || path.posix.isAbsolute(name)).toBe(false);
}

describe('sanitizeFileName', () => {
  it('checks well-formedness correctly', () => {
    expect(isWellFormed('a😀b')).toBe(true);
    expect(isWellFormed('a\ud800b')).toBe(false);
    expect(isWellFormed('\udc00')).toBe(false);
  });

  it('keeps ordinary names', () => {
    for (const name of ['report.html', 'Incident 42 - ransomware.pdf', 'case-2024-03-10.caseline', 'alerts.csv', 'Vorfall Übersicht.md', '事件报告.html']) {
      expect(sanitizeFileName(name)).toBe(name);
    }
  });

  it('handles the X5 and corpus cases', () => {
    const cases: [string, string][] = [
      ['../../../../etc/passwd', 'etc_passwd'],
      ['..\\..\\Windows\\win.ini', 'Windows_win.ini'],
      ['C:\\x', 'C__x'],
      ['\\\\attacker\\share\\a.js', 'attacker_share_a.js'],
      ['file:///C:/Windows/System32/calc.exe', 'file__C__Windows_System32_calc.exe'],
      ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
      ['a\u200Bb\uFEFFc.txt', 'abc.txt'],
      ['report\u0000.html', 'report.html'],
      ['line\r\nbreak.txt', 'linebreak.txt'],
      ['trailing dots...', 'trailing dots'],
      ['trailing space.pdf  ', 'trailing space.pdf'],
      ['.bashrc', 'bashrc'],
      ['..', FALLBACK_FILE_NAME],
      ['.', FALLBACK_FILE_NAME],
      ['', FALLBACK_FILE_NAME],
      ['   ', FALLBACK_FILE_NAME],
      ['\u202E', FALLBACK_FILE_NAME],
      ['CON', '_CON'],
      ['con.txt', '_con.txt'],
      ['NUL.tar.gz', '_NUL.tar.gz'],
      ['COM1', '_COM1'],
      ['lpt9.html', '_lpt9.html'],
      ['COM¹.txt', '_COM¹.txt'],
      ['CONOUT$', '_CONOUT$'],
      ['CON .txt', '_CON .txt'],
      ['console.log', 'console.log'],
      ['a..b.pdf', 'a.b.pdf'],
      ['what?<is>|this*".md', 'what__is__this__.md'],
      ['lone\ud800surrogate.txt', 'lonesurrogate.txt'],
    ];
    for (const [input, expected] of cases) expect(sanitizeFileName(input), JSON.stringify(input)).toBe(expected);
  });

  it('caps long names and keeps the extension', () => {
    const long = `${'incident '.repeat(60)}.html`;
    const out = sanitizeFileName(long);
    expect(out.endsWith('.html')).toBe(true);
    expect(Array.from(out).length).toBeLessThanOrEqual(MAX_FILE_NAME_CHARS);
    const cjk = `${'事'.repeat(200)}.pdf`;
    const outCjk = sanitizeFileName(cjk);
    expect(outCjk.endsWith('.pdf')).toBe(true);
    expect(new TextEncoder().encode(outCjk).byteLength).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    const emoji = '😀'.repeat(200);
    expect(isWellFormed(sanitizeFileName(emoji))).toBe(true);
  });

  const hostileName = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.array(fc.constantFrom('..', '.', '/', '\\', 'C:', 'CON', 'nul', 'COM1', ' ', '\u0000', '\u202e', '\u200b', '\ud800', '😀', '事', 'a', '.html', '%2e', '~', '\t', 'e\u0301', '\u0301'), { maxLength: 80 }).map((p) => p.join('')),
  );

  it('property: the result is always one safe file name', () => {
    fc.assert(fc.property(hostileName, (input) => assertSafe(sanitizeFileName(input))), { numRuns: 2000 });
  });

  it('property: idempotent', () => {
    fc.assert(
      fc.property(hostileName, (input) => {
        const once = sanitizeFileName(input);
        expect(sanitizeFileName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});
