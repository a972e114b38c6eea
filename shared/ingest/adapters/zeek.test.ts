import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import type { AdapterContext } from '#shared/ingest/types';
import { zeekAdapter, zeekSeverity, zeekTime } from './zeek';
import { ndjsonRecords, sampleOf, zeekTsvRecords, nth, rec, only } from './test-readers';

const sample = (name: string): string =>
  readFileSync(new URL(`../../../../shared/samples/${name}`, import.meta.url), 'utf8');
const ctx: AdapterContext = { file: 'notice.log', importId: 'imp-test' as ImportId, defaultZone: 'UTC' };

describe('zeek adapter on the WRCCDC notice.log (TSV) and its JSON twin', () => {
  const tsv = zeekTsvRecords(sample('zeek-notice-wrccdc-2018.log'));
  const json = { records: ndjsonRecords(sample('zeek-notice-wrccdc-2018.ndjson')) };
  const fromTsv = tsv.records.map((r) => only(zeekAdapter.normalize(r, ctx)));
  const fromJson = json.records.map((r) => only(zeekAdapter.normalize(r, { ...ctx, file: 'notice.ndjson' })));

  it('accepts all 207 notices of each file', () => {
    expect(tsv.records).toHaveLength(207);
    expect(json.records).toHaveLength(207);
    expect(new Set(fromTsv.map((a) => a.id)).size).toBe(207);
  });

  it('gives the same alerts from both files: ids, titles, times, severities, entities', () => {
    expect(fromJson.map((a) => a.id)).toEqual(fromTsv.map((a) => a.id));
    expect(fromJson.map((a) => a.title)).toEqual(fromTsv.map((a) => a.title));
    expect(fromJson.map((a) => a.firstActivity)).toEqual(fromTsv.map((a) => a.firstActivity));
    expect(fromJson.map((a) => a.severity)).toEqual(fromTsv.map((a) => a.severity));
    expect(fromJson.map((a) => a.entities)).toEqual(fromTsv.map((a) => a.entities));
  });

  it('maps the first notice field by field', () => {
    const a = nth(fromTsv, 0);
    expect(a).toMatchObject({
      source: 'zeek',
      product: 'Zeek',
      detectorId: 'SSL::Invalid_Server_Cert',
      title:
        'SSL::Invalid_Server_Cert: SSL certificate validation failed with (unable to get local issuer certificate)',
      severity: 'low',
      firstActivity: Date.UTC(2018, 2, 24, 17, 15, 20, 629),
      sourceAlertId:
        'SSL::Invalid_Server_Cert|1521911720.629574|CmC9kY1X0u9nP78KZc|FGP2jt4dhD3bYZ923k|10.164.94.120|10.47.3.200|443|10.164.94.120|39611|10.47.3.200|443|SSLcertificatevalidationfailedwith(unabletogetlocalissuercertificate)',
      raw: tsv.records[0]?.text,
      origins: [{ importId: 'imp-test', file: 'notice.log', record: 9 }],
    });
    expect(a.timeNote).toEqual({ original: '1521911720.629574' });
    expect(fromJson[0]?.timeNote).toEqual({ original: '2018-03-24T17:15:20.629574Z' });
    expect(a.description).toContain('CN=localhost.localdomain');
    expect(a.description).toContain('Connection uid: CmC9kY1X0u9nP78KZc');
    expect(a.description).toContain('Actions: Notice::ACTION_LOG');
    expect(a.entities).toEqual([
      { type: 'ip', value: '10.164.94.120', roles: ['source'], props: { protocol: 'tcp', port: '39611' } },
      { type: 'ip', value: '10.47.3.200', roles: ['destination'], props: { port: '443', protocol: 'tcp' } },
    ]);
  });

  it('covers the documented spread of the sample (73 sources, 185 destinations, 17:15–17:36 UTC)', () => {
    const ips = (role: string) =>
      new Set(
        fromTsv.flatMap((a) => a.entities.filter((e) => e.roles.includes(role as never)).map((e) => e.value)),
      );
    expect(ips('source').size).toBe(73);
    expect(ips('destination').size).toBe(185);
    const times = fromTsv.map((a) => a.firstActivity);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.UTC(2018, 2, 24, 17, 15));
    expect(Math.max(...times)).toBeLessThan(Date.UTC(2018, 2, 24, 17, 37));
  });
});

describe('zeek adapter on records written from the Notice::Info docs', () => {
  it('reads exact timestamps in every form', () => {
    expect(zeekTime('1521911720.629574')).toEqual({
      ms: 1521911720629,
      key: '1521911720.629574',
      original: '1521911720.629574',
    });
    expect(zeekTime(1521911720.5)).toEqual({
      ms: 1521911720500,
      key: '1521911720.5',
      original: '1521911720.5',
    });
    expect(zeekTime('2018-03-24T17:15:20.629574Z')?.key).toBe('1521911720.629574');
    expect(zeekTime('2018-03-24T17:15:20Z')?.key).toBe('1521911720');
    expect(zeekTime('2018-03-24T19:15:20.1+02:00')).toMatchObject({ ms: 1521911720100, key: '1521911720.1' });
    expect(zeekTime('soon')).toBeUndefined();
  });

  it('rates notes and actions as documented', () => {
    expect(zeekSeverity('SSL::Invalid_Server_Cert', '')).toBe('low');
    expect(zeekSeverity('CaptureLoss::Too_Much_Loss', '')).toBe('informational');
    expect(zeekSeverity('SSH::Password_Guessing', 'Notice::ACTION_LOG')).toBe('medium');
    expect(zeekSeverity('Heartbleed::SSL_Heartbeat_Attack_Success', '')).toBe('high');
    expect(zeekSeverity('SSL::Invalid_Server_Cert', 'Notice::ACTION_LOG,Notice::ACTION_ALARM')).toBe(
      'medium',
    );
    expect(zeekSeverity('Scan::Port_Scan', 'Notice::ACTION_PAGE')).toBe('high');
  });

  it('reads a scan notice without a connection (only src), and nested id objects', () => {
    const scan = {
      _path: 'notice',
      ts: 1700000000.25,
      note: 'Scan::Port_Scan',
      msg: '198.51.100.7 scanned at least 15 unique ports of host 10.0.0.5 in 0m2s',
      sub: 'local',
      src: '198.51.100.7',
      dst: '10.0.0.5',
      actions: ['Notice::ACTION_LOG'],
      email_dest: [],
    };
    const a = only(zeekAdapter.normalize(rec(scan), ctx));
    expect(a).toMatchObject({
      severity: 'medium',
      firstActivity: 1700000000250,
      title: `Scan::Port_Scan: ${scan.msg}`,
    });
    expect(a.entities.map((e) => `${e.value}:${e.roles.join('+')}`)).toEqual([
      '198.51.100.7:source',
      '10.0.0.5:destination',
    ]);
    const nested = only(
      zeekAdapter.normalize(
        rec({
          ts: '2024-01-01T00:00:00Z',
          note: 'X::Y',
          id: { orig_h: '10.0.0.1', orig_p: 1, resp_h: '10.0.0.2', resp_p: 22 },
        }),
        ctx,
      ),
    );
    expect(nested.entities.map((e) => `${e.value}:${e.props.port ?? ''}`)).toEqual([
      '10.0.0.1:1',
      '10.0.0.2:22',
    ]);
  });

  it('rejects other Zeek logs, lines without note or ts, non-objects', () => {
    expect(zeekAdapter.normalize(rec({ _path: 'conn', ts: '2024-01-01T00:00:00Z', uid: 'C1' }), ctx)).toEqual(
      { ok: false, field: '_path', reason: 'Zeek "conn" log entry, not a notice' },
    );
    const tsvConn = Object.assign(Object.create(null) as Record<string, string>, {
      ts: '1.0',
      uid: 'C1',
      note: '-',
    });
    expect(zeekAdapter.normalize({ position: 9, value: tsvConn, text: '1.0\tC1\t-' }, ctx)).toEqual({
      ok: false,
      field: 'note',
      reason: 'no note: not a Zeek notice.log entry',
    });
    expect(zeekAdapter.normalize(rec({ note: 'A::B', ts: '-' }), ctx)).toEqual({
      ok: false,
      field: 'ts',
      reason: 'missing or unreadable ts "-"',
    });
    expect(zeekAdapter.normalize(rec('x'), ctx)).toMatchObject({ ok: false, field: '' });
  });
});

describe('zeek adapter on hostile input', () => {
  it('keeps markup as text, ignores __proto__ cells, caps huge messages, never throws', () => {
    const row = Object.create(null) as Record<string, string>;
    row.ts = '1700000000.1';
    row.note = '<script>alert(1)</script>';
    row.msg = '<img src=x onerror=alert(1)>' + 'm'.repeat(1024 * 1024);
    row['__proto__'] = 'polluted';
    row.src = '1.2.3.4\t5.6.7.8';
    const a = only(zeekAdapter.normalize({ position: 1, value: row, text: 'x' }, ctx));
    expect(a.title.startsWith('<script>alert(1)</script>: <img src=x onerror=alert(1)>')).toBe(true);
    expect(a.title.length).toBe(64 * 1024 + 1);
    expect(a.entities).toEqual([]);
    for (const v of [
      { note: ['x'], ts: {} },
      { note: 'x', ts: 1e30 },
      { note: 'x', ts: '1700000000', src: { a: 1 }, actions: [null, 5] },
    ]) {
      expect(() => zeekAdapter.normalize(rec(v), ctx)).not.toThrow();
    }
  });
});

describe('zeek detection', () => {
  it('is confident on both notice forms and low on other Zeek logs', () => {
    const tsv = zeekTsvRecords(sample('zeek-notice-wrccdc-2018.log'));
    expect(zeekAdapter.detect(sampleOf('notice.log', 'tsv-zeek', tsv.records, tsv.header))).toBe(0.95);
    expect(
      zeekAdapter.detect(
        sampleOf('n.ndjson', 'ndjson', ndjsonRecords(sample('zeek-notice-wrccdc-2018.ndjson'))),
      ),
    ).toBeGreaterThanOrEqual(0.9);
    expect(
      zeekAdapter.detect({
        fileName: 'conn.log',
        container: 'tsv-zeek',
        header: ['ts', 'uid', 'id.orig_h'],
        records: [],
      }),
    ).toBe(0.3);
    expect(
      zeekAdapter.detect({
        fileName: 'x.json',
        container: 'ndjson',
        header: [],
        records: [{ event_type: 'alert' }],
      }),
    ).toBe(0);
  });
});
