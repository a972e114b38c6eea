import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import type { AdapterContext } from '#shared/ingest/types';
import { chainsawAdapter } from './chainsaw';
import { sampleOf, nth, rec, all, ents, readSample } from './test-readers';

const ctx: AdapterContext = { file: 'hunt.json', importId: 'imp-test' as ImportId, defaultZone: 'UTC' };
const chainsawHunt = await readSample(readFileSync, 'chainsaw-hunt-evtx-attack-samples.json');

describe('chainsaw adapter on chainsaw-hunt-evtx-attack-samples.json (300 elements)', () => {
  const records = chainsawHunt.records;
  const results = records.map((r) => all(chainsawAdapter.normalize(r, ctx)));
  const flat = results.flat();

  it('accepts every element and yields one alert per matched rule, with distinct stable ids', () => {
    expect(records).toHaveLength(300);
    const rules = records.reduce((n, r) => n + (r.value as { detection: unknown[] }).detection.length, 0);
    expect(flat).toHaveLength(rules);
    expect(flat).toHaveLength(551);
    expect(new Set(flat.map((a) => a.id)).size).toBe(551);
    const again = records.flatMap((r) =>
      all(chainsawAdapter.normalize({ ...r, position: 9 }, ctx)).map((a) => a.id),
    );
    expect(again).toEqual(flat.map((a) => a.id));
  });

  it('maps a cleared Security log (element 1): UserData subject, SystemTime', () => {
    const [a] = nth(results, 0);
    expect(a).toMatchObject({
      source: 'chainsaw',
      product: 'Chainsaw',
      title: '(Built-in Logic) - Security audit log was cleared',
      detectorId: '(Built-in Logic) - Security audit log was cleared',
      sourceAlertId: 'PC01.example.corp|Security|227693|(Built-in Logic) - Security audit log was cleared',
      severity: 'medium', // this shape carries no level
      firstActivity: Date.UTC(2019, 1, 13, 18, 1, 41, 593),
      raw: records[0]?.text,
    });
    expect(a?.description).toContain('Event 1102 (Security) from Microsoft-Windows-Eventlog, record 227693');
    expect(a?.entities).toEqual([
      {
        type: 'device',
        value: 'PC01.example.corp',
        roles: ['unknown'],
        props: { hostName: 'PC01', dnsDomain: 'example.corp', fqdn: 'PC01.example.corp' },
      },
      {
        type: 'account',
        value: 'admin01',
        roles: ['source'],
        props: {
          sid: 'S-1-5-21-1587066498-1489273250-1035260531-1108',
          accountName: 'admin01',
          ntDomain: 'EXAMPLE',
        },
      },
    ]);
  });

  it('maps Security 4688 with the new process id (element 2) and Sysmon 1 with hashes (element 3)', () => {
    const [a] = nth(results, 1);
    expect(a?.entities.find((e) => e.type === 'process')?.props).toEqual({
      imagePath: 'C:\\Users\\user01\\Desktop\\plink.exe',
      processId: '3324',
      parentProcessId: '3680',
      hostName: 'PC01.example.corp',
    });
    const [b] = nth(results, 2);
    expect(ents(b)).toEqual([
      'device:PC01.example.corp:unknown',
      'account:PC01\\IEUser:unknown',
      'process:plink.exe:unknown',
      'process:cmd.exe:unknown',
      'file:plink.exe:unknown',
    ]);
    expect(b?.entities.find((e) => e.type === 'process' && e.value === 'plink.exe')?.props).toEqual({
      imagePath: 'C:\\Users\\IEUser\\Desktop\\plink.exe',
      commandLine: 'plink.exe  10.0.2.18 -P 80 -C -R 127.0.0.3:4444:127.0.0.2:3389 -l test -pw test',
      processId: '2312',
      parentProcessId: '3904',
      parentImage: 'C:\\Windows\\System32\\cmd.exe',
      hostName: 'PC01.example.corp',
      accountName: 'PC01\\IEUser',
    });
    expect(b?.entities.find((e) => e.type === 'file')?.props.sha1).toBe(
      '7806AD24F669CD8BB9EBE16F87E90173047F8EE4',
    );
  });

  it('splits an event matched by five rules into five alerts that share entities (element 4)', () => {
    const alerts = nth(results, 3);
    expect(alerts.map((a) => a.title)).toEqual([
      'UAC Bypass Abusing Winsat Path Parsing - File',
      'Suspicious PROCEXP152.sys File Created In TMP',
      'UAC Bypass Using NTFS Reparse Point - File',
      'UAC Bypass Using .NET Code Profiler on MMC',
      'UAC Bypass Using MSConfig Token Modification - File',
    ]);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(5);
    expect(
      alerts.every(
        (a) => a.raw === records[3]?.text && a.firstActivity === Date.UTC(2019, 6, 19, 14, 43, 46, 623),
      ),
    ).toBe(true);
    expect(alerts[0]?.description).toContain('Also matched: Suspicious PROCEXP152.sys File Created In TMP;');
    expect(ents(nth(alerts, 0))).toEqual([
      'device:MSEDGEWIN10:unknown',
      'process:powershell.exe:unknown',
      'file:phvj2yfb.dll:unknown',
    ]);
  });

  it('maps registry values (element 6), loaded images with their hashes (element 79) and Defender paths (element 109)', () => {
    expect(nth(results, 5)[0]?.entities.find((e) => e.type === 'registryValue')).toEqual({
      type: 'registryValue',
      value: 'HKLM\\System\\CurrentControlSet\\Services\\AtomicTestService\\Start',
      roles: ['unknown'],
      props: { hive: 'HKLM', valueName: 'Start', valueData: 'DWORD (0x00000003)' },
    });
    const loaded = nth(results, 78)[0]?.entities.find((e) => e.type === 'file');
    expect(loaded).toMatchObject({
      value: 'scrobj.dll',
      roles: ['loaded'],
      props: {
        md5: '3F4DB17E9534DB1CEDA28FF77C27F535',
        sha256: '14A2C790E3E82DAF7918B61AB79F84228E7CA4494F5C2D311A1179CCA67B02C2',
      },
    });
    const defender = nth(nth(results, 108), 0);
    expect(defender.description).toContain('Threat: Trojan:PowerShell/Powersploit.M');
    expect(ents(defender)).toContain('file:Get-Keystrokes.ps1:unknown');
    expect(ents(defender)).toContain('account:MSEDGEWIN10\\IEUser:unknown');
  });

  it('drops placeholder accounts ("$" target of a new-user event, element 263)', () => {
    expect(ents(nth(results, 262)[0])).toEqual([
      'device:01566s-win16-ir.threebeesco.com:unknown',
      'account:01566S-WIN16-IR$:source',
    ]);
  });
});

describe('chainsaw adapter on Chainsaw 2.x elements (shape of src/hunt.rs Detection: group, kind, document, name, level, ...)', () => {
  const individual = {
    group: 'Sigma',
    kind: 'individual',
    document: {
      kind: 'evtx',
      path: 'EVTX-ATTACK-SAMPLES/Execution/exec_sysmon_1_11_lolbin_rundll32.evtx',
      data: {
        Event: {
          EventData: {
            Image: 'C:\\Windows\\System32\\rundll32.exe',
            CommandLine: 'rundll32.exe zipfldr.dll,RouteTheCall calc.exe',
            ProcessId: 4224,
            User: 'MSEDGEWIN10\\IEUser',
            DestinationIp: '93.184.216.34',
            DestinationPort: 443,
            DestinationHostname: 'example.com',
          },
          System: {
            Channel: 'Microsoft-Windows-Sysmon/Operational',
            Computer: 'MSEDGEWIN10',
            EventID: 3,
            EventRecordID: 9001,
            Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
            TimeCreated: { '#attributes': { SystemTime: '2019-07-19T14:35:13.432287Z' } },
          },
        },
      },
    },
    name: 'Rundll32 Internet Connection',
    authors: ['Florian Roth'],
    level: 'high',
    source: 'sigma',
    status: 'test',
    timestamp: '2019-07-19T14:35:13.432287+00:00',
    tags: ['attack.defense_evasion', 'attack.t1218.011', 'attack.execution', 'attack.g0032'],
  };

  it('maps an individual detection: level, tags, #attributes time, network entities', () => {
    const [a, ...rest] = all(chainsawAdapter.normalize(rec(individual), ctx));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({
      title: 'Rundll32 Internet Connection',
      severity: 'high',
      sourceAlertId: 'MSEDGEWIN10|Microsoft-Windows-Sysmon/Operational|9001|Rundll32 Internet Connection',
      firstActivity: Date.UTC(2019, 6, 19, 14, 35, 13, 432),
      tactics: ['TA0002', 'TA0005'],
      techniques: ['T1218.011'],
    });
    expect(a?.description).toContain('Group: Sigma');
    expect(a?.description).toContain('Rule authors: Florian Roth');
    expect(ents(a)).toEqual([
      'device:MSEDGEWIN10:unknown',
      'account:MSEDGEWIN10\\IEUser:unknown',
      'process:rundll32.exe:unknown',
      'ip:93.184.216.34:destination',
      'domain:example.com:destination',
    ]);
  });

  it('maps an aggregate detection over several documents: earliest to latest time, entities of all', () => {
    const doc = (ip: string, t: string, id: number) => ({
      kind: 'evtx',
      data: {
        Event: {
          EventData: { IpAddress: ip, TargetUserName: 'administrator' },
          System: {
            Computer: 'DC01',
            Channel: 'Security',
            EventID: 4625,
            EventRecordID: id,
            TimeCreated: { '#attributes': { SystemTime: t } },
          },
        },
      },
    });
    const agg = {
      group: 'Login Attacks',
      kind: 'aggregate',
      documents: [doc('10.0.0.9', '2024-01-01T00:00:05Z', 2), doc('10.0.0.8', '2024-01-01T00:00:01Z', 1)],
      name: 'Brute Force',
      level: 'medium',
      status: 'stable',
      authors: [],
      timestamp: '2024-01-01T00:00:01+00:00',
    };
    const [a] = all(chainsawAdapter.normalize(rec(agg), ctx));
    expect(a).toMatchObject({
      firstActivity: Date.UTC(2024, 0, 1, 0, 0, 1),
      lastActivity: Date.UTC(2024, 0, 1, 0, 0, 5),
      severity: 'medium',
    });
    expect(a?.description).toContain('Aggregate of 2 events');
    expect(ents(a)).toEqual([
      'device:DC01:unknown',
      'account:administrator:destination',
      'ip:10.0.0.9:source',
      'ip:10.0.0.8:source',
    ]);
  });

  it('rejects elements without rule names or time', () => {
    expect(chainsawAdapter.normalize(rec({ event: { Event: { System: {} } } }), ctx)).toEqual({
      ok: false,
      field: 'detection',
      reason: 'no rule names (neither `detection` nor `name`): not a Chainsaw hunt result',
    });
    expect(
      chainsawAdapter.normalize(
        rec({ detection: ['x'], event: { Event: { System: { Computer: 'a' } } } }),
        ctx,
      ),
    ).toMatchObject({ ok: false, field: 'System.TimeCreated' });
    expect(chainsawAdapter.normalize(rec(null), ctx)).toMatchObject({ ok: false, field: '' });
  });

  it('keys events without a record id on their content, still one id per rule', () => {
    const v = {
      detection: ['A', 'B', 'A'],
      event: { Event: { System: { TimeCreated_attributes: { SystemTime: '2024-01-01T00:00:00Z' } } } },
    };
    const alerts = all(chainsawAdapter.normalize(rec(v), ctx));
    expect(alerts.map((a) => a.sourceAlertId.replace(/^sha:\w+\|/, ''))).toEqual(['A', 'B', 'A|2']);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(3);
  });
});

describe('chainsaw adapter on hostile input', () => {
  it('keeps markup as text, ignores __proto__, caps huge command lines, never throws', () => {
    const text = `{"detection":["<script>alert(1)</script>"],"__proto__":{"detection":["p"]},"event":{"Event":{"System":{"Computer":"<b>h</b>","TimeCreated_attributes":{"SystemTime":"2024-01-01T00:00:00Z"}},"EventData":{"__proto__":{"Image":"x"},"Image":"C:\\\\a.exe","CommandLine":"${'"'.repeat(0)}${'z'.repeat(1024 * 1024)}"}}}}`;
    const [a] = all(
      chainsawAdapter.normalize({ position: 1, value: JSON.parse(text) as unknown, text }, ctx),
    );
    expect(a?.title).toBe('<script>alert(1)</script>');
    expect(a?.entities.find((e) => e.type === 'process')?.props.commandLine?.length).toBe(64 * 1024 + 1);
    for (const v of [
      { detection: 'x', event: [] },
      { detection: [{}], event: { Event: 'x' } },
      {
        name: 'n',
        kind: 'individual',
        document: { data: { Event: { System: { TimeCreated: 5 } } } },
        timestamp: '2024-01-01T00:00:00Z',
        tags: 'attack.t1000',
      },
    ]) {
      expect(() => chainsawAdapter.normalize(rec(v), ctx)).not.toThrow();
    }
  });
});

describe('chainsaw detection', () => {
  it('is confident on both shapes', () => {
    const records = chainsawHunt.records;
    expect(chainsawAdapter.detect(sampleOf('c.json', 'json-array', records))).toBeGreaterThanOrEqual(0.9);
    expect(
      chainsawAdapter.detect({
        fileName: 'c.json',
        container: 'json-array',
        header: [],
        records: [{ name: 'x', kind: 'individual', document: { kind: 'evtx', data: {} } }],
      }),
    ).toBeGreaterThanOrEqual(0.9);
    expect(
      chainsawAdapter.detect({
        fileName: 'c.json',
        container: 'json-array',
        header: [],
        records: [{ name: 'x' }],
      }),
    ).toBe(0);
  });
});
