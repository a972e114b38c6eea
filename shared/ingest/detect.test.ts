import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDetectSample, detectFormat, sampleEvents } from './detect';
import { field } from './alert-builder';
import type { ReadEvent } from './readers/index';
import { readRecords } from './readers/index';
import { streamOf, textStream } from './readers/test-support';
import type { Container, DetectSample, SourceAdapter } from './types';

const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples');

/** A fake adapter: fixed containers, a detect function, normalize unused here. */
const fake = (name: string, containers: readonly Container[], detect: (s: DetectSample) => number): SourceAdapter => ({
  name,
  label: name,
  containers,
  detect,
  normalize: () => ({ ok: false, field: '', reason: 'fake' }),
});

const sample = (container: Container, records: unknown[], header: string[] = []): DetectSample => ({ fileName: 'f', container, header, records });

describe('detectFormat', () => {
  const suricata = fake('suricata', ['json-array', 'ndjson'], (s) => (s.records.every((r) => field(r, 'event_type') === 'alert') ? 0.9 : 0));
  const generic = fake('generic', ['json-array', 'ndjson', 'csv', 'json-object', 'tsv-zeek'], () => 0.1);
  const hayabusa = fake('hayabusa', ['csv'], (s) => (s.header.includes('RuleTitle') ? 0.95 : 0));

  it('picks the highest confidence and lists the candidates, best first', () => {
    const r = detectFormat(sample('ndjson', [{ event_type: 'alert' }]), [generic, hayabusa, suricata]);
    expect(r).toEqual({
      name: 'suricata',
      confidence: 0.9,
      candidates: [
        { name: 'suricata', confidence: 0.9 },
        { name: 'generic', confidence: 0.1 },
      ],
    });
  });

  it('only asks adapters that read the container', () => {
    let asked = false;
    const csvOnly = fake('csv-only', ['csv'], () => {
      asked = true;
      return 1;
    });
    expect(detectFormat(sample('ndjson', [{}]), [csvOnly]).name).toBe('');
    expect(asked).toBe(false);
  });

  it('breaks ties by adapter order (stable)', () => {
    const a = fake('a', ['csv'], () => 0.5);
    const b = fake('b', ['csv'], () => 0.5);
    expect(detectFormat(sample('csv', []), [a, b]).name).toBe('a');
    expect(detectFormat(sample('csv', []), [b, a]).name).toBe('b');
    expect(detectFormat(sample('csv', []), [b, a]).candidates.map((c) => c.name)).toEqual(['b', 'a']);
  });

  it('treats a throwing, NaN or out-of-range detector safely', () => {
    const throws = fake('throws', ['csv'], () => {
      throw new Error('boom');
    });
    const nan = fake('nan', ['csv'], () => NaN);
    const big = fake('big', ['csv'], () => 7);
    const neg = fake('neg', ['csv'], () => -1);
    const r = detectFormat(sample('csv', []), [throws, nan, neg, big]);
    expect(r).toEqual({ name: 'big', confidence: 1, candidates: [{ name: 'big', confidence: 1 }] });
  });

  it("answers '' with confidence 0 when nothing matches", () => {
    expect(detectFormat(sample('csv', [], ['x']), [hayabusa])).toEqual({ name: '', confidence: 0, candidates: [] });
    expect(detectFormat(sample('csv', []), [])).toEqual({ name: '', confidence: 0, candidates: [] });
  });
});

describe('buildDetectSample and sampleEvents', () => {
  it('builds a sample of at most 20 records', () => {
    const s = buildDetectSample('x.csv', 'csv', ['a'], Array.from({ length: 50 }, (_, i) => i));
    expect(s).toEqual({ fileName: 'x.csv', container: 'csv', header: ['a'], records: Array.from({ length: 20 }, (_, i) => i) });
  });

  it('samples the first 20 records of a real file and replays every event once', async () => {
    const bytes = new Uint8Array(readFileSync(resolve(SAMPLES, 'hayabusa-sample-evtx-results.csv')));
    const name = 'hayabusa-sample-evtx-results.csv';
    const { sample: s, events } = await sampleEvents(readRecords(streamOf(bytes, 4096), name), name);
    expect(s?.container).toBe('csv');
    expect(s?.header).toContain('RuleTitle');
    expect(s?.records).toHaveLength(20);
    expect(field(s?.records[0], 'Timestamp')).toBe('2013-10-24 01:16:13.843 +09:00');
    const hayabusa = fake('hayabusa', ['csv'], (x) => (x.header.includes('RuleTitle') ? 0.95 : 0));
    expect(s && detectFormat(s, [hayabusa]).name).toBe('hayabusa');
    const all: ReadEvent[] = [];
    for await (const ev of events) all.push(ev);
    expect(all[0]?.kind).toBe('container');
    const recs = all.filter((e) => e.kind === 'record');
    expect(recs).toHaveLength(4000);
    expect(recs.map((e) => e.record.position)).toEqual(Array.from({ length: 4000 }, (_, i) => i + 2));
  });

  it('short files and failures', async () => {
    const short = await sampleEvents(readRecords(textStream('{"a":1}\n{"a":2}\n'), 'x'), 'x');
    expect(short.sample?.records).toEqual([{ a: 1 }, { a: 2 }]);
    const empty = await sampleEvents(readRecords(textStream(''), 'x'), 'x');
    expect(empty.sample).toBeUndefined();
    await expect(async () => {
      for await (const _ of empty.events) void _;
    }).rejects.toMatchObject({ code: 'EMPTY' });
  });
});
