import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasInvisible } from '#shared/report/escape';
import { commentText, psSingleQuoted, quotePosix, quotePowerShell } from './shell-quote';

const QUOTES = ["'", '\u2018', '\u2019', '\u201A', '\u201B'];
const isQuote = (c: string | undefined): boolean => c !== undefined && QUOTES.includes(c);

/**
 * Reference reader for one PowerShell argument as the language spec defines it: a verbatim string (any of the five
 * single-quote characters opens/closes it, a doubled one is a literal) or our `([string]::new([char[]]@(...)))`.
 * Returns the value and how many characters it consumed.
 */
const readPs = (text: string): { value: string; end: number } => {
  const m = /^\(\[string\]::new\(\[char\[\]\]@\(((?:0x[0-9A-F]{1,4},)*0x[0-9A-F]{1,4})\)\)\)/.exec(text);
  if (m?.[1]) return { value: String.fromCharCode(...m[1].split(',').map((h) => parseInt(h, 16))), end: m[0].length };
  if (!isQuote(text[0])) throw new Error(`not a PowerShell string: ${text}`);
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i] ?? '';
    if (isQuote(c)) {
      if (isQuote(text[i + 1])) {
        value += text[i + 1];
        i++;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
  }
  throw new Error('unterminated string');
};

const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.array(fc.constantFrom(...QUOTES, '"', '`', '$', '(', ')', ';', '&', '|', '\\', ' ', 'a', 'é', 'đ', '-', '\n', '\0', '\u202E', '{', '}', '#', '*'), { maxLength: 30 }).map((a) => a.join('')),
);

const refusable = (s: string): boolean => s.length === 0 || hasInvisible(s);

describe('PowerShell quoting', () => {
  it('doubles every single-quote character PowerShell recognises, so any string reads back whole', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom('', ' ; Remove-Item C:\\ -Recurse', " ' + $(whoami) + '", ')'), (s, tail) => {
        const q = psSingleQuoted(s);
        // What follows our token in generated text is always a space, ')' or the line end.
        const r = readPs(q + tail);
        expect(r.value).toBe(s);
        expect(r.end).toBe(q.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('smart quotes: a lone U+2019 would end the string; doubled it is a literal', () => {
    expect(readPs("'a\u2019; calc'").value).toBe('a'); // what naive escaping of only ' would allow
    expect(psSingleQuoted('a\u2019; calc')).toBe("'a\u2019\u2019; calc'");
    expect(readPs(psSingleQuoted('a\u2019; calc')).value).toBe('a\u2019; calc');
  });

  it('quotePowerShell returns one argument equal to the value, ASCII-only, or refuses invisible/control text', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const q = quotePowerShell(s);
        if (!q.ok) {
          expect(refusable(s)).toBe(true);
          return;
        }
        expect(refusable(s)).toBe(false);
        expect(q.text).toMatch(/^[\x20-\x7E]+$/); // survives a .ps1 read in any ANSI code page
        const r = readPs(q.text);
        expect(r.value).toBe(s);
        expect(r.end).toBe(q.text.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('writes non-ASCII as code units (đ would decode to a quote under Windows-1252)', () => {
    const q = quotePowerShell('đ\u2019x');
    expect(q).toEqual({ ok: true, text: '([string]::new([char[]]@(0x111,0x2019,0x78)))' });
    expect(quotePowerShell("O'Brien")).toEqual({ ok: true, text: "'O''Brien'" });
    expect(quotePowerShell('a\nb').ok).toBe(false);
    expect(quotePowerShell('a\0b').ok).toBe(false);
    expect(quotePowerShell('invoice\u202Efdp.exe').ok).toBe(false);
  });
});

describe('POSIX shell quoting', () => {
  const runSh = (shell: string, args: string[]): string[] => {
    const script = `printf '%s\\0' ${args.join(' ')}`;
    const out = execFileSync(shell, ['-c', script], { encoding: 'buffer' });
    return out.toString('utf8').split('\0').slice(0, -1);
  };

  it('every accepted value reaches the program as exactly one, identical argument (dash and bash)', () => {
    const values = fc.sample(hostile.filter((s) => !refusable(s) && !/[\uD800-\uDFFF]/.test(s)), { numRuns: 400, seed: 42 });
    values.push("'; rm -rf / #", '$(id)', '`id`', '-rf', "x' 'y", '*', '~root', '\\', "'\\''", 'a\u2019b');
    const quoted = values.map((v) => {
      const q = quotePosix(v);
      if (!q.ok) throw new Error(q.reason);
      return q.text;
    });
    for (const shell of ['/bin/dash', '/bin/bash']) expect(runSh(shell, quoted)).toEqual(values);
  });

  it('refuses NUL, line breaks and invisible characters', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expect(quotePosix(s).ok).toBe(!refusable(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('commentText', () => {
  it('is printable ASCII only, so a value cannot end a comment line', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expect(commentText(s)).toMatch(/^[\x20-\x7E]*$/);
      }),
    );
    expect(commentText('invoice\u202Efdp.exe')).toBe('invoice\\u{202E}fdp.exe');
  });
});
