// The import pipeline on its own: pipelined chunk writes keep every record, and a failed write fails the whole
// import (never a per-file note) only after every write it started has settled, so a rollback cannot race one.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import { ADAPTERS } from '#shared/ingest/adapters/index';
import { CaseDb } from '#shared/store/db';
import { syntheticLines } from '../../bench/synthetic';
import { unpackBody } from './chunk';
import type { FileImportContext } from './import';
import { importSource, StorageWriteError } from './import';

const N = 3_500;
const source = () => {
  const blob = new Blob([...syntheticLines(N, 0)]);
  return { name: 'synthetic.ndjson', size: blob.size, blob };
};

const context = (db: CaseDb, written: string[][]): FileImportContext => {
  let seq = 0;
  return {
    db,
    importId: 'imp-test' as ImportId,
    adapters: ADAPTERS,
    options: { format: 'graph' },
    signal: new AbortController().signal,
    now: () => Date.now(),
    progress: () => undefined,
    sink: {
      isKnown: () => false,
      nextSeq: () => ++seq,
      onDuplicate: () => undefined,
      onChunkWritten: (chunk) => written.push(chunk.ids),
    },
  };
};

describe('importSource', () => {
  it('writes every alert in 1,000-alert chunks, with each verbatim record kept beside its alert', async () => {
    const db = new CaseDb('ok', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    const written: string[][] = [];
    const [summary] = await importSource(source(), context(db, written));
    expect(summary).toMatchObject({ records: N, accepted: N, rejected: [] });
    expect(written.map((ids) => ids.length)).toEqual([1000, 1000, 1000, 500]);
    expect(await db.alertChunks.count()).toBe(4);
    const body = await db.alertBodies.get(4);
    const alerts = body ? unpackBody(body) : [];
    expect(alerts).toHaveLength(500);
    const lines = [...syntheticLines(N, 0)];
    // The stored record is the file's line, verbatim; the JSON part does not repeat it.
    expect(alerts[499]?.raw).toBe(lines[N - 1]?.trimEnd());
    expect(body?.alerts?.[499]).not.toContain('"evidence"');
    expect(body?.alerts?.[499]).toContain('"title"');
    expect(alerts[499]?.id).toBe(written[3]?.[499]);
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
});
