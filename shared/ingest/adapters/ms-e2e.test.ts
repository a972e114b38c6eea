// The Microsoft samples through the real streaming readers, format detection over every registered adapter, and
// the Microsoft adapters: the right adapter wins and every record normalises.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import { buildDetectSample, detectFormat } from '#shared/ingest/detect';
import { collect, textStream } from '#shared/ingest/readers/test-support';
import { ADAPTERS } from './index';
import { sentinelAdapter } from './sentinel';
import { csvRecords } from './test-readers';

const sample = (name: string): string =>
  readFileSync(new URL(`../../../../shared/samples/${name}`, import.meta.url), 'utf8');

const CASES = [
  { file: 'sentinel-securityalert-demo.csv', adapter: 'sentinel', records: 189 },
  { file: 'graph-alerts-v2-docs-example.json', adapter: 'graph', records: 1 },
  { file: 'defender-for-cloud-alerts-api-example.json', adapter: 'defender-cloud', records: 2 },
  { file: 'sentinel-incidents-api-obfuscated.json', adapter: 'sentinel-incidents', records: 5 },
] as const;

describe('Microsoft samples through the real readers and detection', () => {
  for (const c of CASES) {
    it(`${c.file} → ${c.adapter}, ${c.records} alerts, no rejects`, async () => {
      const got = await collect(textStream(sample(c.file)), c.file);
      expect(got.error).toBeUndefined();
      expect(got.crash).toBeUndefined();
      expect(got.rejects).toEqual([]);
      expect(got.container).toBeDefined();
      const container = got.container;
      if (!container) return;
      const detected = detectFormat(
        buildDetectSample(
          c.file,
          container.container,
          container.header,
          got.records.map((r) => r.value),
        ),
        ADAPTERS,
      );
      expect(detected.name).toBe(c.adapter);
      const adapter = ADAPTERS.find((a) => a.name === c.adapter);
      if (!adapter) throw new Error('adapter missing');
      const ctx = { file: c.file, importId: 'e2e' as ImportId, defaultZone: 'UTC' };
      const results = got.records.map((r) => adapter.normalize(r, ctx));
      expect(results.filter((r) => !r.ok)).toEqual([]);
      const alerts = results.flatMap((r) => (r.ok ? r.alerts : []));
      expect(alerts).toHaveLength(c.records);
      alerts.forEach((a, i) => expect(a.raw).toBe(got.records[i]?.text));
      expect(new Set(alerts.map((a) => a.id)).size).toBe(c.records);
    });
  }

  it('the real CSV reader and the test-only CSV splitter (test-readers) give the same Sentinel alerts', async () => {
    const text = sample('sentinel-securityalert-demo.csv');
    const real = await collect(textStream(text), 'a.csv');
    const mine = csvRecords(text);
    expect(real.container?.header.slice(1)).toEqual(mine.header.slice(1));
    const ctx = { file: 'a.csv', importId: 'e2e' as ImportId, defaultZone: 'UTC' };
    const pick = (r: ReturnType<typeof sentinelAdapter.normalize>) =>
      r.ok
        ? r.alerts.map(({ id, title, severity, firstActivity, lastActivity, detectedAt, entities }) => ({
            id,
            title,
            severity,
            firstActivity,
            lastActivity,
            detectedAt,
            entities,
          }))
        : r;
    expect(real.records.map((r) => pick(sentinelAdapter.normalize(r, ctx)))).toEqual(
      mine.records.map((r) => pick(sentinelAdapter.normalize(r, ctx))),
    );
  });
});
