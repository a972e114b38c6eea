import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import type { AdapterContext } from '#shared/ingest/types';
import { genericAdapter, genericSeverity, makeGenericAdapter } from './generic';
import { csvRecords, jsonArrayRecords, sampleOf, nth, rec, only, ents } from './test-readers';

const ctx: AdapterContext = { file: 'export.csv', importId: 'imp-test' as ImportId, defaultZone: 'UTC' };

/** A small export such as a firewall or EDR console writes (written for this test). */
const CSV = [
  'Alert ID,Time,Alert Name,Severity,Src IP,Dst IP,Hostname,User Name,Command Line,Details',
  'A-1,2024-04-01 10:00:00,Suspicious PowerShell,High,203.0.113.5,10.0.0.4,ws-01.corp.example,CORP\\alice,"powershell.exe -enc SQBFAFgA","Encoded command, ""hidden"" window"',
  'A-2,2024-04-01T10:05:00+02:00,Port scan,3,198.51.100.1,10.0.0.0,,,,',
  'A-3,yesterday,Bad time,low,,,,,,',
  'A-4,2024-04-01 11:00:00,,low,,,,,,',
].join('\r\n');

const JSON_ALERTS = [
  {
    id: 7,
    '@timestamp': '2024-04-02T08:00:00.000Z',
    rule: { name: 'Impossible travel' },
    title: 'Impossible travel for bob',
    level: 'warning',
    user: { name: 'bob@corp.example' },
    source: { ip: '192.0.2.44' },
    url: 'https://login.example.com/',
    sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  },
  { timestamp: 1712044800, name: 'Epoch seconds alert', risk: 80, host: 'srv-9' },
];

describe('generic adapter guessing columns of a CSV', () => {
  const { header, records } = csvRecords(CSV);
  const results = records.map((r) => genericAdapter.normalize(r, ctx));

  it('maps a full row: title, time, severity word, id, entities, description', () => {
    const a = only(nth(results, 0));
    expect(a).toMatchObject({
      source: 'generic',
      product: 'Generic',
      sourceAlertId: 'Generic:A-1',
      title: 'Suspicious PowerShell',
      description: 'Encoded command, "hidden" window',
      severity: 'high',
      firstActivity: Date.UTC(2024, 3, 1, 10, 0, 0),
      raw: records[0]?.text,
    });
    expect(a.timeNote).toEqual({ original: '2024-04-01 10:00:00', assumedZone: 'UTC' });
    expect(ents(a)).toEqual([
      'ip:203.0.113.5:source',
      'ip:10.0.0.4:destination',
      'device:ws-01.corp.example:unknown',
      'account:CORP\\alice:unknown',
      'process:powershell.exe:unknown',
    ]);
    expect(a.entities.find((e) => e.type === 'process')?.props.commandLine).toBe(
      'powershell.exe -enc SQBFAFgA',
    );
  });

  it('reads offsets and numeric severities; naive times use the chosen zone', () => {
    const a = only(nth(results, 1));
    expect(a).toMatchObject({
      title: 'Port scan',
      severity: 'low',
      firstActivity: Date.UTC(2024, 3, 1, 8, 5),
    });
    const inParis = only(genericAdapter.normalize(nth(records, 0), { ...ctx, defaultZone: 'Europe/Paris' }));
    expect(inParis.firstActivity).toBe(Date.UTC(2024, 3, 1, 8, 0, 0));
  });

  it('rejects rows with an unreadable time or an empty title, naming the column', () => {
    expect(nth(results, 2)).toEqual({
      ok: false,
      field: 'Time',
      reason: 'unreadable time "yesterday" in "Time"',
    });
    expect(nth(results, 3)).toMatchObject({ ok: false, field: 'title' });
  });

  it('scores low (0.1) so specific adapters win, and 0 without time or title columns', () => {
    expect(genericAdapter.detect(sampleOf('x.csv', 'csv', records, header))).toBe(0.1);
    expect(
      genericAdapter.detect({ fileName: 'x.csv', container: 'csv', header: ['a', 'b'], records: [] }),
    ).toBe(0);
    expect(
      genericAdapter.detect({ fileName: 'x.csv', container: 'csv', header: ['time', 'b'], records: [] }),
    ).toBe(0);
  });
});

describe('generic adapter guessing fields of JSON', () => {
  const records = jsonArrayRecords(JSON.stringify(JSON_ALERTS));

  it('finds nested ECS-like paths, words and scores as severity, epoch times', () => {
    const [a, b] = records.map((r) => only(genericAdapter.normalize(r, ctx)));
    expect(a).toMatchObject({
      title: 'Impossible travel for bob',
      severity: 'low',
      sourceAlertId: 'Generic:7',
      firstActivity: Date.UTC(2024, 3, 2, 8),
    });
    expect(ents(a)).toEqual([
      'ip:192.0.2.44:source',
      'account:bob@corp.example:unknown',
      'url:https://login.example.com/:unknown',
      'file:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855:unknown',
    ]);
    expect(a?.entities[3]?.props.sha256).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    // No id column: buildAlert records the position and keys the alert on its content.
    expect(b).toMatchObject({
      title: 'Epoch seconds alert',
      severity: 'critical',
      sourceAlertId: '2',
      firstActivity: 1712044800000,
    });
    expect(genericAdapter.detect(sampleOf('a.json', 'json-array', records))).toBe(0.1);
  });
});

describe('makeGenericAdapter with an analyst mapping', () => {
  const mapping = {
    name: 'Acme EDR',
    time: 'detected.at',
    title: 'rule.name',
    severity: 'rule.severity',
    description: 'summary',
    id: 'uuid',
    entities: [
      { type: 'device' as const, field: 'agent.hostname' },
      { type: 'ip' as const, field: 'net.remote_ips' },
      { type: 'file' as const, field: 'artifact.path' },
      { type: 'account' as const, field: 'actor' },
    ],
  };
  const adapter = makeGenericAdapter(mapping);
  const doc = {
    uuid: 'f-42',
    detected: { at: '2024-05-05T05:05:05Z' },
    rule: { name: 'Ransom note written', severity: 9 },
    summary: 'A file named README_DECRYPT.txt was written to 300 folders.',
    agent: { hostname: 'FS01' },
    net: { remote_ips: ['203.0.113.10', 'not-an-ip', '203.0.113.11'] },
    artifact: { path: 'D:\\Shares\\README_DECRYPT.txt' },
    actor: 'CORP\\svc_backup',
  };

  it('maps exactly the named paths (arrays give one entity per value)', () => {
    const a = only(adapter.normalize(rec(doc), ctx));
    expect(a).toMatchObject({
      source: 'generic',
      product: 'Acme EDR',
      sourceAlertId: 'Acme EDR:f-42',
      title: 'Ransom note written',
      description: 'A file named README_DECRYPT.txt was written to 300 folders.',
      severity: 'critical',
      firstActivity: Date.UTC(2024, 4, 5, 5, 5, 5),
    });
    expect(ents(a)).toEqual([
      'device:FS01:unknown',
      'ip:203.0.113.10:unknown',
      'ip:203.0.113.11:unknown',
      'file:README_DECRYPT.txt:unknown',
      'account:CORP\\svc_backup:unknown',
    ]);
    expect(adapter.label).toBe('Generic mapping "Acme EDR"');
  });

  it('reads CSV columns whose names contain dots, and flat dotted JSON keys', () => {
    const flat = { 'detected.at': '2024-05-05T05:05:05Z', 'rule.name': 'Flat keys' };
    expect(only(adapter.normalize(rec(flat), ctx)).title).toBe('Flat keys');
    expect(
      adapter.detect({
        fileName: 'm.csv',
        container: 'csv',
        header: ['detected.at', 'rule.name', 'x'],
        records: [],
      }),
    ).toBe(0.2);
    expect(
      adapter.detect({ fileName: 'm.csv', container: 'csv', header: ['when', 'what'], records: [] }),
    ).toBe(0);
  });

  it('rejects records missing the mapped fields', () => {
    expect(adapter.normalize(rec({ rule: { name: 'x' } }), ctx)).toEqual({
      ok: false,
      field: 'detected.at',
      reason: 'unreadable time nothing in "detected.at"',
    });
    expect(adapter.normalize(rec({ detected: { at: '2024-01-01T00:00:00Z' } }), ctx)).toEqual({
      ok: false,
      field: 'rule.name',
      reason: 'the title field "rule.name" is empty',
    });
  });
});

describe('generic severity words and numbers', () => {
  it('follows the documented scales', () => {
    expect(
      ['Informational', 'crit', 'warning', 'error', 'fatal', 'banana'].map((s) => genericSeverity(s)),
    ).toEqual(['informational', 'critical', 'low', 'medium', 'critical', undefined]);
    expect([0, 2, 5, 7, 10, 15, 50, 99, 1000].map((n) => genericSeverity(n))).toEqual([
      'informational',
      'low',
      'medium',
      'high',
      'critical',
      'low',
      'high',
      'critical',
      undefined,
    ]);
    expect([1, 2, 3, 4].map((n) => genericSeverity(n, 'Priority'))).toEqual([
      'high',
      'medium',
      'low',
      'informational',
    ]);
  });
});

describe('generic adapter on hostile input', () => {
  it('keeps markup as text, treats __proto__ columns as data, caps 1 MB cells, never throws', () => {
    const huge = '<b>'.repeat(400_000);
    const csv = `__proto__,time,title,user\r\nx,2024-01-01T00:00:00Z,"<script>alert(1)</script>${huge}","<img src=x onerror=alert(1)>"`;
    const { records } = csvRecords(csv);
    const a = only(genericAdapter.normalize(nth(records, 0), ctx));
    expect(a.title.startsWith('<script>alert(1)</script>')).toBe(true);
    expect(a.title.length).toBe(64 * 1024 + 1);
    expect(a.entities[0]?.value).toBe('<img src=x onerror=alert(1)>');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    for (const v of [
      null,
      [],
      'x',
      { time: {}, title: [] },
      { time: [1e30], title: ['t'] },
      { ts: '2024-01-01T00:00:00Z', msg: 'm', ip: { a: 1 }, hash: 5 },
    ]) {
      expect(() => genericAdapter.normalize(rec(v), ctx)).not.toThrow();
      expect(() =>
        makeGenericAdapter({ name: 'm', time: 'a.b', title: '__proto__.x' }).normalize(rec(v), ctx),
      ).not.toThrow();
    }
  });

  it('gives 0.1 on a foreign Sentinel export (it has time and name columns) — specific adapters must outscore it', () => {
    const { header, records } = csvRecords(
      readFileSync(
        new URL('../../../../shared/samples/sentinel-securityalert-demo.csv', import.meta.url),
        'utf8',
      ),
    );
    expect(genericAdapter.detect(sampleOf('s.csv', 'csv', records, header))).toBe(0.1);
  });
});
