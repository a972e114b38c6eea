import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoCase, generateScenario, scenarioFiles, scenarioRecords } from '#shared/scenario/index';
import type { JsonObject } from '#shared/scenario/index';

const sample = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const graphSample = (sample('graph-alerts-v2-docs-example.json') as { value: JsonObject[] }).value[0];
const eveSample = sample('suricata-eve-wrccdc-2018.json') as JsonObject[];

/** Text of a JSON value (strings as is). */
const txt = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
const keysOf = (o: unknown): string[] => (o && typeof o === 'object' ? Object.keys(o) : []);

describe('scenario generator', () => {
  it('is deterministic: the same seed gives byte-identical files, another seed different ones', () => {
    const a = scenarioFiles({ seed: 42, campaigns: 5, noiseRate: 0.3 });
    const b = scenarioFiles({ seed: 42, campaigns: 5, noiseRate: 0.3 });
    const c = scenarioFiles({ seed: 43, campaigns: 5, noiseRate: 0.3 });
    expect(a).toEqual(b);
    expect(a[0]?.text).not.toEqual(c[0]?.text);
    expect(demoCase()).toEqual(demoCase());
  });

  it('labels every record with consistent ground truth', () => {
    const s = generateScenario({ seed: 3, campaigns: 12, noiseRate: 0.3 });
    for (const r of s.records) {
      if (r.campaign === null) expect(r.group).toMatch(/^n\d+$/);
      else {
        expect(r.group).toBe(`c${r.campaign}`);
        expect(r.campaign).toBeGreaterThanOrEqual(0);
        expect(r.campaign).toBeLessThan(12);
      }
    }
    // Every campaign is multi-stage and seen by both sources.
    for (const c of s.campaigns) {
      expect(c.graph).toBeGreaterThanOrEqual(5);
      expect(c.suricata).toBeGreaterThanOrEqual(1);
    }
    // Each campaign crosses several tactics, from delivery to lateral movement.
    const cats = new Map<number, Set<string>>();
    for (const r of s.records) {
      if (r.campaign === null || r.format !== 'graph') continue;
      const set = cats.get(r.campaign) ?? new Set();
      set.add(txt(r.record['category']));
      cats.set(r.campaign, set);
    }
    for (const set of cats.values()) {
      expect(set.has('InitialAccess')).toBe(true);
      expect(set.has('CredentialAccess')).toBe(true);
      expect(set.has('LateralMovement')).toBe(true);
    }
  });

  it('keeps the noise fraction near the requested rate', () => {
    for (const rate of [0, 0.1, 0.3, 0.6]) {
      const s = generateScenario({ seed: 11, campaigns: 30, noiseRate: rate });
      expect(Math.abs(s.noise / s.records.length - rate)).toBeLessThan(0.02);
    }
    const t = generateScenario({ seed: 11, campaigns: 40, noiseRate: 0.3, alertsTarget: 2000 });
    expect(t.records.length).toBe(2000);
    expect(t.noise).toBe(600);
  });

  it('produces noise alone when asked for no campaigns', () => {
    const s = generateScenario({ seed: 5, campaigns: 0, noiseRate: 0.5, alertsTarget: 100 });
    expect(s.records).toHaveLength(100);
    expect(s.records.every((r) => r.campaign === null)).toBe(true);
  });

  it('streams lazily, so a huge scenario starts at once', () => {
    const it = scenarioRecords({ seed: 1, campaigns: 1_000_000, noiseRate: 0.3 });
    const first: unknown[] = [];
    for (const r of it) {
      first.push(r);
      if (first.length === 200) break;
    }
    expect(first).toHaveLength(200);
  });

  it('writes Graph alerts with the keys and evidence shapes of the documented example', () => {
    const s = generateScenario({ seed: 9, campaigns: 4, noiseRate: 0.3 });
    const graph = s.records.filter((r) => r.format === 'graph').map((r) => r.record);
    expect(graph.length).toBeGreaterThan(20);
    const sampleKeys = keysOf(graphSample);
    for (const g of graph) {
      for (const k of sampleKeys) expect(Object.prototype.hasOwnProperty.call(g, k), k).toBe(true);
      expect(g['mitreTechniques']).toBeInstanceOf(Array);
      expect(Date.parse(txt(g['firstActivityDateTime']))).toBeLessThanOrEqual(Date.parse(txt(g['lastActivityDateTime'])));
      expect(Date.parse(txt(g['createdDateTime']))).toBeGreaterThanOrEqual(Date.parse(txt(g['lastActivityDateTime'])));
    }
    // Evidence of each type carries the keys the documented example has for that type.
    const sampleEvidence = new Map((graphSample['evidence'] as JsonObject[]).map((e) => [txt(e['@odata.type']), keysOf(e)]));
    const seen = new Set<string>();
    for (const g of graph) {
      for (const e of g['evidence'] as JsonObject[]) {
        const type = txt(e['@odata.type']);
        seen.add(type.replace('#microsoft.graph.security.', ''));
        expect(e['roles']).toBeInstanceOf(Array);
        expect(['unknown', 'suspicious', 'malicious', 'noThreatsFound']).toContain(e['verdict']);
        for (const k of sampleEvidence.get(type) ?? []) expect(Object.prototype.hasOwnProperty.call(e, k), `${type}.${k}`).toBe(true);
      }
    }
    for (const t of ['deviceEvidence', 'userEvidence', 'ipEvidence', 'urlEvidence', 'fileEvidence', 'processEvidence', 'analyzedMessageEvidence', 'mailboxEvidence', 'registryKeyEvidence']) {
      expect(seen.has(t), t).toBe(true);
    }
    const proc = graph.flatMap((g) => g['evidence'] as JsonObject[]).find((e) => e['@odata.type'] === '#microsoft.graph.security.processEvidence') as JsonObject;
    expect(keysOf(proc['imageFile'])).toEqual(expect.arrayContaining(keysOf((graphSample['evidence'] as JsonObject[])[2]?.['imageFile'])));
    expect(keysOf(proc['userAccount'])).toEqual(expect.arrayContaining(['accountName', 'domainName', 'userSid', 'userPrincipalName']));
  });

  it('writes Suricata EVE alerts with the keys of the wrccdc sample', () => {
    const files = scenarioFiles({ seed: 9, campaigns: 4, noiseRate: 0.3 });
    const eve = files[1]?.text.trim().split('\n').map((l) => JSON.parse(l) as JsonObject) ?? [];
    expect(eve.length).toBeGreaterThan(10);
    const required = ['timestamp', 'flow_id', 'event_type', 'src_ip', 'src_port', 'dest_ip', 'dest_port', 'proto', 'alert', 'flow'];
    for (const k of required) expect(eveSample.every((r) => k in r)).toBe(true);
    const alertKeys = keysOf(eveSample[0]?.['alert']);
    for (const r of eve) {
      for (const k of required) expect(Object.prototype.hasOwnProperty.call(r, k), k).toBe(true);
      expect(r['event_type']).toBe('alert');
      expect(keysOf(r['alert'])).toEqual(expect.arrayContaining(alertKeys));
      expect(txt(r['timestamp'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d{4}$/);
    }
    expect(eve.some((r) => r['http'] && typeof (r['http'] as JsonObject)['hostname'] === 'string')).toBe(true);
    // Files are sorted by time.
    const times = eve.map((r) => txt(r['timestamp']));
    expect([...times].sort()).toEqual(times);
  });

  it('reuses shared infrastructure and keeps attacker indicators fresh', () => {
    const s = generateScenario({ seed: 21, campaigns: 20, noiseRate: 0.3 });
    const text = s.records.map((r) => JSON.stringify(r.record));
    const count = (needle: string): number => text.filter((t) => t.includes(needle)).length;
    expect(count('"10.0.0.8"')).toBeGreaterThan(20); // the proxy
    expect(count('FAB-DC01')).toBeGreaterThan(5); // the domain controller
    expect(count('"S-1-5-18"')).toBeGreaterThan(10); // SYSTEM
    expect(count('"powershell.exe"')).toBeGreaterThan(20);
    // Noise shares the detections campaigns use (the same PowerShell detector fires on admin scripts).
    const psByNoise = s.records.filter((r) => r.campaign === null && r.record['title'] === 'Suspicious PowerShell command line');
    expect(psByNoise.length).toBeGreaterThan(0);
  });

  it('makes a demo case of realistic size and time', () => {
    const [defender, eve] = demoCase();
    expect(defender?.name).toBe('demo-defender-alerts.json');
    expect(eve?.name).toBe('demo-suricata-eve.json');
    const graph = (JSON.parse(defender?.text ?? '') as { value: JsonObject[] }).value;
    const lines = eve?.text.trim().split('\n') ?? [];
    const total = graph.length + lines.length;
    expect(total).toBeGreaterThanOrEqual(80);
    expect(total).toBeLessThanOrEqual(150);
    for (const g of graph) expect(txt(g['firstActivityDateTime'])).toMatch(/^2025-03-1[0-2]T/);
    const hosts = new Set(graph.flatMap((g) => (g['evidence'] as JsonObject[]).filter((e) => e['deviceDnsName']).map((e) => txt(e['deviceDnsName']).toLowerCase().split('.')[0])));
    expect(hosts.size).toBeGreaterThanOrEqual(6);
    expect(hosts.size).toBeLessThanOrEqual(16);
  });
});
