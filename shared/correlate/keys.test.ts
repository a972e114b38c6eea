import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entity, EntityRole, ImportId } from '#shared/model/index';
import { graphAdapter } from '#shared/ingest/adapters/graph';
import { canonicalIp, canonicalIPv4, canonicalUrl, correlationEntities, entityKeys, toCorrelationAlert } from '#shared/correlate/index';

const e = (type: Entity['type'], value: string, props: Entity['props'] = {}): Entity => ({ type, value, roles: ['unknown'], props });
const keys = (x: Entity): string[] => entityKeys(x).map((k) => k.key);

describe('entity identity', () => {
  it('joins host names across case and FQDN vs short name, and by device id', () => {
    expect(keys(e('device', 'FAB-WS-0042', { hostName: 'FAB-WS-0042' }))).toEqual(['host:fab-ws-0042']);
    expect(keys(e('device', 'fab-ws-0042.fabrikam.com', { hostName: 'fab-ws-0042', fqdn: 'fab-ws-0042.fabrikam.com', deviceId: 'ABCDEF0123456789' }))).toEqual(['host:fab-ws-0042', 'hostid:abcdef0123456789']);
    // A "host" that is an address becomes an IP key.
    expect(keys(e('device', '10.1.2.3'))).toEqual(['ip:10.1.2.3']);
  });

  it('gives an account every identifier a record links: SID, directory id, UPN, DOMAIN\\user', () => {
    const full = keys(e('account', 'j.doe@fabrikam.com', { accountName: 'jdoe', ntDomain: 'FABRIKAM', upn: 'J.Doe@Fabrikam.com', sid: 's-1-5-21-1-2-3-1107', aadUserId: '52CFAFA8-B694-41BA-A518-B70B4A15863A' }));
    expect(full).toEqual(['acct:sid:S-1-5-21-1-2-3-1107', 'acct:aad:52cfafa8-b694-41ba-a518-b70b4a15863a', 'acct:upn:j.doe@fabrikam.com', 'acct:nt:fabrikam\\jdoe']);
    // DOMAIN\user written with a DNS domain joins the NetBIOS form.
    expect(keys(e('account', 'fabrikam.com\\JDoe'))).toEqual(['acct:nt:fabrikam\\jdoe']);
    expect(keys(e('account', 'FABRIKAM\\jdoe'))).toEqual(['acct:nt:fabrikam\\jdoe']);
    expect(keys(e('account', 'S-1-5-18'))).toEqual(['acct:sid:S-1-5-18']);
    // A bare name only when nothing better exists.
    expect(keys(e('account', 'Administrator'))).toEqual(['acct:name:administrator']);
  });

  it('canonicalises IPv4 and IPv6 (RFC 5952), mapped addresses and ports', () => {
    expect(canonicalIp('010.001.002.003')).toBe('10.1.2.3');
    expect(canonicalIp('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonicalIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIp('::ffff:192.0.2.128')).toBe('192.0.2.128');
    expect(canonicalIp('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(canonicalIp('192.0.2.1:8080')).toBe('192.0.2.1');
    expect(canonicalIp('fe80::1%eth0')).toBe('fe80::1');
    expect(canonicalIp('999.1.1.1')).toBeUndefined();
    expect(canonicalIp('not an ip')).toBeUndefined();
    // The one-scan IPv4 reader agrees with the plain definition (a dotted quad of 1-3 digits each at most 255) on
    // near-miss text: leading zeros, 4-digit parts, 256, missing or extra parts and dots, spaces, other characters.
    const plain = (t: string): string | undefined => {
      const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(t.trim());
      const parts = m ? [m[1], m[2], m[3], m[4]].map(Number) : [];
      return m && parts.every((x) => x <= 255) ? parts.join('.') : undefined;
    };
    let seed = 11;
    const pick = (s: string): string => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), s[seed % s.length] ?? '');
    for (let k = 0; k < 20_000; k++) {
      let t = '';
      const len = 1 + (k % 19);
      for (let i = 0; i < len; i++) t += pick('0123456789012345.....5 x:');
      expect(canonicalIPv4(t)).toBe(plain(t));
    }
    for (const t of ['0.0.0.0', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3.04', '00.0.0.0', ' 10.0.0.1 ', '1.2.3.4.', '.1.2.3.4', '1..2.3', '1.2.3', '1.2.3.4.5', '1234.1.1.1', '١.٢.٣.٤']) {
      expect(canonicalIPv4(t)).toBe(plain(t));
    }
  });

  it('canonicalises URLs and derives their domain', () => {
    expect(canonicalUrl('HTTP://Evil.Example.COM:80/Path?q=1#frag')).toEqual({ url: 'http://evil.example.com/Path?q=1', host: 'evil.example.com' });
    expect(canonicalUrl('hxxps://evil[.]example[.]com/x')).toEqual({ url: 'https://evil.example.com/x', host: 'evil.example.com' });
    expect(canonicalUrl('evil.example.com')?.url).toBe('http://evil.example.com/');
    expect(keys(e('url', 'https://Evil.example.com/a'))).toEqual(['url:https://evil.example.com/a', 'domain:evil.example.com']);
    expect(keys(e('domain', 'Evil.Example.com.'))).toEqual(['domain:evil.example.com']);
    expect(keys(e('dnsQuery', 'evil.example.com'))).toEqual(['domain:evil.example.com']);
  });

  it('keys a process by each hash that is exactly that hash\'s hex digits (any case), nothing else', () => {
    const digit = fc.constantFrom(...'0123456789abcdefABCDEFgG -x'.split(''));
    const oracle = { sha256: /^[0-9a-f]{64}$/, sha1: /^[0-9a-f]{40}$/, md5: /^[0-9a-f]{32}$/ } as const;
    fc.assert(
      fc.property(fc.constantFrom('sha256', 'sha1', 'md5'), fc.oneof(fc.array(digit, { minLength: 30, maxLength: 66 }), fc.array(fc.constantFrom(...'0123456789abcdefABCDEF'.split('')), { minLength: 32, maxLength: 32 }), fc.array(fc.constantFrom(...'0123456789abcdef'.split('')), { minLength: 64, maxLength: 64 })), (algo, chars) => {
        const h = chars.join('');
        const want = oracle[algo].test(h.toLowerCase()) ? [`${algo}:${h.toLowerCase()}`] : [];
        expect(keys(e('process', 'x.exe', { [algo]: h }))).toEqual(want);
      }),
    );
  });

  it('keys files by hash before name, processes only by hash, mailboxes lower case', () => {
    const sha256 = 'A'.repeat(64);
    expect(keys(e('file', 'invoice.docm', { sha256, filePath: 'C:\\Users\\x\\invoice.docm' }))).toEqual([`sha256:${'a'.repeat(64)}`]);
    expect(keys(e('file', 'invoice.docm', { filePath: 'C:\\Users\\X\\invoice.docm' }))).toEqual(['file:c:\\users\\x\\invoice.docm']);
    expect(keys(e('file', 'Invoice.docm'))).toEqual(['filename:invoice.docm']);
    expect(keys(e('process', 'powershell.exe', { imagePath: 'C:\\Windows\\powershell.exe', commandLine: 'powershell -enc AAAA' }))).toEqual([]);
    expect(keys(e('mailbox', 'J.Doe@Fabrikam.com'))).toEqual(['mailbox:j.doe@fabrikam.com', 'acct:upn:j.doe@fabrikam.com']);
  });

  it('deduplicates the keys of one alert (correlation reads no roles, so none are kept)', () => {
    const out = correlationEntities([
      { ...e('device', 'WS1'), roles: ['source'] },
      { ...e('device', 'ws1.corp.local'), roles: ['compromised'] },
    ]);
    expect(out).toEqual([{ key: 'host:ws1', type: 'device', value: 'ws1' }]);
  });

  it('maps a real Graph alert (the documented example) to a compact correlation alert', () => {
    const doc = JSON.parse(readFileSync(new URL('../../../shared/samples/graph-alerts-v2-docs-example.json', import.meta.url), 'utf8')) as { value: unknown[] };
    const rec = doc.value[0];
    const res = graphAdapter.normalize({ position: 1, value: rec, text: JSON.stringify(rec) }, { file: 'x.json', importId: 'i' as ImportId, defaultZone: 'UTC' });
    if (!res.ok) throw new Error(res.reason);
    const alert = res.alerts[0];
    if (!alert) throw new Error('no alert');
    const c = toCorrelationAlert(alert);
    expect(c.id).toBe(alert.id);
    expect(c.title).toBe('Suspicious execution of hidden file');
    expect(c.tactics).toEqual(['TA0005']);
    expect(c.first).toBe(Date.parse('2021-04-26T07:45:50.116Z'));
    expect(c.last).toBe(Date.parse('2021-05-02T07:56:58.222Z'));
    const k = c.entities.map((x) => x.key);
    expect(k).toContain('host:tempdns');
    expect(k).toContain('hostid:73e7e2de709dff64ef64b1d0c30e67fab63279db');
    expect(k).toContain('sha256:8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec');
    expect(k).toContain('acct:sid:S-1-5-18');
    expect(k.some((x) => x.startsWith('reg:'))).toBe(true);
  });

  it("dedupes an alert's keys in first-seen order, for alerts with a few keys and with many", () => {
    // The definition: one entry per key, the first entity's type and value, in first-seen order.
    const reference = (entities: readonly Entity[]) => {
      const byKey = new Map<string, { key: string; type: string; value: string }>();
      for (const x of entities)
        for (const k of entityKeys(x)) if (!byKey.has(k.key)) byKey.set(k.key, { key: k.key, type: k.type, value: k.value });
      return [...byKey.values()];
    };
    const role = fc.constantFrom<EntityRole>('unknown', 'attacker', 'victim', 'source', 'destination');
    const entity = fc.record({
      type: fc.constantFrom<Entity['type']>('ip', 'device', 'mailbox', 'account', 'domain'),
      value: fc.oneof(fc.constantFrom('10.0.0.1', 'WS-1', 'ws-1.corp', 'a@b.com', 'CORP\\jdoe', 'evil.example'), fc.integer({ min: 0, max: 40 }).map((n) => `10.9.0.${n}`)),
      roles: fc.array(role, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(entity, { maxLength: 60 }), (list) => {
        const entities = list.map((x) => ({ ...x, props: {} }));
        expect(correlationEntities(entities)).toEqual(reference(entities));
      }),
      { numRuns: 400 },
    );
  });
});
