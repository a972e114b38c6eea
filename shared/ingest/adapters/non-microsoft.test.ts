// Cross-checks of the non-Microsoft adapters: detection confidence over every real sample (each adapter wins on
// its own files and scores 0 on foreign ones), and property tests that normalize never throws and always returns
// plain, clone-safe alerts or a rejection with a reason.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import { SEVERITIES } from '#shared/model/index';
import type { AdapterContext, DetectSample, SourceAdapter } from '#shared/ingest/types';
import { chainsawAdapter } from './chainsaw';
import { elasticAdapter } from './elastic';
import { genericAdapter, makeGenericAdapter } from './generic';
import { hayabusaAdapter } from './hayabusa';
import { ocsfAdapter } from './ocsf';
import { suricataAdapter } from './suricata';
import { wazuhAdapter } from './wazuh';
import { zeekAdapter } from './zeek';
import { csvRecords, jsonArrayRecords, ndjsonRecords, sampleOf, zeekTsvRecords } from './test-readers';

const text = (name: string): string =>
  readFileSync(new URL(`../../../../shared/samples/${name}`, import.meta.url), 'utf8');
const SPECIFIC: readonly SourceAdapter[] = [
  suricataAdapter,
  wazuhAdapter,
  elasticAdapter,
  ocsfAdapter,
  hayabusaAdapter,
  chainsawAdapter,
  zeekAdapter,
];
const ALL: readonly SourceAdapter[] = [...SPECIFIC, genericAdapter];

const samples: { file: string; sample: DetectSample; owner: string | undefined }[] = (() => {
  const csv = (f: string) => {
    const { header, records } = csvRecords(text(f));
    return sampleOf(f, 'csv', records, header);
  };
  const graph = JSON.parse(text('graph-alerts-v2-docs-example.json')) as { value: unknown[] };
  const dfc = JSON.parse(text('defender-for-cloud-alerts-api-example.json')) as unknown;
  const zeek = zeekTsvRecords(text('zeek-notice-wrccdc-2018.log'));
  return [
    {
      file: 'suricata-eve-wrccdc-2018.json',
      sample: sampleOf('a', 'json-array', jsonArrayRecords(text('suricata-eve-wrccdc-2018.json'))),
      owner: 'suricata',
    },
    {
      file: 'suricata-eve-honeypot-2018.json',
      sample: sampleOf('a', 'json-array', jsonArrayRecords(text('suricata-eve-honeypot-2018.json'))),
      owner: 'suricata',
    },
    {
      file: 'wazuh-alerts-ait-ldsv11-insect.json',
      sample: sampleOf('a', 'ndjson', ndjsonRecords(text('wazuh-alerts-ait-ldsv11-insect.json'))),
      owner: 'wazuh',
    },
    {
      file: 'hayabusa-sample-evtx-results.csv',
      sample: csv('hayabusa-sample-evtx-results.csv'),
      owner: 'hayabusa',
    },
    {
      file: 'chainsaw-hunt-evtx-attack-samples.json',
      sample: sampleOf('a', 'json-array', jsonArrayRecords(text('chainsaw-hunt-evtx-attack-samples.json'))),
      owner: 'chainsaw',
    },
    {
      file: 'zeek-notice-wrccdc-2018.log',
      sample: sampleOf('a', 'tsv-zeek', zeek.records, zeek.header),
      owner: 'zeek',
    },
    {
      file: 'zeek-notice-wrccdc-2018.ndjson',
      sample: sampleOf('a', 'ndjson', ndjsonRecords(text('zeek-notice-wrccdc-2018.ndjson'))),
      owner: 'zeek',
    },
    // Foreign (Microsoft) samples, in the shapes a reader may hand over.
    {
      file: 'sentinel-securityalert-demo.csv',
      sample: csv('sentinel-securityalert-demo.csv'),
      owner: undefined,
    },
    {
      file: 'sentinel-incidents-api-obfuscated.json',
      sample: sampleOf('a', 'json-array', jsonArrayRecords(text('sentinel-incidents-api-obfuscated.json'))),
      owner: undefined,
    },
    {
      file: 'graph-alerts-v2-docs-example.json (object)',
      sample: { fileName: 'g', container: 'json-object', header: [], records: [graph] },
      owner: undefined,
    },
    {
      file: 'graph-alerts-v2-docs-example.json (value[])',
      sample: { fileName: 'g', container: 'json-array', header: [], records: graph.value },
      owner: undefined,
    },
    {
      file: 'defender-for-cloud-alerts-api-example.json',
      sample: { fileName: 'd', container: 'json-object', header: [], records: [dfc] },
      owner: undefined,
    },
  ];
})();

describe('detection across all real samples', () => {
  for (const { file, sample, owner } of samples) {
    it(`${file}: ${owner ?? 'no specific adapter'} wins`, () => {
      const scores = Object.fromEntries(ALL.map((a) => [a.name, a.detect(sample)]));
      for (const a of SPECIFIC) {
        if (a.name === owner) expect(scores[a.name], a.name).toBeGreaterThanOrEqual(0.9);
        else expect(scores[a.name], a.name).toBe(0);
      }
      expect(scores.generic).toBeLessThanOrEqual(0.1);
    });
  }

  it('stays in 0..1 and never throws on hostile samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 5 }),
        fc.array(fc.string(), { maxLength: 5 }),
        fc.constantFrom('csv', 'json-array', 'ndjson', 'json-object', 'tsv-zeek' as const),
        (records, header, container) => {
          for (const a of [...ALL, makeGenericAdapter({ name: 'm', time: 't', title: 'x.y' })]) {
            const s = a.detect({ fileName: 'f', container, header, records });
            expect(s >= 0 && s <= 1).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('normalize on arbitrary input (fast-check)', () => {
  const ctx: AdapterContext = {
    file: 'fuzz',
    importId: 'imp-fuzz' as ImportId,
    defaultZone: 'America/New_York',
  };
  const adapters = [
    ...ALL,
    makeGenericAdapter({
      name: 'm',
      time: 'time',
      title: 'title',
      severity: 'sev',
      id: 'id',
      entities: [
        { type: 'ip', field: 'ip' },
        { type: 'process', field: 'p.q' },
      ],
    }),
  ];
  // Records that look like each format, with arbitrary values in the places adapters read.
  const anyValue = fc.oneof(
    fc.jsonValue(),
    fc.constantFrom(
      '-',
      '(empty)',
      '__proto__',
      '<script>',
      '1.2.3.4:80',
      'HKLM\\x',
      '0x1f',
      'S-1-5-18',
      '2024-01-01T00:00:00Z',
      '1521911720.629574',
    ),
  );
  const shaped = fc.record(
    {
      event_type: fc.constantFrom('alert', 'flow'),
      timestamp: anyValue,
      alert: fc.record({ signature: anyValue, severity: anyValue, metadata: anyValue }, { requiredKeys: [] }),
      rule: fc.record(
        { level: anyValue, id: anyValue, description: anyValue, mitre: anyValue },
        { requiredKeys: [] },
      ),
      'kibana.alert.rule.name': anyValue,
      '@timestamp': anyValue,
      class_uid: fc.constantFrom(2004, 2001, 3002, '2004'),
      finding_info: fc.record({ title: anyValue, attacks: anyValue }, { requiredKeys: [] }),
      evidences: fc.array(anyValue, { maxLength: 3 }),
      RuleTitle: anyValue,
      Timestamp: anyValue,
      Details: anyValue,
      detection: anyValue,
      event: fc.record(
        { Event: fc.record({ System: anyValue, EventData: anyValue }, { requiredKeys: [] }) },
        { requiredKeys: [] },
      ),
      note: anyValue,
      ts: anyValue,
      time: anyValue,
      title: anyValue,
      src_ip: anyValue,
      data: anyValue,
    },
    { requiredKeys: [] },
  );

  it('never throws; accepted alerts are well-formed and survive structuredClone', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), shaped), (value) => {
        let textValue = '';
        try {
          textValue = JSON.stringify(value) ?? '';
        } catch {
          textValue = '';
        }
        for (const a of adapters) {
          const r = a.normalize({ position: 3, value, text: textValue }, ctx);
          if (!r.ok) {
            expect(typeof r.field).toBe('string');
            expect(r.reason.length).toBeGreaterThan(0);
            continue;
          }
          expect(r.alerts.length).toBeGreaterThan(0);
          for (const alert of r.alerts) {
            expect(SEVERITIES).toContain(alert.severity);
            expect(Number.isFinite(alert.firstActivity)).toBe(true);
            expect(alert.lastActivity).toBeGreaterThanOrEqual(alert.firstActivity);
            expect(alert.title.length).toBeGreaterThan(0);
            expect(alert.raw).toBe(textValue);
            for (const e of alert.entities) {
              expect(e.value.length).toBeGreaterThan(0);
              expect(Object.getPrototypeOf(e.props)).toBe(Object.prototype);
              expect(Object.values(e.props).every((x) => typeof x === 'string')).toBe(true);
            }
            expect(structuredClone(alert)).toEqual(alert);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on mutated real records (truncated and type-swapped fields)', () => {
    const reals = [
      ...jsonArrayRecords(text('suricata-eve-wrccdc-2018.json')).slice(0, 20),
      ...ndjsonRecords(text('wazuh-alerts-ait-ldsv11-insect.json')).slice(0, 20),
      ...jsonArrayRecords(text('chainsaw-hunt-evtx-attack-samples.json')).slice(0, 20),
      ...ndjsonRecords(text('zeek-notice-wrccdc-2018.ndjson')).slice(0, 20),
    ].map((r) => r.value as Record<string, unknown>);
    fc.assert(
      fc.property(fc.constantFrom(...reals), fc.jsonValue(), fc.nat(), (real, replacement, pick) => {
        const keys = Object.keys(real);
        const key = keys[pick % keys.length] ?? 'x';
        const mutated: Record<string, unknown> = JSON.parse(JSON.stringify(real)) as Record<string, unknown>;
        Object.defineProperty(mutated, key, {
          value: replacement,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        const t = JSON.stringify(mutated);
        for (const a of ALL)
          expect(() => a.normalize({ position: 1, value: mutated, text: t }, ctx)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
