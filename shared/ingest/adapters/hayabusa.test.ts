import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Alert, ImportId } from '#shared/model/index';
import type { AdapterContext, SourceRecord } from '#shared/ingest/types';
import { hayabusaAdapter, parseDetails } from './hayabusa';
import { ndjsonRecords, sampleOf, nth, rec, only, ents, readSample } from './test-readers';

const ctx: AdapterContext = { file: 'hayabusa.csv', importId: 'imp-test' as ImportId, defaultZone: 'UTC' };
const hayabusaCsv = await readSample(readFileSync, 'hayabusa-sample-evtx-results.csv');
const row = (cells: Record<string, string>): SourceRecord => {
  const v = Object.create(null) as Record<string, string>;
  for (const [k, x] of Object.entries(cells)) v[k] = x;
  return { position: 2, value: v, text: Object.values(cells).join(',') };
};

describe('hayabusa adapter on hayabusa-sample-evtx-results.csv (4,000 rows, older column set)', () => {
  const { header, records } = hayabusaCsv;
  const alerts = records.map((r) => only(hayabusaAdapter.normalize(r, ctx)));
  const at = (line: number): Alert =>
    nth(
      alerts,
      records.findIndex((r) => r.position === line),
    );

  it('has the header the sample documents and accepts every row', () => {
    expect(header).toEqual([
      'Timestamp',
      'Computer',
      'EventID',
      'Level',
      'RuleTitle',
      'Details',
      'RulePath',
      'FilePath',
    ]);
    expect(alerts).toHaveLength(4000);
    // No RecordID in this profile: rows are keyed on content, and the 15 verbatim duplicate rows collapse.
    expect(new Set(alerts.map((a) => a.id)).size).toBe(new Set(records.map((r) => r.text)).size);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(3985);
  });

  it('maps the first row: time with offset, level, device, rule', () => {
    const a = at(2);
    expect(a).toMatchObject({
      source: 'hayabusa',
      product: 'Hayabusa',
      title: 'Logon Type 0 - System',
      severity: 'informational',
      detectorId: 'rules/hayabusa/default/events/Security/Logons/4624_LogonType-0-System.yml',
      firstActivity: Date.UTC(2013, 9, 23, 16, 16, 13, 843), // 01:16:13.843 +09:00
      tactics: [],
      techniques: [],
      raw: records[0]?.text,
    });
    expect(a.timeNote).toEqual({ original: '2013-10-24 01:16:13.843 +09:00' });
    expect(a.description).toContain('Details: Bootup');
    expect(a.description).toContain('Event 4624');
    expect(a.description).toContain('EVTX: ../hayabusa-sample-evtx/DeepBlueCLI/many-events-security.evtx');
    expect(ents(a)).toEqual(['device:37L4247D28-05:unknown']);
  });

  it('parses old-style "  :  " details: explicit logon (line 23)', () => {
    const a = at(23);
    expect(a.title).toBe('Explicit Logon');
    expect(ents(a)).toEqual([
      'device:IE8Win7:unknown',
      'account:WIN-QALA5Q3KJ43$:source',
      'account:IEUser:destination',
      'ip:127.0.0.1:contextual',
      'process:winlogon.exe:unknown',
    ]);
    expect(a.entities.find((e) => e.type === 'process')?.props).toEqual({
      imagePath: 'C:\\Windows\\System32\\winlogon.exe',
    });
  });

  it('reads user, SID and workstation (lines 17 and 651)', () => {
    expect(at(17).entities.find((e) => e.type === 'account')).toEqual({
      type: 'account',
      value: 'IEUser',
      roles: ['unknown'],
      props: { sid: 'S-1-5-21-3463664321-2923530833-3546627382-1000', accountName: 'IEUser' },
    });
    const a = at(651);
    expect(a).toMatchObject({ title: 'Logon Failure - Wrong Password', severity: 'low' });
    expect(ents(a)).toEqual([
      'device:DESKTOP-M5SN04R:unknown',
      'account:Administrator:unknown',
      'ip:192.168.198.149:source',
      'device:gC4ymsKbxVGScMgY:source',
    ]);
  });

  it('reads the attacker out of an aggregation rule and skips "-" computers (line 652)', () => {
    const a = at(652);
    expect(a).toMatchObject({ title: 'Password Guessing Attack', severity: 'medium' });
    expect(ents(a)).toEqual(['ip:192.168.198.149:source']);
  });

  it('turns a malicious service command into a process (line 516)', () => {
    const a = at(516);
    expect(a).toMatchObject({ title: 'Malicious service installed', severity: 'high' });
    const p = a.entities.find((e) => e.type === 'process');
    expect(p?.value).toBe('cmd.exe');
    expect(
      p?.props.commandLine?.startsWith('%COMSPEC% /b /c start /b /min powershell.exe -nop -w hidden'),
    ).toBe(true);
  });

  it('keeps the level distribution of the file', () => {
    const counts: Record<string, number> = {};
    for (const a of alerts) counts[a.severity] = (counts[a.severity] ?? 0) + 1;
    expect(counts).toEqual({ low: 3351, high: 364, informational: 197, medium: 88 });
  });
});

describe('hayabusa adapter on current-format rows written from the Hayabusa docs', () => {
  it('reads a verbose-profile CSV row: " ¦ " details, MitreTactics abbreviations, MitreTags, RecordID', () => {
    const r = row({
      Timestamp: '2019-07-19 23:43:46.619 +09:00',
      Computer: 'MSEDGEWIN10',
      Channel: 'Sysmon',
      EventID: '1',
      Level: 'crit',
      MitreTactics: 'Exec ¦ Evas',
      MitreTags: 'T1059.001 ¦ T1218.011 ¦ S0002',
      OtherTags: 'sysmon',
      RecordID: '7410',
      RuleTitle: 'Rundll32 Execution Without DLL File',
      Details:
        'Cmdline: rundll32.exe javascript:"\\..\\mshtml,RunHTMLApplication" ¦ Proc: C:\\Windows\\System32\\rundll32.exe ¦ User: MSEDGEWIN10\\IEUser ¦ ParentCmdline: "C:\\Windows\\system32\\cmd.exe" ¦ LID: 0x4b4d7 ¦ PID: 7424 ¦ PGUID: 747F3D96-D6F7-5D31-0000-00104ACE2500',
      ExtraFieldInfo:
        'Hashes: SHA1=7806AD24F669CD8BB9EBE16F87E90173047F8EE4,MD5=3F4DB17E9534DB1CEDA28FF77C27F535 ¦ ParentImage: C:\\Windows\\System32\\cmd.exe',
      RuleFile: 'proc_creation_win_rundll32_no_params.yml',
      EvtxFile: 'EVTX-ATTACK-SAMPLES/Execution/exec_rundll32.evtx',
    });
    const a = only(hayabusaAdapter.normalize(r, ctx));
    expect(a).toMatchObject({
      severity: 'critical',
      sourceAlertId: 'MSEDGEWIN10|Sysmon|7410|proc_creation_win_rundll32_no_params.yml',
      detectorId: 'proc_creation_win_rundll32_no_params.yml',
      tactics: ['TA0002', 'TA0005'],
      techniques: ['T1059.001', 'T1218.011'],
      firstActivity: Date.UTC(2019, 6, 19, 14, 43, 46, 619),
    });
    const proc = a.entities.find((e) => e.type === 'process' && e.value === 'rundll32.exe');
    expect(proc?.props).toEqual({
      imagePath: 'C:\\Windows\\System32\\rundll32.exe',
      commandLine: 'rundll32.exe javascript:"\\..\\mshtml,RunHTMLApplication"',
      processId: '7424',
      parentImage: 'C:\\Windows\\System32\\cmd.exe',
    });
    expect(a.entities.find((e) => e.type === 'process' && e.value === 'cmd.exe')?.props.commandLine).toBe(
      '"C:\\Windows\\system32\\cmd.exe"',
    );
    expect(a.entities.find((e) => e.type === 'file')).toEqual({
      type: 'file',
      value: 'rundll32.exe',
      roles: ['unknown'],
      props: {
        filePath: 'C:\\Windows\\System32\\rundll32.exe',
        directory: 'C:\\Windows\\System32',
        md5: '3F4DB17E9534DB1CEDA28FF77C27F535',
        sha1: '7806AD24F669CD8BB9EBE16F87E90173047F8EE4',
      },
    });
    expect(a.entities.find((e) => e.type === 'account')?.props).toEqual({
      ntDomain: 'MSEDGEWIN10',
      accountName: 'IEUser',
    });
    expect(a.description).toContain('Tags: sysmon');
  });

  it('reads JSONL objects with Details as an object (doc/AnalysisWithJQ-English.md example)', () => {
    const lines = [
      '{"Timestamp":"2016-08-19 08:06:57.658 +09:00","Computer":"IE10Win7","Channel":"Sec","EventID":4688,"Level":"info","RecordID":6845,"RuleTitle":"Proc Exec","Details":{"CmdLine":"C:\\\\Windows\\\\system32\\\\ipconfig /release","Path":"C:\\\\Windows\\\\System32\\\\ipconfig.exe","PID":"0xcf4","User":"IE10WIN7$","LID":"0x3e7"}}',
      '{"Timestamp":"2021-12-12 16:16:04.237 +09:00","Computer":"fs03vuln.offsec.lan","Channel":"Sec","EventID":4624,"Level":"info","RecordID":1160369,"RuleTitle":"Logon (Network)","Details":{"Type":3,"TgtUser":"admmig","SrcComp":"","SrcIP":"10.23.123.11","LID":"0x87249a8"},"AllFieldInfo":{"TargetDomainName":"OFFSEC","IpPort":60174}}',
      '{"Timestamp":"2019-07-19 23:44:08.197 +09:00","Computer":"MSEDGEWIN10","Channel":"Sysmon","EventID":13,"Level":"med","RecordID":8000,"RuleTitle":"Reg Key Value Set","Details":{"EventType":"SetValue","TgtObj":"HKLM\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\\\\evil: C:\\\\Users\\\\Public\\\\evil.exe","Proc":"C:\\\\Windows\\\\regedit.exe","PID":572}}',
    ].join('\n');
    const records = ndjsonRecords(lines);
    const [proc, logon, reg] = records.map((r) => only(hayabusaAdapter.normalize(r, ctx)));
    expect(proc).toMatchObject({ severity: 'informational', sourceAlertId: 'IE10Win7|Sec|6845|Proc Exec' });
    expect(proc?.entities.find((e) => e.type === 'process')).toEqual({
      type: 'process',
      value: 'ipconfig.exe',
      roles: ['unknown'],
      props: {
        imagePath: 'C:\\Windows\\System32\\ipconfig.exe',
        commandLine: 'C:\\Windows\\system32\\ipconfig /release',
        processId: '3316',
      },
    });
    expect(proc?.entities.find((e) => e.type === 'account')?.value).toBe('IE10WIN7$');
    expect(ents(logon)).toEqual([
      'device:fs03vuln.offsec.lan:unknown',
      'account:admmig:destination',
      'ip:10.23.123.11:source',
    ]);
    expect(logon?.entities.find((e) => e.type === 'account')?.props.ntDomain).toBe('OFFSEC');
    expect(logon?.entities.find((e) => e.type === 'ip')?.props.port).toBe('60174');
    expect(reg?.severity).toBe('medium');
    expect(reg?.entities.find((e) => e.type === 'registryValue')).toEqual({
      type: 'registryValue',
      value: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\evil',
      roles: ['unknown'],
      props: { hive: 'HKLM', valueName: 'evil', valueData: 'C:\\Users\\Public\\evil.exe' },
    });
  });

  it('parses details text of both generations', () => {
    expect([...parseDetails('User: IEUser  :  SID:S-1-5-21-1  :  (Warning: x)')]).toEqual([
      ['user', 'IEUser'],
      ['sid', 'S-1-5-21-1'],
    ]);
    expect([...parseDetails('SrcUser: a ¦ Tgt User: b ¦ free text ¦ Svc: x: y')]).toEqual([
      ['srcuser', 'a'],
      ['tgtuser', 'b'],
      ['svc', 'x: y'],
    ]);
  });

  it('rejects rows without a title or a readable time, and non-objects', () => {
    expect(
      hayabusaAdapter.normalize(row({ Timestamp: '2024-01-01 00:00:00.000 +00:00', Level: 'high' }), ctx),
    ).toEqual({ ok: false, field: 'RuleTitle', reason: 'no RuleTitle: not a Hayabusa detection' });
    expect(
      hayabusaAdapter.normalize(
        row({ Timestamp: '01-24-2024 12:00:00.000 AM +00:00', Level: 'high', RuleTitle: 'x' }),
        ctx,
      ),
    ).toEqual({
      ok: false,
      field: 'Timestamp',
      reason: `unreadable Timestamp "01-24-2024 12:00:00.000 AM +00:00": export with Hayabusa's default time format or --ISO-8601`,
    });
    expect(hayabusaAdapter.normalize(rec(7), ctx)).toMatchObject({ ok: false, field: '' });
  });
});

describe('hayabusa adapter on hostile input', () => {
  it('keeps markup as text, treats a __proto__ column as data, caps 1 MB details', () => {
    const huge = 'Cmdline: ' + '<script>'.repeat(131072);
    const a = only(
      hayabusaAdapter.normalize(
        row({
          Timestamp: '2024-01-01 00:00:00.000 +00:00',
          Level: 'high',
          RuleTitle: '<img src=x onerror=alert(1)>',
          ['__proto__']: 'x',
          Details: huge,
          Computer: '<b>pc</b>',
        }),
        ctx,
      ),
    );
    expect(a.title).toBe('<img src=x onerror=alert(1)>');
    expect(a.entities.find((e) => e.type === 'device')?.value).toBe('<b>pc</b>');
    expect(a.description.length).toBeLessThan(9000);
    for (const v of [
      { RuleTitle: 'x', Timestamp: 5, Level: [], Details: { __proto__: 1, User: {} }, MitreTactics: {} },
      { RuleTitle: 'x', Timestamp: '2024-01-01T00:00:00Z', Details: null, ExtraFieldInfo: 12 },
    ]) {
      expect(() => hayabusaAdapter.normalize(rec(v), ctx)).not.toThrow();
    }
  });
});

describe('hayabusa detection', () => {
  it('recognises its CSV header and JSON objects', () => {
    const { header, records } = hayabusaCsv;
    expect(hayabusaAdapter.detect(sampleOf('h.csv', 'csv', records, header))).toBe(0.95);
    expect(
      hayabusaAdapter.detect({
        fileName: 'h.jsonl',
        container: 'ndjson',
        header: [],
        records: [{ Timestamp: 'x', RuleTitle: 'y', Level: 'high', Computer: 'c' }],
      }),
    ).toBeGreaterThanOrEqual(0.9);
    expect(
      hayabusaAdapter.detect({
        fileName: 's.csv',
        container: 'csv',
        header: ['TimeGenerated', 'AlertName', 'Severity'],
        records: [],
      }),
    ).toBe(0);
  });
});
