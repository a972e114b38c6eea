import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import type { AdapterContext, DetectSample } from '#shared/ingest/types';
import { defenderCloudAdapter } from './defender-cloud';
import { find, only, readDetectSample, readSample, rec } from './test-readers';

const ctx: AdapterContext = { file: 'dfc.json', importId: 'imp-d' as ImportId, defaultZone: 'UTC' };

// The REST example keeps its alerts at responses["200"].body.value, where the real reader finds them.
const { records } = await readSample(readFileSync, 'defender-for-cloud-alerts-api-example.json');
const [eicar, screensaver] = records.map((r) => only(defenderCloudAdapter.normalize(r, ctx)));
if (!eicar || !screensaver) throw new Error('sample changed');

describe('defender-cloud adapter on the published API example (azure-rest-api-specs, 2022-01-01)', () => {
  it('keys the two alerts on their ARM id although they share one systemAlertId', () => {
    expect(records).toHaveLength(2);
    expect(eicar.sourceAlertId).toBe(
      '/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/resourceGroups/myRg1/providers/Microsoft.Security/locations/westeurope/alerts/2518770965529163669_F144EE95-A3E5-42DA-A279-967D115809AA',
    );
    expect(screensaver.sourceAlertId).toBe(
      '/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/resourceGroups/myRg2/providers/Microsoft.Security/locations/westeurope/alerts/2518765996949954086_2325cf9e-42a2-4f72-ae7f-9b863cba2d22',
    );
    expect(eicar.id).not.toBe(screensaver.id);
    expect(eicar.raw).toBe(records[0]?.text);
  });

  it('maps the EICAR test alert', () => {
    expect(eicar.source).toBe('defender-cloud');
    expect(eicar.product).toBe('Azure Security Center');
    expect(eicar.detectorId).toBe('VM_EICAR');
    expect(eicar.title).toBe('Azure Security Center test alert (not a threat)');
    expect(eicar.severity).toBe('high');
    expect(eicar.status).toBe('new');
    expect(eicar.firstActivity).toBe(Date.UTC(2020, 1, 22));
    expect(eicar.lastActivity).toBe(Date.UTC(2020, 1, 22));
    expect(eicar.detectedAt).toBe(Date.UTC(2020, 1, 23, 13, 47, 58));
    expect(eicar.tactics).toEqual(['TA0002']);
    expect(eicar.techniques).toEqual(['T1053', 'T1053.002', 'T1059', 'T1059.001', 'T1059.006', 'T1072']);
    expect(eicar.remediation).toEqual(['No further action is needed.']);
    expect(eicar.entities).toEqual([
      { type: 'ip', value: '192.0.2.1', roles: ['unknown'], props: { countryCode: 'gb' } },
      {
        type: 'cloudResource',
        value:
          '/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/resourceGroups/myRg1/providers/Microsoft.Compute/virtualMachines/vm1',
        roles: ['unknown'],
        props: { resourceType: 'Microsoft.Compute/virtualMachines', resourceName: 'vm1' },
      },
      // compromisedEntity "vm1" names no entity of the alert: it is added as a compromised device.
      { type: 'device', value: 'vm1', roles: ['compromised'], props: { hostName: 'vm1' } },
    ]);
    // alertUri is kept only in the verbatim record, never as an entity or link.
    expect(eicar.entities.some((e) => e.value.includes('portal.azure.com'))).toBe(false);
    expect(eicar.raw).toContain('portal.azure.com');
  });

  it('maps the screensaver alert: host (compromised), account, files, the process with a command line', () => {
    expect(screensaver.title).toBe('Suspicious Screensaver process executed');
    expect(screensaver.severity).toBe('medium');
    expect(screensaver.firstActivity).toBe(Date.UTC(2019, 4, 7, 13, 51, 45, 4));
    expect(screensaver.detectedAt).toBe(Date.UTC(2019, 4, 7, 13, 51, 48, 381));
    expect(screensaver.remediation).toHaveLength(6);
    expect(screensaver.remediation[0]).toBe(
      '1. Run Process Explorer and try to identify unknown running processes (see https://technet.microsoft.com/en-us/sysinternals/bb896653.aspx)',
    );
    expect(find(screensaver, 'device', 'vm2')).toEqual({
      type: 'device',
      value: 'vm2',
      roles: ['compromised'],
      props: {
        hostName: 'vm2',
        deviceId:
          '/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/resourcegroups/myRg2/providers/microsoft.compute/virtualmachines/vm2',
        osFamily: 'Unknown',
      },
    });
    expect(find(screensaver, 'account', 'vm2\\contosoUser')?.props).toEqual({
      accountName: 'contosoUser',
      ntDomain: 'vm2',
      sid: 'S-1-5-21-2144575486-8928446540-5163864319-500',
    });
    expect(find(screensaver, 'file', 'cmd.exe')?.props.filePath).toBe('c:\\windows\\system32\\cmd.exe');
    expect(find(screensaver, 'file', 'scrsave.scr')?.props.directory).toBe('c:\\users\\contosoUser');
    // The process known only by PID 0x3c44 is no entity; the one with a command line takes its image from it.
    expect(screensaver.entities.filter((e) => e.type === 'process')).toEqual([
      {
        type: 'process',
        value: 'scrsave.scr',
        roles: ['unknown'],
        props: {
          imagePath: 'c:\\users\\contosoUser\\scrsave.scr',
          commandLine: 'c:\\users\\contosoUser\\scrsave.scr',
          processId: '0x4aec',
          creationTime: '2018-05-07T13:51:45.0045913Z',
        },
      },
    ]);
    expect(
      screensaver.entities
        .filter((e) => e.type === 'cloudResource')
        .map((e) => e.props.resourceName)
        .sort(),
    ).toEqual(['vm1', 'vm2']);
  });
});

// Written from the Microsoft.Security/alerts 2022-01-01 schema (azure-rest-api-specs alerts.json): entities in the
// Sentinel entity schema with $id/$ref links as real alerts carry them, status and intent values from the
// KnownAlertStatus / Intent enums, remediationSteps as an older API version wrote it (one string).
const linked = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Security/locations/centralus/alerts/2517000000000000000_abc',
  name: '2517000000000000000_abc',
  type: 'Microsoft.Security/Locations/alerts',
  properties: {
    alertType: 'VM_SuspiciousCommandLine',
    systemAlertId: '2517000000000000000_abc',
    alertDisplayName: 'Suspicious command line <b>whoami</b>',
    description: 'A suspicious command line was executed.',
    severity: 'Low',
    status: 'Dismissed',
    intent: 'PreAttack, Probing, Unknown',
    startTimeUtc: '2024-02-01T10:00:00.1234567Z',
    endTimeUtc: '2024-02-01T10:05:00Z',
    timeGeneratedUtc: '2024-02-01T10:06:00Z',
    vendorName: 'Microsoft',
    productName: 'Microsoft Defender for Cloud',
    remediationSteps: 'Review the command line.\nReset the account password.',
    compromisedEntity: 'VM1',
    entities: [
      {
        $id: '1',
        hostName: 'vm1',
        azureID: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1',
        omsAgentID: 'a1',
        type: 'host',
      },
      {
        $id: '2',
        name: 'admin',
        ntDomain: 'vm1',
        sid: 'S-1-5-21-1-2-3-500',
        logonId: '0x1',
        host: { $ref: '1' },
        type: 'account',
      },
      { $id: '3', directory: 'c:\\windows\\system32', name: 'cmd.exe', type: 'file' },
      {
        $id: '4',
        processId: '0x1a2b',
        commandLine: 'cmd.exe /c whoami',
        imageFile: { $ref: '3' },
        account: { $ref: '2' },
        host: { $ref: '1' },
        type: 'process',
      },
    ],
  },
};

describe('defender-cloud adapter on a linked-entity record written from the schema', () => {
  const a = only(defenderCloudAdapter.normalize(rec(linked), ctx));

  it('maps status, kill-chain intents and string remediation', () => {
    expect(a.status).toBe('resolved');
    expect(a.tactics).toEqual(['TA0043']);
    expect(a.remediation).toEqual(['Review the command line.', 'Reset the account password.']);
    expect(a.product).toBe('Microsoft Defender for Cloud');
    expect(a.title).toBe('Suspicious command line <b>whoami</b>');
    expect(a.firstActivity).toBe(Date.UTC(2024, 1, 1, 10, 0, 0, 123));
    expect(
      only(
        defenderCloudAdapter.normalize(
          rec({ ...linked, properties: { ...linked.properties, status: 'InProgress' } }),
          ctx,
        ),
      ).status,
    ).toBe('inProgress');
  });

  it('resolves $ref links (process → image, account, host) and marks the compromised host case-insensitively', () => {
    expect(find(a, 'device', 'vm1')?.roles).toEqual(['compromised']);
    expect(find(a, 'process', 'cmd.exe')?.props).toEqual({
      imagePath: 'c:\\windows\\system32\\cmd.exe',
      commandLine: 'cmd.exe /c whoami',
      processId: '0x1a2b',
      hostName: 'vm1',
      accountName: 'vm1\\admin',
    });
  });
});

describe('defender-cloud adapter on hostile input', () => {
  it('rejects non-objects, bad times and unknown severities with the property path', () => {
    for (const v of [null, 5, 'x', []])
      expect(defenderCloudAdapter.normalize(rec(v), ctx)).toEqual({
        ok: false,
        field: '',
        reason: 'not a Defender for Cloud alert (expected an object)',
      });
    expect(
      defenderCloudAdapter.normalize(
        rec({ ...linked, properties: { ...linked.properties, startTimeUtc: 'Feb 1' } }),
        ctx,
      ),
    ).toEqual({
      ok: false,
      field: 'properties.startTimeUtc',
      reason: 'not a timestamp: "Feb 1"',
    });
    expect(
      defenderCloudAdapter.normalize(
        rec({ ...linked, properties: { ...linked.properties, severity: 7 } }),
        ctx,
      ),
    ).toEqual({
      ok: false,
      field: 'properties.severity',
      reason: 'unknown severity: "7"',
    });
    expect(defenderCloudAdapter.normalize(rec({ id: 'x', properties: { severity: 'High' } }), ctx)).toEqual({
      ok: false,
      field: 'properties.startTimeUtc',
      reason: 'missing: no startTimeUtc or timeGeneratedUtc',
    });
  });

  it('treats __proto__ keys in entities as data', () => {
    const hostile = JSON.parse(
      `{"id":"p","type":"Microsoft.Security/Locations/alerts","properties":{"severity":"High","alertDisplayName":"x","startTimeUtc":"2024-01-01T00:00:00Z",
        "__proto__":{"polluted":1},"entities":[{"$id":"__proto__","type":"ip","address":"192.0.2.9","__proto__":{"polluted":1}},
        {"type":"process","commandLine":"a.exe","host":{"$ref":"__proto__"}}],"resourceIdentifiers":[null,{"type":"AzureResource","azureResourceId":{"x":1}}]}}`,
    ) as unknown;
    const a = only(defenderCloudAdapter.normalize(rec(hostile), ctx));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(a.entities.map((e) => `${e.type}:${e.value}`)).toEqual(['ip:192.0.2.9', 'process:a.exe']);
  });
});

describe('defender-cloud detection', () => {
  it('scores the example high (by ARM type, and by properties alone) and a Suricata EVE record 0', async () => {
    const values = records.map((r) => r.value);
    const s: DetectSample = { fileName: 'dfc.json', container: 'json-object', header: [], records: values };
    expect(defenderCloudAdapter.detect(s)).toBeGreaterThan(0.9);
    const untyped = values.map((v) => ({ properties: (v as { properties: unknown }).properties }));
    expect(defenderCloudAdapter.detect({ ...s, records: untyped })).toBeGreaterThan(0.8);
    const eve = await readDetectSample(readFileSync, 'suricata-eve-wrccdc-2018.json', 'eve.json');
    expect(defenderCloudAdapter.detect(eve)).toBe(0);
  });
});
