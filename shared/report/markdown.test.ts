import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayText } from './escape';
import { HOSTILE_STRINGS } from './hostile-corpus';
import { escapeMarkdown, fenced, renderMarkdownReport } from './markdown';
import { caseReportModel } from './model';
import { sampleCaseAlerts, sampleCaseInput } from './test-fixtures';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const PUNCT = /[!-/:-@[-`{-~]/;
const text = fc.oneof(fc.string({ unit: 'binary' }), fc.array(fc.constantFrom(...HOSTILE_STRINGS, '`', '``', '\\', '[', '](', '<', '\n', ' '), { maxLength: 8 }).map((a) => a.join('')));

/** CommonMark backslash-escape reading: returns the text, or undefined if any punctuation is left active. */
const unescape = (md: string): string | undefined => {
  let out = '';
  for (let i = 0; i < md.length; i++) {
    const c = md[i] ?? '';
    if (c === '\\' && PUNCT.test(md[i + 1] ?? '')) {
      out += md[i + 1];
      i++;
    } else if (PUNCT.test(c)) return undefined;
    else out += c;
  }
  return out;
};

describe('escapeMarkdown', () => {
  it('property: one line, every ASCII punctuation escaped, and it reads back as the displayed text', () => {
    fc.assert(
      fc.property(text, (s) => {
        const md = escapeMarkdown(s);
        expect(md).not.toMatch(/[\r\n]/);
        expect(unescape(md)).toBe(displayText(s, 2_000));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('fenced', () => {
  it('property: the fence is longer than any backtick run, so only the last line closes it', () => {
    fc.assert(
      fc.property(text, (s) => {
        const lines = fenced(s).split('\n');
        const open = /^(`{3,})text$/.exec(lines[0] ?? '')?.[1] ?? '';
        expect(open.length).toBeGreaterThanOrEqual(3);
        const body = lines.slice(1, -1);
        expect(lines[lines.length - 1]).toBe(open);
        for (const l of body) expect(l.trim().startsWith(open)).toBe(false);
        expect(body.join('\n')).toBe(displayText(s, 20_000, { multiline: true }).replace(/\r\n/g, '\n'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('renderMarkdownReport on the real samples', () => {
  const m = caseReportModel(sampleCaseInput(sampleCaseAlerts(read('graph-alerts-v2-docs-example.json'), read('defender-for-cloud-alerts-api-example.json'), read('suricata-eve-honeypot-2018.json'))));
  const md = renderMarkdownReport(m);
  it('has the sections, escaped values, a checklist and the comment in a fence', () => {
    for (const h of ['Executive summary', 'Scope and sources', 'Timeline', 'Indicators of compromise', 'Take action', 'Comments']) expect(md).toContain(`\n## ${h}\n`);
    expect(md).toContain('| ipv4 | 192\\.0\\.2\\.1 |');
    expect(md).toContain('| T1564\\.001 | Hide Artifacts\\: Hidden Files and Directories | Defense Evasion | 1 |');
    expect(md).toMatch(/\n- \[ \] No further action is needed\\\./);
    expect(md).toContain('```text\nConfirmed with the host owner.\nIsolating now.\n```');
  });
});
