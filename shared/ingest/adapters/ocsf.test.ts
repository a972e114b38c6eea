// No real OCSF export is in ../shared/samples. The Detection Finding below follows the OCSF 1.3 schema
// (schema.ocsf.io/1.3.0/classes/detection_finding; ocsf-schema events/findings/detection_finding.json and
// objects finding_info, attack, evidences, endpoint, process, file, fingerprint, remediation, resource_details);
// the Security Finding follows OCSF 1.0 (schema.ocsf.io/1.0.0/classes/security_finding).
import { describe, expect, it } from 'vitest';
import { rec, only, find } from './test-readers';
import type { ImportId } from '#shared/model/index';
import type { AdapterContext } from '#shared/ingest/types';
import { ocsfAdapter } from './ocsf';

const ctx: AdapterContext = { file: 'findings.json', importId: 'imp-test' as ImportId, defaultZone: 'UTC' };

const detectionFinding = {
  activity_id: 1,
  activity_name: 'Create',
  category_uid: 2,
  category_name: 'Findings',
  class_uid: 2004,
  class_name: 'Detection Finding',
  type_uid: 200401,
  severity_id: 4,
  severity: 'High',
  status_id: 2,
  status: 'In Progress',
  time: 1717243200000,
  metadata: {
    version: '1.3.0',
    product: { name: 'Falcon Insight', vendor_name: 'CrowdStrike' },
    uid: 'meta-1',
  },
  finding_info: {
    uid: 'ldt:abc123:456',
    title: 'Credential dumping via LSASS access',
    desc: 'A process accessed LSASS memory in a way consistent with credential theft.',
    types: ['Credential Access'],
    analytic: { uid: 'IOA-1337', name: 'LsassAccess', type_id: 1, type: 'Rule' },
    attacks: [
      {
        tactic: { uid: 'TA0006', name: 'Credential Access' },
        technique: { uid: 'T1003', name: 'OS Credential Dumping' },
        sub_technique: { uid: 'T1003.001', name: 'LSASS Memory' },
        version: '14',
      },
    ],
    first_seen_time: 1717243100000,
    last_seen_time: 1717243150000,
    created_time: 1717243190000,
    src_url: 'https://falcon.example/activity/detections/abc123',
  },
  device: {
    hostname: 'FIN-WS-07.corp.example',
    uid: 'aid-77',
    ip: '10.20.30.40',
    os: { name: 'Windows', version: '10' },
    type_id: 2,
  },
  evidences: [
    {
      actor: { user: { name: 'bob', domain: 'CORP', uid: 'S-1-5-21-9-9-9-1107' } },
      process: {
        name: 'procdump64.exe',
        pid: 6120,
        cmd_line: 'procdump64.exe -ma lsass.exe C:\\Temp\\l.dmp',
        file: {
          name: 'procdump64.exe',
          path: 'C:\\Temp\\procdump64.exe',
          hashes: [
            {
              algorithm_id: 3,
              algorithm: 'SHA-256',
              value: '05732e84de58a3cc142535431b3aa04efbe034cc96e837f93c360a6387d8faad',
            },
          ],
        },
        parent_process: {
          name: 'cmd.exe',
          pid: 5012,
          file: { path: 'C:\\Windows\\System32\\cmd.exe', name: 'cmd.exe' },
        },
      },
      verdict_id: 2,
    },
    { file: { name: 'l.dmp', path: 'C:\\Temp\\l.dmp', size: 52428800 } },
    {
      src_endpoint: { ip: '10.20.30.40', port: 49712 },
      dst_endpoint: { ip: '198.51.100.66', port: 443, hostname: 'exfil.example.org' },
      url: { url_string: 'https://exfil.example.org/up', hostname: 'exfil.example.org' },
      query: { hostname: 'exfil.example.org', type: 'A' },
    },
  ],
  resources: [
    {
      uid: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc',
      name: 'fin-ws-07',
      type: 'AWS::EC2::Instance',
      region: 'us-east-1',
    },
  ],
  remediation: {
    desc: 'Isolate the host and reset the credentials of logged-on users.',
    kb_article_list: [{ title: 'KB5005413', src_url: 'https://support.microsoft.com/kb/5005413' }],
    references: ['https://attack.mitre.org/techniques/T1003/001/'],
  },
};

const securityFinding = {
  class_uid: 2001,
  class_name: 'Security Finding',
  category_uid: 2,
  activity_id: 1,
  severity_id: 6,
  state_id: 4,
  time: 1672531200000,
  metadata: { version: '1.0.0', product: { name: 'GuardDuty', vendor_name: 'AWS' } },
  finding: {
    uid: 'gd-1',
    title: 'UnauthorizedAccess:EC2/SSHBruteForce',
    desc: 'SSH brute force attack against an EC2 instance.',
    types: ['TTPs/Initial Access'],
  },
  attacks: [
    {
      tactics: [{ uid: 'TA0001', name: 'Initial Access' }],
      technique: { uid: 'T1110', name: 'Brute Force' },
    },
  ],
  resources: [{ uid: 'i-99', type: 'AwsEc2Instance' }],
};

describe('ocsf adapter on records written from the schema', () => {
  it('maps a Detection Finding field by field', () => {
    const a = only(ocsfAdapter.normalize(rec(detectionFinding), ctx));
    expect(a).toMatchObject({
      source: 'ocsf',
      product: 'CrowdStrike Falcon Insight',
      sourceAlertId: 'ldt:abc123:456',
      detectorId: 'IOA-1337',
      title: 'Credential dumping via LSASS access',
      severity: 'high',
      status: 'inProgress',
      firstActivity: 1717243100000,
      lastActivity: 1717243150000,
      detectedAt: 1717243190000,
      tactics: ['TA0006'],
      techniques: ['T1003', 'T1003.001'],
      remediation: [
        'Isolate the host and reset the credentials of logged-on users.',
        'KB5005413: https://support.microsoft.com/kb/5005413',
        'https://attack.mitre.org/techniques/T1003/001/',
      ],
    });
    expect(a.description).toContain('A process accessed LSASS memory');
    expect(a.description).toContain('Analytic: LsassAccess');
    expect(find(a, 'device', 'FIN-WS-07.corp.example')).toEqual({
      type: 'device',
      value: 'FIN-WS-07.corp.example',
      roles: ['victim'],
      props: {
        deviceId: 'aid-77',
        osFamily: 'Windows',
        osVersion: '10',
        hostName: 'FIN-WS-07',
        dnsDomain: 'corp.example',
        fqdn: 'FIN-WS-07.corp.example',
      },
    });
    expect(find(a, 'ip', '10.20.30.40')?.roles).toEqual(['source']);
    expect(find(a, 'account', 'bob')).toEqual({
      type: 'account',
      value: 'bob',
      roles: ['source'],
      verdict: 'malicious',
      props: { sid: 'S-1-5-21-9-9-9-1107', accountName: 'bob', ntDomain: 'CORP' },
    });
    expect(find(a, 'process', 'procdump64.exe')).toMatchObject({
      verdict: 'malicious',
      props: {
        imagePath: 'C:\\Temp\\procdump64.exe',
        commandLine: 'procdump64.exe -ma lsass.exe C:\\Temp\\l.dmp',
        processId: '6120',
        parentProcessId: '5012',
        parentImage: 'C:\\Windows\\System32\\cmd.exe',
        hostName: 'FIN-WS-07.corp.example',
      },
    });
    expect(find(a, 'file', 'procdump64.exe')?.props.sha256).toBe(
      '05732e84de58a3cc142535431b3aa04efbe034cc96e837f93c360a6387d8faad',
    );
    expect(find(a, 'file', 'l.dmp')?.props).toEqual({
      filePath: 'C:\\Temp\\l.dmp',
      directory: 'C:\\Temp',
      size: '52428800',
    });
    expect(find(a, 'ip', '198.51.100.66')).toEqual({
      type: 'ip',
      value: '198.51.100.66',
      roles: ['destination'],
      props: { port: '443' },
    });
    expect(find(a, 'url')?.value).toBe('https://exfil.example.org/up');
    expect(find(a, 'dnsQuery')?.value).toBe('exfil.example.org');
    expect(find(a, 'cloudResource')).toEqual({
      type: 'cloudResource',
      value: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc',
      roles: ['victim'],
      props: { resourceType: 'AWS::EC2::Instance', resourceName: 'fin-ws-07' },
    });
  });

  it('maps a 1.0 Security Finding: fatal → critical, state resolved, top-level attacks', () => {
    const a = only(ocsfAdapter.normalize(rec(securityFinding), ctx));
    expect(a).toMatchObject({
      product: 'AWS GuardDuty',
      sourceAlertId: 'gd-1',
      title: 'UnauthorizedAccess:EC2/SSHBruteForce',
      severity: 'critical',
      status: 'resolved',
      firstActivity: 1672531200000,
      tactics: ['TA0001'],
      techniques: ['T1110'],
    });
    expect(find(a, 'cloudResource')?.value).toBe('i-99');
  });

  it('reads status and severity captions when the ids are Other/Unknown, and Close activities', () => {
    const base = { ...detectionFinding, severity_id: 99, severity: 'Low', status_id: 99, status: 'Resolved' };
    expect(only(ocsfAdapter.normalize(rec(base), ctx))).toMatchObject({
      severity: 'low',
      status: 'resolved',
    });
    const { status_id: _s, status: _t, ...noStatus } = detectionFinding;
    expect(
      only(
        ocsfAdapter.normalize(rec({ ...noStatus, activity_id: 3, severity_id: 0, severity: undefined }), ctx),
      ),
    ).toMatchObject({ status: 'resolved', severity: 'medium' });
  });

  it('rejects other classes by name, and findings without finding_info, title or time', () => {
    expect(
      ocsfAdapter.normalize(rec({ class_uid: 3002, class_name: 'Authentication', time: 1 }), ctx),
    ).toEqual({
      ok: false,
      field: 'class_uid',
      reason: 'class_uid 3002 (Authentication) is not a Detection Finding (2004) or Security Finding (2001)',
    });
    expect(ocsfAdapter.normalize(rec({ class_uid: '4001' }), ctx)).toMatchObject({
      reason:
        'class_uid 4001 (Network Activity) is not a Detection Finding (2004) or Security Finding (2001)',
    });
    expect(ocsfAdapter.normalize(rec({ foo: 1 }), ctx)).toMatchObject({ ok: false, field: 'class_uid' });
    expect(ocsfAdapter.normalize(rec({ class_uid: 2004, time: 1 }), ctx)).toMatchObject({
      ok: false,
      field: 'finding_info',
    });
    expect(
      ocsfAdapter.normalize(rec({ class_uid: 2004, time: 1, finding_info: { uid: 'x' } }), ctx),
    ).toMatchObject({ ok: false, field: 'finding_info.title' });
    expect(ocsfAdapter.normalize(rec({ class_uid: 2004, finding_info: { title: 'x' } }), ctx)).toMatchObject({
      ok: false,
      field: 'time',
    });
    expect(ocsfAdapter.normalize(rec(null), ctx)).toMatchObject({ ok: false, field: '' });
  });
});

describe('ocsf adapter on hostile input', () => {
  it('keeps markup as text, ignores __proto__ and never throws on odd shapes', () => {
    const text = `{"class_uid":2004,"time":1717243200000,"__proto__":{"class_uid":1},"finding_info":{"title":"<script>alert(1)</script>","uid":"x","__proto__":{"title":"p"}},"evidences":[{"process":{"cmd_line":"<img src=x>${'y'.repeat(1024 * 1024)}","name":"a.exe"}}]}`;
    const a = only(ocsfAdapter.normalize({ position: 1, value: JSON.parse(text) as unknown, text }, ctx));
    expect(a.title).toBe('<script>alert(1)</script>');
    expect(find(a, 'process')?.props.commandLine?.length).toBe(64 * 1024 + 1);
    for (const v of [
      {
        class_uid: 2004,
        time: 1,
        finding_info: { title: 't', attacks: 'x' },
        evidences: {},
        resources: [1, null],
        device: [],
      },
      {
        class_uid: 2004,
        time: '2024-01-01T00:00:00Z',
        finding_info: { title: 't', attacks: [{ tactic: 5, technique: [] }] },
        evidences: [null, 1, { actor: 'x', query: 3, email: { to: 'a@b.c' } }],
      },
    ]) {
      expect(() => ocsfAdapter.normalize(rec(v), ctx)).not.toThrow();
    }
  });
});

describe('ocsf detection', () => {
  it('is confident on findings, lower on other OCSF classes, 0 otherwise', () => {
    const d = (records: unknown[]) =>
      ocsfAdapter.detect({ fileName: 'o.json', container: 'ndjson', header: [], records });
    expect(d([detectionFinding, securityFinding])).toBeGreaterThanOrEqual(0.9);
    expect(d([{ class_uid: 3002, category_uid: 3, metadata: {} }])).toBe(0.5);
    expect(d([{ event_type: 'alert' }])).toBe(0);
  });
});
