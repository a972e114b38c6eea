import { describe, expect, it } from 'vitest';
import type { AlertId, EntityKey, EntityType } from '#shared/model/index';
import type { CorrelationAlert } from '#shared/correlate/index';
import { correlateBatch, createCorrelator, incidentTitle } from '#shared/correlate/index';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2025, 2, 10, 8);
type Ent = [EntityType, string, string?];
const alert = (id: string, at: number, title: string, tactics: string[], ents: Ent[], extra: Partial<CorrelationAlert> = {}): CorrelationAlert => ({
  id: id as AlertId,
  first: T0 + at,
  last: T0 + at,
  severity: 'medium',
  title,
  detectorId: title,
  source: 'graph',
  tactics,
  entities: ents.map(([type, key, value]) => ({ key: key as EntityKey, type, value: value ?? key.replace(/^[a-z]+:((sid|upn|nt|aad|name):)?/, '') })),
  ...extra,
});

// A small phishing story: delivery → click → execution → credential access → lateral movement, plus a DC alert.
const story = (): CorrelationAlert[] => [
  alert('p1', 0, 'Email messages containing malicious URL removed after delivery', ['TA0001'], [['mailbox', 'mailbox:j.doe@fabrikam.com'], ['url', 'url:https://evil.example/x'], ['account', 'acct:upn:j.doe@fabrikam.com', 'j.doe']]),
  alert('p2', 20 * MIN, 'A potentially malicious URL click was detected', ['TA0001'], [['account', 'acct:upn:j.doe@fabrikam.com', 'j.doe'], ['url', 'url:https://evil.example/x']]),
  alert('p3', 23 * MIN, 'Suspicious PowerShell command line', ['TA0002'], [['device', 'host:ws-17'], ['account', 'acct:upn:j.doe@fabrikam.com', 'j.doe'], ['account', 'acct:sid:S-1-5-21-1-2-3-1107', 'j.doe']], { severity: 'high' }),
  // Five hours later: beyond the 4 h window, within the 8 h kill-chain window (Execution → Credential access).
  alert('p4', 5 * H + 23 * MIN, 'Suspicious access to LSASS service', ['TA0006'], [['device', 'host:ws-17'], ['account', 'acct:sid:S-1-5-21-1-2-3-1107', 'j.doe']]),
  alert('p5', 6 * H, 'Suspected identity theft (pass-the-hash)', ['TA0008'], [['device', 'host:ws-17'], ['device', 'host:srv-fs01'], ['account', 'acct:nt:fabrikam\\adm-x', 'FABRIKAM\\adm-x']]),
];

describe('correlation', () => {
  it('links a multi-stage story through shared entities and kill-chain steps', () => {
    const r = correlateBatch(story());
    expect(r.incidents).toHaveLength(1);
    const inc = r.incidents[0];
    expect(inc?.alertIds).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(inc?.tactics).toEqual(['TA0001', 'TA0002', 'TA0006', 'TA0008']);
    expect(inc?.severity).toBe('high');
    expect(inc?.title).toBe('Multi-stage incident involving Initial access & Lateral movement on multiple endpoints');
    expect(inc?.firstActivity).toBe(T0);
    expect(inc?.createdAt).toBe(T0);
    // j.doe's UPN and SID are one account (alert p3 names both): one asset in four alerts.
    expect(inc?.impactedAssets.map((a) => `${a.type}:${a.value}:${a.alertCount}`)).toEqual(['account:j.doe:4', 'device:ws-17:3', 'account:FABRIKAM\\adm-x:1', 'device:srv-fs01:1', 'mailbox:j.doe@fabrikam.com:1']);
  });

  it('does not bridge a gap past the window without a kill-chain step', () => {
    const a = story();
    // Same tactic as before (Execution → Execution): the 8 h sequence window does not apply.
    a[3] = { ...a[3], tactics: ['TA0002'] };
    a.pop();
    const r = correlateBatch(a);
    expect(r.incidents).toHaveLength(2);
  });

  it('explains every membership with entities, the other alert, the gap and the tactic step', () => {
    const c = createCorrelator();
    c.add(story());
    const id = c.incidentOf('p4');
    expect(id).toBeDefined();
    const [main, ...rest] = c.reasonsFor('p4');
    expect(main).toMatchObject({ kind: 'sameTargetedAsset', otherAlertId: 'p3', entityType: 'device', entityValue: 'ws-17', gapMs: 5 * H, tacticStep: ['TA0002', 'TA0006'] });
    expect(main?.text).toBe("Shares host ws-17 and account j.doe with alert 'Suspicious PowerShell command line' 5 h later, Execution → Credential access");
    expect(rest.map((r) => r.kind)).toEqual(['sameTargetedAsset', 'eventSequence']);
    expect(c.reasonsFor('p1')[0]?.text).toMatch(/^First alert of this incident/);
    expect(c.reasonsFor('p2')[0]?.text).toBe("Shares account j.doe and URL https://evil.example/x with alert 'Email messages containing malicious URL removed after delivery' 20 min later");
    // Every alert has at least one reason.
    expect(c.reasons(id ?? '').map((r) => r.alertId).filter((v, i, all) => all.indexOf(v) === i).sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('links the same detection repeated on the same bursty entities, even past the noise threshold', () => {
    // A password-guessing run: 60 identical alerts in two minutes on one host from one address.
    const run: CorrelationAlert[] = Array.from({ length: 60 }, (_, i) =>
      alert(`g${i}`, i * 2000, 'Logon Failure - Wrong Password', [], [['device', 'host:desktop-1'], ['ip', 'ip:192.168.198.149'], ['account', `acct:name:user${i}`]]),
    );
    const r = correlateBatch(run, { noiseThreshold: 20 });
    expect(r.incidents).toHaveLength(1);
    expect(r.noiseReport.find((n) => n.key === 'host:desktop-1')?.kind).toBe('frequent');
    expect(r.incidents[0]?.title).toBe('Logon Failure - Wrong Password on one endpoint');
  });

  it('splits a group past the alert cap by time, each part with its own id', () => {
    const many: CorrelationAlert[] = Array.from({ length: 25 }, (_, i) => alert(`m${String(i).padStart(2, '0')}`, i * MIN, 'Beacon', ['TA0011'], [['ip', 'ip:203.0.113.9']]));
    const r = correlateBatch(many, { maxAlertsPerIncident: 10 });
    expect(r.incidents.map((i) => i.alertIds.length)).toEqual([10, 10, 5]);
    expect(r.incidents[1]?.alertIds[0]).toBe('m10');
    expect(new Set(r.incidents.map((i) => i.id)).size).toBe(3);
  });

  it('writes Defender-style titles', () => {
    const base = { detections: ['X'], devices: 0, users: 0, ips: 0, sources: 1 };
    expect(incidentTitle({ ...base, tactics: ['TA0001', 'TA0002', 'TA0008'], devices: 3, sources: 2 })).toBe('Multi-stage incident involving Initial access & Lateral movement on multiple endpoints reported by multiple sources');
    expect(incidentTitle({ ...base, tactics: ['TA0002'], devices: 1 })).toBe('Execution incident on one endpoint');
    expect(incidentTitle({ ...base, tactics: ['TA0006'], users: 1 })).toBe('Credential access incident involving one user');
    expect(incidentTitle({ ...base, tactics: ['TA0011'], ips: 4 })).toBe('Command and control incident involving multiple IP addresses');
    expect(incidentTitle({ ...base, tactics: [], detections: ['ET SCAN Potential SSH Scan'], ips: 2 })).toBe('ET SCAN Potential SSH Scan involving multiple IP addresses');
    expect(incidentTitle({ ...base, tactics: [], detections: ['A', 'B'], devices: 1 })).toBe('Multi-alert incident on one endpoint');
  });
});
