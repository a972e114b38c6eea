import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import type { AdapterContext } from '#shared/ingest/types';
import { parseFastLog, wazuhAdapter, wazuhSeverity } from './wazuh';
import { sampleOf, nth, rec, only, ents, readSample } from './test-readers';

const ctx: AdapterContext = { file: 'alerts.json', importId: 'imp-test' as ImportId, defaultZone: 'UTC' };
const wazuhAlerts = await readSample(readFileSync, 'wazuh-alerts-ait-ldsv11-insect.json');

describe('wazuh adapter on wazuh-alerts-ait-ldsv11-insect.json (497 alerts, one attack)', () => {
  const records = wazuhAlerts.records;
  const results = records.map((r) => wazuhAdapter.normalize(r, ctx));
  const alerts = results.map(only);

  it('accepts all 497 lines with their own ids', () => {
    expect(records).toHaveLength(497);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(497);
    expect(nth(alerts, 0).sourceAlertId).toBe('1588001006.9628221');
    expect(alerts.every((a, i) => a.raw === nth(records, i).text && nth(a.origins, 0).record === i + 1)).toBe(
      true,
    );
  });

  it('maps a fast.log IDS line (line 1): signature in the title, host:port split', () => {
    const a = nth(alerts, 0);
    expect(a).toMatchObject({
      source: 'wazuh',
      product: 'Wazuh',
      title: 'First time this IDS alert is generated: SURICATA HTTP Host header invalid',
      detectorId: '20100',
      severity: 'medium', // level 8
      firstActivity: Date.UTC(2020, 2, 4, 13, 55, 5, 224),
    });
    expect(a.timeNote).toEqual({ original: '2020-03-04T13:55:05.224939+0000' });
    expect(a.description).toContain('Signature 1:2221028:1: SURICATA HTTP Host header invalid');
    expect(a.description).toContain('Classification: Generic Protocol Command Decode; priority 3');
    expect(a.entities).toEqual([
      {
        type: 'device',
        value: 'user-0',
        roles: ['contextual'],
        props: { deviceId: '000', hostName: 'user-0' },
      },
      { type: 'ip', value: '192.168.10.18', roles: ['source'], props: {} },
      { type: 'ip', value: '192.168.10.21', roles: ['destination'], props: { port: '80' } },
    ]);
  });

  it('maps an EVE line decoded into data (line 3): HTTP host and URL, Suricata ports', () => {
    const a = nth(alerts, 2);
    expect(a.title).toBe('Suricata: Alert - ET WEB_SERVER ColdFusion administrator access');
    expect(a.severity).toBe('informational'); // level 3: Wazuh's rating, not Suricata's priority 1
    expect(ents(a)).toEqual([
      'device:user-0:contextual',
      'ip:192.168.10.18:source',
      'ip:192.168.10.21:destination',
      'domain:mail.insect.com:destination',
      'url:http://mail.insect.com/./cfide/./Administrator/./startstop.html:destination',
    ]);
    expect(nth(a.entities, 1).props).toEqual({ port: '41410', protocol: 'TCP' });
    expect(a.description).toContain('User agent: Mozilla/5.00 (Nikto/2.1.5)');
    expect(a.description).toContain('Flow id: 1914330066006315\n');
  });

  it('maps PAM and Dovecot lines to the mail host and the user (lines 16 and 44)', () => {
    expect(nth(alerts, 15)).toMatchObject({
      title: 'PAM: User login failed.',
      severity: 'low',
      detectorId: '5503',
    });
    expect(ents(nth(alerts, 15))).toEqual([
      'device:user-0:contextual',
      'device:mail:unknown',
      'ip:127.0.0.1:contextual',
      'account:violet:source+destination',
    ]);
    expect(nth(alerts, 15).description).toContain('Log: Mar  4 14:14:30 mail auth: pam_unix(dovecot:auth)');
    // "<violet>" is the same user.
    expect(ents(nth(alerts, 43))).toContain('account:violet:source');
  });

  it('finds the attacker in undecoded log text (line 38, Horde failed login)', () => {
    expect(nth(alerts, 37).title).toBe('syslog: User authentication failure.');
    expect(ents(nth(alerts, 37))).toEqual([
      'device:user-0:contextual',
      'device:mail:unknown',
      'ip:192.168.10.18:unknown',
    ]);
  });

  it('maps levels 10 to medium and names generic IDS rules after the signature', () => {
    expect(nth(alerts, 61)).toMatchObject({
      title: 'Multiple IDS alerts for same id: ET POLICY Http Client Body contains pass= in cleartext',
      severity: 'medium',
    });
    const counts: Record<string, number> = {};
    for (const a of alerts) counts[a.severity] = (counts[a.severity] ?? 0) + 1;
    expect(counts).toEqual({ informational: 89, low: 379, medium: 29 });
    expect(alerts.filter((a) => a.title.startsWith('IDS event: ')).length).toBe(69);
  });

  it('yields the attacker and target consistently, so the whole file is one connected attack', () => {
    const count = (key: string): number =>
      alerts.filter((a) => a.entities.some((e) => `${e.type}:${e.value}` === key)).length;
    expect(count('ip:192.168.10.18')).toBe(158 + 138 + 4);
    expect(count('device:mail')).toBe(335);
    // Link alerts through shared non-contextual entities: every alert reaches every other.
    const parent = alerts.map((_, i) => i);
    const find = (i: number): number => (nth(parent, i) === i ? i : (parent[i] = find(nth(parent, i))));
    const firstByKey = new Map<string, number>();
    alerts.forEach((a, i) => {
      for (const e of a.entities) {
        if (e.roles.every((r) => r === 'contextual')) continue;
        const key = `${e.type}:${e.value.toLowerCase()}`;
        const j = firstByKey.get(key);
        if (j === undefined) firstByKey.set(key, i);
        else parent[find(i)] = find(j);
      }
    });
    expect(new Set(alerts.map((_, i) => find(i))).size).toBe(1);
  });
});

describe('wazuh adapter on records written from the Wazuh docs', () => {
  // Shape of a Windows (eventchannel) alert and a syscheck alert as in the Wazuh ruleset docs.
  it('maps rule.mitre, Windows event data and FIM files', () => {
    const win = {
      timestamp: '2024-02-01T08:00:00.000+0000',
      id: '1706774400.1',
      rule: {
        level: 12,
        id: '92052',
        description: 'Windows command prompt started by an abnormal process',
        groups: ['windows', 'sysmon'],
        mitre: { id: ['T1059.003'], tactic: ['Execution'], technique: ['Windows Command Shell'] },
      },
      agent: { id: '002', name: 'WIN-SRV01', ip: '10.0.0.12' },
      manager: { name: 'wazuh-manager' },
      data: {
        win: {
          system: { computer: 'WIN-SRV01.corp.local', eventID: '1' },
          eventdata: {
            image: 'C:\\Windows\\System32\\cmd.exe',
            commandLine: 'cmd.exe /c whoami',
            parentImage: 'C:\\Windows\\explorer.exe',
            processId: '0x1f4',
            user: 'CORP\\alice',
            hashes: 'SHA256=E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
          },
        },
      },
    };
    const a = only(wazuhAdapter.normalize(rec(win), ctx));
    expect(a.severity).toBe('high');
    expect(a.techniques).toEqual(['T1059.003']);
    expect(a.tactics).toEqual(['TA0002']);
    expect(ents(a)).toEqual(
      expect.arrayContaining([
        'device:WIN-SRV01:contextual',
        'ip:10.0.0.12:contextual',
        'device:WIN-SRV01.corp.local:unknown',
        'account:CORP\\alice:unknown',
        'process:cmd.exe:unknown',
        'file:cmd.exe:unknown',
      ]),
    );
    expect(a.entities.find((e) => e.type === 'process')!.props).toEqual({
      imagePath: 'C:\\Windows\\System32\\cmd.exe',
      commandLine: 'cmd.exe /c whoami',
      processId: '500',
      parentImage: 'C:\\Windows\\explorer.exe',
    });
    expect(a.entities.find((e) => e.type === 'file')!.props.sha256).toBe(
      'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
    );

    const fim = {
      timestamp: '2024-02-01T08:00:00Z',
      id: '2',
      rule: { level: 15, id: '554', description: 'File added to the system.' },
      agent: { id: '001', name: 'web01' },
      syscheck: {
        path: '/var/www/html/shell.php',
        event: 'added',
        md5_after: 'd41d8cd98f00b204e9800998ecf8427e',
        size_after: '20',
      },
    };
    const f = only(wazuhAdapter.normalize(rec(fim), ctx));
    expect(f.severity).toBe('critical');
    expect(f.entities.find((e) => e.type === 'file')).toEqual({
      type: 'file',
      value: 'shell.php',
      roles: ['edited'],
      props: {
        filePath: '/var/www/html/shell.php',
        directory: '/var/www/html',
        md5: 'd41d8cd98f00b204e9800998ecf8427e',
        size: '20',
      },
    });
  });

  it('maps the level bands as documented', () => {
    expect([0, 3, 4, 7, 8, 11, 12, 14, 15].map(wazuhSeverity)).toEqual([
      'informational',
      'informational',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
    ]);
    expect([16, -1, 'x', undefined, '7'].map(wazuhSeverity)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'low',
    ]);
  });

  it('rejects records without a rule, a level or a time, with the field at fault', () => {
    expect(wazuhAdapter.normalize(rec({ timestamp: '2024-01-01T00:00:00Z' }), ctx)).toEqual({
      ok: false,
      field: 'rule',
      reason: 'no rule object: not a Wazuh alert',
    });
    expect(
      wazuhAdapter.normalize(rec({ timestamp: '2024-01-01T00:00:00Z', rule: { level: 'high' } }), ctx),
    ).toMatchObject({ ok: false, field: 'rule.level' });
    expect(wazuhAdapter.normalize(rec({ rule: { level: 3, id: '1' } }), ctx)).toMatchObject({
      ok: false,
      field: 'timestamp',
    });
    expect(wazuhAdapter.normalize(rec([1]), ctx)).toMatchObject({
      ok: false,
      field: '',
      reason: 'record is an array, not a Wazuh alert object',
    });
  });

  it('parses fast.log text and ignores lookalikes', () => {
    expect(
      parseFastLog('x [**] [1:2:3] SIG [**] [Classification: C] [Priority: 2] {UDP} 1.1.1.1:1 -> 2.2.2.2:2'),
    ).toEqual({ gid: '1', sid: '2', rev: '3', signature: 'SIG', classification: 'C', priority: '2' });
    expect(parseFastLog('[**] [a:b:c] SIG [**]')).toBeUndefined();
    expect(parseFastLog('[**] [1:2:3] never closed')).toBeUndefined();
  });
});

describe('wazuh adapter on hostile input', () => {
  it('keeps script text as text, ignores __proto__, caps huge logs and never throws', () => {
    const huge = '[**] [1:2:3] '.repeat(100_000);
    const text = `{"timestamp":"2024-01-01T00:00:00Z","__proto__":{"x":1},"rule":{"level":5,"id":"1","description":"<script>alert(1)</script>","groups":["ids"]},"data":{"srcip":"<b>1.2.3.4</b>","__proto__":{"srcip":"9.9.9.9"}},"full_log":"${huge}"}`;
    const a = only(wazuhAdapter.normalize({ position: 1, value: JSON.parse(text) as unknown, text }, ctx));
    expect(a.title).toBe('<script>alert(1)</script>');
    expect(a.entities.filter((e) => e.type === 'ip')).toEqual([]);
    expect(a.description.length).toBeLessThan(4000);
    for (const v of [
      { rule: { level: 1, id: 1 }, timestamp: 0, data: 'x', agent: [] },
      {
        rule: { level: 1, id: 1, mitre: { id: 'T1000', tactic: 5 } },
        timestamp: '2024-01-01T00:00:00Z',
        syscheck: { path: {} },
      },
    ]) {
      expect(() => wazuhAdapter.normalize(rec(v), ctx)).not.toThrow();
    }
  });
});

describe('wazuh detection', () => {
  it('is confident on alerts.json and 0 on EVE', () => {
    expect(
      wazuhAdapter.detect(sampleOf('alerts.json', 'ndjson', wazuhAlerts.records)),
    ).toBeGreaterThanOrEqual(0.9);
    expect(
      wazuhAdapter.detect({
        fileName: 'eve.json',
        container: 'json-array',
        header: [],
        records: [{ event_type: 'alert', alert: { signature: 'x' } }],
      }),
    ).toBe(0);
  });
});
