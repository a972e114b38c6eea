import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import type { AdapterContext, DetectSample, SourceAdapter } from '#shared/ingest/types';
import {
  accountEntity,
  get,
  deviceEntity,
  fileEntity,
  parseAzureResourceId,
  parseEmbeddedJson,
  processEntity,
  severityOf,
  splitSteps,
  stringList,
  timeOf,
} from './ms-common';
import { readSample } from './test-readers';
import { sentinelAdapter } from './sentinel';
import { graphAdapter } from './graph';
import { mdeAdapter } from './mde';
import { defenderCloudAdapter } from './defender-cloud';
import { sentinelIncidentsAdapter } from './sentinel-incidents';

const ctx: AdapterContext = { file: 'f', importId: 'imp' as ImportId, defaultZone: 'UTC' };
const ADAPTERS: readonly SourceAdapter[] = [
  sentinelAdapter,
  graphAdapter,
  mdeAdapter,
  defenderCloudAdapter,
  sentinelIncidentsAdapter,
];

describe('ms-common helpers', () => {
  it('reads own keys case-insensitively, in small objects and in 100,000-key hostile ones', () => {
    expect(get({ hostName: 'a' }, 'HostName')).toBe('a');
    expect(get({ HostName: 'exact', hostname: 'lower' }, 'HostName')).toBe('exact');
    expect(get(JSON.parse('{"__proto__":{"x":1}}'), '__PROTO__')).toEqual({ x: 1 });
    expect(get({}, 'toString')).toBeUndefined();
    expect(get(Object.create({ inherited: 1 }) as object, 'inherited')).toBeUndefined();
    // Either side of the 32 keys where the scan gives way to a cached map: the first spelling in key order wins.
    for (const size of [31, 32, 33, 40]) {
      const o: Record<string, number> = {};
      for (let i = 0; i < size - 2; i++) o[`f${i}`] = i;
      o.hostNAME = 1;
      o.HOSTNAME = 2;
      expect([get(o, 'hostName'), get(o, 'HostName'), get(o, 'f0'), get(o, 'F3'), get(o, 'nothing')]).toEqual([1, 1, 0, 3, undefined]);
      expect(get(Object.assign(Object.create(null) as object, o), 'HOSTname')).toBe(1);
    }
    const huge: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) huge[`k${i}`] = i;
    huge.HOSTNAME = -1;
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) expect(get(huge, 'hostName')).toBe(-1);
    expect(get(huge, 'missing')).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('parses embedded JSON with a nesting cap checked before parsing, ignoring brackets inside strings', () => {
    expect(parseEmbeddedJson('[{"a":"[[[[{{{{"}]')).toEqual({ ok: true, value: [{ a: '[[[[{{{{' }] });
    expect(parseEmbeddedJson('"\\"[[[["')).toEqual({ ok: true, value: '"[[[[' });
    expect(parseEmbeddedJson(`${'['.repeat(64)}${']'.repeat(64)}`).ok).toBe(true);
    expect(parseEmbeddedJson(`${'['.repeat(65)}${']'.repeat(65)}`)).toEqual({
      ok: false,
      reason: 'nested deeper than 64 levels',
    });
    const bad = parseEmbeddedJson('[1,');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason.startsWith('invalid JSON: ')).toBe(true);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = parseEmbeddedJson(s);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('splits free-text steps on lines and inline numbers, dropping bullets', () => {
    expect(splitSteps('Do A\n\u2022 Do B\n\ufffd\tDo C\r\n\n- Do D')).toEqual([
      'Do A',
      'Do B',
      'Do C',
      'Do D',
    ]);
    expect(splitSteps('1. First. 2. Second 3) Third')).toEqual(['1. First.', '2. Second', '3) Third']);
    expect(splitSteps('Windows 10. Update it.')).toEqual(['Windows 10. Update it.']);
    expect(splitSteps(null)).toEqual([]);
  });

  it('reads string lists from arrays, JSON text, Python reprs and comma lists', () => {
    expect(stringList(['a', ' b ', 3, null])).toEqual(['a', 'b', '3']);
    expect(stringList('["T1059","T1027"]')).toEqual(['T1059', 'T1027']);
    expect(stringList("['Execution', 'Persistence']")).toEqual(['Execution', 'Persistence']);
    expect(stringList('Execution, DefenseEvasion;Impact')).toEqual(['Execution', 'DefenseEvasion', 'Impact']);
    expect(stringList({})).toEqual([]);
  });

  it('builds accounts: UPN, DOMAIN\\name, generic names kept as contextual only', () => {
    expect(accountEntity({ name: 'CONTOSO\\jdoe' })?.value).toBe('CONTOSO\\jdoe');
    expect(accountEntity({ name: 'jdoe@contoso.com' })?.props).toEqual({
      accountName: 'jdoe',
      upnSuffix: 'contoso.com',
      upn: 'jdoe@contoso.com',
    });
    for (const n of [
      'ADMIN',
      'administrator',
      'System',
      'root',
      'LOCAL SYSTEM',
      'Network Service',
      'LOCAL SERVICE',
    ]) {
      expect(accountEntity({ name: n, roles: ['compromised'] })?.roles).toEqual(['contextual']);
    }
    // Generic name with a real domain or SID identifies one account: kept as is.
    expect(
      accountEntity({ name: 'Administrator', ntDomain: 'CONTOSO', roles: ['compromised'] })?.roles,
    ).toEqual(['compromised']);
    expect(accountEntity({ name: 'svc', sid: 'S-1-5-20' })?.roles).toEqual(['contextual']);
    expect(accountEntity({ name: '' })).toBeUndefined();
  });

  it('builds devices, files and processes by the entity conventions', () => {
    expect(deviceEntity({ hostName: 'ws1.corp.contoso.com' })?.props).toEqual({
      hostName: 'ws1',
      dnsDomain: 'corp.contoso.com',
      fqdn: 'ws1.corp.contoso.com',
    });
    expect(deviceEntity({ hostName: '10.0.0.1' })?.props).toEqual({ hostName: '10.0.0.1' });
    expect(fileEntity({ path: '/usr/bin/curl' })?.props).toEqual({
      filePath: '/usr/bin/curl',
      directory: '/usr/bin',
    });
    expect(processEntity({ commandLine: '"C:\\Program Files\\x\\y.exe" -a' })?.props.imagePath).toBe(
      'C:\\Program Files\\x\\y.exe',
    );
    expect(processEntity({ processId: '0x10' })).toBeUndefined();
  });

  it('parses Azure resource ids', () => {
    expect(
      parseAzureResourceId(
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/db1/databases/d2',
      ),
    ).toEqual({
      resourceType: 'Microsoft.Sql/servers/databases',
      resourceName: 'd2',
    });
    expect(parseAzureResourceId('/subscriptions/s/resourceGroups/rg')).toEqual({
      resourceType: '',
      resourceName: 'rg',
    });
  });

  it('reads severities and times strictly', () => {
    expect(severityOf('High')).toEqual({ ok: true, severity: 'high' });
    expect(severityOf('UnSpecified')).toEqual({ ok: true, severity: 'informational' });
    expect(severityOf(undefined)).toEqual({ ok: true, severity: 'informational' });
    expect(severityOf(['High'])).toEqual({ ok: false, reason: 'unknown severity: "[\\"High\\"]"' });
    expect(timeOf('2019-01-11 06:31:40', 'UTC', true)).toEqual({
      ok: true,
      ms: Date.UTC(2019, 0, 11, 6, 31, 40),
    });
    expect(timeOf('2019-01-11 06:31:40', 'UTC', false)).toEqual({
      ok: true,
      ms: Date.UTC(2019, 0, 11, 6, 31, 40),
      assumedZone: 'UTC',
    });
    expect(timeOf('12/31/2023, 12:00:00 AM', 'UTC', true)).toEqual({
      ok: true,
      ms: Date.UTC(2023, 11, 31, 0, 0, 0),
    });
    expect(timeOf('12/31/2023, 12:30:00 PM', 'UTC', true)).toEqual({
      ok: true,
      ms: Date.UTC(2023, 11, 31, 12, 30, 0),
    });
    expect(timeOf('13/31/2023, 1:00:00 PM', 'UTC', true).ok).toBe(false);
    expect(timeOf('x'.repeat(1_000_000), 'UTC', true)).toEqual({
      ok: false,
      reason: `not a timestamp: "${'x'.repeat(80)}…"`,
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Detection across the Microsoft adapters: each scores its own format highest; foreign samples score 0.

const csv = await readSample(readFileSync, 'sentinel-securityalert-demo.csv');
/** A sample's record values as the real reader gives them. */
const values = async (name: string): Promise<unknown[]> =>
  (await readSample(readFileSync, name)).records.map((r) => r.value);
const jsonSample = (fileName: string, records: unknown[]): DetectSample => ({
  fileName,
  container: 'json-array',
  header: [],
  records: records.slice(0, 20),
});
// A Defender for Endpoint alert with the fields of the documented example (defender-docs api/alerts.md).
const mdeRecord = {
  id: 'da637472900382838869_1364969609',
  incidentId: 1126093,
  severity: 'Low',
  status: 'New',
  investigationState: 'Queued',
  detectionSource: 'WindowsDefenderAtp',
  category: 'Execution',
  title: 'Low-reputation arbitrary code executed by signed executable',
  alertCreationTime: '2021-01-26T20:33:57.7220239Z',
  firstEventTime: '2021-01-26T20:31:32.9562661Z',
  lastEventTime: '2021-01-26T20:31:33.0577322Z',
  lastUpdateTime: '2021-01-26T20:33:59.2Z',
  machineId: '111e6dd8c833c8a052ea231ec1b19adaf497b625',
  computerDnsName: 'temp123.middleeast.corp.microsoft.com',
  rbacGroupName: 'A',
  aadTenantId: 'a839b112-1253-6432-9bf6-94542403f21c',
  mitreTechniques: ['T1064'],
  relatedUser: { userName: 'temp123', domainName: 'DOMAIN' },
  evidence: [{ entityType: 'File', fileName: 'suspicious.dll', filePath: 'c:\\temp' }],
};
const own: Record<string, DetectSample> = {
  sentinel: {
    fileName: 'alertlist.csv',
    container: 'csv',
    header: csv.header,
    records: csv.records.slice(0, 20).map((r) => r.value),
  },
  graph: jsonSample('alerts_v2.json', await values('graph-alerts-v2-docs-example.json')),
  mde: jsonSample('mde.json', [mdeRecord]),
  'defender-cloud': jsonSample('dfc.json', await values('defender-for-cloud-alerts-api-example.json')),
  'sentinel-incidents': jsonSample('incidents.json', await values('sentinel-incidents-api-obfuscated.json')),
};
const hayabusa = await readSample(readFileSync, 'hayabusa-sample-evtx-results.csv');
const foreign: Record<string, DetectSample> = {
  'suricata wrccdc': jsonSample('eve.json', await values('suricata-eve-wrccdc-2018.json')),
  'suricata honeypot': jsonSample('eve.json', await values('suricata-eve-honeypot-2018.json')),
  'zeek ndjson': {
    ...jsonSample('notice.ndjson', await values('zeek-notice-wrccdc-2018.ndjson')),
    container: 'ndjson',
  },
  wazuh: {
    ...jsonSample('alerts.json', await values('wazuh-alerts-ait-ldsv11-insect.json')),
    container: 'ndjson',
  },
  chainsaw: jsonSample('hunt.json', await values('chainsaw-hunt-evtx-attack-samples.json')),
  hayabusa: {
    fileName: 'h.csv',
    container: 'csv',
    header: hayabusa.header,
    // The first 29 rows (the first 30 lines of the file).
    records: hayabusa.records.slice(0, 29).map((r) => r.value),
  },
};

describe('Microsoft adapter detection matrix', () => {
  for (const [name, s] of Object.entries(own)) {
    it(`${name} scores its own sample highest of the Microsoft adapters`, () => {
      const scores = Object.fromEntries(ADAPTERS.map((a) => [a.name, a.detect(s)]));
      const mine = scores[name] ?? 0;
      expect(mine).toBeGreaterThan(0.8);
      for (const [other, score] of Object.entries(scores))
        if (other !== name) expect(score, `${other} on ${name}`).toBeLessThan(mine);
    });
  }
  for (const [name, s] of Object.entries(foreign)) {
    it(`every Microsoft adapter scores 0 on ${name}`, () => {
      for (const a of ADAPTERS) expect(a.detect(s), a.name).toBe(0);
    });
  }
  it('detect never throws on hostile samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.anything(), { maxLength: 5 }),
        fc.array(fc.string(), { maxLength: 5 }),
        (records, header) => {
          for (const a of ADAPTERS) {
            const score = a.detect({ fileName: 'x', container: 'json-array', header, records });
            expect(score).toBeGreaterThanOrEqual(0);
            expect(score).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property tests: hostile records never make an adapter throw or pollute prototypes.

const dangerousKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  '$id',
  '$ref',
  'Type',
  'type',
  '@odata.type',
  'entityType',
);
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(
    'x'.repeat(100_000),
    `[${'['.repeat(5000)}`,
    '{"$ref":"1"}',
    '[{"$id":"1","Type":"process","ParentProcess":{"$ref":"1"}}]',
    '1/1/2020, 1:00:00 PM',
  ),
);
const hostileObject = fc.dictionary(fc.oneof(dangerousKey, fc.string({ maxLength: 12 })), hostileValue, {
  maxKeys: 8,
});
const realRecords: { adapter: SourceAdapter; records: Record<string, unknown>[] }[] = [
  {
    adapter: sentinelAdapter,
    records: csv.records.slice(60, 70).map((r) => ({ ...(r.value as Record<string, unknown>) })),
  },
  { adapter: graphAdapter, records: own.graph?.records as Record<string, unknown>[] },
  { adapter: mdeAdapter, records: [mdeRecord] },
  { adapter: defenderCloudAdapter, records: own['defender-cloud']?.records as Record<string, unknown>[] },
  {
    adapter: sentinelIncidentsAdapter,
    records: own['sentinel-incidents']?.records as Record<string, unknown>[],
  },
];

describe('Microsoft adapters on arbitrary and mutated records', () => {
  it('return ok or a reject for any JSON value, and never pollute Object.prototype', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 5 }), hostileObject), (v) => {
        const value = JSON.parse(JSON.stringify(v) ?? 'null') as unknown;
        for (const a of ADAPTERS) {
          const r = a.normalize({ position: 1, value, text: JSON.stringify(value) ?? '' }, ctx);
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) expect(r.reason.length).toBeLessThan(300);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('survive any field of a real record replaced by a hostile value', () => {
    for (const { adapter, records } of realRecords) {
      fc.assert(
        fc.property(fc.nat(records.length - 1), fc.nat(60), hostileValue, (ri, ki, bad) => {
          const base = records[ri] ?? {};
          const keys = Object.keys(base);
          const key = keys[ki % keys.length] ?? 'x';
          const value: Record<string, unknown> = { ...base, [key]: bad };
          const res = adapter.normalize({ position: 1, value, text: 'r' }, ctx);
          expect(typeof res.ok).toBe('boolean');
          if (res.ok) for (const a of res.alerts) expect(() => structuredClone(a)).not.toThrow();
        }),
        { numRuns: 150 },
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Pathological strings (regex backtracking bait) in every string of a real record finish quickly.

const PATHOLOGICAL = [
  ' '.repeat(100_000),
  `${'\\'.repeat(100_000)}x`,
  `${'/'.repeat(100_000)}x`,
  `1. a 2. b${' '.repeat(100_000)}x`,
  '['.repeat(100_000),
  `${'a '.repeat(50_000)}]`,
  `x${' '.repeat(100_000)}[UTC]`,
  `${' '.repeat(100_000)}]`,
  '1'.repeat(100_000),
];
/** Paths of the string leaves of a small record. */
const stringPaths = (
  v: unknown,
  at: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] => {
  if (typeof v === 'string') out.push(at);
  else if (Array.isArray(v)) v.forEach((x, i) => stringPaths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) stringPaths(x, [...at, k], out);
  return out;
};
/** A deep copy of a record with the string at `path` replaced. */
const withString = (v: unknown, path: readonly (string | number)[], s: string): unknown => {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let cur: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last === undefined) return s;
  cur[last] = s;
  return copy;
};

describe('Microsoft adapters on pathological strings', () => {
  const sentinelRow = { ...(csv.records[67]?.value as Record<string, unknown>) };
  sentinelRow.Entities = JSON.parse(String(sentinelRow.Entities)) as unknown;
  const targets: { adapter: SourceAdapter; record: unknown }[] = [
    { adapter: sentinelAdapter, record: sentinelRow },
    { adapter: graphAdapter, record: own.graph?.records[0] },
    { adapter: mdeAdapter, record: mdeRecord },
    { adapter: defenderCloudAdapter, record: own['defender-cloud']?.records[1] },
    { adapter: sentinelIncidentsAdapter, record: own['sentinel-incidents']?.records[4] },
  ];
  for (const { adapter, record } of targets) {
    it(`${adapter.name} handles each string, one at a time, replaced by 100,000-character bait quickly`, () => {
      const paths = stringPaths(record);
      expect(paths.length).toBeGreaterThan(5);
      let slowest = 0;
      for (const bait of PATHOLOGICAL) {
        for (const p of paths) {
          const value = withString(record, p, bait) as Record<string, unknown>;
          value[bait] = 'header';
          const t0 = performance.now();
          const res = adapter.normalize({ position: 1, value, text: 'x' }, ctx);
          slowest = Math.max(slowest, performance.now() - t0);
          expect(typeof res.ok).toBe('boolean');
        }
      }
      expect(slowest).toBeLessThan(500);
      const t0 = performance.now();
      adapter.detect({ fileName: 'x', container: 'csv', header: PATHOLOGICAL, records: [record] });
      expect(performance.now() - t0).toBeLessThan(500);
    });
  }
});
