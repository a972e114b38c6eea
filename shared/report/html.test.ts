import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPORT_CSP, renderHtmlReport } from './html';
import { displayText } from './escape';
import { caseReportModel } from './model';
import { sampleCaseAlerts, sampleCaseInput } from './test-fixtures';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const input = sampleCaseInput(sampleCaseAlerts(read('graph-alerts-v2-docs-example.json'), read('defender-for-cloud-alerts-api-example.json'), read('suricata-eve-honeypot-2018.json')));

/** Every tag of the document (data cannot create one: `<` from data is always escaped). */
export const tagsOf = (doc: string): { name: string; attrs: string }[] =>
  [...doc.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)].map((m) => ({ name: (m[1] ?? '').toLowerCase(), attrs: m[2] ?? '' }));

describe('renderHtmlReport', () => {
  const doc = renderHtmlReport(caseReportModel({ ...input, graphPng: 'data:image/png;base64,iVBORw0KGgo=' }));

  it('is a self-contained document with the strict CSP first in <head>', () => {
    expect(doc.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(doc).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    expect(doc.indexOf('Content-Security-Policy')).toBeLessThan(doc.indexOf('<title>'));
    expect(doc).not.toMatch(/<script|<a[\s>]|<base|<link|<iframe|<object|<embed|<form|href=|https?:\/\/(?!attack\.mitre)/i);
  });

  it('uses only our own tags and attributes; images are PNG data URLs', () => {
    const allowed = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'main', 'footer', 'section', 'h1', 'h2', 'h3', 'h4', 'p', 'dl', 'dt', 'dd', 'div', 'span', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ol', 'ul', 'li', 'img', 'article']);
    for (const t of tagsOf(doc)) {
      expect(allowed.has(t.name), t.name).toBe(true);
      for (const [, name, value] of t.attrs.matchAll(/\s([a-zA-Z-]+)(?:="([^"]*)")?/g)) {
        expect(['class', 'id', 'style', 'lang', 'charset', 'http-equiv', 'content', 'name', 'alt', 'src']).toContain(name);
        if (name === 'src') expect(value).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/);
      }
    }
  });

  it('shows the incident data: title, sections, IOC, technique, comment text with its line break', () => {
    for (const h of ['Executive summary', 'Scope and sources', 'Kill-chain coverage (MITRE ATT&amp;CK)', 'Timeline', 'Impacted assets', 'Indicators of compromise', 'ATT&amp;CK techniques', 'Take action', 'Actions taken', 'Tasks', 'Comments']) {
      expect(doc).toContain(`<h2>${h}</h2>`);
    }
    expect(doc).toContain('8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec');
    expect(doc).toContain('<td>T1564.001</td><td>Hide Artifacts&#58; Hidden Files and Directories</td>');
    expect(doc).toContain('Confirmed with the host owner.\nIsolating now.');
    expect(doc).toMatch(/@page \{ size: A4;/);
    expect(doc).toMatch(/<ol class="killchain">(<li class="(hit|miss)"[^>]*><span class="tname">[^<]+<\/span><span class="tcount">\d+<\/span><\/li>){14}<\/ol>/);
  });
});

describe('renderHtmlReport property', () => {
  const base = caseReportModel(input);
  const baseTags = tagsOf(renderHtmlReport(base)).length;
  const decode = (s: string): string =>
    s.replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d))).replace(/&lt;|&gt;|&quot;|&amp;/g, (x) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&' })[x] ?? x);

  it('any title and comment become text: same tags as before, and the title reads back as displayed', () => {
    const arb = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(fc.constantFrom('<', '>', '"', "'", '`', '&', '<img src=x onerror=1>', '</h1>', '<!--', ']]>', 'javascript:', '\u202E', 'a'), { maxLength: 10 }).map((a) => a.join('')));
    fc.assert(
      fc.property(arb, arb, (title, comment) => {
        const m = { ...base, title, comments: [{ targetId: 'x', at: 0, by: comment, text: comment }] };
        const doc = renderHtmlReport(m);
        expect(tagsOf(doc).length).toBe(baseTags);
        const h1 = /<h1>([^<]*)<\/h1>/.exec(doc)?.[1] ?? '';
        expect(decode(h1)).toBe(displayText(title, 500));
      }),
      { numRuns: 500 },
    );
  });
});
