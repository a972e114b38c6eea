// Reader throughput on 200 MB of synthetic input generated on the fly (never held whole).
// Opt-in, since it is a measurement, not a check: CASELINE_BENCH=1 npx vitest run shared/ingest/readers/throughput.test.ts
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openEntries } from './archive';
import type { ReadOptions } from './records';
import { readRecordBatches, readRecords } from './records';

const SAMPLES = resolve(import.meta.dirname, '../../../../shared/samples');
const TOTAL = Number(process.env.CASELINE_BENCH_MB ?? '200') * 1e6;
const CHUNK = 64 * 1024;

/** prefix, then `body` repeated until `total` bytes, then suffix; handed out in 64 KiB views. */
const repeated = (prefix: string, body: Uint8Array, suffix: string, total: number): ReadableStream<Uint8Array> => {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [enc.encode(prefix)];
  let queued = parts[0]?.length ?? 0;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(c) {
        const next = parts.shift();
        if (next) {
          c.enqueue(next);
          return;
        }
        if (done) {
          c.close();
          return;
        }
        for (let p = 0; p < body.length; p += CHUNK) parts.push(body.subarray(p, p + CHUNK));
        queued += body.length;
        if (queued >= total) {
          parts.push(enc.encode(suffix));
          done = true;
        }
        const first = parts.shift();
        if (first) c.enqueue(first);
      },
    },
    { highWaterMark: 0 },
  );
};

const wazuhLines = (): string[] =>
  readFileSync(resolve(SAMPLES, 'wazuh-alerts-ait-ldsv11-insect.json'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);

const measure = async (label: string, make: () => ReadableStream<Uint8Array>, bytes: number, opts: ReadOptions = {}, perEvent = false): Promise<number> => {
  const rss0 = process.memoryUsage.rss();
  let peak = 0;
  const t0 = performance.now();
  let records = 0;
  let rejects = 0;
  if (perEvent) {
    for await (const ev of readRecords(make(), label, opts)) {
      if (ev.kind === 'record') records++;
      else if (ev.kind === 'reject') rejects++;
    }
  } else {
    for await (const batch of readRecordBatches(make(), label, opts)) {
      peak = Math.max(peak, process.memoryUsage.rss() - rss0);
      for (const ev of batch) {
        if (ev.kind === 'record') records++;
        else if (ev.kind === 'reject') rejects++;
      }
    }
  }
  const s = (performance.now() - t0) / 1000;
  const mbps = bytes / 1e6 / s;
  console.log(`${label.padEnd(44)} ${(bytes / 1e6).toFixed(0)} MB  ${records} records  ${s.toFixed(2)} s  ${mbps.toFixed(0)} MB/s  ${Math.round(records / s)} rec/s${perEvent ? '' : `  peak rss +${Math.round(peak / 2 ** 20)} MiB`}`);
  expect(rejects).toBe(0);
  expect(records).toBeGreaterThan(0);
  return mbps;
};

describe.skipIf(!process.env.CASELINE_BENCH)('reader throughput (opt-in)', () => {
  const lines = wazuhLines();
  const enc = new TextEncoder();
  const ndBody = enc.encode(lines.join('\n') + '\n');
  const bodyBytes = (body: Uint8Array): number => Math.ceil(TOTAL / body.length) * body.length;

  it('NDJSON (Wazuh alerts, ~1 KB lines)', async () => {
    // The ceiling: JSON.parse alone over the same lines, already split and decoded.
    const reps = Math.ceil(TOTAL / ndBody.length);
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) for (const l of lines) JSON.parse(l);
    const s = (performance.now() - t0) / 1000;
    console.log(`${'JSON.parse alone (baseline)'.padEnd(44)} ${((reps * ndBody.length) / 1e6).toFixed(0)} MB  ${s.toFixed(2)} s  ${((reps * ndBody.length) / 1e6 / s).toFixed(0)} MB/s`);
    await measure('ndjson, batches', () => repeated('', ndBody, '', TOTAL), bodyBytes(ndBody));
    await measure('ndjson, one event at a time (readRecords)', () => repeated('', ndBody, '', TOTAL), bodyBytes(ndBody), {}, true);
  });

  it('JSON array (compact and pretty-printed)', async () => {
    const compact = enc.encode(lines.join(',') + ',');
    await measure('json-array compact', () => repeated('[', compact, '{}]', TOTAL), bodyBytes(compact));
    const pretty = enc.encode(lines.map((l) => JSON.stringify(JSON.parse(l), null, 2)).join(',\n') + ',\n');
    await measure('json-array pretty (2-space indent)', () => repeated('[\n', pretty, '{}\n]', TOTAL), bodyBytes(pretty));
    await measure('json-object {"value":[...]} wrapper', () => repeated('{"value":[', compact, '{}]}', TOTAL), bodyBytes(compact));
  });

  it('CSV (Hayabusa) and Zeek TSV', async () => {
    const csv = readFileSync(resolve(SAMPLES, 'hayabusa-sample-evtx-results.csv'), 'utf8');
    const nl = csv.indexOf('\n') + 1;
    const rows = enc.encode(csv.slice(nl));
    await measure('csv (Hayabusa rows)', () => repeated(csv.slice(0, nl), rows, '', TOTAL), bodyBytes(rows));
    const zeek = readFileSync(resolve(SAMPLES, 'zeek-notice-wrccdc-2018.log'), 'utf8').split('\n');
    const head = zeek.filter((l) => l.startsWith('#') && !l.startsWith('#close')).join('\n') + '\n';
    const data = enc.encode(zeek.filter((l) => l && !l.startsWith('#')).join('\n') + '\n');
    await measure('tsv-zeek (notice.log rows)', () => repeated(head, data, '', TOTAL), bodyBytes(data));
  });

  it('gzip NDJSON through openEntries', async () => {
    const gz = gzipSync(ndBody);
    const reps = Math.max(1, Math.floor(TOTAL / 4 / ndBody.length));
    const members = new Uint8Array(gz.length * reps);
    for (let k = 0; k < reps; k++) members.set(gz, k * gz.length);
    const t0 = performance.now();
    let records = 0;
    for await (const e of openEntries(new Blob([members]), 'x.json.gz')) {
      for await (const batch of readRecordBatches(e.stream, e.name)) for (const ev of batch) if (ev.kind === 'record') records++;
    }
    const s = (performance.now() - t0) / 1000;
    const bytes = reps * ndBody.length;
    console.log(`${'ndjson.gz (multi-member) via openEntries'.padEnd(44)} ${(bytes / 1e6).toFixed(0)} MB  ${records} records  ${s.toFixed(2)} s  ${(bytes / 1e6 / s).toFixed(0)} MB/s uncompressed`);
    expect(records).toBe(reps * lines.length);
  });
});
