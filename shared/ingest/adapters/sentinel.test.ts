import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Alert, ImportId } from '#shared/model/index';
import { MAX_ENTITIES, MAX_FIELD_CHARS } from '#shared/ingest/alert-builder';
import type { AdapterContext, DetectSample } from '#shared/ingest/types';
import { sentinelAdapter } from './sentinel';
import { find, only, readDetectSample, rec, runSample } from './test-readers';

const ctx: AdapterContext = { file: 'alerts.csv', importId: 'imp-1' as ImportId, defaultZone: 'UTC' };

const csv = await runSample(readFileSync, 'sentinel-securityalert-demo.csv', sentinelAdapter, ctx);
const { results } = csv;
const alerts = results.map(only);
const byId = (id: string): Alert => {
  const a = alerts.find((x) => x.sourceAlertId === id);
  if (!a) throw new Error(`no alert ${id}`);
  return a;
};

describe('sentinel adapter on the real SecurityAlert CSV (msticpy alertlist.csv)', () => {
  it('normalises all 189 rows without a reject, one alert each, ids unique and raw verbatim', () => {
    expect(csv.records).toHaveLength(189);
    expect(csv.records.slice(0, 3).map((r) => r.position)).toEqual([2, 60, 118]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(189);
    alerts.forEach((a, i) => {
      expect(a.raw).toBe(csv.records[i]?.text);
      expect(a.source).toBe('sentinel');
      // The real CSV reader numbers a record by the line it starts on (rows hold multi-line cells).
      expect(a.origins).toEqual([
        { importId: 'imp-1', file: 'alerts.csv', record: csv.records[i]?.position },
      ]);
      expect(a.timeNote).toBeUndefined();
    });
    const counts = alerts.reduce<Record<string, number>>(
      (m, a) => ((m[a.severity] = (m[a.severity] ?? 0) + 1), m),
      {},
    );
    expect(counts).toEqual({ high: 102, medium: 56, low: 24, informational: 7 });
  });

  it('maps the first scheduled-rule alert: ids, title, severity, UTC times, ip/host/accounts', () => {
    const a = byId('047f47d6-79b7-4502-824b-97abc4905a73');
    expect(a.title).toBe('DC local group addition - Demo');
    expect(a.description).toBe('Domain controllers local group addition');
    expect(a.product).toBe('CustomAlertRule');
    expect(a.detectorId).toBe('DC local group addition - Demo');
    expect(a.severity).toBe('low');
    expect(a.status).toBe('new');
    expect(a.firstActivity).toBe(Date.UTC(2019, 0, 11, 6, 31, 40));
    expect(a.lastActivity).toBe(Date.UTC(2019, 0, 12, 6, 31, 40));
    expect(a.detectedAt).toBe(Date.UTC(2019, 0, 12, 6, 41, 44));
    expect(find(a, 'ip', '75.10.91.22')).toBeDefined();
    expect(find(a, 'device', 'DHCPContoso77')?.props).toEqual({ hostName: 'DHCPContoso77' });
    // Generic names given by name only keep only the role `contextual`; USER is not on the generic list.
    expect(find(a, 'account', 'ADMINISTRATOR')?.roles).toEqual(['contextual']);
    expect(find(a, 'account', 'ADMIN')?.roles).toEqual(['contextual']);
    expect(find(a, 'account', 'USER')?.roles).toEqual(['unknown']);
    expect(a.entities).toHaveLength(5);
  });

  it('resolves $ref links of a process to its image file, account and host; ResourceId is a cloud resource', () => {
    const a = byId('112dc225-bc2d-4328-97fd-a99e0b000b1f');
    expect(a.title).toBe('Suspicious double extension file executed');
    expect(a.severity).toBe('high');
    expect(a.product).toBe('InternalDemo');
    expect(a.firstActivity).toBe(Date.UTC(2019, 0, 3, 0, 2, 0));
    expect(find(a, 'device', 'vm3')?.props.deviceId).toBe(
      '/subscriptions/212f9889-769e-45ae-ab43-6da33674bd26/resourcegroups/ASCDEMORG/providers/Microsoft.Compute/virtualMachines/vm3',
    );
    expect(a.entities.filter((e) => e.type === 'cloudResource')).toEqual([
      {
        type: 'cloudResource',
        value:
          '/subscriptions/212f9889-769e-45ae-ab43-6da33674bd26/resourcegroups/ASCDEMORG/providers/Microsoft.Compute/virtualMachines/vm3',
        roles: ['unknown'],
        props: { resourceType: 'Microsoft.Compute/virtualMachines', resourceName: 'vm3' },
      },
    ]);
    expect(find(a, 'account', 'contoso\\admin')?.props).toEqual({
      accountName: 'admin',
      ntDomain: 'contoso',
    });
    expect(find(a, 'file', 'budgetreport.pdf.exe')?.props).toEqual({
      filePath: 'c:\\documents\\budgetreport.pdf.exe',
      directory: 'c:\\documents',
    });
    expect(find(a, 'process', 'budgetreport.pdf.exe')?.props).toEqual({
      imagePath: 'c:\\documents\\budgetreport.pdf.exe',
      commandLine: 'C:\\Documents\\BudgetReport.pdf.exe',
      hostName: 'vm3',
      accountName: 'contoso\\admin',
    });
  });

  it('maps a process tree, registry key and value, and marks the CompromisedEntity host', () => {
    const a = byId('2518547570866947129_1b074412-133c-4ac9-8e3f-24103159b03e');
    expect(a.title).toBe('Suspicious WindowPosition registry value detected');
    expect(a.product).toBe('Detection');
    expect(a.firstActivity).toBe(Date.UTC(2019, 0, 15, 9, 15, 13));
    expect(a.detectedAt).toBe(Date.UTC(2019, 0, 15, 9, 15, 18));
    expect(find(a, 'device', 'MSTICALERTSWIN1')?.roles).toEqual(['compromised']);
    expect(find(a, 'device', 'MSTICALERTSWIN1')?.props).toMatchObject({
      hostName: 'MSTICALERTSWIN1',
      osFamily: 'Windows',
    });
    expect(find(a, 'process', 'reg.exe')?.props).toEqual({
      imagePath: 'c:\\diagnostics\\usertmp\\reg.exe',
      commandLine: '.\\reg.exe   add "hkcu\\console" /v windowposition /t reg_dword /d 33554556 /f',
      processId: '0x13a8',
      parentProcessId: '0x165c',
      parentImage: 'c:\\windows\\system32\\cmd.exe',
      creationTime: '2019-01-15T09:15:13.305287Z',
      hostName: 'MSTICALERTSWIN1',
      accountName: 'MSTICAlertsWin1\\MSTICAdmin',
    });
    expect(find(a, 'account', 'MSTICAlertsWin1\\MSTICAdmin')?.props.sid).toBe(
      'S-1-5-21-996632719-2361334927-4038480536-500',
    );
    expect(find(a, 'registryKey', 'HKEY_CURRENT_USER\\console')?.props).toEqual({
      hive: 'HKEY_CURRENT_USER',
    });
    expect(find(a, 'registryValue', 'HKEY_CURRENT_USER\\console\\windowposition')?.props).toEqual({
      hive: 'HKEY_CURRENT_USER',
      valueName: 'windowposition',
      valueData: 'System.Byte[]',
      valueType: 'DWord',
    });
    // The registry-value without a name adds nothing over its key; host-logon-session is not an entity.
    expect(a.entities.filter((e) => e.type === 'registryValue')).toHaveLength(1);
    expect(a.entities.map((e) => e.type).sort()).toEqual(
      [
        'account',
        'cloudResource',
        'device',
        'file',
        'file',
        'process',
        'process',
        'registryKey',
        'registryValue',
      ].sort(),
    );
  });

  it('adds the CompromisedEntity as a compromised device when no entity names it; keeps IP country and UPN accounts', () => {
    const noEntities = byId('7b27ffab-7204-4856-a013-908de6c1804e');
    expect(find(noEntities, 'device', 'vm1')?.roles).toEqual(['compromised']);
    const ip = byId('98a6dea6-1b64-41d0-938e-0dec24b234ec');
    expect(find(ip, 'ip', '183.95.154.13')?.props).toEqual({ countryCode: 'CN' });
    const upn = byId('401f2680-cc05-4e6f-a1f6-69cff2055cd9');
    expect(find(upn, 'account', 'brians@ContosoSI.onmicrosoft.com')?.props).toEqual({
      accountName: 'brians',
      upnSuffix: 'ContosoSI.onmicrosoft.com',
      upn: 'brians@ContosoSI.onmicrosoft.com',
    });
  });

  it('maps every entity type the sample uses and never more than the Sentinel cap', () => {
    const types = new Set(alerts.flatMap((a) => a.entities.map((e) => e.type)));
    expect([...types].sort()).toEqual([
      'account',
      'cloudResource',
      'device',
      'file',
      'ip',
      'process',
      'registryKey',
      'registryValue',
    ]);
    expect(Math.max(...alerts.map((a) => a.entities.length))).toBeLessThanOrEqual(MAX_ENTITIES);
  });
});

// A Log Analytics JSON export row written from the SecurityAlert table reference
// (learn.microsoft.com/azure/azure-monitor/reference/tables/securityalert) with entities from the Sentinel entity
// reference (azure-docs articles/sentinel/entities-reference.md): identifiers, $id/$ref links, FileHashes.
const schemaEntities = [
  {
    $id: '2',
    HostName: 'ws-0042',
    DnsDomain: 'corp.contoso.com',
    NTDomain: 'CONTOSO',
    OSFamily: 'Windows',
    MdatpDeviceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    Type: 'host',
  },
  {
    $id: '3',
    Name: 'jdoe',
    NTDomain: 'CONTOSO',
    UPNSuffix: 'contoso.com',
    Sid: 'S-1-5-21-1004336348-1177238915-682003330-1105',
    AadUserId: '6f0e2a9c-2d1b-4a8e-9c55-0d1f3a6b7c8d',
    Host: { $ref: '2' },
    Type: 'account',
  },
  {
    $id: '4',
    Algorithm: 'SHA256',
    Value: '8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec',
    Type: 'filehash',
  },
  { $id: '5', Algorithm: 'SHA1', Value: '5f1e8acedc065031aad553b710838eb366cfee9a', Type: 'filehash' },
  {
    $id: '6',
    Directory: 'C:\\Users\\jdoe\\AppData\\Local\\Temp',
    Name: 'invoice.js',
    FileHashes: [{ $ref: '4' }, { $ref: '5' }],
    Type: 'file',
  },
  { $id: '7', Algorithm: 'MD5', Value: '44d88612fea8a8f36de82e1278abb02f', Type: 'filehash' },
  { $id: '8', Directory: 'C:\\Windows\\System32', Name: 'wscript.exe', Type: 'file' },
  { $id: '9', Directory: 'C:\\Windows', Name: 'explorer.exe', Type: 'file' },
  {
    $id: '10',
    ProcessId: '5120',
    CommandLine: 'explorer.exe',
    ImageFile: { $ref: '9' },
    Host: { $ref: '2' },
    Type: 'process',
  },
  {
    $id: '11',
    ProcessId: '7344',
    CommandLine: 'wscript.exe "C:\\Users\\jdoe\\AppData\\Local\\Temp\\invoice.js"',
    CreationTimeUtc: '2024-03-05T10:01:02.345Z',
    ImageFile: { $ref: '8' },
    ParentProcess: { $ref: '10' },
    Account: { $ref: '3' },
    Host: { $ref: '2' },
    Type: 'process',
  },
  { $id: '12', Url: 'http://malicious.example/payload.bin', Type: 'url' },
  { $id: '13', Address: '203.0.113.7', Type: 'ip' },
  { $id: '14', DomainName: 'malicious.example', IpAddresses: [{ $ref: '13' }], Type: 'dns' },
  { $id: '15', Address: '10.1.2.3', Type: 'ip' },
  {
    $id: '16',
    SourceAddress: { $ref: '15' },
    DestinationAddress: { $ref: '13' },
    DestinationPort: 443,
    Protocol: 'Tcp',
    Type: 'network-connection',
  },
  {
    $id: '17',
    ResourceId:
      '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/st1',
    Type: 'azure-resource',
  },
  { $id: '18', AppId: 11161, Name: 'Office 365', InstanceName: 'Office 365', Type: 'cloud-application' },
  {
    $id: '19',
    MailboxPrimaryAddress: 'jdoe@contoso.com',
    DisplayName: 'John Doe',
    Upn: 'jdoe@contoso.com',
    Type: 'mailbox',
  },
  {
    $id: '20',
    NetworkMessageId: 'bb3c9a4e-22b8-4d44-8f15-08dc3d5e6f70',
    Recipient: 'jdoe@contoso.com',
    Sender: 'billing@malicious.example',
    SenderIP: '198.51.100.9',
    Subject: 'Invoice <script>alert(1)</script>',
    DeliveryAction: 'Delivered',
    Urls: ['http://malicious.example/payload.bin', 'http://malicious.example/login'],
    Type: 'mail-message',
  },
  {
    $id: '21',
    DistinguishedName: 'CN=Finance,OU=Groups,DC=corp,DC=contoso,DC=com',
    SID: 'S-1-5-21-1004336348-1177238915-682003330-2201',
    Type: 'security-group',
  },
  { $id: '22', Name: 'Trojan:JS/Nemucod', Category: 'Trojan', Files: [{ $ref: '6' }], Type: 'malware' },
  {
    $id: '23',
    Hive: 'HKEY_CURRENT_USER',
    Key: 'Software\\Microsoft\\Windows\\CurrentVersion\\Run',
    Type: 'registry-key',
  },
  {
    $id: '24',
    Key: { $ref: '23' },
    Name: 'Updater',
    Value: 'wscript.exe invoice.js',
    ValueType: 'String',
    Type: 'registry-value',
  },
  { $id: '25', Name: 'SYSTEM', Type: 'account' },
];
const schemaRow = {
  TenantId: '00000000-0000-0000-0000-0000000000aa',
  TimeGenerated: '2024-03-05T10:15:30.1234567Z',
  DisplayName: 'Suspicious script execution',
  AlertName: 'Suspicious script execution',
  AlertSeverity: 'Medium',
  Description: 'A script was launched from a temporary folder.',
  ProviderName: 'MDATP',
  VendorName: 'Microsoft',
  VendorOriginalId: 'da638451234567890123_-123456789',
  SystemAlertId: '5b4d0bde-4a3c-4f0c-9f0e-0a1b2c3d4e5f',
  ResourceId: '',
  SourceComputerId: '',
  AlertType: 'WindowsDefenderAtp',
  ConfidenceLevel: '',
  ConfidenceScore: null,
  IsIncident: false,
  StartTime: '2024-03-05T10:01:02.345Z',
  EndTime: '2024-03-05T10:05:00Z',
  ProcessingEndTime: '2024-03-05T10:15:29Z',
  RemediationSteps: JSON.stringify([
    'Review the process tree on the device.',
    'Isolate the device if the script is malicious.',
  ]),
  ExtendedProperties: JSON.stringify({
    MicrosoftDefenderForEndpointLink: 'https://security.microsoft.com/alerts/da638451234567890123_-123456789',
  }),
  Entities: JSON.stringify(schemaEntities),
  SourceSystem: 'Detection',
  WorkspaceSubscriptionId: '00000000-0000-0000-0000-000000000001',
  WorkspaceResourceGroup: 'rg-sentinel',
  ExtendedLinks: '',
  ProductName: 'Microsoft Defender Advanced Threat Protection',
  ProductComponentName: '',
  AlertLink: 'https://security.microsoft.com/alerts/da638451234567890123_-123456789',
  Status: 'InProgress',
  CompromisedEntity: 'ws-0042.corp.contoso.com',
  Tactics: 'Execution, DefenseEvasion',
  Techniques: '["T1059","T1027"]',
  SubTechniques: '["T1059.007"]',
  Type: 'SecurityAlert',
};

describe('sentinel adapter on a Log Analytics JSON row (written from the SecurityAlert schema)', () => {
  const a = only(sentinelAdapter.normalize(rec(schemaRow), ctx));

  it('maps the alert fields', () => {
    expect(a.sourceAlertId).toBe('5b4d0bde-4a3c-4f0c-9f0e-0a1b2c3d4e5f');
    expect(a.product).toBe('Microsoft Defender Advanced Threat Protection');
    expect(a.detectorId).toBe('WindowsDefenderAtp');
    expect(a.title).toBe('Suspicious script execution');
    expect(a.severity).toBe('medium');
    expect(a.status).toBe('inProgress');
    expect(a.firstActivity).toBe(Date.UTC(2024, 2, 5, 10, 1, 2, 345));
    expect(a.lastActivity).toBe(Date.UTC(2024, 2, 5, 10, 5, 0));
    expect(a.detectedAt).toBe(Date.UTC(2024, 2, 5, 10, 15, 30, 123));
    expect(a.tactics).toEqual(['TA0002', 'TA0005']);
    expect(a.techniques).toEqual(['T1027', 'T1059', 'T1059.007']);
    expect(a.remediation).toEqual([
      'Review the process tree on the device.',
      'Isolate the device if the script is malicious.',
    ]);
  });

  it('maps each entity type with its props and links', () => {
    expect(find(a, 'device', 'ws-0042')).toEqual({
      type: 'device',
      value: 'ws-0042',
      roles: ['compromised'],
      props: {
        hostName: 'ws-0042',
        dnsDomain: 'corp.contoso.com',
        fqdn: 'ws-0042.corp.contoso.com',
        ntDomain: 'CONTOSO',
        deviceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
        osFamily: 'Windows',
      },
    });
    expect(find(a, 'account', 'jdoe@contoso.com')?.props).toEqual({
      accountName: 'jdoe',
      ntDomain: 'CONTOSO',
      upnSuffix: 'contoso.com',
      upn: 'jdoe@contoso.com',
      sid: 'S-1-5-21-1004336348-1177238915-682003330-1105',
      aadUserId: '6f0e2a9c-2d1b-4a8e-9c55-0d1f3a6b7c8d',
    });
    // Hashes linked from the file through FileHashes are attached to it; the unlinked MD5 is a file of its own.
    expect(find(a, 'file', 'invoice.js')?.props).toEqual({
      filePath: 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\invoice.js',
      directory: 'C:\\Users\\jdoe\\AppData\\Local\\Temp',
      sha1: '5f1e8acedc065031aad553b710838eb366cfee9a',
      sha256: '8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec',
    });
    expect(find(a, 'file', '44d88612fea8a8f36de82e1278abb02f')?.props).toEqual({
      md5: '44d88612fea8a8f36de82e1278abb02f',
    });
    expect(
      a.entities
        .filter((e) => e.type === 'file')
        .map((e) => e.value)
        .sort(),
    ).toEqual(['44d88612fea8a8f36de82e1278abb02f', 'explorer.exe', 'invoice.js', 'wscript.exe'].sort());
    expect(find(a, 'process', 'wscript.exe')?.props).toEqual({
      imagePath: 'C:\\Windows\\System32\\wscript.exe',
      commandLine: 'wscript.exe "C:\\Users\\jdoe\\AppData\\Local\\Temp\\invoice.js"',
      processId: '7344',
      parentProcessId: '5120',
      parentImage: 'C:\\Windows\\explorer.exe',
      creationTime: '2024-03-05T10:01:02.345Z',
      hostName: 'ws-0042',
      accountName: 'CONTOSO\\jdoe',
    });
    expect(find(a, 'url', 'http://malicious.example/payload.bin')).toBeDefined();
    expect(find(a, 'url', 'http://malicious.example/login')).toBeDefined();
    expect(find(a, 'dnsQuery', 'malicious.example')?.props).toEqual({ answers: '203.0.113.7' });
    // network-connection gives its addresses their direction.
    expect(find(a, 'ip', '10.1.2.3')?.roles).toEqual(['source']);
    expect(find(a, 'ip', '203.0.113.7')?.roles).toEqual(['destination']);
    expect(find(a, 'ip', '198.51.100.9')?.roles).toEqual(['source']);
    expect(
      find(
        a,
        'cloudResource',
        '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/st1',
      )?.props,
    ).toEqual({
      resourceType: 'Microsoft.Storage/storageAccounts',
      resourceName: 'st1',
    });
    expect(find(a, 'cloudApplication', 'Office 365')?.props).toEqual({ appId: '11161' });
    expect(find(a, 'mailbox', 'jdoe@contoso.com')?.props).toEqual({
      displayName: 'John Doe',
      upn: 'jdoe@contoso.com',
    });
    expect(find(a, 'mailMessage', 'bb3c9a4e-22b8-4d44-8f15-08dc3d5e6f70')?.props).toEqual({
      sender: 'billing@malicious.example',
      recipient: 'jdoe@contoso.com',
      subject: 'Invoice <script>alert(1)</script>',
      networkMessageId: 'bb3c9a4e-22b8-4d44-8f15-08dc3d5e6f70',
      deliveryAction: 'Delivered',
    });
    expect(find(a, 'account', 'CN=Finance,OU=Groups,DC=corp,DC=contoso,DC=com')?.props.sid).toBe(
      'S-1-5-21-1004336348-1177238915-682003330-2201',
    );
    expect(
      find(
        a,
        'registryValue',
        'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater',
      )?.props,
    ).toEqual({
      hive: 'HKEY_CURRENT_USER',
      valueName: 'Updater',
      valueData: 'wscript.exe invoice.js',
      valueType: 'String',
    });
    expect(find(a, 'account', 'SYSTEM')?.roles).toEqual(['contextual']);
    // malware has no entity type of its own: its name is only in raw.
    expect(a.entities.some((e) => e.value.includes('Nemucod'))).toBe(false);
    expect(a.raw).toContain('Trojan:JS/Nemucod');
  });

  it('accepts Entities as an already parsed array', () => {
    const b = only(sentinelAdapter.normalize(rec({ ...schemaRow, Entities: schemaEntities }), ctx));
    expect(b.entities).toEqual(a.entities);
  });

  it('reads portal CSV headers with [UTC] / [Local Time] suffixes and en-US AM/PM times', () => {
    const utc = Object.assign(Object.create(null) as Record<string, string>, {
      'TimeGenerated [UTC]': '3/5/2024, 10:15:30.123 AM',
      'StartTime [UTC]': '3/5/2024, 10:01:02.345 AM',
      'EndTime [UTC]': '3/5/2024, 1:05:00.000 PM',
      SystemAlertId: 'x-1',
      AlertSeverity: 'High',
      DisplayName: 'portal export',
    });
    const u = only(sentinelAdapter.normalize({ position: 2, value: utc, text: 'row' }, ctx));
    expect(u.firstActivity).toBe(Date.UTC(2024, 2, 5, 10, 1, 2, 345));
    expect(u.lastActivity).toBe(Date.UTC(2024, 2, 5, 13, 5, 0));
    expect(u.timeNote).toBeUndefined();
    const local = Object.assign(Object.create(null) as Record<string, string>, {
      'StartTime [Local Time]': '3/5/2024, 10:01:02.000 AM',
      SystemAlertId: 'x-2',
      AlertSeverity: 'Low',
    });
    const l = only(
      sentinelAdapter.normalize(
        { position: 3, value: local, text: 'row' },
        { ...ctx, defaultZone: 'Europe/Berlin' },
      ),
    );
    expect(l.firstActivity).toBe(Date.UTC(2024, 2, 5, 9, 1, 2));
    expect(l.timeNote).toEqual({ original: '3/5/2024, 10:01:02.000 AM', assumedZone: 'Europe/Berlin' });
  });
});

describe('sentinel adapter on hostile input', () => {
  const base = {
    SystemAlertId: 'h-1',
    AlertSeverity: 'High',
    DisplayName: 't',
    StartTime: '2024-01-01T00:00:00Z',
  };

  it('rejects non-object records and says why', () => {
    for (const v of [null, 42, 'text', [], [base], true]) {
      const r = sentinelAdapter.normalize({ position: 1, value: v, text: JSON.stringify(v) }, ctx);
      expect(r).toEqual({ ok: false, field: '', reason: 'not a SecurityAlert row (expected an object)' });
    }
  });

  it('rejects a bad or missing first-activity time and an unknown severity with a precise reason', () => {
    expect(sentinelAdapter.normalize(rec({ ...base, StartTime: 'abc' }), ctx)).toEqual({
      ok: false,
      field: 'StartTime',
      reason: 'not a timestamp: "abc"',
    });
    expect(sentinelAdapter.normalize(rec({ ...base, StartTime: '2024-02-30T00:00:00Z' }), ctx)).toEqual({
      ok: false,
      field: 'StartTime',
      reason: 'not a timestamp: "2024-02-30T00:00:00Z"',
    });
    expect(sentinelAdapter.normalize(rec({ SystemAlertId: 'h', AlertSeverity: 'Low' }), ctx)).toEqual({
      ok: false,
      field: 'StartTime',
      reason: 'missing: no StartTime, StartTimeUtc or TimeGenerated',
    });
    expect(sentinelAdapter.normalize(rec({ ...base, AlertSeverity: 'Apocalyptic' }), ctx)).toEqual({
      ok: false,
      field: 'AlertSeverity',
      reason: 'unknown severity: "Apocalyptic"',
    });
    // A bad optional time is ignored (the alert keeps its start), not a reject.
    const a = only(sentinelAdapter.normalize(rec({ ...base, EndTime: 'soon' }), ctx));
    expect(a.lastActivity).toBe(a.firstActivity);
  });

  it('keeps HTML/script text as inert text', () => {
    const a = only(
      sentinelAdapter.normalize(
        rec({ ...base, DisplayName: '<img src=x onerror=alert(1)><script>alert(2)</script>' }),
        ctx,
      ),
    );
    expect(a.title).toBe('<img src=x onerror=alert(1)><script>alert(2)</script>');
  });

  it('keeps the alert without entities when the Entities string is not valid JSON (raw keeps the text)', () => {
    const bad = '[{"$id":"1","HostName":"h1","Type":"host"},';
    const a = only(sentinelAdapter.normalize(rec({ ...base, Entities: bad, CompromisedEntity: 'h1' }), ctx));
    expect(a.entities).toEqual([
      { type: 'device', value: 'h1', roles: ['compromised'], props: { hostName: 'h1' } },
    ]);
    expect(a.raw).toContain('HostName');
  });

  it('refuses absurd nesting in Entities without throwing', () => {
    const deep = `[${'['.repeat(100_000)}${']'.repeat(100_000)}]`;
    const a = only(sentinelAdapter.normalize(rec({ ...base, Entities: deep }), ctx));
    expect(a.entities).toEqual([]);
    const deepObj = `[{"$id":"1","Type":"host","HostName":"h","x":${'{"a":'.repeat(60)}1${'}'.repeat(60)}}]`;
    expect(
      only(sentinelAdapter.normalize(rec({ ...base, Entities: deepObj }), ctx)).entities.map((e) => e.value),
    ).toEqual(['h']);
  });

  it('treats __proto__ / constructor keys and $ids as data and never pollutes prototypes', () => {
    const entities = `[
      {"$id":"__proto__","Type":"host","HostName":"h-proto","__proto__":{"polluted":"yes","Type":"account"}},
      {"$id":"2","Type":"account","Name":"eve","NTDomain":"x","constructor":{"prototype":{"polluted":"yes"}}},
      {"$id":"3","Type":"process","CommandLine":"a.exe","Host":{"$ref":"__proto__"},"Account":{"$ref":"constructor"},"ParentProcess":{"$ref":"toString"}}
    ]`;
    const a = only(sentinelAdapter.normalize(rec({ ...base, Entities: entities }), ctx));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(find(a, 'device', 'h-proto')).toBeDefined();
    expect(find(a, 'process', 'a.exe')?.props).toEqual({ commandLine: 'a.exe', hostName: 'h-proto' });
    // A CSV row whose header is `__proto__` is a null-prototype object: the column is plain data.
    const row = Object.assign(Object.create(null) as Record<string, string>, { ...base, ['__proto__']: 'x' });
    expect(sentinelAdapter.normalize({ position: 1, value: row, text: '' }, ctx).ok).toBe(true);
  });

  it('survives self-referencing $ref cycles and caps 1 MB strings and 10,000 entities', () => {
    const cyc =
      '[{"$id":"1","Type":"process","CommandLine":"loop.exe","ParentProcess":{"$ref":"1"},"ImageFile":{"$ref":"1"}}]';
    expect(
      only(sentinelAdapter.normalize(rec({ ...base, Entities: cyc }), ctx)).entities.map((e) => e.value),
    ).toEqual(['loop.exe']);
    const big = 'A'.repeat(1024 * 1024);
    const a = only(
      sentinelAdapter.normalize(
        rec({
          ...base,
          Description: big,
          DisplayName: big,
          Entities: JSON.stringify([{ Type: 'host', HostName: big }]),
        }),
        ctx,
      ),
    );
    expect(a.description.length).toBe(MAX_FIELD_CHARS + 1);
    expect(a.title.length).toBe(MAX_FIELD_CHARS + 1);
    expect(a.entities[0]?.value.length).toBe(MAX_FIELD_CHARS + 1);
    const many = JSON.stringify(
      Array.from({ length: 10_000 }, (_, i) => ({
        $id: String(i),
        Type: 'ip',
        Address: `10.0.${i >> 8}.${i & 255}`,
      })),
    );
    const m = only(sentinelAdapter.normalize(rec({ ...base, Entities: many }), ctx));
    expect(m.entities).toHaveLength(MAX_ENTITIES);
  });
});

describe('sentinel detection', () => {
  it('scores the real CSV header high and a Suricata EVE record 0', async () => {
    const csvSample: DetectSample = {
      fileName: 'alertlist.csv',
      container: 'csv',
      header: csv.header,
      records: csv.records.slice(0, 20).map((r) => r.value),
    };
    expect(sentinelAdapter.detect(csvSample)).toBeGreaterThan(0.9);
    const jsonSample: DetectSample = {
      fileName: 'x.json',
      container: 'json-array',
      header: [],
      records: [schemaRow],
    };
    expect(sentinelAdapter.detect(jsonSample)).toBeGreaterThan(0.9);
    const eve = await readDetectSample(readFileSync, 'suricata-eve-wrccdc-2018.json', 'eve.json');
    expect(sentinelAdapter.detect(eve)).toBe(0);
  });
});
