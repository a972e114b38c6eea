import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import type { AdapterContext, DetectSample } from '#shared/ingest/types';
import { mdeAdapter } from './mde';
import { graphAdapter } from './graph';
import { find, only, readDetectSample, readSample, rec } from './test-readers';

const ctx: AdapterContext = { file: 'mde-alerts.json', importId: 'imp-m' as ImportId, defaultZone: 'UTC' };

// The "Response example for getting single alert" of MicrosoftDocs/defender-docs
// defender-endpoint/api/alerts.md (Alert resource type, ms.date 03/21/2025), transcribed unchanged.
const docsAlert = {
  id: 'da637472900382838869_1364969609',
  incidentId: 1126093,
  investigationId: null,
  assignedTo: null,
  severity: 'Low',
  status: 'New',
  classification: null,
  determination: null,
  investigationState: 'Queued',
  detectionSource: 'WindowsDefenderAtp',
  detectorId: '17e10bbc-3a68-474a-8aad-faef14d43952',
  category: 'Execution',
  threatFamilyName: null,
  title: 'Low-reputation arbitrary code executed by signed executable',
  description:
    'Binaries signed by Microsoft can be used to run low-reputation arbitrary code. This technique hides the execution of malicious code within a trusted process. As a result, the trusted process might exhibit suspicious behaviors, such as opening a listening port or connecting to a command-and-control (C&C) server.',
  alertCreationTime: '2021-01-26T20:33:57.7220239Z',
  firstEventTime: '2021-01-26T20:31:32.9562661Z',
  lastEventTime: '2021-01-26T20:31:33.0577322Z',
  lastUpdateTime: '2021-01-26T20:33:59.2Z',
  resolvedTime: null,
  machineId: '111e6dd8c833c8a052ea231ec1b19adaf497b625',
  computerDnsName: 'temp123.middleeast.corp.microsoft.com',
  rbacGroupName: 'A',
  aadTenantId: 'a839b112-1253-6432-9bf6-94542403f21c',
  threatName: null,
  mitreTechniques: ['T1064', 'T1085', 'T1220'],
  relatedUser: { userName: 'temp123', domainName: 'DOMAIN' },
  comments: [
    {
      comment: 'test comment for docs',
      createdBy: 'secop123@contoso.com',
      createdTime: '2021-01-26T01:00:37.8404534Z',
    },
  ],
  evidence: [
    {
      entityType: 'User',
      evidenceCreationTime: '2021-01-26T20:33:58.42Z',
      sha1: null,
      sha256: null,
      fileName: null,
      filePath: null,
      processId: null,
      processCommandLine: null,
      processCreationTime: null,
      parentProcessId: null,
      parentProcessCreationTime: null,
      parentProcessFileName: null,
      parentProcessFilePath: null,
      ipAddress: null,
      url: null,
      registryKey: null,
      registryHive: null,
      registryValueType: null,
      registryValue: null,
      accountName: 'name',
      domainName: 'DOMAIN',
      userSid: 'S-1-5-21-11111607-1111760036-109187956-75141',
      aadUserId: '11118379-2a59-1111-ac3c-a51eb4a3c627',
      userPrincipalName: 'temp123@microsoft.com',
      detectionStatus: null,
    },
    {
      entityType: 'Process',
      evidenceCreationTime: '2021-01-26T20:33:58.6133333Z',
      sha1: 'ff836cfb1af40252bd2a2ea843032e99a5b262ed',
      sha256: 'a4752c71d81afd3d5865d24ddb11a6b0c615062fcc448d24050c2172d2cbccd6',
      fileName: 'rundll32.exe',
      filePath: 'C:\\Windows\\SysWOW64',
      processId: 3276,
      processCommandLine: 'rundll32.exe  c:\\temp\\suspicious.dll,RepeatAfterMe',
      processCreationTime: '2021-01-26T20:31:32.9581596Z',
      parentProcessId: 8420,
      parentProcessCreationTime: '2021-01-26T20:31:32.9004163Z',
      parentProcessFileName: 'rundll32.exe',
      parentProcessFilePath: 'C:\\Windows\\System32',
      ipAddress: null,
      url: null,
      registryKey: null,
      registryHive: null,
      registryValueType: null,
      registryValue: null,
      accountName: null,
      domainName: null,
      userSid: null,
      aadUserId: null,
      userPrincipalName: null,
      detectionStatus: 'Detected',
    },
    {
      entityType: 'File',
      evidenceCreationTime: '2021-01-26T20:33:58.42Z',
      sha1: '8563f95b2f8a284fc99da44500cd51a77c1ff36c',
      sha256: 'dc0ade0c95d6db98882bc8fa6707e64353cd6f7767ff48d6a81a6c2aef21c608',
      fileName: 'suspicious.dll',
      filePath: 'c:\\temp',
      processId: null,
      processCommandLine: null,
      processCreationTime: null,
      parentProcessId: null,
      parentProcessCreationTime: null,
      parentProcessFileName: null,
      parentProcessFilePath: null,
      ipAddress: null,
      url: null,
      registryKey: null,
      registryHive: null,
      registryValueType: null,
      registryValue: null,
      accountName: null,
      domainName: null,
      userSid: null,
      aadUserId: null,
      userPrincipalName: null,
      detectionStatus: 'Detected',
    },
  ],
};

describe('mde adapter on the documented alert (defender-docs api/alerts.md)', () => {
  const a = only(mdeAdapter.normalize(rec(docsAlert), ctx));

  it('maps ids, title, PascalCase enums, times, tactic and techniques', () => {
    expect(a.source).toBe('mde');
    expect(a.product).toBe('Microsoft Defender for Endpoint');
    expect(a.sourceAlertId).toBe('da637472900382838869_1364969609');
    expect(a.detectorId).toBe('17e10bbc-3a68-474a-8aad-faef14d43952');
    expect(a.title).toBe('Low-reputation arbitrary code executed by signed executable');
    expect(a.severity).toBe('low');
    expect(a.status).toBe('new');
    expect(a.classification).toBe('unknown');
    expect(a.determination).toBe('unknown');
    expect(a.firstActivity).toBe(Date.UTC(2021, 0, 26, 20, 31, 32, 956));
    expect(a.lastActivity).toBe(Date.UTC(2021, 0, 26, 20, 31, 33, 57));
    expect(a.detectedAt).toBe(Date.UTC(2021, 0, 26, 20, 33, 57, 722));
    expect(a.tactics).toEqual(['TA0002']);
    expect(a.techniques).toEqual(['T1064', 'T1085', 'T1220']);
    expect(a.remediation).toEqual([]);
    expect(a.raw).toBe(JSON.stringify(docsAlert));
  });

  it('maps the machine, related user and User/Process/File evidence', () => {
    expect(find(a, 'device', 'temp123.middleeast.corp.microsoft.com')?.props).toEqual({
      hostName: 'temp123',
      dnsDomain: 'middleeast.corp.microsoft.com',
      fqdn: 'temp123.middleeast.corp.microsoft.com',
      deviceId: '111e6dd8c833c8a052ea231ec1b19adaf497b625',
    });
    expect(find(a, 'account', 'DOMAIN\\temp123')?.props).toEqual({
      accountName: 'temp123',
      ntDomain: 'DOMAIN',
    });
    expect(find(a, 'account', 'temp123@microsoft.com')?.props).toEqual({
      accountName: 'name',
      ntDomain: 'DOMAIN',
      upnSuffix: 'microsoft.com',
      upn: 'temp123@microsoft.com',
      sid: 'S-1-5-21-11111607-1111760036-109187956-75141',
      aadUserId: '11118379-2a59-1111-ac3c-a51eb4a3c627',
    });
    expect(find(a, 'process', 'rundll32.exe')?.props).toEqual({
      imagePath: 'C:\\Windows\\SysWOW64\\rundll32.exe',
      commandLine: 'rundll32.exe  c:\\temp\\suspicious.dll,RepeatAfterMe',
      processId: '3276',
      parentProcessId: '8420',
      parentImage: 'C:\\Windows\\System32\\rundll32.exe',
      creationTime: '2021-01-26T20:31:32.9581596Z',
    });
    expect(find(a, 'file', 'rundll32.exe')?.props).toEqual({
      filePath: 'C:\\Windows\\SysWOW64\\rundll32.exe',
      directory: 'C:\\Windows\\SysWOW64',
      sha1: 'ff836cfb1af40252bd2a2ea843032e99a5b262ed',
      sha256: 'a4752c71d81afd3d5865d24ddb11a6b0c615062fcc448d24050c2172d2cbccd6',
    });
    expect(find(a, 'file', 'suspicious.dll')?.props).toEqual({
      filePath: 'c:\\temp\\suspicious.dll',
      directory: 'c:\\temp',
      sha1: '8563f95b2f8a284fc99da44500cd51a77c1ff36c',
      sha256: 'dc0ade0c95d6db98882bc8fa6707e64353cd6f7767ff48d6a81a6c2aef21c608',
    });
    expect(a.entities).toHaveLength(6);
  });
});

// Further values from the same page's property table: status InProgress/Resolved, classification
// `TruePositive` / `Informational, expected activity`, determination names (incl. CompromisedUser, Clean),
// severity UnSpecified, and Ip/Url/Registry evidence with the same flat evidence fields.
const triaged = {
  ...docsAlert,
  id: 'da638000000000000000_-1',
  severity: 'High',
  status: 'InProgress',
  classification: 'TruePositive',
  determination: 'CompromisedUser',
  category: 'CommandAndControl',
  loggedOnUsers: [{ accountName: 'svc-backup', domainName: 'CONTOSO' }],
  evidence: [
    { entityType: 'Ip', ipAddress: '203.0.113.7' },
    { entityType: 'Url', url: 'http://malicious.example/c2' },
    {
      entityType: 'Registry',
      registryHive: 'HKEY_LOCAL_MACHINE',
      registryKey: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
      registryValueName: 'svc',
      registryValue: 'C:\\ProgramData\\svc.exe',
      registryValueType: 'String',
    },
    {
      entityType: 'Registry',
      registryHive: 'HKEY_LOCAL_MACHINE',
      registryKey: 'SYSTEM\\CurrentControlSet\\Services\\evil',
    },
    {
      entityType: 'Process',
      fileName: 'powershell.exe',
      filePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
      processId: 10,
      accountName: 'jdoe',
      domainName: 'CONTOSO',
    },
    { entityType: 'MailCluster', foo: 'bar' },
  ],
};

describe('mde adapter on schema values written from the property table', () => {
  const a = only(mdeAdapter.normalize(rec(triaged), ctx));

  it('maps PascalCase status, classification and determination', () => {
    expect([a.severity, a.status, a.classification, a.determination]).toEqual([
      'high',
      'inProgress',
      'truePositive',
      'compromisedAccount',
    ]);
    expect(a.tactics).toEqual(['TA0011']);
    const other = only(
      mdeAdapter.normalize(
        rec({
          ...triaged,
          severity: 'UnSpecified',
          status: 'Resolved',
          classification: 'Informational, expected activity',
          determination: 'Clean',
        }),
        ctx,
      ),
    );
    expect([other.severity, other.status, other.classification, other.determination]).toEqual([
      'informational',
      'resolved',
      'informationalExpectedActivity',
      'notMalicious',
    ]);
    const na = only(
      mdeAdapter.normalize(
        rec({
          ...triaged,
          classification: 'Unknown',
          determination: 'NotAvailable',
          category: 'Malware',
        }),
        ctx,
      ),
    );
    expect([na.classification, na.determination]).toEqual(['unknown', 'unknown']);
    // A category that is not a tactic leaves tactics to the techniques (T1064/T1085/T1220 → their tactics).
    expect(na.tactics.length).toBeGreaterThan(0);
  });

  it('maps Ip, Url, Registry (key and value), process users and logged-on users', () => {
    expect(find(a, 'ip', '203.0.113.7')).toBeDefined();
    expect(find(a, 'url', 'http://malicious.example/c2')).toBeDefined();
    expect(
      find(a, 'registryValue', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\svc')
        ?.props,
    ).toEqual({
      hive: 'HKEY_LOCAL_MACHINE',
      valueName: 'svc',
      valueData: 'C:\\ProgramData\\svc.exe',
      valueType: 'String',
    });
    expect(
      find(a, 'registryKey', 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\evil'),
    ).toBeDefined();
    expect(find(a, 'process', 'powershell.exe')?.props.accountName).toBe('CONTOSO\\jdoe');
    expect(find(a, 'account', 'CONTOSO\\jdoe')).toBeDefined();
    expect(find(a, 'account', 'CONTOSO\\svc-backup')?.roles).toEqual(['contextual']);
    expect(a.entities.some((e) => e.value === 'bar')).toBe(false);
  });
});

describe('mde adapter on hostile input', () => {
  it('rejects non-objects, bad times and unknown severities', () => {
    for (const v of [null, 0, 'x', [docsAlert]]) {
      expect(mdeAdapter.normalize(rec(v), ctx)).toEqual({
        ok: false,
        field: '',
        reason: 'not a Defender for Endpoint alert (expected an object)',
      });
    }
    expect(mdeAdapter.normalize(rec({ ...docsAlert, firstEventTime: '26/01/2021 20:31' }), ctx)).toEqual({
      ok: false,
      field: 'firstEventTime',
      reason: 'not a timestamp: "26/01/2021 20:31"',
    });
    expect(mdeAdapter.normalize(rec({ ...docsAlert, severity: 'Severe' }), ctx)).toEqual({
      ok: false,
      field: 'severity',
      reason: 'unknown severity: "Severe"',
    });
    const { firstEventTime: _f, alertCreationTime: _c, lastEventTime: _l, ...noTimes } = docsAlert;
    expect(mdeAdapter.normalize(rec(noTimes), ctx)).toEqual({
      ok: false,
      field: 'firstEventTime',
      reason: 'missing: no firstEventTime or alertCreationTime',
    });
  });

  it('treats __proto__ keys as data and keeps markup inert', () => {
    const hostile = JSON.parse(
      `{"id":"p","severity":"High","title":"<svg onload=alert(1)>","firstEventTime":"2024-01-01T00:00:00Z","machineId":"m",
        "relatedUser":{"__proto__":{"polluted":1},"userName":"u"},
        "evidence":[{"entityType":"__proto__"},{"entityType":"User","accountName":"x","__proto__":{"polluted":1}},null]}`,
    ) as unknown;
    const a = only(mdeAdapter.normalize(rec(hostile), ctx));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(a.title).toBe('<svg onload=alert(1)>');
    expect(a.entities.map((e) => `${e.type}:${e.value}`).sort()).toEqual([
      'account:u',
      'account:x',
      'device:m',
    ]);
  });
});

describe('mde detection', () => {
  it('scores the MDE shape high, the Graph example 0, and Graph scores MDE 0', async () => {
    const s: DetectSample = {
      fileName: 'alerts.json',
      container: 'json-object',
      header: [],
      records: [docsAlert, triaged],
    };
    expect(mdeAdapter.detect(s)).toBeGreaterThan(0.8);
    expect(graphAdapter.detect(s)).toBe(0);
    const graph = (await readSample(readFileSync, 'graph-alerts-v2-docs-example.json')).records.map(
      (r) => r.value,
    );
    expect(mdeAdapter.detect({ ...s, records: graph })).toBe(0);
    const eve = await readDetectSample(readFileSync, 'suricata-eve-wrccdc-2018.json', 'eve.json');
    expect(mdeAdapter.detect(eve)).toBe(0);
  });
});
