import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import type { AdapterContext } from '#shared/ingest/types';
import { suricataAdapter } from './suricata';
import { sampleOf, nth, rec, readSample, all } from './test-readers';

const ctx: AdapterContext = { file: 'eve.json', importId: 'imp-test' as ImportId, defaultZone: 'UTC' };
const eveWrccdc = await readSample(readFileSync, 'suricata-eve-wrccdc-2018.json');
const eveHoneypot = await readSample(readFileSync, 'suricata-eve-honeypot-2018.json');
const wazuhAlerts = await readSample(readFileSync, 'wazuh-alerts-ait-ldsv11-insect.json');
const one = (r: ReturnType<typeof suricataAdapter.normalize>) => nth(all(r), 0);

describe('suricata adapter on suricata-eve-wrccdc-2018.json (207 alerts, offsets -0600)', () => {
  const records = eveWrccdc.records;
  const results = records.map((r) => suricataAdapter.normalize(r, ctx));

  it('accepts every record, one alert each', () => {
    expect(records).toHaveLength(207);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.every((r) => r.ok && r.alerts.length === 1)).toBe(true);
  });

  it('maps the first record (SSH scan) field by field', () => {
    const a = one(nth(results, 0));
    expect(a).toMatchObject({
      source: 'suricata',
      product: 'Suricata',
      title: 'ET SCAN Potential SSH Scan',
      detectorId: '1:2001219:20',
      severity: 'medium',
      status: 'new',
      // 2018-03-24T14:37:19.037299-0600 → 20:37:19.037 UTC
      firstActivity: Date.UTC(2018, 2, 24, 20, 37, 19, 37),
      lastActivity: Date.UTC(2018, 2, 24, 20, 37, 19, 37),
      raw: nth(records, 0).text,
      origins: [{ importId: 'imp-test', file: 'eve.json', record: 1 }],
    });
    expect(a.timeNote).toEqual({ original: '2018-03-24T14:37:19.037299-0600' });
    expect(a.description).toContain('Attempted Information Leak');
    expect(a.description).toContain('Flow id: 928532049924531');
    // 0.0.0.0 names no machine: kept, but contextual so it never links alerts.
    expect(a.entities).toEqual([
      { type: 'ip', value: '0.0.0.0', roles: ['contextual'], props: { port: '26078', protocol: 'TCP' } },
      { type: 'ip', value: '10.47.8.150', roles: ['destination'], props: { port: '22', protocol: 'TCP' } },
    ]);
  });

  it('maps severity 1 to high and HTTP fields to domain and url entities (record 11)', () => {
    const a = one(nth(results, 10));
    expect(a.title).toBe('ET MALWARE Spyware Related User-Agent (UtilMind HTTPGet)');
    expect(a.severity).toBe('high');
    expect(a.entities.find((e) => e.type === 'domain')).toEqual({
      type: 'domain',
      value: 'cfg.crawler.com',
      roles: ['destination'],
      props: {},
    });
    expect(a.entities.find((e) => e.type === 'url')?.value).toMatch(
      /^http:\/\/cfg\.crawler\.com\/cr_config\.asmx\/GetXML\?CU=/,
    );
    expect(a.entities.find((e) => e.type === 'ip' && e.roles.includes('source'))).toMatchObject({
      value: '10.47.42.68',
      props: { port: '49943' },
    });
    expect(a.description).toContain('User agent: UtilMind HTTPGet');
  });

  it('maps SMTP senders to mailboxes and severity 3 to low (record 121)', () => {
    const a = one(nth(results, 120));
    expect(a.severity).toBe('low');
    expect(a.entities.find((e) => e.type === 'mailbox')).toEqual({
      type: 'mailbox',
      value: 'nessus1381504719@hotmail.com',
      roles: ['source'],
      props: {},
    });
  });

  it('keeps the severity distribution of the file (76 × 1, 82 × 2, 49 × 3)', () => {
    const counts: Record<string, number> = {};
    for (const r of results)
      if (r.ok) for (const a of r.alerts) counts[a.severity] = (counts[a.severity] ?? 0) + 1;
    expect(counts).toEqual({ high: 76, medium: 82, low: 49 });
  });

  it('keys alerts on content (EVE has no id): stable across runs, distinct for distinct records', () => {
    const ids = results.map((r) => (r.ok ? nth(r.alerts, 0).id : ''));
    const again = records.map(
      (r) => one(suricataAdapter.normalize({ ...r, position: r.position + 1000 }, ctx)).id,
    );
    expect(again).toEqual(ids);
    expect(new Set(ids).size).toBe(new Set(records.map((r) => r.text)).size);
  });
});

describe('suricata adapter on suricata-eve-honeypot-2018.json (44 alerts, naive times)', () => {
  const records = eveHoneypot.records;

  it('reads naive timestamps in the default zone and says so', () => {
    const results = records.map((r) => suricataAdapter.normalize(r, ctx));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const a = one(nth(results, 0));
    expect(a.firstActivity).toBe(Date.UTC(2019, 0, 2, 3, 50, 11, 315));
    expect(a.timeNote).toEqual({ original: '2019-01-02T03:50:11.315110', assumedZone: 'UTC' });
    expect(a.entities.map((e) => [e.value, e.roles[0]])).toEqual([
      ['8.42.77.171', 'source'],
      ['138.68.3.71', 'destination'],
    ]);
  });

  it('applies another zone when asked (America/Denver is UTC-7 in January)', () => {
    const a = one(suricataAdapter.normalize(nth(records, 0), { ...ctx, defaultZone: 'America/Denver' }));
    expect(a.firstActivity).toBe(Date.UTC(2019, 0, 2, 10, 50, 11, 315));
    expect(a.timeNote?.assumedZone).toBe('America/Denver');
  });
});

describe('suricata adapter on records written from the EVE format docs', () => {
  it('reads ATT&CK metadata, DNS, TLS SNI and fileinfo', () => {
    const eve = {
      timestamp: '2024-05-01T10:00:00.000000+0000',
      flow_id: 1,
      event_type: 'alert',
      src_ip: '10.0.0.5',
      src_port: 51000,
      dest_ip: '2001:db8::1',
      dest_port: 443,
      proto: 'TCP',
      host: 'sensor-1',
      alert: {
        action: 'blocked',
        gid: 1,
        signature_id: 2030000,
        rev: 2,
        signature: 'ET MALWARE Test',
        category: 'A Network Trojan was detected',
        severity: 4,
        metadata: {
          mitre_tactic_id: ['TA0011'],
          mitre_tactic_name: ['Command_And_Control'],
          mitre_technique_id: ['T1071'],
        },
      },
      dns: { query: [{ rrname: 'evil.example.com', rrtype: 'A' }] },
      tls: { sni: 'c2.example.net' },
      fileinfo: { filename: '/dl/payload.exe', md5: 'd41d8cd98f00b204e9800998ecf8427e', size: 12 },
    };
    const a = one(suricataAdapter.normalize(rec(eve), ctx));
    expect(a.severity).toBe('informational');
    expect(a.tactics).toEqual(['TA0011']);
    expect(a.techniques).toEqual(['T1071']);
    expect(a.description).toContain('Action: blocked');
    const byType = Object.fromEntries(a.entities.map((e) => [e.type + ':' + e.value, e]));
    expect(byType['ip:2001:db8::1']?.roles).toEqual(['destination']);
    expect(byType['dnsQuery:evil.example.com']).toBeDefined();
    expect(byType['domain:c2.example.net']?.roles).toEqual(['destination']);
    expect(byType['file:payload.exe']?.props).toEqual({
      filePath: '/dl/payload.exe',
      directory: '/dl',
      md5: 'd41d8cd98f00b204e9800998ecf8427e',
      size: '12',
    });
    expect(byType['device:sensor-1']?.roles).toEqual(['contextual']);
  });

  it('rejects non-alert events with the event type in the reason', () => {
    expect(
      suricataAdapter.normalize(
        rec({ timestamp: '2024-05-01T10:00:00Z', event_type: 'flow', src_ip: '1.2.3.4' }),
        ctx,
      ),
    ).toEqual({
      ok: false,
      field: 'event_type',
      reason: `event_type is "flow", not 'alert'`,
    });
    expect(suricataAdapter.normalize(rec({ foo: 1 }), ctx)).toMatchObject({ ok: false, field: 'event_type' });
  });

  it('rejects alerts without signature or time, and non-objects', () => {
    const base = {
      timestamp: '2024-05-01T10:00:00Z',
      event_type: 'alert',
      alert: { signature: 'x', severity: 1 },
    };
    expect(suricataAdapter.normalize(rec({ ...base, alert: { severity: 1 } }), ctx)).toMatchObject({
      ok: false,
      field: 'alert.signature',
    });
    expect(suricataAdapter.normalize(rec({ ...base, timestamp: 'yesterday' }), ctx)).toMatchObject({
      ok: false,
      field: 'timestamp',
      reason: 'missing or unreadable timestamp "yesterday"',
    });
    for (const v of [null, 42, 'alert', [base]])
      expect(suricataAdapter.normalize(rec(v), ctx)).toMatchObject({ ok: false, field: '' });
  });
});

describe('suricata adapter on hostile input', () => {
  it('keeps HTML as text, ignores __proto__ keys and caps 1 MB strings', () => {
    const huge = 'A'.repeat(1024 * 1024);
    const text = `{"timestamp":"2024-05-01T10:00:00Z","event_type":"alert","__proto__":{"polluted":1},"src_ip":"1.2.3.4","alert":{"signature":"<img src=x onerror=alert(1)>${huge}","severity":1,"__proto__":{"x":1}},"http":{"hostname":"<script>","url":"${huge}"}}`;
    const r = suricataAdapter.normalize({ position: 1, value: JSON.parse(text) as unknown, text }, ctx);
    const a = one(r);
    expect(a.title.startsWith('<img src=x onerror=alert(1)>')).toBe(true);
    expect(a.title.length).toBeLessThanOrEqual(64 * 1024 + 1);
    expect(a.raw).toBe(text);
    expect(a.entities.every((e) => e.value.length <= 64 * 1024 + 1)).toBe(true);
    expect(a.entities.some((e) => e.type === 'domain')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws on odd shapes', () => {
    const odd: unknown[] = [
      { event_type: 'alert', alert: 'x' },
      { event_type: 'alert', alert: { signature: 5 }, timestamp: 1 },
      {
        event_type: 'alert',
        alert: { signature: 's', severity: '9999' },
        timestamp: '2024-01-01T00:00:00Z',
        src_ip: ['1.1.1.1'],
        dns: { query: 'x' },
        files: {},
      },
      { event_type: ['alert'] },
    ];
    for (const v of odd) expect(() => suricataAdapter.normalize(rec(v), ctx)).not.toThrow();
  });
});

describe('suricata detection', () => {
  it('is confident on EVE alerts, lower on other EVE events, 0 otherwise', () => {
    const records = eveWrccdc.records;
    expect(suricataAdapter.detect(sampleOf('a.json', 'json-array', records))).toBeGreaterThanOrEqual(0.9);
    const flows = [{ timestamp: '2024-01-01T00:00:00Z', event_type: 'flow', src_ip: '1.1.1.1' }];
    expect(
      suricataAdapter.detect({ fileName: 'eve.json', container: 'ndjson', header: [], records: flows }),
    ).toBe(0.6);
    const wazuh = wazuhAlerts.records;
    expect(suricataAdapter.detect(sampleOf('w.json', 'ndjson', wazuh))).toBe(0);
    expect(suricataAdapter.detect({ fileName: 'x.csv', container: 'csv', header: ['a'], records: [] })).toBe(
      0,
    );
  });
});
