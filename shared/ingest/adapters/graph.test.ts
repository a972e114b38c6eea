import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import type { AdapterContext, DetectSample } from '#shared/ingest/types';
import { graphAdapter } from './graph';
import { find, only, readDetectSample, readSample, rec } from './test-readers';

const ctx: AdapterContext = { file: 'alerts_v2.json', importId: 'imp-g' as ImportId, defaultZone: 'UTC' };

// The real reader unwraps the `{value: [...]}` page into one record per alert.
const { records } = await readSample(readFileSync, 'graph-alerts-v2-docs-example.json');
const values = records.map((r) => r.value);

describe('graph adapter on the documented alerts_v2 example (microsoft-graph-docs-contrib)', () => {
  const a = only(graphAdapter.normalize(records[0], ctx));

  it('maps ids, title, product, enums, times, tactic and technique', () => {
    expect(records).toHaveLength(1);
    expect(a.source).toBe('graph');
    expect(a.sourceAlertId).toBe('da637551227677560813_-961444813');
    expect(a.detectorId).toBe('e0da400f-affd-43ef-b1d5-afc2eb6f2756');
    expect(a.title).toBe('Suspicious execution of hidden file');
    expect(a.description).toMatch(/^A hidden file has been launched\./);
    expect(a.product).toBe('Microsoft Defender for Endpoint');
    expect(a.severity).toBe('low');
    expect(a.status).toBe('new');
    expect(a.classification).toBe('unknown');
    expect(a.determination).toBe('unknown');
    expect(a.firstActivity).toBe(Date.UTC(2021, 3, 26, 7, 45, 50, 116));
    expect(a.lastActivity).toBe(Date.UTC(2021, 4, 2, 7, 56, 58, 222));
    expect(a.detectedAt).toBe(Date.UTC(2021, 3, 27, 12, 19, 27, 721));
    expect(a.tactics).toEqual(['TA0005']);
    expect(a.techniques).toEqual(['T1564.001']);
    expect(a.raw).toBe(records[0]?.text);
    expect(a.timeNote).toBeUndefined();
  });

  it('splits recommendedActions into steps (bullets and the lost-bullet U+FFFD removed)', () => {
    expect(a.remediation).toHaveLength(11);
    expect(a.remediation[0]).toBe('Collect artifacts and determine scope');
    expect(a.remediation[1]).toMatch(/^Review the machine timeline for suspicious activities/);
    expect(a.remediation[5]).toBe('Initiate containment & mitigation');
    expect(a.remediation[10]).toBe(
      'Block communication with relevant URLs or IPs at the organization\ufffds perimeter.',
    );
  });

  it('maps device, file, process (with its user and image) and registry key evidence with roles and verdicts', () => {
    expect(find(a, 'device', 'tempDns')).toEqual({
      type: 'device',
      value: 'tempDns',
      roles: ['compromised'],
      verdict: 'unknown',
      props: {
        hostName: 'tempDns',
        deviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
        osFamily: 'Windows10',
        osVersion: '22424',
      },
    });
    expect(
      find(
        a,
        'cloudResource',
        '/subscriptions/8700d3a3-3bb7-4fbe-a090-488a1ad04161/resourceGroups/WdatpApi-EUS-STG/providers/Microsoft.Compute/virtualMachines/NirLaviTests',
      )?.roles,
    ).toEqual(['contextual']);
    expect(find(a, 'file', 'MsSense.exe')?.props).toEqual({
      filePath: 'C:\\Program Files\\temp\\MsSense.exe',
      directory: 'C:\\Program Files\\temp',
      sha1: '5f1e8acedc065031aad553b710838eb366cfee9a',
      sha256: '8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec',
      size: '6136392',
    });
    expect(find(a, 'process', 'MsSense.exe')?.props).toEqual({
      imagePath: 'C:\\Program Files\\temp\\MsSense.exe',
      commandLine: '"MsSense.exe"',
      processId: '4780',
      parentProcessId: '668',
      parentImage: 'C:\\Windows\\System32\\services.exe',
      creationTime: '2021-08-12T12:43:19.0772577Z',
      accountName: 'NT AUTHORITY\\SYSTEM',
    });
    // SYSTEM under NT AUTHORITY (SID S-1-5-18) is the same account on every machine: contextual only.
    expect(find(a, 'account', 'NT AUTHORITY\\SYSTEM')).toEqual({
      type: 'account',
      value: 'NT AUTHORITY\\SYSTEM',
      roles: ['contextual'],
      props: { accountName: 'SYSTEM', ntDomain: 'NT AUTHORITY', sid: 'S-1-5-18', displayName: 'System' },
    });
    expect(
      find(
        a,
        'registryKey',
        'HKEY_LOCAL_MACHINE\\SYSTEM\\CONTROLSET001\\CONTROL\\WMI\\AUTOLOGGER\\SENSEAUDITLOGGER',
      )?.props,
    ).toEqual({
      hive: 'HKEY_LOCAL_MACHINE',
    });
    expect(a.entities.map((e) => e.type).sort()).toEqual([
      'account',
      'cloudResource',
      'device',
      'file',
      'process',
      'registryKey',
    ]);
  });
});

// Written from the Graph v1.0/beta evidence resource pages (microsoft-graph-docs-contrib
// api-reference/*/resources/security-*evidence.md): one evidence item per derived type, with documented property
// names and the newer determination spelling (`compromisedUser`).
const schemaAlert = {
  '@odata.type': '#microsoft.graph.security.alert',
  id: 'fa5b5ba9-9a1b-4f3a-8d5a-3a5d8a3f9a11',
  providerAlertId: 'fa5b5ba9-9a1b-4f3a-8d5a-3a5d8a3f9a11',
  incidentId: '41',
  status: 'resolved',
  severity: 'high',
  classification: 'truePositive',
  determination: 'compromisedUser',
  serviceSource: 'microsoftDefenderForOffice365',
  detectionSource: 'microsoftDefenderForOffice365',
  detectorId: 'c1e5a7a4-0b5e-4c1b-9a52-4a9f4b5f8d11',
  title: 'Email messages containing malicious URL removed after delivery',
  description: 'Emails with a malicious URL were delivered and later removed.',
  recommendedActions:
    '1. Review the affected mailbox. 2. Reset the user password. 3. Block the sender domain.',
  category: 'InitialAccess',
  mitreTechniques: ['T1566.002', 'not-a-technique'],
  createdDateTime: '2024-05-01T09:00:05.1234567Z',
  firstActivityDateTime: '2024-05-01T08:59:00Z',
  lastActivityDateTime: '2024-05-01T09:10:00Z',
  evidence: [
    {
      '@odata.type': '#microsoft.graph.security.userEvidence',
      roles: ['compromised'],
      verdict: 'suspicious',
      userAccount: {
        accountName: 'jdoe',
        domainName: 'CONTOSO',
        userSid: 'S-1-5-21-1004336348-1177238915-682003330-1105',
        azureAdUserId: '6f0e2a9c-2d1b-4a8e-9c55-0d1f3a6b7c8d',
        userPrincipalName: 'jdoe@contoso.com',
        displayName: 'John Doe',
      },
    },
    {
      '@odata.type': '#microsoft.graph.security.ipEvidence',
      roles: ['attacker', 'source'],
      verdict: 'malicious',
      ipAddress: '203.0.113.7',
      countryLetterCode: 'NL',
    },
    {
      '@odata.type': '#microsoft.graph.security.urlEvidence',
      roles: [],
      verdict: 'malicious',
      url: 'http://malicious.example/login',
    },
    {
      '@odata.type': '#microsoft.graph.security.mailboxEvidence',
      roles: ['destination'],
      verdict: 'unknown',
      primaryAddress: 'jdoe@contoso.com',
      displayName: 'John Doe',
      upn: 'jdoe@contoso.com',
      userAccount: { accountName: 'jdoe', domainName: 'CONTOSO', userPrincipalName: 'jdoe@contoso.com' },
    },
    {
      '@odata.type': '#microsoft.graph.security.analyzedMessageEvidence',
      roles: [],
      verdict: 'malicious',
      networkMessageId: '5e1c6a3c-9c3b-4b10-8a1c-08dc6a2f7b11',
      internetMessageId: '<abc123@malicious.example>',
      subject: 'Your invoice <b>now</b>',
      recipientEmailAddress: 'jdoe@contoso.com',
      senderIp: '198.51.100.9',
      p1Sender: {
        displayName: 'Billing',
        domainName: 'malicious.example',
        emailAddress: 'billing@malicious.example',
      },
      deliveryAction: 'delivered',
      urls: ['http://malicious.example/login'],
    },
    {
      '@odata.type': '#microsoft.graph.security.cloudApplicationEvidence',
      roles: ['contextual'],
      appId: 11161,
      displayName: 'Office 365',
      instanceName: 'Office 365',
    },
    {
      '@odata.type': '#microsoft.graph.security.oauthApplicationEvidence',
      roles: [],
      appId: 'b1a6d7c2-1111-4a1a-9b1b-222233334444',
      displayName: 'Invoice Helper',
      publisher: 'Unknown',
    },
    {
      '@odata.type': '#microsoft.graph.security.azureResourceEvidence',
      roles: ['attacked'],
      resourceId:
        '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1',
      resourceName: 'kv1',
      resourceType: 'Vaults',
    },
    {
      '@odata.type': '#microsoft.graph.security.amazonResourceEvidence',
      roles: [],
      amazonAccountId: '123456789012',
      amazonResourceId: 'arn:aws:s3:::bucket-1',
      resourceName: 'bucket-1',
      resourceType: 'S3Bucket',
    },
    {
      '@odata.type': '#microsoft.graph.security.googleCloudResourceEvidence',
      roles: [],
      fullResourceName: '//compute.googleapis.com/projects/p1/zones/us-east1-b/instances/vm-7',
      resourceName: 'vm-7',
      resourceType: 'compute.instances',
      projectId: 'p1',
    },
    {
      '@odata.type': '#microsoft.graph.security.kubernetesPodEvidence',
      roles: [],
      name: 'web-5d9f',
      namespace: { name: 'prod' },
      podIp: { ipAddress: '10.244.1.7' },
    },
    {
      '@odata.type': '#microsoft.graph.security.registryValueEvidence',
      roles: ['added'],
      registryHive: 'HKEY_CURRENT_USER',
      registryKey: 'Software\\Microsoft\\Windows\\CurrentVersion\\Run',
      registryValueName: 'Updater',
      registryValue: 'wscript.exe invoice.js',
      registryValueType: 'String',
    },
    {
      '@odata.type': '#microsoft.graph.security.securityGroupEvidence',
      roles: [],
      displayName: 'Finance',
      securityGroupId: '2b8e1c4d-0000-4a1b-8c2d-111122223333',
    },
    {
      '@odata.type': '#microsoft.graph.security.mailClusterEvidence',
      roles: [],
      clusterBy: 'Subject',
      clusterByValue: 'Your invoice',
      emailCount: 12,
    },
    {
      '@odata.type': '#microsoft.graph.security.dnsEvidence',
      roles: [],
      domainName: 'malicious.example',
      ipAddresses: [{ ipAddress: '203.0.113.7' }],
    },
    {
      '@odata.type': '#microsoft.graph.security.fileHashEvidence',
      roles: [],
      algorithm: 'md5',
      value: '44d88612fea8a8f36de82e1278abb02f',
    },
    {
      '@odata.type': '#microsoft.graph.security.deviceEvidence',
      roles: [],
      deviceDnsName: 'ws-0042.corp.contoso.com',
      mdeDeviceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      loggedOnUsers: [{ accountName: 'jdoe', domainName: 'CONTOSO' }, { accountName: 'Administrator' }],
      ipInterfaces: ['10.1.2.3'],
    },
    { '@odata.type': '#microsoft.graph.security.somethingNewEvidence', roles: ['source'], name: 'ignored' },
  ],
};

describe('graph adapter on evidence types written from the Graph schema', () => {
  const a = only(graphAdapter.normalize(rec(schemaAlert), ctx));

  it('maps enums (both determination spellings), product and numbered recommended actions', () => {
    expect(a.product).toBe('Microsoft Defender for Office 365');
    expect(a.status).toBe('resolved');
    expect(a.classification).toBe('truePositive');
    expect(a.determination).toBe('compromisedAccount');
    expect(
      only(graphAdapter.normalize(rec({ ...schemaAlert, determination: 'compromisedAccount' }), ctx))
        .determination,
    ).toBe('compromisedAccount');
    expect(
      only(graphAdapter.normalize(rec({ ...schemaAlert, determination: 'clean' }), ctx)).determination,
    ).toBe('notMalicious');
    expect(
      only(graphAdapter.normalize(rec({ ...schemaAlert, determination: 'insufficientData' }), ctx))
        .determination,
    ).toBe('notEnoughDataToValidate');
    expect(a.remediation).toEqual([
      '1. Review the affected mailbox.',
      '2. Reset the user password.',
      '3. Block the sender domain.',
    ]);
    expect(a.tactics).toEqual(['TA0001']);
    expect(a.techniques).toEqual(['T1566.002']);
    expect(a.detectedAt).toBe(Date.UTC(2024, 4, 1, 9, 0, 5, 123));
  });

  it('maps every evidence type to the right entity with roles and verdict', () => {
    // The same account also comes from the mailbox's userAccount (no role); buildAlert merges the two.
    expect(find(a, 'account', 'jdoe@contoso.com')?.roles).toContain('compromised');
    expect(find(a, 'account', 'jdoe@contoso.com')).toMatchObject({
      type: 'account',
      value: 'jdoe@contoso.com',
      verdict: 'suspicious',
      props: {
        accountName: 'jdoe',
        ntDomain: 'CONTOSO',
        upnSuffix: 'contoso.com',
        upn: 'jdoe@contoso.com',
        sid: 'S-1-5-21-1004336348-1177238915-682003330-1105',
        aadUserId: '6f0e2a9c-2d1b-4a8e-9c55-0d1f3a6b7c8d',
        displayName: 'John Doe',
      },
    });
    expect(find(a, 'ip', '203.0.113.7')).toEqual({
      type: 'ip',
      value: '203.0.113.7',
      roles: ['attacker', 'source'],
      verdict: 'malicious',
      props: { countryCode: 'NL' },
    });
    expect(find(a, 'url', 'http://malicious.example/login')?.verdict).toBe('malicious');
    expect(find(a, 'mailbox', 'jdoe@contoso.com')?.roles).toEqual(['destination']);
    expect(find(a, 'mailMessage', '5e1c6a3c-9c3b-4b10-8a1c-08dc6a2f7b11')?.props).toEqual({
      sender: 'billing@malicious.example',
      recipient: 'jdoe@contoso.com',
      subject: 'Your invoice <b>now</b>',
      networkMessageId: '5e1c6a3c-9c3b-4b10-8a1c-08dc6a2f7b11',
      deliveryAction: 'delivered',
    });
    expect(find(a, 'ip', '198.51.100.9')?.roles).toEqual(['source']);
    expect(find(a, 'cloudApplication', 'Office 365')).toEqual({
      type: 'cloudApplication',
      value: 'Office 365',
      roles: ['contextual'],
      props: { appId: '11161' },
    });
    expect(find(a, 'cloudApplication', 'Invoice Helper')?.props.appId).toBe(
      'b1a6d7c2-1111-4a1a-9b1b-222233334444',
    );
    expect(
      find(
        a,
        'cloudResource',
        '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1',
      ),
    ).toEqual({
      type: 'cloudResource',
      value:
        '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1',
      roles: ['attacked'],
      props: { resourceType: 'Vaults', resourceName: 'kv1' },
    });
    expect(find(a, 'cloudResource', 'arn:aws:s3:::bucket-1')?.props).toEqual({
      resourceType: 'S3Bucket',
      resourceName: 'bucket-1',
    });
    expect(
      find(a, 'cloudResource', '//compute.googleapis.com/projects/p1/zones/us-east1-b/instances/vm-7')?.props
        .resourceName,
    ).toBe('vm-7');
    expect(find(a, 'cloudResource', 'prod/web-5d9f')?.props).toEqual({
      resourceType: 'kubernetesPod',
      resourceName: 'web-5d9f',
    });
    expect(
      find(
        a,
        'registryValue',
        'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater',
      )?.roles,
    ).toEqual(['added']);
    expect(find(a, 'account', 'Finance')?.props).toEqual({ displayName: 'Finance' });
    expect(find(a, 'dnsQuery', 'malicious.example')?.props).toEqual({ answers: '203.0.113.7' });
    expect(find(a, 'file', '44d88612fea8a8f36de82e1278abb02f')?.props).toEqual({
      md5: '44d88612fea8a8f36de82e1278abb02f',
    });
    expect(find(a, 'device', 'ws-0042.corp.contoso.com')?.props).toEqual({
      hostName: 'ws-0042',
      dnsDomain: 'corp.contoso.com',
      fqdn: 'ws-0042.corp.contoso.com',
      deviceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    });
    // Logged-on users are context; a bare "Administrator" is generic anyway. ipInterfaces are not entities.
    expect(find(a, 'account', 'CONTOSO\\jdoe')?.roles).toEqual(['contextual']);
    expect(find(a, 'account', 'Administrator')?.roles).toEqual(['contextual']);
    expect(find(a, 'ip', '10.1.2.3')).toBeUndefined();
    // mailCluster and unknown evidence types add nothing.
    expect(a.entities.some((e) => e.value.includes('ignored') || e.value.includes('Subject'))).toBe(false);
  });
});

describe('graph adapter on hostile input', () => {
  const base = { id: 'h1', severity: 'medium', title: 't', firstActivityDateTime: '2024-01-01T00:00:00Z' };

  it('rejects non-objects, bad times and unknown severities with precise reasons', () => {
    for (const v of [null, 1, 'x', []])
      expect(graphAdapter.normalize(rec(v), ctx)).toEqual({
        ok: false,
        field: '',
        reason: 'not a Graph alert (expected an object)',
      });
    expect(graphAdapter.normalize(rec({ ...base, firstActivityDateTime: 'yesterday' }), ctx)).toEqual({
      ok: false,
      field: 'firstActivityDateTime',
      reason: 'not a timestamp: "yesterday"',
    });
    expect(graphAdapter.normalize(rec({ id: 'x', severity: 'low' }), ctx)).toEqual({
      ok: false,
      field: 'firstActivityDateTime',
      reason: 'missing: no firstActivityDateTime or createdDateTime',
    });
    expect(graphAdapter.normalize(rec({ ...base, severity: { $gt: '' } }), ctx)).toEqual({
      ok: false,
      field: 'severity',
      reason: 'unknown severity: "{\\"$gt\\":\\"\\"}"',
    });
  });

  it('reads unknown/unknownFutureValue severity as informational and unknown enums as defaults', () => {
    const a = only(
      graphAdapter.normalize(
        rec({
          ...base,
          severity: 'unknownFutureValue',
          status: 'weird',
          classification: 'x',
          determination: 'y',
        }),
        ctx,
      ),
    );
    expect([a.severity, a.status, a.classification, a.determination]).toEqual([
      'informational',
      'new',
      'unknown',
      'unknown',
    ]);
  });

  it('treats __proto__ keys in evidence as data, skips non-object evidence, keeps script text inert', () => {
    const hostile = JSON.parse(
      `{"id":"p","severity":"high","title":"<script>alert(1)</script>","firstActivityDateTime":"2024-01-01T00:00:00Z",
        "__proto__":{"polluted":"yes"},
        "evidence":[null,1,"x",[],{"@odata.type":"#microsoft.graph.security.ipEvidence","ipAddress":"192.0.2.1","__proto__":{"polluted":"yes"},"roles":["__proto__","toString","source"]}]}`,
    ) as unknown;
    const a = only(graphAdapter.normalize(rec(hostile), ctx));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(a.title).toBe('<script>alert(1)</script>');
    expect(a.entities).toEqual([{ type: 'ip', value: '192.0.2.1', roles: ['source'], props: {} }]);
  });

  it('caps 1 MB strings and huge evidence lists', () => {
    const big = 'x'.repeat(1024 * 1024);
    const ev = Array.from({ length: 5000 }, (_, i) => ({
      '@odata.type': '#microsoft.graph.security.urlEvidence',
      url: `http://e.example/${i}`,
    }));
    const a = only(
      graphAdapter.normalize(rec({ ...base, description: big, recommendedActions: big, evidence: ev }), ctx),
    );
    expect(a.description.length).toBeLessThanOrEqual(64 * 1024 + 1);
    expect(a.entities.length).toBe(500);
  });
});

describe('graph detection', () => {
  it('scores the documented example high and a Suricata EVE record 0', async () => {
    const s: DetectSample = {
      fileName: 'alerts.json',
      container: 'json-object',
      header: [],
      records: values,
    };
    expect(graphAdapter.detect(s)).toBeGreaterThan(0.9);
    const noOdata = values.map((v) => {
      const copy = { ...(v as Record<string, unknown>) };
      delete copy['@odata.type'];
      return copy;
    });
    expect(graphAdapter.detect({ ...s, records: noOdata })).toBeGreaterThan(0.8);
    const eve = await readDetectSample(readFileSync, 'suricata-eve-wrccdc-2018.json', 'eve.json');
    expect(graphAdapter.detect(eve)).toBe(0);
  });
});
