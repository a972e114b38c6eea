import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseReportModel, safePngDataUrl } from './model';
import { GENERATED_AT, sampleCaseAlerts, sampleCaseInput } from './test-fixtures';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const sampleInput = () => sampleCaseInput(sampleCaseAlerts(read('graph-alerts-v2-docs-example.json'), read('defender-for-cloud-alerts-api-example.json'), read('suricata-eve-honeypot-2018.json')));

describe('caseReportModel on the real samples', () => {
  const input = sampleInput();
  const m = caseReportModel(input);

  it('summarises the incident in sentences built from its data', () => {
    expect(m.summary[0]).toMatch(/^Incident in-[0-9a-z]{16}, ".+", is high severity and in progress\. It groups 23 alerts from 3 sources \(.+\) between 2019-01-02 03:50 UTC and 2021-05-02 07:56 UTC\.$/);
    expect(m.summary[0]).toContain('microsoftDefenderForEndpoint');
    expect(m.summary[1]).toBe('The activity spans 5 ATT&CK tactics (Execution → Persistence → Privilege Escalation → Defense Evasion → Lateral Movement) and 7 techniques.');
    expect(m.summary[2]).toBe('It involves 2 devices and 2 accounts; 22 indicators were extracted (22 external indicators).');
    expect(m.summary[3]).toBe('It is classified a true positive (malware).');
  });

  it('has scope per source, a time-ordered timeline with tactic names, and 14 kill-chain cells', () => {
    expect(m.scope.map((s) => [s.source, s.alertCount])).toEqual([['suricata', 20], ['defender-for-cloud', 2], ['graph', 1]]);
    expect(m.timeline).toHaveLength(23);
    expect(m.timeline.map((r) => r.at)).toEqual([...m.timeline.map((r) => r.at)].sort((a, b) => a - b));
    const graphRow = m.timeline.find((r) => r.source === 'graph');
    expect(graphRow?.tactics).toEqual([{ id: 'TA0005', name: 'Defense Evasion' }]);
    expect(m.killChain.map((k) => k.shortname)).toEqual([
      'reconnaissance', 'resource-development', 'initial-access', 'execution', 'persistence', 'privilege-escalation', 'defense-evasion',
      'credential-access', 'discovery', 'lateral-movement', 'collection', 'command-and-control', 'exfiltration', 'impact',
    ]);
    expect(m.killChain.find((k) => k.id === 'TA0002')?.count).toBe(2);
    expect(m.killChain.find((k) => k.id === 'TA0005')?.count).toBe(1);
  });

  it('lists impacted assets and IOCs with first/last seen and alert counts', () => {
    expect(m.assets.map((a) => [a.type, a.value])).toEqual(expect.arrayContaining([['device', 'vm2'], ['device', 'tempDns'], ['account', 'vm2\\contosoUser']]));
    const sha = m.iocs.find((i) => i.type === 'sha256');
    expect(sha).toMatchObject({ value: '8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec', alertCount: 1, firstSeen: Date.parse('2021-04-26T07:45:50.116Z'), lastSeen: Date.parse('2021-05-02T07:56:58.222Z') });
    const ips = m.iocs.filter((i) => i.type === 'ipv4');
    expect(ips.length).toBeGreaterThan(3);
    for (const ip of ips) {
      const seenIn = input.alerts.filter((a) => a.entities.some((e) => e.type === 'ip' && e.value === ip.value));
      expect(ip.alertCount).toBe(seenIn.length);
      expect(ip.firstSeen).toBe(Math.min(...seenIn.map((a) => a.firstActivity)));
    }
    expect(m.iocs.find((i) => i.value === '192.0.2.1')?.isPrivate).toBe(false);
  });

  it('lists techniques, actions, tasks, comments, guidance; drops a graph image that is not a PNG data URL', () => {
    expect(m.techniques.map((t) => t.id)).toEqual(['T1053', 'T1053.002', 'T1059', 'T1059.001', 'T1059.006', 'T1072', 'T1564.001']);
    expect(m.actions).toHaveLength(1);
    expect(m.tasks[0]?.title).toBe('Collect memory image');
    expect(m.comments[0]?.text).toContain('Isolating now.');
    expect(m.guidance.checklist.length).toBeGreaterThan(10);
    expect(m.generatedAt).toBe(GENERATED_AT);
    expect(caseReportModel({ ...input, graphPng: 'data:image/png;base64,iVBORw0KGgo=' }).graphPng).toBe('data:image/png;base64,iVBORw0KGgo=');
    for (const bad of ['data:image/svg+xml;base64,PHN2Zz4=', 'data:image/png;base64,AA"onerror="x', 'javascript:alert(1)', 'https://x/y.png', 'data:text/html,<b>']) {
      expect(safePngDataUrl(bad)).toBeUndefined();
    }
  });
});
