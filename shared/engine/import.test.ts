// The import pipeline on its own: pipelined chunk writes keep every record, and a failed write fails the whole
// import (never a per-file note) only after every write it started has settled, so a rollback cannot race one.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import { ADAPTERS } from '#shared/ingest/adapters/index';
import { CaseDb } from '#shared/store/db';
import { syntheticLines } from '../../bench/synthetic';
import { CHUNK_SIZE, ChunkAlerts } from './chunk';
import type { FileImportContext } from './import';
import { importSource, StorageWriteError } from './import';
import { workerReader } from './reader-worker';
import { channelWorker } from './test-support';

/** Three full chunks and a half one. */
const N = 3.5 * CHUNK_SIZE;
const HALF = CHUNK_SIZE / 2;
const source = () => {
  const blob = new Blob([...syntheticLines(N, 0)]);
  return { name: 'synthetic.ndjson', size: blob.size, blob };
};

const context = (db: CaseDb, written: string[][], more: Partial<FileImportContext> = {}): FileImportContext => {
  let seq = 0;
  const known = new Set<string>();
  return {
    db,
    read: { importId: 'imp-test' as ImportId, options: { format: 'graph' }, suppression: { rules: [], at: 0 } },
    adapters: ADAPTERS,
    signal: new AbortController().signal,
    now: () => Date.now(),
    progress: () => undefined,
    sink: {
      claim: (id) => !known.has(id) && !!known.add(id),
      nextSeq: () => ++seq,
      onDuplicate: () => undefined,
      onChunkWritten: (chunk) => written.push(chunk.ids),
    },
    ...more,
  };
};

describe('importSource', () => {
  it('writes every alert in full chunks, with each verbatim record kept beside its alert', async () => {
    const db = new CaseDb('ok', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    const written: string[][] = [];
    const [summary] = await importSource(source(), context(db, written));
    expect(summary).toMatchObject({ records: N, accepted: N, rejected: [] });
    expect(written.map((ids) => ids.length)).toEqual([CHUNK_SIZE, CHUNK_SIZE, CHUNK_SIZE, HALF]);
    expect(await db.alertChunks.count()).toBe(4);
    const body = await db.alertBodies.get(4);
    const alerts = body ? (await ChunkAlerts.load(await db.alertChunks.get(4), await db.alertCorr.get(4), body)).all() : [];
    expect(alerts).toHaveLength(HALF);
    const lines = [...syntheticLines(N, 0)];
    // The stored record is the file's line, verbatim; the body's JSON repeats neither it nor the columns.
    expect(alerts[HALF - 1]?.raw).toBe(lines[N - 1]?.trimEnd());
    expect(body?.rests?.[HALF - 1]).not.toContain('"evidence"');
    expect(body?.rests?.[HALF - 1]).not.toContain('"title"');
    // Its single origin, in the chunk's import and file, is stored as the record number alone and read back whole.
    expect(body?.rests?.[HALF - 1]).not.toContain('"origins"');
    expect(JSON.parse(body?.rests?.[HALF - 1] ?? '{}')).toMatchObject({ r: N });
    expect(alerts[HALF - 1]?.origins).toEqual([{ importId: 'imp-test', file: source().name, record: N }]);
    expect(alerts[HALF - 1]?.classification).toBe('unknown');
    expect(alerts[HALF - 1]?.remediation).toEqual([]);
    expect(alerts[HALF - 1]?.title).toBe((JSON.parse(lines[N - 1] ?? '{}') as { title: string }).title);
    expect(alerts[HALF - 1]?.id).toBe(written[3]?.[HALF - 1]);
    db.close();
  });

  it('fails the import when a chunk write fails, after all started writes have settled', async () => {
    const db = new CaseDb('broken', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    // The second chunk's transaction fails inside the storage layer (as a full disk makes it).
    let calls = 0;
    const idb = db.backendDB();
    const failing = {
      transaction: (stores: string[], mode: IDBTransactionMode) => {
        const tx = idb.transaction(stores, mode);
        if (++calls === 2) {
          tx.objectStore('alertChunks').add({ seq: 1e9, importId: 'x' });
          tx.objectStore('alertChunks').add({ seq: 1e9, importId: 'x' }); // a constraint error aborts the transaction
        }
        return tx;
      },
    };
    db.backendDB = () => failing as unknown as IDBDatabase;
    const written: string[][] = [];
    const error = await importSource(source(), context(db, written)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageWriteError);
    expect(String((error as Error).message)).toMatch(/ConstraintError|Storage write failed/);
    // Every write that was started has finished: nothing lands after the failure is reported.
    const stored = await db.alertChunks.count();
    await new Promise((r) => setTimeout(r, 50));
    expect(await db.alertChunks.count()).toBe(stored);
    expect(stored).toBe(calls - 1);
    db.close();
  });

  it('stores the same rows when a reader worker parses, and counts a repeated record once', async () => {
    const lines = [...syntheticLines(2.5 * CHUNK_SIZE, 0)];
    const withRepeat = [...lines, lines[10] ?? '', lines[2_400] ?? ''];
    const run = async (name: string, more: Partial<FileImportContext>) => {
      const db = new CaseDb(name, { indexedDB: new IDBFactory(), IDBKeyRange });
      await db.open();
      const written: string[][] = [];
      const blob = new Blob(withRepeat);
      const [summary] = await importSource({ name: 'x.ndjson', size: blob.size, blob }, context(db, written, more));
      const bodies = await Promise.all((await db.alertBodies.toArray()).map(async (b) => [b.rests, [...(b.recordSpans ?? [])], await b.records?.text()]));
      const chunks = (await db.alertChunks.toArray()).map((c) => ({ ids: c.ids, times: [...c.times], dict: c.metaDict, codes: [...(c.metaCodes ?? [])], entities: [...(c.entityCount ?? [])] }));
      const corr = (await db.alertCorr.toArray()).map((c) => c.corr);
      db.close();
      return { summary, written, bodies, chunks, corr };
    };
    const local = await run('local', {});
    const worker = channelWorker();
    const remote = await run('remote', { reader: workerReader(() => worker) });
    expect(local.summary).toMatchObject({ records: 2.5 * CHUNK_SIZE + 2, accepted: 2.5 * CHUNK_SIZE, duplicates: 2, rejected: [] });
    expect(remote.summary).toEqual(local.summary);
    expect(remote.written.map((ids) => ids.length)).toEqual([CHUNK_SIZE, CHUNK_SIZE, HALF]);
    expect(remote.chunks).toEqual(local.chunks);
    expect(remote.bodies).toEqual(local.bodies);
    expect(remote.corr).toEqual(local.corr);
    worker.terminate();
  });

  it('lets the reader worker go on release once the reads under way end, and starts a fresh one for the next read', async () => {
    const spawned: ReturnType<typeof channelWorker>[] = [];
    const reader = workerReader(() => {
      const w = channelWorker();
      spawned.push(w);
      return w;
    });
    const readAll = async (name: string, onEvent?: () => void) => {
      const db = new CaseDb(name, { indexedDB: new IDBFactory(), IDBKeyRange });
      await db.open();
      const ctx = context(db, [], { reader, sink: { ...context(db, []).sink, onChunkWritten: () => onEvent?.() } });
      const [summary] = await importSource(source(), ctx);
      db.close();
      return summary;
    };
    // Released during a read: the worker serves that read to its end, then stops.
    let releasedDuring = false;
    const first = await readAll('release-1', () => {
      if (!releasedDuring) {
        releasedDuring = true;
        reader.release?.();
        expect(spawned[0]?.closed()).toBe(false);
      }
    });
    expect(first).toMatchObject({ records: N, accepted: N });
    expect(spawned).toHaveLength(1);
    expect(spawned[0]?.closed()).toBe(true);
    // The next read spawns a new worker; released when idle, it stops at once.
    expect(await readAll('release-2')).toMatchObject({ records: N, accepted: N });
    expect(spawned).toHaveLength(2);
    expect(spawned[1]?.closed()).toBe(false);
    reader.release?.();
    expect(spawned[1]?.closed()).toBe(true);
  });

  it('stops the reader worker when the import is cancelled', async () => {
    const db = new CaseDb('cancel', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    const controller = new AbortController();
    const written: string[][] = [];
    const worker = channelWorker();
    const ctx = context(db, written, { reader: workerReader(() => worker), signal: controller.signal });
    const error = await importSource(source(), {
      ...ctx,
      sink: { ...ctx.sink, onChunkWritten: (chunk) => (written.push(chunk.ids), written.length === 2 && controller.abort()) },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe('AbortError');
    expect(written.length).toBe(2);
    worker.terminate();
    db.close();
  });
});
