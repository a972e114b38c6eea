// No real Elastic export is in ../shared/samples. The records below follow Elastic's "Alert schema" page
// (elastic.co/guide/en/security/current/alert-schema.html: kibana.alert.* fields, ECS fields copied from the
// source event) and the shape of alert documents as Kibana 8.x writes them (flat dotted kibana.alert.* keys next
// to nested ECS objects), returned by the search API as {"hits":{"hits":[{"_id","_index","_source"}]}}.
import { describe, expect, it } from 'vitest';
import { rec, all, only, find } from './test-readers';
import type { ImportId } from '#shared/model/index';
import type { AdapterContext } from '#shared/ingest/types';
import { elasticAdapter, severityFromRiskScore } from './elastic';

const ctx: AdapterContext = { file: 'alerts.json', importId: 'imp-test' as ImportId, defaultZone: 'UTC' };

/** An EQL rule alert as Kibana 8.x stores it: flat kibana.alert.* keys, nested ECS objects. */
const flatDoc = {
  '@timestamp': '2024-03-05T10:15:30.120Z',
  'event.kind': 'signal',
  'kibana.alert.uuid': '6b1f0c8e8a8d3f7c7c2a9f41d1a0e5b2c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3',
  'kibana.alert.original_time': '2024-03-05T10:12:01.000Z',
  'kibana.alert.reason':
    'process event with process powershell.exe, parent process winword.exe, by alice on WS-042 created high alert Suspicious MS Office Child Process.',
  'kibana.alert.risk_score': 47,
  'kibana.alert.severity': 'high',
  'kibana.alert.workflow_status': 'acknowledged',
  'kibana.alert.status': 'active',
  'kibana.alert.rule.name': 'Suspicious MS Office Child Process',
  'kibana.alert.rule.rule_id': 'a624863f-a70d-417f-a7d2-7a404638d47f',
  'kibana.alert.rule.uuid': 'c55330b0-82ad-11ed-93ff-3323f74f31a3',
  'kibana.alert.rule.description':
    'Identifies suspicious child processes of frequently targeted Microsoft Office applications.',
  'kibana.alert.rule.threat': [
    {
      framework: 'MITRE ATT&CK',
      tactic: { id: 'TA0001', name: 'Initial Access', reference: 'https://attack.mitre.org/tactics/TA0001/' },
      technique: [
        {
          id: 'T1566',
          name: 'Phishing',
          subtechnique: [{ id: 'T1566.001', name: 'Spearphishing Attachment' }],
        },
      ],
    },
    {
      framework: 'MITRE ATT&CK',
      tactic: { id: 'TA0002', name: 'Execution' },
      technique: [{ id: 'T1059', name: 'Command and Scripting Interpreter' }],
    },
  ],
  host: {
    name: 'WS-042.corp.example',
    id: '9f6c1a1e-1111-2222-3333-444455556666',
    ip: ['10.1.2.42', 'fe80::1'],
    os: { family: 'windows', version: '10.0' },
  },
  user: { name: 'alice', domain: 'CORP', id: 'S-1-5-21-111-222-333-1104' },
  process: {
    name: 'powershell.exe',
    pid: 4242,
    executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    command_line: 'powershell.exe -nop -w hidden -enc SQBFAFgA',
    hash: { sha256: '9f914d42706fe215501044acd85a32d58aaef1419d404fddfa5d3b48f66ccd9f' },
    parent: {
      name: 'WINWORD.EXE',
      pid: 1200,
      executable: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
    },
  },
  destination: { ip: '203.0.113.9', port: 443, domain: 'cdn.bad.example' },
  source: { ip: '10.1.2.42', port: 50123 },
};

/** The same kind of alert with everything nested (as some exports and the fields API reconstruct it). */
const nestedDoc = {
  '@timestamp': '2024-03-06T08:00:00.000Z',
  kibana: {
    alert: {
      uuid: 'nested-1',
      original_time: '2024-03-06T07:59:00.000Z',
      severity: 'critical',
      risk_score: 99,
      workflow_status: 'closed',
      workflow_reason: 'false_positive',
      reason: 'registry event with process reg.exe created critical alert Run Key Persistence.',
      rule: {
        name: 'Run Key Persistence',
        rule_id: 'rk-1',
        threat: [
          {
            framework: 'MITRE ATT&CK',
            tactic: { id: 'TA0003', name: 'Persistence' },
            technique: [{ id: 'T1547', subtechnique: [{ id: 'T1547.001' }] }],
          },
        ],
      },
    },
  },
  host: { hostname: 'srv-db-01' },
  registry: {
    hive: 'HKLM',
    key: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
    value: 'Updater',
    path: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater',
    data: { strings: ['C:\\Users\\Public\\u.exe'], type: 'SZ' },
  },
  file: {
    path: 'C:\\Users\\Public\\u.exe',
    name: 'u.exe',
    hash: { md5: '098f6bcd4621d373cade4e832627b4f6' },
  },
  url: { full: 'https://evil.example.net/u.exe', domain: 'evil.example.net' },
  dns: { question: { name: 'evil.example.net', type: 'A' }, resolved_ip: ['198.51.100.7'] },
  cloud: { provider: 'aws', account: { id: '123456789012' }, instance: { id: 'i-0abc123', name: 'db-01' } },
  email: {
    from: { address: ['ceo@spoof.example'] },
    to: { address: ['bob@corp.example'] },
    subject: 'Invoice',
    message_id: '<abc@spoof.example>',
  },
  threat: { technique: { id: ['T1105'] } },
};

describe('elastic adapter on records written from the alert schema', () => {
  it('maps a flat-key alert inside a search hit', () => {
    const a = only(
      elasticAdapter.normalize(
        rec({ _index: '.internal.alerts-security.alerts-default-000001', _id: 'hit-1', _source: flatDoc }),
        ctx,
      ),
    );
    expect(a).toMatchObject({
      source: 'elastic',
      product: 'Elastic Security',
      sourceAlertId: flatDoc['kibana.alert.uuid'],
      detectorId: 'a624863f-a70d-417f-a7d2-7a404638d47f',
      title: 'Suspicious MS Office Child Process',
      severity: 'high',
      status: 'inProgress',
      firstActivity: Date.UTC(2024, 2, 5, 10, 12, 1, 0),
      lastActivity: Date.UTC(2024, 2, 5, 10, 12, 1, 0),
      detectedAt: Date.UTC(2024, 2, 5, 10, 15, 30, 120),
      tactics: ['TA0001', 'TA0002'],
      techniques: ['T1059', 'T1566', 'T1566.001'],
    });
    expect(a.description.startsWith('process event with process powershell.exe')).toBe(true);
    expect(a.description).toContain('Risk score: 47');
    expect(find(a, 'device')).toEqual({
      type: 'device',
      value: 'WS-042.corp.example',
      roles: ['unknown'],
      props: {
        deviceId: '9f6c1a1e-1111-2222-3333-444455556666',
        osFamily: 'windows',
        osVersion: '10.0',
        hostName: 'WS-042',
        dnsDomain: 'corp.example',
        fqdn: 'WS-042.corp.example',
      },
    });
    expect(find(a, 'account')).toEqual({
      type: 'account',
      value: 'alice',
      roles: ['unknown'],
      props: { sid: 'S-1-5-21-111-222-333-1104', accountName: 'alice', ntDomain: 'CORP' },
    });
    expect(find(a, 'process', 'powershell.exe')?.props).toMatchObject({
      commandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgA',
      processId: '4242',
      parentProcessId: '1200',
      hostName: 'WS-042.corp.example',
      accountName: 'alice',
    });
    expect(find(a, 'process', 'WINWORD.EXE')).toBeDefined();
    expect(find(a, 'file', 'powershell.exe')?.props.sha256).toBe(
      '9f914d42706fe215501044acd85a32d58aaef1419d404fddfa5d3b48f66ccd9f',
    );
    expect(find(a, 'ip', '203.0.113.9')).toEqual({
      type: 'ip',
      value: '203.0.113.9',
      roles: ['destination'],
      props: { port: '443' },
    });
    // The host's own address and the source address are one entity with both roles.
    expect(find(a, 'ip', '10.1.2.42')?.roles).toEqual(['source']);
    expect(find(a, 'ip', 'fe80::1')).toBeDefined();
    expect(find(a, 'domain', 'cdn.bad.example')?.roles).toEqual(['destination']);
  });

  it('maps a fully nested alert: status, classification, registry, DNS, cloud and email', () => {
    const a = only(elasticAdapter.normalize(rec(nestedDoc), ctx));
    expect(a).toMatchObject({
      sourceAlertId: 'nested-1',
      detectorId: 'rk-1',
      severity: 'critical',
      status: 'resolved',
      classification: 'falsePositive',
      tactics: ['TA0003'],
    });
    expect(a.techniques).toEqual(['T1105', 'T1547', 'T1547.001']);
    expect(find(a, 'device')?.value).toBe('srv-db-01');
    expect(find(a, 'registryValue')).toEqual({
      type: 'registryValue',
      value: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater',
      roles: ['unknown'],
      props: { hive: 'HKLM', valueName: 'Updater', valueData: 'C:\\Users\\Public\\u.exe', valueType: 'SZ' },
    });
    expect(find(a, 'file', 'u.exe')?.props).toEqual({
      filePath: 'C:\\Users\\Public\\u.exe',
      directory: 'C:\\Users\\Public',
      md5: '098f6bcd4621d373cade4e832627b4f6',
    });
    expect(find(a, 'url')?.value).toBe('https://evil.example.net/u.exe');
    expect(find(a, 'dnsQuery')).toEqual({
      type: 'dnsQuery',
      value: 'evil.example.net',
      roles: ['unknown'],
      props: { recordType: 'A', answers: '198.51.100.7' },
    });
    expect(find(a, 'cloudResource', 'i-0abc123')?.props).toEqual({
      resourceType: 'instance',
      resourceName: 'db-01',
    });
    expect(find(a, 'cloudResource', '123456789012')?.roles).toEqual(['contextual']);
    expect(find(a, 'mailbox', 'ceo@spoof.example')?.roles).toEqual(['source']);
    expect(find(a, 'mailMessage')?.props).toEqual({
      networkMessageId: '<abc@spoof.example>',
      subject: 'Invoice',
      sender: 'ceo@spoof.example',
      recipient: 'bob@corp.example',
    });
  });

  it('reads a whole search response: one alert per hit, each with its own raw text', () => {
    const response = {
      took: 3,
      hits: {
        total: { value: 2 },
        hits: [
          { _id: 'a', _source: flatDoc },
          { _id: 'b', _source: nestedDoc },
        ],
      },
    };
    const alerts = all(elasticAdapter.normalize(rec(response), ctx));
    expect(alerts.map((a) => a.title)).toEqual(['Suspicious MS Office Child Process', 'Run Key Persistence']);
    expect(alerts[1]?.raw).toBe(JSON.stringify({ _id: 'b', _source: nestedDoc }));
    expect(new Set(alerts.map((a) => a.id)).size).toBe(2);
  });

  it('reads fields-API hits (every value an array) and flattened threat fields', () => {
    const hit = {
      _id: 'f-1',
      fields: {
        '@timestamp': ['2024-03-07T00:00:00.000Z'],
        'kibana.alert.rule.name': ['Brute Force'],
        'kibana.alert.risk_score': [73],
        'kibana.alert.rule.threat.tactic.id': ['TA0006'],
        'kibana.alert.rule.threat.technique.id': ['T1110'],
        'host.name': ['dc01'],
        'source.ip': ['198.51.100.20'],
        'user.name': ['administrator'],
      },
    };
    const a = only(elasticAdapter.normalize(rec(hit), ctx));
    expect(a).toMatchObject({
      sourceAlertId: 'f-1',
      title: 'Brute Force',
      severity: 'high',
      tactics: ['TA0006'],
      techniques: ['T1110'],
      firstActivity: Date.UTC(2024, 2, 7),
    });
    expect(a.entities.map((e) => `${e.type}:${e.value}`)).toEqual([
      'device:dc01',
      'account:administrator',
      'ip:198.51.100.20',
    ]);
  });

  it('reads legacy 7.x signal documents', () => {
    const legacy = {
      '@timestamp': '2021-01-01T00:00:00Z',
      signal: {
        status: 'in-progress',
        original_time: '2020-12-31T23:59:00Z',
        rule: { name: 'Old Rule', rule_id: 'old-1', severity: 'low', risk_score: 21 },
      },
    };
    expect(only(elasticAdapter.normalize(rec(legacy), ctx))).toMatchObject({
      title: 'Old Rule',
      detectorId: 'old-1',
      severity: 'low',
      status: 'inProgress',
      firstActivity: Date.UTC(2020, 11, 31, 23, 59),
    });
  });

  it('bands risk scores as Elastic documents them', () => {
    expect([0, 21, 22, 47, 48, 73, 74, 100, 101, 'x'].map(severityFromRiskScore)).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
      'critical',
      undefined,
      undefined,
    ]);
  });

  it('rejects documents that are not detection alerts, with the reason', () => {
    expect(
      elasticAdapter.normalize(
        rec({ '@timestamp': '2024-01-01T00:00:00Z', event: { kind: 'event' }, host: { name: 'x' } }),
        ctx,
      ),
    ).toEqual({
      ok: false,
      field: 'kibana.alert.rule.name',
      reason: 'no kibana.alert.rule.name: not an Elastic Security detection alert',
    });
    expect(
      elasticAdapter.normalize(rec({ 'kibana.alert.rule.name': 'x', '@timestamp': 'soon' }), ctx),
    ).toMatchObject({ ok: false, field: '@timestamp' });
    expect(elasticAdapter.normalize(rec({ hits: { hits: [] } }), ctx)).toMatchObject({
      ok: false,
      field: 'hits.hits',
    });
    expect(elasticAdapter.normalize(rec({ _id: 'x', _source: 'text' }), ctx)).toMatchObject({ ok: false });
    expect(elasticAdapter.normalize(rec('x'), ctx)).toMatchObject({ ok: false, field: '' });
  });
});

describe('elastic adapter on hostile input', () => {
  it('keeps markup as text, ignores __proto__ keys, caps huge values', () => {
    const huge = 'x'.repeat(1024 * 1024);
    const text = `{"@timestamp":"2024-01-01T00:00:00Z","kibana.alert.rule.name":"<img src=x onerror=alert(1)>","__proto__":{"kibana.alert.rule.name":"polluted"},"process":{"command_line":"${huge}","name":"<svg onload=alert(1)>"},"kibana":{"__proto__":{"alert":{}}}}`;
    const a = only(elasticAdapter.normalize({ position: 1, value: JSON.parse(text) as unknown, text }, ctx));
    expect(a.title).toBe('<img src=x onerror=alert(1)>');
    const p = find(a, 'process');
    expect(p?.value).toBe('<svg onload=alert(1)>');
    expect(p?.props.commandLine?.length).toBe(64 * 1024 + 1);
    expect(({} as Record<string, unknown>)['kibana.alert.rule.name']).toBeUndefined();
  });

  it('never throws on odd shapes', () => {
    for (const v of [
      {
        'kibana.alert.rule.name': ['x'],
        '@timestamp': [1700000000000],
        'kibana.alert.rule.threat': 'TA0001',
        host: 'h',
      },
      {
        'kibana.alert.rule.name': 'x',
        '@timestamp': 1,
        'kibana.alert.rule.threat': [null, 1, { technique: 'x', tactic: [] }],
        'host.ip': {},
      },
      { hits: { hits: [1, null, 'x', { _source: null }] } },
    ]) {
      expect(() => elasticAdapter.normalize(rec(v), ctx)).not.toThrow();
    }
  });
});

describe('elastic detection', () => {
  it('is confident on alert documents, hits and responses, 0 on plain ECS events', () => {
    const sample = (records: unknown[]) =>
      elasticAdapter.detect({ fileName: 'a.json', container: 'json-array', header: [], records });
    expect(sample([flatDoc, nestedDoc])).toBeGreaterThanOrEqual(0.9);
    expect(sample([{ _id: '1', _source: flatDoc }])).toBeGreaterThanOrEqual(0.9);
    expect(sample([{ hits: { hits: [{ _source: nestedDoc }] } }])).toBeGreaterThanOrEqual(0.9);
    expect(sample([{ '@timestamp': 'x', host: { name: 'a' }, event: { kind: 'event' } }])).toBe(0);
  });
});
