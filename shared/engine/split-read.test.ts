// A large NDJSON file read in parts by several reader workers gives what one reader gives: the same alerts, each
// with its verbatim line and line number, the same rejects at the same lines, one summary.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'fflate';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Alert, ImportId } from '#shared/model/index';
import { ADAPTERS } from '#shared/ingest/adapters/index';
import { CaseDb } from '#shared/store/db';
import { syntheticLines } from '../../bench/synthetic';
import type { ImportSource } from './api';
import { CHUNK_SIZE, ChunkAlerts } from './chunk';
import type { FileImportContext } from './import';
import { importSource } from './import';
import type { ReadEvent, ReadOptions } from './read';
import { MAX_REJECTS_LISTED } from './read';
import { workerReader } from './reader-worker';
import { cutPoints, mergeSummaries, planSplit } from './split-read';
import { channelWorker } from './test-support';

const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples');
const sample = (name: string): string => readFileSync(resolve(SAMPLES, name), 'utf8');
const WAZUH = 'wazuh-alerts-ait-ldsv11-insect.json';
const RUN: ReadOptions = { importId: 'imp-split' as ImportId, options: {}, suppression: { rules: [], at: 0 } };
const fileOf = (name: string, parts: BlobPart[]): ImportSource => {
  const blob = new Blob(parts);
  return { name, size: blob.size, blob };
};

/**
 * The real Wazuh export with what a damaged one holds in both halves: broken JSON, a line nested too deep, blank
 * and CRLF lines, non-ASCII text (so later byte offsets differ from character offsets), and a repeated alert.
 */
const damagedWazuh = (): { file: ImportSource; lines: string[] } => {
  const real = sample(WAZUH).split('\n').filter(Boolean);
  const lines: string[] = [];
  real.forEach((line, i) => {
    if (i === 40 || i === 400) lines.push('{"rule": {"level": 3, "description": "cut off');
    if (i === 60 || i === 420) lines.push(`{"a":${'['.repeat(100)}${']'.repeat(100)}}`);
    if (i === 100 || i === 300) lines.push('');
    if (i === 120) lines.push(line.replace('"description":"', '"description":"Überwachung für café — 監視 '));
    else if (i === 350) lines.push(`${line}\r`);
    else lines.push(line);
  });
  lines.push(real[5] ?? '');
  return { file: fileOf('wazuh-damaged.json', [lines.join('\n'), '\n']), lines };
};

type Imported = { summary: Record<string, unknown>; alerts: Map<string, Alert>; chunks: number };

const importWith = async (name: string, file: ImportSource, reader: FileImportContext['reader'], read: ReadOptions = RUN): Promise<Imported> => {
  const db = new CaseDb(name, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  let seq = 0;
  const known = new Set<string>();
  const [summary] = await importSource(file, {
    db,
    read,
    adapters: ADAPTERS,
    ...(reader ? { reader } : {}),
    signal: new AbortController().signal,
    now: () => Date.now(),
    progress: () => undefined,
    sink: { claim: (id) => !known.has(id) && !!known.add(id), nextSeq: () => ++seq, onDuplicate: () => undefined, onChunkWritten: () => undefined },
  });
  const alerts = new Map<string, Alert>();
  for (const chunk of await db.alertChunks.toArray()) {
    const body = await db.alertBodies.get(chunk.seq);
    if (!body) throw new Error(`chunk ${chunk.seq} has no body`);
    const loaded = await ChunkAlerts.load(chunk, await db.alertCorr.get(chunk.seq), body);
    for (const a of loaded.all()) alerts.set(a.id, a);
  }
  db.close();
  return { summary: summary as unknown as Record<string, unknown>, alerts, chunks: seq };
};

const splitReader = (parts: number) => {
  const workers: ReturnType<typeof channelWorker>[] = [];
  const reader = workerReader(
    () => {
      const w = channelWorker();
      workers.push(w);
      return w;
    },
    { adapters: ADAPTERS, parts, minBytes: 0 },
  );
  return { reader, workers, reads: () => workers.map((w) => w.sent.filter((m) => m.t === 'read').length) };
};

/** Each alert's record as the line its origin names: line numbers and verbatim records agree with the file. */
const expectLinesMatch = (alerts: Map<string, Alert>, lines: readonly string[]): void => {
  for (const a of alerts.values()) {
    const record = a.origins[0]?.record ?? 0;
    expect(a.raw).toBe((lines[record - 1] ?? '').replace(/\r$/, ''));
  }
};

describe('planSplit', () => {
  it('cuts a large NDJSON file at line breaks into contiguous parts, with the detected format for each', async () => {
    const { file } = damagedWazuh();
    const plan = await planSplit(file, RUN, ADAPTERS, 3, 0);
    expect(plan?.options.format).toBe('wazuh');
    expect(plan?.confidence).toBeGreaterThan(0.5);
    const bytes = new Uint8Array(await (file.blob as Blob).arrayBuffer());
    expect(plan?.parts).toHaveLength(3);
    expect(plan?.parts[0]?.start).toBe(0);
    expect(plan?.parts.at(-1)?.end).toBe(bytes.length);
    plan?.parts.forEach((p, k) => {
      if (k > 0) {
        expect(p.start).toBe(plan.parts[k - 1]?.end);
        expect(bytes[p.start - 1]).toBe(10);
      }
      expect(p.end).toBeGreaterThan(p.start);
    });
    // A chosen format is kept, with full confidence.
    expect(await planSplit(file, { ...RUN, options: { format: 'graph' } }, ADAPTERS, 2, 0)).toMatchObject({ options: { format: 'graph' }, confidence: 1 });
  });

  it('reads whole what it cannot cut: small, compressed, JSON, CSV, UTF-16, CR-only, unrecognised or streamed input', async () => {
    const wazuh = sample(WAZUH);
    const plan = (file: ImportSource, minBytes = 0) => planSplit(file, RUN, ADAPTERS, 2, minBytes);
    expect(await plan(fileOf('w.json', [wazuh]), wazuh.length + 1)).toBeUndefined();
    expect(await plan(fileOf('w.json.gz', [gzipSync(new TextEncoder().encode(wazuh))]))).toBeUndefined();
    expect(await plan(fileOf('graph.json', [sample('graph-alerts-v2-docs-example.json')]))).toBeUndefined();
    expect(await plan(fileOf('sentinel.csv', [sample('sentinel-securityalert-demo.csv')]))).toBeUndefined();
    const utf16 = new Uint8Array(wazuh.length * 2 + 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < wazuh.length; i++) utf16[2 + i * 2] = wazuh.charCodeAt(i) & 0xff;
    expect(await plan(fileOf('w16.json', [utf16]))).toBeUndefined();
    expect(await plan(fileOf('w-cr.json', [wazuh.replaceAll('\n', '\r')]))).toBeUndefined();
    expect(await plan(fileOf('notes.ndjson', ['{"hello":1}\n'.repeat(5000)]))).toBeUndefined();
    const blob = new Blob([wazuh]);
    expect(await plan({ name: 'w.json', size: blob.size, stream: blob.stream() })).toBeUndefined();
    // With CRLF breaks it still cuts (after the LF).
    expect(await plan(fileOf('w-crlf.json', [wazuh.replaceAll('\n', '\r\n')]))).toBeDefined();
  });
});

describe('reading a file in parts', () => {
  it('stores what one reader stores from the real Wazuh export: alerts, verbatim lines, line numbers, rejects, summary', async () => {
    const { file, lines } = damagedWazuh();
    const whole = await importWith('whole', file, workerReader(channelWorker));
    const split = splitReader(2);
    const parts = await importWith('parts', file, split.reader);
    // Both workers read a part of the file.
    expect(split.reads()).toEqual([1, 1]);
    expect(whole.summary).toMatchObject({ format: 'wazuh', records: lines.filter((l) => l.trim()).length, duplicates: 1 });
    expect((whole.summary.rejected as unknown[]).length).toBe(4);
    expect(parts.summary).toEqual(whole.summary);
    expect([...parts.alerts.keys()].sort()).toEqual([...whole.alerts.keys()].sort());
    expectLinesMatch(whole.alerts, lines);
    expectLinesMatch(parts.alerts, lines);
    // Everything else of each alert is the same too (the repeated alert keeps whichever copy was stored first).
    const repeated = lines.length - 1;
    for (const [id, a] of whole.alerts) {
      const b = parts.alerts.get(id);
      if (a.origins[0]?.record === 6 && b?.origins[0]?.record === repeated) continue;
      expect(b).toEqual(a);
    }
    split.reader.release?.();
  });

  it('interleaves the chunks of three parts of a larger file and keeps every alert once, at its line', async () => {
    const lines = [...syntheticLines(5 * CHUNK_SIZE, 0)].map((l) => l.replace(/\n$/, ''));
    const file = fileOf('synthetic.ndjson', [lines.join('\n'), '\n']);
    const graph = { ...RUN, options: { format: 'graph' } };
    const whole = await importWith('whole-3', file, undefined, graph);
    const split = splitReader(3);
    const parts = await importWith('parts-3', file, split.reader, graph);
    expect(split.reads()).toEqual([1, 1, 1]);
    expect(parts.summary).toEqual(whole.summary);
    expect(parts.summary).toMatchObject({ records: 5 * CHUNK_SIZE, accepted: 5 * CHUNK_SIZE, rejected: [] });
    // Three parts of 5/3 chunks' alerts: a full chunk and a partial one each.
    expect(parts.chunks).toBe(6);
    expect(parts.alerts.size).toBe(5 * CHUNK_SIZE);
    expectLinesMatch(parts.alerts, lines);
    for (const [id, a] of whole.alerts) expect(parts.alerts.get(id)).toEqual(a);
  });

  it('stops every part when the import is cancelled, and every other part when one fails', async () => {
    const lines = [...syntheticLines(6_000, 0)];
    const file = fileOf('synthetic.ndjson', lines);
    const graph = { ...RUN, options: { format: 'graph' } };
    const dbs: CaseDb[] = [];
    const run = async (reader: FileImportContext['reader'], signal: AbortSignal, onChunk: () => void) => {
      const db = new CaseDb(`stop-${dbs.length}`, { indexedDB: new IDBFactory(), IDBKeyRange });
      dbs.push(db);
      await db.open();
      let seq = 0;
      return importSource(file, {
        db,
        read: graph,
        adapters: ADAPTERS,
        ...(reader ? { reader } : {}),
        signal,
        now: () => Date.now(),
        progress: () => undefined,
        sink: { claim: () => true, nextSeq: () => ++seq, onDuplicate: () => undefined, onChunkWritten: onChunk },
      }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    };
    const cancel = new AbortController();
    const a = splitReader(2);
    const cancelled = await run(a.reader, cancel.signal, () => cancel.abort());
    expect(cancelled?.name).toBe('AbortError');
    expect(a.workers.map((w) => w.sent.some((m) => m.t === 'cancel'))).toEqual([true, true]);
    // The second worker crashes once the first chunk is stored: the read fails and the first part is stopped.
    const b = splitReader(2);
    const failed = await run(b.reader, new AbortController().signal, () => b.workers[1]?.fail('out of memory'));
    expect(failed?.message).toMatch(/Reading synthetic\.ndjson failed: out of memory/);
    expect(b.workers[0]?.sent.some((m) => m.t === 'cancel')).toBe(true);
    for (const db of dbs) db.close();
  });
});

describe('cutPoints', () => {
  it('cuts later parts shorter, so that counting the bytes before a part and reading it take the same time', () => {
    const size = 1_000_000;
    for (const count of [2, 3, 4]) {
      const starts = cutPoints(size, count, 0.15);
      expect(starts[0]).toBe(0);
      const lengths = starts.map((s, k) => (starts[k + 1] ?? size) - s);
      // Counting costs 0.15 of reading per byte: each part's time, in bytes read, is the same.
      const times = lengths.map((len, k) => len + 0.15 * (starts[k] ?? 0));
      for (const t of times) expect(Math.abs(t - (times[0] ?? 0))).toBeLessThan(count);
      for (let k = 1; k < count; k++) expect(lengths[k]).toBeLessThan(lengths[k - 1] ?? 0);
    }
    expect(cutPoints(size, 2, 0)).toEqual([0, size / 2]);
  });
});

describe('mergeSummaries', () => {
  it('lists the parts’ rejects in file order up to the cap and counts the rest in one line', () => {
    const reject = (record: number) => ({ file: 'f', record, field: '', reason: 'bad' });
    const end = (records: number, rejected: number[], unlisted?: number, error?: string): Extract<ReadEvent, { kind: 'file' }> => ({
      kind: 'file',
      summary: { file: 'f', format: 'wazuh', confidence: 1, records, accepted: 0, duplicates: 0, rejected: rejected.map(reject), ...(error ? { error } : {}) },
      ...(unlisted ? { unlisted } : {}),
    });
    const first = Array.from({ length: MAX_REJECTS_LISTED - 2 }, (_, i) => i + 1);
    const merged = mergeSummaries([end(20_000, first), end(30_000, [20_001, 20_002, 20_003, 20_004], 7, 'Could not read the file: gone')], 0.8);
    expect(merged.records).toBe(50_000);
    expect(merged.confidence).toBe(0.8);
    expect(merged.rejected).toHaveLength(MAX_REJECTS_LISTED + 1);
    expect(merged.rejected.slice(MAX_REJECTS_LISTED - 3, MAX_REJECTS_LISTED).map((r) => r.record)).toEqual([MAX_REJECTS_LISTED - 2, 20_001, 20_002]);
    expect(merged.rejected.at(-1)?.reason).toBe('…and 9 more rejected records');
    expect(merged.error).toBe('Could not read the file: gone');
    expect(mergeSummaries([end(5, [2]), end(5, [])], 0.8).rejected).toEqual([reject(2)]);
  });
});
