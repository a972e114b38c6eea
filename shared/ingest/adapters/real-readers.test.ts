// The non-Microsoft adapters behind the real readers (shared/ingest/readers) and detection over every adapter
// (adapters/index ADAPTERS): what an import of each sample file actually does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Alert, ImportId } from '#shared/model/index';
import type { Container, SourceRecord } from '#shared/ingest/types';
import { readRecords } from '#shared/ingest/readers/index';
import { buildDetectSample, detectFormat } from '#shared/ingest/detect';
import { ADAPTERS } from './index';

type Read = { container: Container; header: string[]; records: SourceRecord[]; rejects: number };

const read = async (name: string, content?: string): Promise<Read> => {
  const bytes = content ?? readFileSync(new URL(`../../../../shared/samples/${name}`, import.meta.url));
  const out: Read = { container: 'json-array', header: [], records: [], rejects: 0 };
  for await (const ev of readRecords(new Blob([bytes]).stream(), name)) {
    if (ev.kind === 'container') {
      out.container = ev.container;
      out.header = ev.header;
    } else if (ev.kind === 'record') out.records.push(ev.record);
    else out.rejects++;
  }
  return out;
};

const importFile = async (
  name: string,
  content?: string,
): Promise<{ format: string; confidence: number; alerts: Alert[]; rejected: number; records: number }> => {
  const r = await read(name, content);
  const detected = detectFormat(
    buildDetectSample(
      name,
      r.container,
      r.header,
      r.records.map((x) => x.value),
    ),
    ADAPTERS,
  );
  const adapter = ADAPTERS.find((a) => a.name === detected.name);
  if (!adapter) throw new Error(`no adapter for ${name}`);
  const alerts: Alert[] = [];
  let rejected = r.rejects;
  for (const rec of r.records) {
    const res = adapter.normalize(rec, { file: name, importId: 'imp-real' as ImportId, defaultZone: 'UTC' });
    if (res.ok) alerts.push(...res.alerts);
    else rejected++;
  }
  return {
    format: detected.name,
    confidence: detected.confidence,
    alerts,
    rejected,
    records: r.records.length,
  };
};

describe('importing the real samples through the real readers', () => {
  const expected: [string, string, number, number][] = [
    ['suricata-eve-wrccdc-2018.json', 'suricata', 207, 207],
    ['suricata-eve-honeypot-2018.json', 'suricata', 44, 44],
    ['wazuh-alerts-ait-ldsv11-insect.json', 'wazuh', 497, 497],
    ['hayabusa-sample-evtx-results.csv', 'hayabusa', 4000, 4000],
    ['chainsaw-hunt-evtx-attack-samples.json', 'chainsaw', 300, 551],
    ['zeek-notice-wrccdc-2018.log', 'zeek', 207, 207],
    ['zeek-notice-wrccdc-2018.ndjson', 'zeek', 207, 207],
  ];
  for (const [file, format, records, alerts] of expected) {
    it(`${file} → ${format}: ${records} records, ${alerts} alerts, no rejects`, async () => {
      const r = await importFile(file);
      expect(r).toMatchObject({ format, records, rejected: 0 });
      expect(r.confidence).toBeGreaterThanOrEqual(0.9);
      expect(r.alerts).toHaveLength(alerts);
      expect(r.alerts.every((a) => a.raw.length > 0 && a.source === format)).toBe(true);
    });
  }

  it('the Zeek TSV file and its JSON twin give the same alerts (ids, titles, descriptions, times, entities)', async () => {
    const [tsv, json] = await Promise.all([
      importFile('zeek-notice-wrccdc-2018.log'),
      importFile('zeek-notice-wrccdc-2018.ndjson'),
    ]);
    const view = (a: Alert) => ({
      id: a.id,
      title: a.title,
      description: a.description,
      t: a.firstActivity,
      entities: a.entities,
      severity: a.severity,
    });
    expect(json.alerts.map(view)).toEqual(tsv.alerts.map(view));
    // The reader unescapes Zeek's "\\," in the certificate subject.
    expect(
      tsv.alerts[0]?.description.startsWith(
        'unstructuredName=1315656901\\,564d7761726520496e632e,CN=localhost.localdomain',
      ),
    ).toBe(true);
  });

  it('re-reading a file gives the same ids (content-keyed Suricata and Hayabusa rows included)', async () => {
    for (const file of ['suricata-eve-wrccdc-2018.json', 'hayabusa-sample-evtx-results.csv']) {
      const [a, b] = await Promise.all([importFile(file), importFile(file)]);
      expect(b.alerts.map((x) => x.id)).toEqual(a.alerts.map((x) => x.id));
    }
  });

  it('reads an Elastic search response (hits.hits) and OCSF findings written from their schemas', async () => {
    const hit = (id: string, rule: string) => ({
      _index: '.internal.alerts-security.alerts-default-000001',
      _id: id,
      _source: {
        '@timestamp': '2024-03-05T10:15:30.120Z',
        'kibana.alert.uuid': `u-${id}`,
        'kibana.alert.rule.name': rule,
        'kibana.alert.severity': 'low',
        host: { name: 'ws-1' },
      },
    });
    const response = JSON.stringify(
      {
        took: 2,
        timed_out: false,
        hits: { total: { value: 2 }, hits: [hit('1', 'Rule A'), hit('2', 'Rule B')] },
      },
      null,
      2,
    );
    const elastic = await importFile('alerts.json', response);
    expect(elastic).toMatchObject({ format: 'elastic', records: 2, rejected: 0 });
    expect(elastic.alerts.map((a) => [a.sourceAlertId, a.title])).toEqual([
      ['u-1', 'Rule A'],
      ['u-2', 'Rule B'],
    ]);
    const finding = (uid: string, cls: number) =>
      JSON.stringify({
        class_uid: cls,
        category_uid: 2,
        time: 1717243200000,
        severity_id: 3,
        metadata: { version: '1.3.0', product: { name: 'P', vendor_name: 'V' } },
        finding_info: { uid, title: `Finding ${uid}` },
      });
    const ocsf = await importFile(
      'findings.ndjson',
      [finding('f1', 2004), finding('f2', 2004), finding('a1', 3002)].join('\n'),
    );
    expect(ocsf).toMatchObject({ format: 'ocsf', records: 3, rejected: 1 });
    expect(ocsf.alerts.map((a) => a.title)).toEqual(['Finding f1', 'Finding f2']);
  });
});
