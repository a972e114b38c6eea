// The engine: one implementation of EngineHandlers, hosted in the renderer's worker and in the CLI.
import type { ActivityEntry, Alert, AlertTriage, Comment, EntityType, ImportId, Incident } from '#shared/model/index';
import { ATTACK_SOURCE, SEVERITIES, stableHash } from '#shared/model/index';
import { canDetach, detach } from '#shared/model/arrays';
import { StringSet } from '#shared/model/string-index';
import type { SourceAdapter } from '#shared/ingest/types';
import { AlertIndex } from '#shared/store/alert-index';
import type { AlertColumnsInput } from '#shared/store/alert-index';
import type { AlertChunkRow, AlertCorrRow, ImportRow, OriginRow } from '#shared/store/db';
import { CaseDb, INCIDENTS_PER_CHUNK } from '#shared/store/db';
import type {
  AlertFilter,
  AlertPatch,
  AlertRow,
  EngineEvents,
  ImportOptions,
  ImportSource,
  ImportSummary,
  IncidentPatch,
  IncidentRow,
  Page,
  SavedFilter,
  GenericMapping,
} from './api';
import { detectSource, importSource } from './import';
import type { SourceReader } from './import';
import type { EngineImpl } from './rpc';
import { IncidentStore, storedIncidents } from './incidents';
import { IncidentTable } from './incident-table';
import type { Table } from 'dexie';
import { createRespond } from './respond';
import { alertRowAt } from './rows';
import { ChunkAlerts, CHUNK_SIZE, metaOf, packChunk } from './chunk';
import { correlationAlertAt, correlationBatch } from './read';
import type { CaseSnapshot } from '#shared/report/index';
import { emptySnapshot } from '#shared/report/index';
import type { CompactEntity } from './chunk';
import { EntityIndex, allKeys, fromCompact, mergeEntities } from './entities';
import type { AlertPin, CorrelationAlert, CorrelationSettings } from '#shared/correlate/index';
import { correlationEntities } from '#shared/correlate/index';

export const ENGINE_VERSION = '0.1.0';
export const DEFAULT_ANALYST = 'analyst';

export type EngineDeps = {
  dbName: string;
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  adapters: readonly SourceAdapter[];
  demoFiles: () => { name: string; text: string }[];
  emit: <K extends keyof EngineEvents>(name: K, payload: EngineEvents[K]) => void;
  now?: () => number;
  /** Phase timings for benches and diagnostics. */
  trace?: (phase: string, ms: number) => void;
  /**
   * Reads import sources off this thread (a reader worker, see `reader-worker.ts`), so parsing and normalising
   * overlap with storage and correlation input; without it the engine reads in its own thread.
   */
  reader?: SourceReader;
};

export type Engine = EngineImpl & { close(): void; readonly index: AlertIndex };

/** A stored chunk's columns as the in-memory index takes them. */
const columnsOf = (c: AlertChunkRow): AlertColumnsInput => ({ seq: c.seq, ids: c.ids, times: c.times, severity: c.severity, status: c.status, meta: metaOf(c) });

/** The correlation input of every alert of a chunk, from its columns (same result as toCorrelationAlert). */
export const correlationAlertsOf = (c: AlertChunkRow, input: AlertCorrRow | undefined): CorrelationAlert[] => {
  const meta = metaOf(c);
  const corr = JSON.parse(input?.corr ?? c.corr ?? '[]') as CompactEntity[][];
  return c.ids.map((_, i) => correlationAlertAt(c, meta, i, correlationEntities((corr[i] ?? []).map(fromCompact))));
};

/** Where an already-known alert was met again (its other origin is recorded). */
type DuplicateOrigin = { id: string; origin: Alert['origins'][number] };

/**
 * Ask V8 for a full collection soon, where JavaScript cannot call one: allocate a 1 GB buffer and give it back at once.
 * V8 counts array buffers as external memory and starts a full collection when that grows past its limit; the buffer's
 * pages are never touched, so never resident (0.3 ms in Chromium, resident memory unchanged). A large import calls it
 * when its files are read: the read phase's garbage (the reader messages, which only a full collection frees) then
 * goes before the final correlation allocates on top of it, the import's peak of memory (fourteenth benchmark round:
 * peak PSS 1,526–1,702 MB in four 1M runs against 1,589–1,984 MB without, interleaved). Where buffers cannot be
 * given back at once (Node 20: no `transfer`), it does nothing rather than hold a gigabyte of address space.
 */
const collectSoon = (): void => {
  if (!canDetach()) return;
  try {
    detach(new Uint8Array(1 << 30));
  } catch {
    // No address space for it: nothing to ask with.
  }
};

export const createEngine = async (deps: EngineDeps): Promise<Engine> => {
  const now = deps.now ?? (() => Date.now());
  const dbOpts = { ...(deps.indexedDB ? { indexedDB: deps.indexedDB } : {}), ...(deps.IDBKeyRange ? { IDBKeyRange: deps.IDBKeyRange } : {}) };
  // Analyst work (incidents, comments, triage) is written durably; bulk alert chunks are re-importable.
  const db = new CaseDb(deps.dbName, { ...dbOpts, durability: 'strict' });
  const bulk = new CaseDb(deps.dbName, { ...dbOpts, durability: 'relaxed' });
  await db.open();
  await bulk.open();

  const index = new AlertIndex();
  const incidents = new IncidentStore();
  const running = new Map<string, AbortController>();
  let analyst = DEFAULT_ANALYST;
  let maxSeq = 0;
  let recovered: string | undefined;

  /**
   * Every row of a chunk table in key order, `batch` rows per read with `depth` reads in flight, handed to `take`
   * batch by batch: the database reads ahead while the worker copies rows in. Returns the time spent waiting for
   * reads and the time in `take`.
   */
  const readAll = async <T>(table: Table<T, number>, batch: number, depth: number, take: (rows: T[]) => void): Promise<{ waitMs: number; takeMs: number }> => {
    const keys = await table.orderBy(':id').primaryKeys();
    const reads: Promise<(T | undefined)[]>[] = [];
    let asked = 0;
    const ask = (): void => {
      if (asked < keys.length) {
        const read = table.bulkGet(keys.slice(asked, asked + batch));
        // A read left in flight when an earlier one fails (the case closed while it opened) fails unawaited.
        read.catch(() => undefined);
        reads.push(read);
      }
      asked += batch;
    };
    for (let d = 0; d < depth; d++) ask();
    let waitMs = 0;
    let takeMs = 0;
    while (reads.length) {
      const t = performance.now();
      const rows = await reads.shift();
      ask();
      const t1 = performance.now();
      take((rows ?? []).filter((r): r is T => r !== undefined));
      const t2 = performance.now();
      waitMs += t1 - t;
      takeMs += t2 - t1;
    }
    return { waitMs, takeMs };
  };

  /** Stored incidents into memory: columns are copied in (rows of older cases hold JSON). */
  const loadIncidents = async (): Promise<void> => {
    incidents.load([]);
    // The dictionary first: chunks written since schema v4 hold codes into it.
    for (const row of await db.incidentStrings.orderBy(':id').toArray()) incidents.addStrings(row.start, row.strings);
    const { waitMs, takeMs } = await readAll(db.incidentChunks, 25, 3, (rows) => incidents.append(rows.map(storedIncidents)));
    deps.trace?.('open: incidents, waiting for reads', waitMs);
    deps.trace?.('open: incidents, copying in', takeMs);
  };

  /** Roll back imports a crash left half-written: their chunks go, and the row says what happened. */
  const rollBackInterrupted = async (): Promise<void> => {
    const interrupted = await db.imports.where('state').equals('running').toArray();
    for (const imp of interrupted) {
      await db.transaction('rw', [db.alertChunks, db.alertBodies, db.alertCorr, db.imports], async () => {
        await db.alertChunks.where('importId').equals(imp.id).delete();
        await db.alertBodies.where('importId').equals(imp.id).delete();
        await db.alertCorr.where('importId').equals(imp.id).delete();
        await db.imports.update(imp.id, { state: 'failed', finishedAt: now(), note: 'Interrupted (the app closed or crashed during the import); its partial alerts were removed.' });
      });
    }
    if (interrupted.length) recovered = `${interrupted.length} interrupted import(s) were rolled back.`;
  };

  /** The alert index (the alert queue) and the analyst's triage over it. */
  const loadAlertIndex = async (): Promise<void> => {
    const t0 = performance.now();
    const read = await readAll(db.alertChunks, 25, 3, (rows) => {
      for (const c of rows) {
        appendChunk(c);
        maxSeq = Math.max(maxSeq, c.seq);
      }
    });
    deps.trace?.('open: alert index', performance.now() - t0);
    deps.trace?.('open: alert index, waiting for reads', read.waitMs);
    const t2 = performance.now();
    await loadTriage();
    deps.trace?.('open: triage', performance.now() - t2);
  };

  /**
   * Opening a case: the engine answers once interrupted imports are rolled back, and loads the rest behind its
   * requests. The incidents first: the incident queue is the app's first view of a non-empty case, and it answers from
   * them alone (`incidents/query` waits only for `incidentsReady`). The alert index after them, not beside them: read
   * together, both wait for the browser's reads of both (measured in the thirteenth round). Every other request waits
   * for both (see the end of `createEngine`).
   */
  const open = async (): Promise<void> => {
    await rollBackInterrupted();
    const a = await db.settings.get('analyst');
    if (a && typeof a.value === 'string') analyst = a.value;
    incidentsReady = (async () => {
      const t1 = performance.now();
      await loadIncidents();
      deps.trace?.('open: incidents', performance.now() - t1);
    })();
    // While the alert index is read, the incidents' alert ids are hashed in the worker's waits for those reads, so the
    // alert queue's first page finds its alerts' incidents without indexing every alert first (`incidentsOfAlerts`).
    incidentsReady
      .then(() => new Promise((r) => setTimeout(r, 0)))
      .then(() => betweenRequests(0, (upto) => incidents.hashAlerts(upto)))
      .catch(() => undefined);
    allReady = incidentsReady
      .catch(() => undefined)
      .then(loadAlertIndex)
      .then(async () => {
        await incidentsReady;
        // Alert and incident ids are hashed, and alerts mapped to their incidents, once both queues can answer (a queue
        // page scans for its alerts' incidents until then: `incidentsOfAlerts`).
        indexAllBetweenRequests();
      });
    incidentsReady.catch(() => undefined);
    allReady.catch(() => undefined);
  };
  let incidentsReady: Promise<void> = Promise.resolve();
  let allReady: Promise<void> = Promise.resolve();

  const appendChunk = (c: AlertChunkRow): void => index.append(columnsOf(c));
  /** Run `step` 50,000 items further at a time from `from`, yielding to requests in between, until it says done. */
  const betweenRequests = async (from: number, step: (upto: number) => boolean): Promise<void> => {
    for (let upto = from + 50_000; !step(upto); upto += 50_000) await new Promise((r) => setTimeout(r, 0));
  };
  /** Hash the alert ids (a lookup finishes the rest at once). */
  const indexIdsBetweenRequests = (): Promise<void> => betweenRequests(0, (upto) => index.indexIds(upto));
  /** Hash the incident ids a first correlation put in the table without (a lookup finishes the rest at once). */
  const indexIncidentIdsBetweenRequests = (): Promise<void> => betweenRequests(0, (upto) => incidents.indexIds(upto));
  /** Index each alert's incident (the alert queue's rows name it; a lookup finishes the rest at once). */
  const indexIncidentAlertsBetweenRequests = (): Promise<void> => betweenRequests(incidents.indexedAlerts(), (upto) => incidents.indexAlerts(upto));
  /** Alert ids, then incident ids, then each alert's incident, between requests (after an open or an import). */
  const indexAllBetweenRequests = (): void => void indexIdsBetweenRequests().then(indexIncidentIdsBetweenRequests).then(indexIncidentAlertsBetweenRequests);

  /** Analyst triage (sparse): cached for the queue's rows and applied over the source statuses in the index. */
  const triageCache = new Map<string, AlertTriage>();
  const loadTriage = async (): Promise<void> => {
    triageCache.clear();
    for (const t of await db.triage.toArray()) {
      triageCache.set(t.id, t);
      const p = index.positionOf(t.id);
      if (p !== undefined) index.setStatus(p, t.status);
    }
  };

  await open();

  /** The stored rows of some chunks, read together (an alert is put back together from all three). */
  const chunkAlerts = async (seqs: readonly number[], slotsOf?: ReadonlyMap<number, readonly number[]>): Promise<Map<number, ChunkAlerts>> => {
    const [chunks, corr, bodies] = await db.transaction('r', db.alertChunks, db.alertCorr, db.alertBodies, () =>
      Promise.all([db.alertChunks.bulkGet([...seqs]), db.alertCorr.bulkGet([...seqs]), db.alertBodies.bulkGet([...seqs])]),
    );
    const out = new Map<number, ChunkAlerts>();
    await Promise.all(
      seqs.map(async (seq, i) => {
        const body = bodies[i];
        if (body) out.set(seq, await ChunkAlerts.load(chunks[i], corr[i], body, slotsOf?.get(seq)));
      }),
    );
    return out;
  };
  // Recently read chunks (one read serves neighbouring rows of a page); each alert is parsed on its own.
  const bodyCache = new Map<number, ChunkAlerts | undefined>();
  const bodyRow = async (seq: number): Promise<ChunkAlerts | undefined> => {
    if (bodyCache.has(seq)) return bodyCache.get(seq);
    const row = (await chunkAlerts([seq])).get(seq);
    bodyCache.set(seq, row);
    if (bodyCache.size > 8) bodyCache.delete(bodyCache.keys().next().value as number);
    return row;
  };
  const getAlert = async (id: string): Promise<Alert | undefined> => {
    const p = index.positionOf(id);
    if (p === undefined) return undefined;
    return (await bodyRow(index.chunk[p]))?.alert(index.slot[p]);
  };

  /** Filters on the analyst's triage fields (assignee, classification, determination, suppression). */
  const triageTest = (f: AlertFilter): ((p: number) => boolean) | undefined => {
    const assigned = f.assignedTo?.length ? new Set(f.assignedTo) : undefined;
    const classes = f.classifications?.length ? new Set<string>(f.classifications) : undefined;
    const dets = f.determinations?.length ? new Set<string>(f.determinations) : undefined;
    if (!assigned && !classes && !dets && f.suppressed === undefined) return undefined;
    return (p) => {
      const t = triageCache.get(index.ids[p]);
      if (assigned && !assigned.has(t?.assignedTo ?? '')) return false;
      if (classes && !classes.has(t?.classification ?? 'unknown')) return false;
      if (dets && !dets.has(t?.determination ?? 'unknown')) return false;
      if (f.suppressed !== undefined && !!t?.suppressedBy !== f.suppressed) return false;
      return true;
    };
  };

  /** A page of the alert queue: each row names its incident. */
  const alertRows = (positions: readonly number[]): AlertRow[] => {
    const ids = positions.map((p) => index.ids[p] ?? '');
    const of = incidents.incidentsOfAlerts(ids);
    return positions.map((p, k) => alertRowAt(index, p, triageCache.get(ids[k] ?? ''), of[k]));
  };

  const log = (entries: ActivityEntry[]): Promise<unknown> => (entries.length ? db.activity.bulkAdd(entries) : Promise.resolve());

  const runImport = async (sources: ImportSource[], options: ImportOptions = {}): Promise<ImportSummary> => {
    const importId = `imp-${now().toString(36)}-${stableHash(sources.map((s) => s.name).join('|') + Math.random()).slice(0, 6)}` as ImportId;
    const controller = new AbortController();
    running.set(importId, controller);
    const importStarted = performance.now();
    const startedAt = now();
    const row: ImportRow = { id: importId, startedAt, state: 'running' };
    await db.imports.put(row);
    // Correlate against the whole case: build the correlator before this import's chunks are written.
    await ensureCorrelator();
    // Only what correlation needs is kept of each new alert (suppressed ones start no incident), and a large import
    // hands it to the correlator chunk by chunk: it never holds its full alerts, which are in storage already. From
    // then until it has correlated, the correlator is this import's alone (`importBusy`).
    const pending: AlertChunkRow[] = [];
    let appended = false;
    let busy: Promise<void> | undefined;
    let done = (): void => undefined;
    const release = (): void => {
      if (busy && importBusy === busy) importBusy = undefined;
      done();
    };
    const input = incidents.importInput({
      mayStream: () => importBusy === undefined,
      streaming: () => {
        busy = new Promise<void>((r) => (done = r));
        importBusy = busy;
      },
    });
    const suppression = await respond.importSuppression();
    // The ids this import has claimed (an alert in two of its files, or twice in one, is written once).
    let seenNow = new StringSet();
    let acceptedBefore = 0;
    const duplicateOrigins: DuplicateOrigin[] = [];
    const summary: ImportSummary = { importId, startedAt, finishedAt: startedAt, state: 'done', files: [], incidentsTouched: 0 };
    try {
      for (const source of sources) {
        const files = await importSource(source, {
          db: bulk,
          read: { importId, options, suppression: { rules: suppression.rules, at: suppression.at } },
          adapters: deps.adapters,
          ...(deps.reader ? { reader: deps.reader } : {}),
          signal: controller.signal,
          now,
          progress: (p) => {
            // The import's alerts estimated from the share of the file read so far (refined as it is read), so
            // the correlator's arrays and tables are allocated once at their final size instead of doubling.
            if (p.bytesRead > 0 && p.bytesTotal > p.bytesRead && p.records >= 2000) {
              const expected = acceptedBefore + Math.ceil((p.records * p.bytesTotal) / p.bytesRead);
              input.expect(expected);
              seenNow.reserve(expected);
            }
            deps.emit('import/progress', { importId, ...p });
          },
          sink: {
            claim: (id) => !index.has(id) && seenNow.add(id),
            nextSeq: () => ++maxSeq,
            onDuplicate: (id, origin) => {
              if (origin) duplicateOrigins.push({ id, origin });
            },
            onChunkWritten: (chunk, alerts, keep) => {
              pending.push(chunk);
              const fresh: number[] = [];
              for (const s of keep) {
                const rule = alerts.suppressedBy[s];
                if (rule) suppression.hit(rule, alerts.ids[s]);
                else fresh.push(s);
              }
              input.push(correlationBatch(alerts, fresh));
            },
          },
        });
        summary.files.push(...files);
        for (const f of files) acceptedBefore += f.accepted;
      }
      // Every file is read: the reader's heap goes before the final correlation, the import's peak of memory.
      deps.reader?.release?.();
      if (controller.signal.aborted) throw new DOMException('Import cancelled', 'AbortError');
      // Make the new alerts queryable, then correlate them and commit the journal in one durable transaction.
      appended = pending.length > 0;
      index.reserve(index.count + pending.reduce((n, c) => n + c.count, 0));
      for (const chunk of pending) appendChunk(chunk);
      // Neither the rows (the index holds their columns now) nor the claimed ids are needed past this point: let them
      // go before correlation, the import's peak of memory, rather than when the import returns.
      pending.length = 0;
      seenNow = new StringSet();
      // A full collection now, before the final correlation (see `collectSoon`); a small import's garbage is small.
      if (acceptedBefore > 200_000) collectSoon();
      const trace = deps.trace;
      let mark = importStarted;
      const lap = (phase: string): void => {
        const t = performance.now();
        trace?.(phase, t - mark);
        mark = t;
      };
      lap('read, normalise and store chunks');
      // Suppressed alerts are kept as evidence (resolved, with the rule recorded) but start no incident.
      await suppression.commit();
      lap('suppression');
      // Another import streaming into the correlator goes first.
      while (importBusy && importBusy !== busy) await importBusy;
      const change = input.finish(now());
      lap('correlate');
      summary.incidentsTouched = change.changed.length;
      summary.finishedAt = now();
      const origins = await newOrigins(duplicateOrigins);
      await db.transaction('rw', [db.imports, db.incidentChunks, db.incidentStrings, db.origins, db.activity], async () => {
        await writeIncidents(change.changed, change.slots);
        if (origins.length) await db.origins.bulkAdd(origins);
        await log(change.activity);
        await db.imports.put({ ...row, state: 'done', finishedAt: summary.finishedAt, summary: JSON.stringify(summary) });
      });
      lap('persist incidents');
      release();
      // The new alerts' ids are hashed between requests once the import is committed, not in its own waits (a third
      // of a second at a million alerts on its critical path); a lookup finishes the rest at once meanwhile.
      indexAllBetweenRequests();
      const created = new Set(change.created);
      await respond.automate('incidentCreated', change.created);
      await respond.automate('incidentUpdated', change.changed.filter((id) => !created.has(id)));
      deps.emit('store/changed', { what: 'all' });
      return summary;
    } catch (e) {
      deps.reader?.release?.();
      const cancelled = controller.signal.aborted;
      // Roll back: remove this import's chunks from storage and from memory (the correlator too, if it took any).
      const state = input.abandon();
      if (state !== 'untouched') correlatorReady = undefined;
      if (state === 'adopted') await loadIncidents();
      await bulk.transaction('rw', bulk.alertChunks, bulk.alertBodies, bulk.alertCorr, async () => {
        await bulk.alertChunks.where('importId').equals(importId).delete();
        await bulk.alertBodies.where('importId').equals(importId).delete();
        await bulk.alertCorr.where('importId').equals(importId).delete();
      });
      summary.state = cancelled ? 'cancelled' : 'failed';
      summary.finishedAt = now();
      await db.imports.put({ ...row, state: summary.state, finishedAt: summary.finishedAt, summary: JSON.stringify(summary), note: cancelled ? 'Cancelled by the analyst; nothing was kept.' : `Failed: ${e instanceof Error ? e.message : String(e)}; nothing was kept.` });
      if (appended) {
        // Appended before the failure: rebuild the in-memory index from what is stored.
        await reloadIndex();
      }
      if (!cancelled) throw e;
      return summary;
    } finally {
      release();
      running.delete(importId);
    }
  };

  /** The same alert in another export is one alert with both origins; the same file again adds nothing. */
  const newOrigins = async (dups: readonly DuplicateOrigin[]): Promise<OriginRow[]> => {
    const rows: OriginRow[] = [];
    const seen = new Set<string>();
    for (const a of dups) {
      const origin = a.origin;
      const p = index.positionOf(a.id);
      if (p === undefined || index.fileOf(p) === origin.file || seen.has(`${a.id}\u0000${origin.file}`)) continue;
      seen.add(`${a.id}\u0000${origin.file}`);
      const extra = await db.origins.where('alertId').equals(a.id).toArray();
      if (!extra.some((o) => o.file === origin.file)) rows.push({ alertId: a.id, importId: origin.importId, file: origin.file, record: origin.record });
    }
    return rows;
  };

  const reloadAll = async (): Promise<void> => {
    await reloadIndex();
    await loadTriage();
    await loadIncidents();
    correlatorReady = undefined;
    entities = undefined;
    bodyCache.clear();
    maxSeq = ((await db.alertChunks.orderBy('seq').lastKey()) as number | undefined) ?? 0;
  };

  const reloadIndex = async (): Promise<void> => {
    const fresh = new AlertIndex();
    await readAll(db.alertChunks, 25, 3, (rows) => {
      for (const c of rows) fresh.append(columnsOf(c));
    });
    Object.assign(index, fresh);
    void indexIdsBetweenRequests();
  };

  /** Full alerts at index positions, reading each body chunk once. */
  const alertsAt = async (positions: readonly number[]): Promise<Alert[]> => {
    const bySeq = new Map<number, number[]>();
    for (const p of positions) {
      const seq = index.chunk[p];
      const list = bySeq.get(seq) ?? [];
      list.push(index.slot[p]);
      bySeq.set(seq, list);
    }
    const out: Alert[] = [];
    // Rows of a large incident are read once each, not kept: the cache is for the queue's neighbouring rows.
    const seqs = [...bySeq.keys()];
    for (let i = 0; i < seqs.length; i += 50) {
      const missing = seqs.slice(i, i + 50).filter((seq) => !bodyCache.get(seq));
      // Only the wanted alerts' records are read from a chunk they are few of.
      const read = missing.length ? await chunkAlerts(missing, bySeq) : new Map<number, ChunkAlerts>();
      for (const seq of seqs.slice(i, i + 50)) {
        const rows = bodyCache.get(seq) ?? read.get(seq);
        if (!rows) continue;
        for (const s of bySeq.get(seq) ?? []) {
          const a = rows.alert(s);
          if (a) out.push(a);
        }
      }
    }
    return out;
  };

  let entities: EntityIndex | undefined;
  /** Built on first use from the chunks' compact entities, then kept in step with imports. */
  const entityIndex = async (): Promise<EntityIndex> => {
    const ex = entities ?? new EntityIndex();
    entities = ex;
    if (ex.builtTo < index.count) {
      const from = ex.builtTo;
      // First index position of each chunk (a chunk's alerts sit together in the index, in slot order).
      const baseOf = new Map<number, number>();
      for (let p = from; p < index.count; p++) if (index.slot[p] === 0 || p === from) baseOf.set(index.chunk[p], p - index.slot[p]);
      await db.alertCorr.where('seq').anyOf([...baseOf.keys()]).each((c) => {
        const base = baseOf.get(c.seq);
        if (base === undefined) return;
        const corr = JSON.parse(c.corr) as CompactEntity[][];
        corr.forEach((list, i) => {
          if (base + i >= from) ex.add(base + i, list);
        });
      });
      ex.builtTo = index.count;
    }
    return ex;
  };

  const savedMappings = async (): Promise<GenericMapping[]> => {
    const row = await db.settings.get('mappings');
    return Array.isArray(row?.value) ? (row.value as GenericMapping[]) : [];
  };

  const savedFilters = async (): Promise<SavedFilter[]> => {
    const row = await db.settings.get('savedFilters');
    return Array.isArray(row?.value) ? (row.value as SavedFilter[]) : [];
  };

  /**
   * Rewrite the incident chunks that hold these incidents, 8 chunks at a time, each encoded just before it is
   * written, inside the caller's one transaction: an import that creates a million incidents never holds all their
   * columns at once (encoding every chunk first had held a second copy of the incident table at the import's peak).
   */
  const writeIncidents = async (ids: readonly string[], slots?: Int32Array): Promise<void> => {
    const seqs = incidents.chunksFor(ids, INCIDENTS_PER_CHUNK, slots);
    // The strings the chunks name that are not stored yet, read from the database so a write that failed before
    // is made good.
    const last = await db.incidentStrings.orderBy(':id').last();
    const stored = last ? last.start + last.strings.length : 0;
    const fresh = incidents.stringsFrom(stored);
    if (fresh.length) await db.incidentStrings.add({ seq: (last?.seq ?? 0) + 1, start: stored, strings: fresh });
    // Eight chunks a request, and the next eight encoded while storage writes these: at most two requests' rows
    // are held, and the encoding (this thread) overlaps the writing (the storage threads). Once a request is done,
    // its rows' buffers are given back at once.
    let writing: Promise<unknown> | undefined;
    for (let i = 0; i < seqs.length; i += 8) {
      const rows = seqs.slice(i, i + 8).map((seq) => ({ seq, ...incidents.chunkColumns(seq) }));
      const next = db.incidentChunks.bulkPut(rows).then(() => rows.forEach((r) => IncidentTable.release(r)));
      // A failure is thrown where it is awaited (the transaction then fails as a whole), not reported as unhandled.
      next.catch(() => undefined);
      if (writing) await writing;
      writing = next;
    }
    await writing;
  };

  /** Analyst decisions: incidents, the activity log and the pins (which survive every later run) in one transaction. */
  const persistDecision = async (ids: readonly string[], activity: ActivityEntry[]): Promise<void> => {
    await db.transaction('rw', [db.incidentChunks, db.incidentStrings, db.activity, db.settings], async () => {
      await writeIncidents(ids);
      await log(activity);
      await db.settings.put({ key: 'pins', value: incidents.pins() });
    });
  };

  let correlatorReady: Promise<void> | undefined;
  /**
   * Set while an import streams alerts into the correlator (its store then holds alerts not yet correlated): every
   * request that reads or changes the correlator, and other imports' correlation, wait for it.
   */
  let importBusy: Promise<void> | undefined;
  /** Build the correlator from every stored alert on first need (see IncidentStore), batch by batch. */
  const buildCorrelator = (): Promise<void> => {
    correlatorReady ??= (async () => {
      const pinsRow = await db.settings.get('pins');
      const settingsRow = await db.settings.get('correlation');
      const keys = await db.alertChunks.orderBy('seq').primaryKeys();
      const change = await incidents.attachCorrelator(
        async (load) => {
          for (let i = 0; i < keys.length; i += 50) {
            const batch = keys.slice(i, i + 50);
            const [chunks, inputs] = await Promise.all([db.alertChunks.bulkGet(batch), db.alertCorr.bulkGet(batch)]);
            chunks.forEach((c, j) => {
              if (c) load(correlationAlertsOf(c, inputs[j]));
            });
          }
        },
        (settingsRow?.value as Partial<CorrelationSettings> | undefined) ?? {},
        Array.isArray(pinsRow?.value) ? (pinsRow.value as AlertPin[]) : [],
        now(),
        index.count,
      );
      if (change.changed.length) {
        await db.transaction('rw', [db.incidentChunks, db.incidentStrings, db.activity], async () => {
          await writeIncidents(change.changed);
          await log(change.activity);
        });
      }
    })();
    correlatorReady.catch(() => (correlatorReady = undefined));
    return correlatorReady;
  };
  /** The correlator, built, once no import is feeding it. */
  const ensureCorrelator = async (): Promise<void> => {
    for (;;) {
      while (importBusy) await importBusy;
      await buildCorrelator();
      if (!importBusy) return;
    }
  };

  const incidentRow = (i: Incident): IncidentRow => {
    const { alertIds, impactedAssets, ...rest } = i;
    return { ...rest, alertCount: alertIds.length, assets: impactedAssets.map((a) => a.value) };
  };

  /** Analyst or automation edits to incidents (no automation trigger here: callers decide). */
  const updateIncidents = async (ids: readonly string[], patch: IncidentPatch, by: string): Promise<number> => {
    const changed = incidents.update(ids, patch, now(), by);
    await db.transaction('rw', [db.incidentChunks, db.incidentStrings, db.activity], async () => {
      await writeIncidents([...changed.incidents.map((i) => i.id), ...changed.changed]);
      await log(changed.activity);
    });
    return changed.incidents.length;
  };

  const setTriage = async (rows: AlertTriage[], entries: ActivityEntry[]): Promise<void> => {
    await db.transaction('rw', db.triage, db.activity, async () => {
      await db.triage.bulkPut(rows);
      await log(entries);
    });
    for (const r of rows) {
      triageCache.set(r.id, r);
      const p = index.positionOf(r.id);
      if (p !== undefined) index.setStatus(p, r.status);
    }
  };

  const snapshot = async (): Promise<CaseSnapshot> => {
    const snap = emptySnapshot(analyst, now(), ATTACK_SOURCE);
    const seqs = await db.alertBodies.orderBy('seq').primaryKeys();
    for (let i = 0; i < seqs.length; i += 50) {
      const rows = await chunkAlerts(seqs.slice(i, i + 50));
      for (const seq of seqs.slice(i, i + 50)) for (const a of rows.get(seq)?.all() ?? []) snap.alerts.push(a);
    }
    const extra = await db.origins.toArray();
    if (extra.length) {
      const byId = new Map(snap.alerts.map((a) => [a.id, a]));
      for (const o of extra) byId.get(o.alertId as Alert['id'])?.origins.push({ importId: o.importId as ImportId, file: o.file, record: o.record });
    }
    snap.triage = await db.triage.toArray();
    snap.incidents = incidents.all();
    snap.reasons = snap.incidents.flatMap((i) => incidents.reasonsOf(i.id).map((r) => ({ ...r, incidentId: i.id })));
    snap.comments = (await db.comments.toArray()).map(({ id: _id, ...c }) => c);
    snap.activity = (await db.activity.toArray()).map(({ id: _id, ...a }) => a);
    snap.tasks = await db.tasks.toArray();
    snap.suppressionRules = await respond.suppressionRules();
    snap.automationRules = await respond.automationRules();
    snap.playbooks = (await respond.playbooks()).filter((p) => !p.builtIn);
    for (const key of ['correlation', 'pins', 'savedFilters']) {
      const row = await db.settings.get(key);
      if (row) snap.settings[key] = row.value as CaseSnapshot['settings'][string];
    }
    return snap;
  };

  /** Replace the whole case with a snapshot (a case file opened or merged), in one transaction. */
  const replaceWith = async (snap: CaseSnapshot): Promise<void> => {
    const importId = `case-${now().toString(36)}`;
    await db.transaction('rw', db.tables, async () => {
      await Promise.all(db.tables.map((t) => t.clear()));
      let seq = 0;
      for (let i = 0; i < snap.alerts.length; i += CHUNK_SIZE) {
        const { chunk, corr, body } = packChunk(++seq, importId, snap.alerts.slice(i, i + CHUNK_SIZE));
        await db.alertChunks.add(chunk);
        await db.alertCorr.add(corr);
        await db.alertBodies.add(body);
      }
      await db.triage.bulkPut(snap.triage);
      const table = new IncidentTable();
      const slots = snap.incidents.map((i) => table.put(i));
      for (let i = 0; i < slots.length; i += INCIDENTS_PER_CHUNK) {
        await db.incidentChunks.add({ seq: i / INCIDENTS_PER_CHUNK + 1, ...table.encode(slots.slice(i, i + INCIDENTS_PER_CHUNK)) });
      }
      await db.comments.bulkAdd(snap.comments);
      await db.activity.bulkAdd(snap.activity);
      await db.tasks.bulkPut(snap.tasks);
      await db.rules.bulkPut([
        ...snap.playbooks.map((p) => ({ id: p.id, kind: 'playbook' as const, enabled: true, data: p })),
        ...snap.suppressionRules.map((r) => ({ id: r.id, kind: 'suppression' as const, enabled: r.enabled, data: r })),
        ...snap.automationRules.map((r) => ({ id: r.id, kind: 'automation' as const, enabled: r.enabled, data: r })),
      ]);
      for (const [key, value] of Object.entries(snap.settings)) await db.settings.put({ key, value });
      await db.settings.put({ key: 'analyst', value: analyst });
      await db.imports.put({ id: importId, startedAt: now(), finishedAt: now(), state: 'done', note: `Opened from a case file exported by ${snap.exportedBy}` });
    });
    await reloadAll();
    deps.emit('store/changed', { what: 'all' });
  };

  const respond = createRespond({
    db,
    index,
    now,
    analyst: () => analyst,
    incident: (id) => incidents.get(id),
    openIncidents: () => incidents.all().filter((i) => i.status !== 'redirected'),
    alertsOf: (i) => alertsAt(i.alertIds.map((id) => index.positionOf(id)).filter((p): p is number => p !== undefined)),
    alertsAt,
    getAlert,
    reasonsOf: (id) => incidents.reasonsOf(id),
    updateIncidents: async (ids, patch, by) => {
      await updateIncidents(ids, patch, by);
    },
    setTriage,
    triage: (id) => triageCache.get(id),
    log,
    snapshot,
    replaceWith,
    changed: () => deps.emit('store/changed', { what: 'all' }),
  });

  const impl: Engine = {
    ...respond.handlers,
    'report/build': async (args) => {
      await ensureCorrelator();
      return respond.handlers['report/build'](args);
    },
    'case/export': async (args) => {
      await ensureCorrelator();
      return respond.handlers['case/export'](args);
    },
    index,
    close: () => {
      db.close();
      bulk.close();
    },
    'engine/info': () => ({ analyst, version: ENGINE_VERSION, attackSource: ATTACK_SOURCE, ...(recovered ? { recovered } : {}) }),
    'case/stats': () => ({
      alerts: index.count,
      incidents: incidents.count(),
      entities: 0,
      imports: 0,
      sources: [...index.sourceDict.values],
    }),
    'case/clear': async () => {
      await Promise.all(db.tables.map((t) => t.clear()));
      await reloadAll();
      deps.emit('store/changed', { what: 'all' });
    },
    'import/run': ({ sources, options }) => runImport(sources, options),
    'import/cancel': ({ importId }) => {
      const c = running.get(importId);
      c?.abort();
      return !!c;
    },
    'import/list': async () =>
      (await db.imports.orderBy('startedAt').reverse().toArray()).map((r) =>
        r.summary ? (JSON.parse(r.summary) as ImportSummary) : { importId: r.id, startedAt: r.startedAt, finishedAt: r.finishedAt ?? r.startedAt, state: r.state === 'running' ? 'failed' : r.state, files: [], incidentsTouched: 0 },
      ),
    'demo/load': () => runImport(deps.demoFiles().map((f) => ({ name: f.name, blob: new Blob([f.text], { type: 'application/json' }) }))),
    'formats/list': () => deps.adapters.map((a) => ({ name: a.name, label: a.label })),
    'import/detect': async ({ sources }) => Promise.all(sources.map((src) => detectSource(src, deps.adapters))),
    'mappings/list': () => savedMappings(),
    'mappings/save': async ({ mapping }) => {
      const name = mapping.name.trim().slice(0, 100);
      if (!name || !mapping.time || !mapping.title) throw new Error('A field mapping needs a name, a time field and a title field.');
      const next = [...(await savedMappings()).filter((m) => m.name !== name), { ...mapping, name }];
      await db.settings.put({ key: 'mappings', value: next });
      return next;
    },
    'mappings/delete': async ({ name }) => {
      const next = (await savedMappings()).filter((m) => m.name !== name);
      await db.settings.put({ key: 'mappings', value: next });
      return next;
    },
    'alerts/query': async (q): Promise<Page<AlertRow>> => {
      const f = q.filter;
      let only: Set<number> | undefined;
      const restrict = (positions: Iterable<number>): void => {
        const next = new Set(positions);
        only = only ? new Set([...only].filter((p) => next.has(p))) : next;
      };
      if (f?.incidentId) restrict(incidents.alertsOf(f.incidentId).map((id) => index.positionOf(id)).filter((p): p is number => p !== undefined));
      if (f?.entityKey) restrict((await entityIndex()).positions(f.entityKey));
      const test = f ? triageTest(f) : undefined;
      const sortField = q.sort?.field === 'incident' ? 'time' : (q.sort?.field ?? 'time');
      const { total, positions } = index.query(
        f ? { ...f, ...(only ? { only } : {}), ...(test ? { test } : {}) } : undefined,
        { field: sortField, dir: q.sort?.dir ?? 'desc' },
        q.offset,
        q.limit,
      );
      return { total, offset: q.offset, rows: alertRows(positions) };
    },
    'alerts/get': async ({ id }) => {
      const a = await getAlert(id);
      if (!a) return undefined;
      const extra = await db.origins.where('alertId').equals(id).toArray();
      const t = triageCache.get(id);
      return {
        ...a,
        ...(t ? { status: t.status, classification: t.classification, determination: t.determination } : {}),
        origins: [...a.origins, ...extra.map((o) => ({ importId: o.importId as ImportId, file: o.file, record: o.record }))],
        incidentId: incidents.incidentsOfAlerts([id])[0],
      };
    },
    'alerts/update': async ({ ids, patch }) => {
      const at = now();
      const entries: ActivityEntry[] = [];
      const rows: AlertTriage[] = [];
      for (const id of ids) {
        const p = index.positionOf(id);
        if (p === undefined) continue;
        const prev: AlertTriage = triageCache.get(id) ?? { id: id as AlertTriage['id'], status: index.statusOf(p), classification: 'unknown', determination: 'unknown', assignedTo: '', updatedAt: at };
        const next: AlertTriage = { ...prev, ...pickAlertPatch(patch), updatedAt: at };
        for (const k of ['status', 'classification', 'determination', 'assignedTo'] as const) {
          if (prev[k] !== next[k]) entries.push({ targetId: id, at, by: analyst, action: 'updated', field: k, from: prev[k], to: next[k] });
        }
        rows.push(next);
      }
      await setTriage(rows, entries);
      deps.emit('store/changed', { what: 'alerts' });
      return rows.length;
    },
    'incidents/query': async (q) => {
      let filter = q.filter;
      if (filter?.entityKey) {
        // Any incident with an alert that names the entity, not only those listing it as an impacted asset.
        const ex = await entityIndex();
        const ids = new Set(ex.positions(filter.entityKey).map((p) => incidents.incidentOfAlert(index.ids[p])).filter((i): i is string => !!i));
        const { entityKey: _k, ...rest } = filter;
        filter = { ...rest, ids: [...ids] };
      }
      const found = incidents.query(filter, q.sort);
      return { total: found.total, offset: q.offset, rows: found.slice(q.offset, q.limit).map(incidentRow) };
    },
    'incidents/get': async (args) => {
      await ensureCorrelator();
      const incident = incidents.get(args.id);
      if (!incident) return undefined;
      const positions = incident.alertIds.map((id) => index.positionOf(id)).filter((p): p is number => p !== undefined);
      const alerts = await alertsAt(positions);
      const noise = incidents.noiseOf();
      const entities = mergeEntities(alerts).map((e) => (noise.has(e.key) ? { ...e, noise: noise.get(e.key) } : e));
      return { incident, alerts: alertRows(positions), reasons: incidents.reasonsOf(incident.id), entities };
    },
    'entities/get': async ({ key }) => {
      const ex = await entityIndex();
      const info = ex.describe(key);
      if (!info) return undefined;
      const positions = ex.positions(key);
      const recent = [...positions].sort((a, b) => (index.first[b]) - (index.first[a]));
      const alerts = await alertsAt(recent.slice(0, 500));
      const merged = mergeEntities(alerts).find((e) => e.key === key || allKeys({ type: e.type, value: e.value, roles: [], props: e.props }).includes(key));
      const shared = new Map<string, { key: string; type: EntityType; value: string; sharedAlerts: number }>();
      for (const e of mergeEntities(alerts)) {
        if (e.key === merged?.key) continue;
        shared.set(e.key, { key: e.key, type: e.type, value: e.value, sharedAlerts: e.alertIds.length });
      }
      const incidentIds = new Set(recent.map((p) => incidents.incidentOfAlert(index.ids[p])).filter((i): i is string => !!i));
      let first = Infinity;
      let last = -Infinity;
      for (const p of positions) {
        first = Math.min(first, index.first[p]);
        last = Math.max(last, index.last[p]);
      }
      const noise = incidents.noiseOf().get(key);
      return {
        key,
        type: info.type,
        value: info.value,
        aliases: info.aliases,
        roles: merged?.roles ?? [],
        props: merged?.props ?? {},
        firstSeen: first,
        lastSeen: last,
        alertCount: positions.length,
        alerts: alertRows(recent.slice(0, 500)),
        incidents: [...incidentIds].map((id) => incidents.get(id)).filter((i): i is Incident => !!i).map(incidentRow),
        related: [...shared.values()].sort((a, b) => b.sharedAlerts - a.sharedAlerts).slice(0, 50),
        ...(noise ? { noise } : {}),
      };
    },
    'correlation/settings': async () => {
      await ensureCorrelator();
      return { settings: incidents.settings() as CorrelationSettings, noise: incidents.noiseReport() };
    },
    'correlation/preview': async ({ settings }) => {
      await ensureCorrelator();
      return incidents.preview(settings);
    },
    'correlation/apply': async ({ settings }) => {
      await ensureCorrelator();
      const change = incidents.applySettings(settings, now(), analyst);
      await db.transaction('rw', [db.incidentChunks, db.incidentStrings, db.activity, db.settings], async () => {
        await writeIncidents(change.changed);
        await log([...change.activity, { targetId: 'case', at: now(), by: analyst, action: 'correlation settings changed', detail: JSON.stringify(settings) }]);
        await db.settings.put({ key: 'correlation', value: incidents.settings() });
      });
      deps.emit('store/changed', { what: 'incidents' });
      return { changed: change.changed.length };
    },
    'filters/list': async () => savedFilters(),
    'filters/save': async (f) => {
      const name = f.name.trim().slice(0, 100);
      if (!name) throw new Error('A saved filter needs a name.');
      const next = [...(await savedFilters()).filter((x) => x.name !== name), { name, view: f.view === 'incidents' ? ('incidents' as const) : ('alerts' as const), query: f.query.slice(0, 4000) }];
      await db.settings.put({ key: 'savedFilters', value: next });
      return next;
    },
    'filters/delete': async ({ name }) => {
      const next = (await savedFilters()).filter((x) => x.name !== name);
      await db.settings.put({ key: 'savedFilters', value: next });
      return next;
    },
    'incidents/moveAlerts': async ({ alertIds, to }) => {
      const at = now();
      await ensureCorrelator();
      const change = incidents.moveAlerts(alertIds.filter((id) => index.has(id)), to, at, analyst);
      await persistDecision(change.changed, change.activity);
      deps.emit('store/changed', { what: 'incidents' });
      return { incidentId: change.incidentId, changed: change.changed };
    },
    'incidents/merge': async ({ from, into }) => {
      const at = now();
      await ensureCorrelator();
      const change = incidents.merge(from, into, at, analyst);
      await persistDecision(change.changed, change.activity);
      deps.emit('store/changed', { what: 'incidents' });
      return { incidentId: into, redirected: change.redirected };
    },
    'incidents/update': async ({ ids, patch }) => {
      const n = await updateIncidents(ids, pickIncidentPatch(patch), analyst);
      await respond.automate('incidentUpdated', ids);
      deps.emit('store/changed', { what: 'incidents' });
      return n;
    },
    'activity/list': ({ targetId }) => db.activity.where('targetId').equals(targetId).sortBy('at'),
    'comments/list': ({ targetId }) => db.comments.where('targetId').equals(targetId).sortBy('at'),
    'comments/add': async ({ targetId, text }) => {
      const comment: Comment = { targetId, at: now(), by: analyst, text: text.slice(0, 30_000) };
      await db.transaction('rw', db.comments, db.activity, async () => {
        comment.id = await db.comments.add(comment);
        await log([{ targetId, at: comment.at, by: analyst, action: 'commented' }]);
      });
      return comment;
    },
    'settings/setAnalyst': async ({ name }) => {
      analyst = name.trim().slice(0, 100) || DEFAULT_ANALYST;
      await db.settings.put({ key: 'analyst', value: analyst });
    },
  };
  // Requests that need nothing loaded run at once; the incident queue waits for the incidents alone (unless filtered
  // by an entity, which needs the alerts); every other request waits until the alert index is loaded too.
  const early = new Set<string>(['engine/info', 'import/detect', 'import/cancel', 'formats/list']);
  const handlers = impl as unknown as Record<string, unknown>;
  for (const name of Object.keys(handlers)) {
    const h = handlers[name];
    if (typeof h !== 'function' || early.has(name) || name === 'close') continue;
    handlers[name] = async (args: unknown) => {
      if (name === 'incidents/query' && !(args as { filter?: { entityKey?: string } } | undefined)?.filter?.entityKey) await incidentsReady;
      else await allReady;
      return (h as (a: unknown) => unknown)(args);
    };
  }
  return impl;
};

const pickAlertPatch = (p: AlertPatch): AlertPatch => {
  const out: AlertPatch = {};
  if (p.status) out.status = p.status;
  if (p.classification) out.classification = p.classification;
  if (p.determination) out.determination = p.determination;
  if (typeof p.assignedTo === 'string') out.assignedTo = p.assignedTo.slice(0, 200);
  return out;
};

const pickIncidentPatch = (p: IncidentPatch): IncidentPatch => {
  const out: IncidentPatch = {};
  if (typeof p.customTitle === 'string') out.customTitle = p.customTitle.slice(0, 500);
  if (p.severity && SEVERITIES.includes(p.severity)) out.severity = p.severity;
  if (p.status) out.status = p.status;
  if (p.classification) out.classification = p.classification;
  if (p.determination) out.determination = p.determination;
  if (typeof p.assignedTo === 'string') out.assignedTo = p.assignedTo.slice(0, 200);
  if (Array.isArray(p.tags)) out.tags = [...new Set(p.tags.map((t) => t.trim().slice(0, 100)).filter(Boolean))];
  return out;
};

