import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayText, escapeHtml, fromVisibleText, hasInvisible, truncateText, visibleText } from './escape';

const tricky = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.array(fc.constantFrom('\\', 'u', '{', '}', '5C', '202E', '\u202E', '\u200B', '\0', '\n', '\r', '\t', '\uFEFF', '\ud800', '\udc00', '\u{E0041}', 'a', '\u0085', '\u2066'), { maxLength: 40 }).map((a) => a.join('')),
);

describe('escapeHtml', () => {
  it('escapes the six characters and nothing else', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const e = escapeHtml(s);
        expect(e).not.toMatch(/[<>"'`]/);
        const back = e.replace(/&lt;|&gt;|&quot;|&#39;|&#96;|&amp;/g, (m) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`', '&amp;': '&' })[m] ?? m);
        expect(back).toBe(s);
      }),
    );
  });
});

describe('visibleText', () => {
  it('shows RLO spoofing and zero-width characters', () => {
    expect(visibleText('invoice\u202Efdp.exe')).toBe('invoice\\u{202E}fdp.exe');
    expect(visibleText('a\u200Bb\uFEFF\u2066')).toBe('a\\u{200B}b\\u{FEFF}\\u{2066}');
    expect(visibleText('nul\0\x1b[31m\x85')).toBe('nul\\u{0}\\u{1B}[31m\\u{85}');
    expect(visibleText('C:\\Windows\\u{41}')).toBe('C:\\Windows\\u{5C}u{41}');
    expect(visibleText('line1\r\nline2\n\tx\ry', { multiline: true })).toBe('line1\r\nline2\n\tx\\u{D}y');
  });

  it('property: output has no hidden characters and reads back to the input (both modes)', () => {
    fc.assert(
      fc.property(tricky, (s) => {
        const v = visibleText(s);
        expect(hasInvisible(v)).toBe(false);
        expect(fromVisibleText(v)).toBe(s);
        const m = visibleText(s, { multiline: true });
        expect(hasInvisible(m.replace(/\r\n|\n|\t/g, ''))).toBe(false);
        expect(fromVisibleText(m)).toBe(s);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('truncateText', () => {
  it('keeps short text, cuts long text with a count, never splits a surrogate pair', () => {
    expect(truncateText('abc', 3)).toBe('abc');
    expect(truncateText('abcdef', 3)).toBe('abc… [3 more characters]');
    expect(truncateText('ab\u{1F600}cd', 3)).toBe('ab… [4 more characters]');
    const mb = 'A'.repeat(1024 * 1024);
    expect(displayText(mb, 1000).length).toBeLessThan(1100);
  });
});
