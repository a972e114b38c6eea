import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertId, EntityKey, EntityType } from '#shared/model/index';
import type { CorrelationAlert } from '#shared/correlate/index';
import { correlateBatch, DEFAULT_CORRELATION_SETTINGS } from '#shared/correlate/index';
import { compileList, keyIdentifier } from '#shared/correlate/noise';
import { isSpecialIpAt, specialIpReason } from '#shared/correlate/addresses';

const H = 3_600_000;
const alert = (id: string, first: number, ents: [EntityType, string][], title = `t-${id}`): CorrelationAlert => ({
  id: id as AlertId,
  first,
  last: first,
  severity: 'medium',
  title,
  detectorId: title,
  source: 'test',
  tactics: [],
  entities: ents.map(([type, key]) => ({ key: key as EntityKey, type, value: key.split(':').slice(1).join(':') })),
});

describe('noise', () => {
  it('matches lists on value, key or identifier, with globs', () => {
    const list = compileList(['powershell.exe', 'NT AUTHORITY\\*', 'acct:name:administrator', '10.0.0.*']);
    expect(list.match('sha256:abc', 'PowerShell.exe')).toBe('powershell.exe');
    expect(list.match('acct:nt:nt authority\\system', 'NT AUTHORITY\\SYSTEM')).toBe('NT AUTHORITY\\*');
    expect(list.match('acct:name:administrator', 'Administrator')).toBe('acct:name:administrator');
    expect(list.match('ip:10.0.0.8', '10.0.0.8')).toBe('10.0.0.*');
    expect(list.match('ip:10.0.1.8', '10.0.1.8')).toBeUndefined();
  });

  it('names addresses that identify no machine', () => {
    expect(specialIpReason('127.0.0.1')).toBe('loopback address');
    expect(specialIpReason('255.255.255.255')).toBe('broadcast address');
    expect(specialIpReason('0.0.0.0')).toBe('unspecified address');
    expect(specialIpReason('224.0.0.251')).toBe('multicast address');
    expect(specialIpReason('::1')).toBe('loopback address');
    expect(specialIpReason('fe80::1')).toBe('link-local address');
    expect(specialIpReason('10.1.2.3')).toBeUndefined();
  });

  it('keeps infrastructure that is always present from gluing unrelated alerts, and says why', () => {
    // A DNS server in one alert every 5 hours for two days, each time with a different client.
    const alerts: CorrelationAlert[] = [];
    for (let i = 0; i < 10; i++) alerts.push(alert(`dns${i}`, i * 5 * H, [['ip', 'ip:10.0.0.53'], ['ip', `ip:10.20.0.${i + 1}`]]));
    // Two alerts about one host within an hour: linked.
    alerts.push(alert('a1', 2 * H, [['device', 'host:ws-17']]), alert('a2', 2.5 * H, [['device', 'host:ws-17']]));
    const r = correlateBatch(alerts);
    const dnsIncidents = new Set(alerts.filter((a) => a.id.startsWith('dns')).map((a) => r.membership.get(a.id)));
    expect(dnsIncidents.size).toBe(10);
    expect(r.membership.get('a1' as AlertId)).toBe(r.membership.get('a2' as AlertId));
    const dns = r.noiseReport.find((n) => n.key === 'ip:10.0.0.53');
    expect(dns?.kind).toBe('persistent');
    expect(dns?.why).toBe("seen in up to 10 separate 4 h periods within 168 h either side, more than 6: always present, like infrastructure (10 alerts)");
  });

  it('lets the allow list win over frequency and the deny list stop any entity', () => {
    const alerts: CorrelationAlert[] = [];
    for (let i = 0; i < 10; i++) alerts.push(alert(`d${i}`, i * 3 * H, [['device', 'host:dc01']]));
    expect(correlateBatch(alerts).incidents).toHaveLength(10);
    const allowed = correlateBatch(alerts, { allowList: ['dc01'] });
    expect(allowed.incidents).toHaveLength(1);
    const denied = correlateBatch([alert('x1', 0, [['device', 'host:ws1']]), alert('x2', 60_000, [['device', 'host:ws1']])], { denyList: [...DEFAULT_CORRELATION_SETTINGS.denyList, 'ws1'] });
    expect(denied.incidents).toHaveLength(2);
    expect(denied.noiseReport[0]).toMatchObject({ key: 'host:ws1', kind: 'deny', why: 'on the deny list (matches "ws1")' });
  });

  it('treats loopback and SYSTEM as noise by default', () => {
    const r = correlateBatch([
      alert('l1', 0, [['ip', 'ip:127.0.0.1'], ['account', 'acct:sid:S-1-5-18']]),
      alert('l2', 60_000, [['ip', 'ip:127.0.0.1'], ['account', 'acct:sid:S-1-5-18']]),
    ]);
    expect(r.incidents).toHaveLength(2);
    expect(r.noiseReport.map((n) => n.kind).sort()).toEqual(['deny', 'special']);
  });

  it('splits a list match into the key part and the value part without changing the answer', () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9 \\:*.-]{0,8}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), word, word, (entries, key, value) => {
        const list = compileList([...entries, ...DEFAULT_CORRELATION_SETTINGS.denyList]);
        for (const k of [key, `acct:nt:${key}`, `host:${key}`]) {
          expect(list.matchesKey(k) || list.matchesValue(value)).toBe(list.match(k, value) !== undefined);
          expect(list.matchesKey(k) || list.matchesValue(k)).toBe(list.match(k, k) !== undefined);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('tells special IP addresses inside a key exactly as specialIpReason does', () => {
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '7', '9', '6', '4', '.', ':', 'f', 'e', 'a', 'b', '8', 'c', 'g', 'F', ' '), maxLength: 16 }),
      fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 })).map((o) => o.join('.')),
      fc.constantFrom('127.0.0.1', '0.0.0.0', '255.255.255.255', '10.0.0.255', '224.0.0.1', '239.1.1.1', '169.254.3.4', '::1', '::', 'ff02::1', 'fe80::1', 'fec0::1', 'fe8::1', '00.0.0.0', '0127.0.0.1', '1.2.3.4\n', '1.2.3.0255'),
    );
    fc.assert(
      fc.property(text, fc.string({ maxLength: 3 }), (t, prefix) => {
        expect(isSpecialIpAt(prefix + t, prefix.length)).toBe(specialIpReason(t) !== undefined);
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the identifier part of a key exactly as the regular expression it replaces', () => {
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'c', 't', ':', 's', 'i', 'd', 'n', 'm', 'e', 'u', 'p', '0', 'A', '-', '\\'), maxLength: 14 }),
      fc.constantFrom('acct:', 'acct:sid:', 'acct:nt', 'acct:name:x', 'acct:ntx:y', 'host:', ':x', 'sha256:ab').chain((p) => fc.string({ maxLength: 6 }).map((t) => p + t)),
    );
    fc.assert(
      fc.property(text, (key) => {
        expect(keyIdentifier(key)).toBe(key.replace(/^(acct:(?:sid|aad|upn|nt|name)|[a-z0-9]+):/, ''));
      }),
      { numRuns: 5000 },
    );
  });
});
