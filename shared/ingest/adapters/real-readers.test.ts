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

const read = async (name: string): Promise<Read> => {
  const bytes = readFileSync(new URL(`../../../../shared/samples/${name}`, import.meta.url));
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
): Promise<{ format: string; confidence: number; alerts: Alert[]; rejected: number; records: number }> => {
  const r = await read(name);
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
});
