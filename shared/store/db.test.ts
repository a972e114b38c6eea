// Migration harness: seed a database with each released schema version (declared here as it was released,
// never imported from db.ts), open it with the current CaseDb, and check the data and indexes survive.
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { CaseDb, CURRENT_SCHEMA_VERSION } from './db';

/** Each schema version exactly as released, never imported from db.ts: a new version adds an entry, old ones stay. */
const RELEASED_V1: Record<string, string> = {
  alertChunks: 'seq, importId',
  alertBodies: 'seq, importId',
  imports: 'id, state, startedAt',
  origins: '++id, alertId, importId',
  triage: 'id, status, assignedTo, updatedAt',
  incidents: 'id, status, severity, lastActivity, assignedTo, *tags',
  reasons: 'incidentId',
  comments: '++id, targetId, at',
  activity: '++id, targetId, at',
  settings: 'key',
  pins: '++id, kind',
  rules: 'id, kind',
};

const RELEASED_V2: Record<string, string> = {
  ...RELEASED_V1,
  incidentChunks: 'seq',
  tasks: 'id, incidentId, status',
  checklists: 'incidentId',
};

const RELEASED: Record<number, Record<string, string>> = {
  1: RELEASED_V1,
  2: RELEASED_V2,
  3: { ...RELEASED_V2, alertCorr: 'seq, importId' },
  4: { ...RELEASED_V2, alertCorr: 'seq, importId', incidentStrings: 'seq' },
};

const seed = async (factory: IDBFactory, version: number): Promise<void> => {
  const old = new Dexie('case', { indexedDB: factory, IDBKeyRange });
  old.version(version).stores(RELEASED[version]);
  await old.open();
  const chunk = {
    seq: 1,
    importId: 'imp-1',
    count: 1,
    ids: ['al-1'],
    times: new Float64Array([1, 2, 3]),
    severity: new Uint8Array([3]),
    status: new Uint8Array([0]),
    meta: '[["t","s","p","d","",0,"f"]]',
  };
  const corr = '[[["device","ws-1","compromised",0]]]';
  // Before v3 the correlation input sat in the chunk row; from v3 it has its own table.
  if (version < 3) await old.table('alertChunks').add({ ...chunk, corr });
  else {
    await old.table('alertChunks').add(chunk);
    await old.table('alertCorr').add({ seq: 1, importId: 'imp-1', corr });
  }
  const incident = {
    id: 'in-1',
    title: 'x',
    status: 'active',
    severity: 'high',
    lastActivity: 5,
    assignedTo: 'amy',
    tags: ['apt', 'vip'],
    alertIds: ['al-1'],
  };
  if (version === 1) await old.table('incidents').add(incident);
  else await old.table('incidentChunks').add({ seq: 1, json: JSON.stringify([incident]) });
  await old.table('comments').add({ targetId: 'in-1', at: 7, by: 'amy', text: 'look here' });
  await old.table('triage').add({ id: 'al-1', status: 'resolved', assignedTo: 'bob', updatedAt: 9 });
  old.close();
};

describe('schema migrations', () => {
  it.each(Object.keys(RELEASED).map(Number))(
    'a v%i database opens with the current schema with its data and indexes',
    async (version) => {
      const factory = new IDBFactory();
      await seed(factory, version);
      const db = new CaseDb('case', { indexedDB: factory, IDBKeyRange });
      await db.open();
      expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
      const chunk = await db.alertChunks.get(1);
      expect(chunk?.ids).toEqual(['al-1']);
      expect(chunk?.times).toBeInstanceOf(Float64Array);
      expect([...(chunk?.times ?? [])]).toEqual([1, 2, 3]);
      // v3 moved the correlation input out of the chunk row.
      expect(chunk && 'corr' in chunk).toBe(false);
      expect(await db.alertCorr.get(1)).toEqual({ seq: 1, importId: 'imp-1', corr: '[[["device","ws-1","compromised",0]]]' });
      // v2 moved incidents into chunks.
      const incidents = (await db.incidentChunks.toArray()).flatMap(
        (c) => ('json' in c ? (JSON.parse(c.json) as { id: string; tags: string[]; assignedTo: string }[]) : []),
      );
      expect(incidents.map((i) => [i.id, i.tags, i.assignedTo])).toEqual([['in-1', ['apt', 'vip'], 'amy']]);
      expect(await db.incidents.count()).toBe(0);
      expect((await db.comments.where('targetId').equals('in-1').first())?.text).toBe('look here');
      expect((await db.triage.where('status').equals('resolved').first())?.assignedTo).toBe('bob');
      db.close();
    },
  );

  it('the current schema still declares every released table and index', () => {
    const db = new CaseDb('x', { indexedDB: new IDBFactory(), IDBKeyRange });
    for (const [table, spec] of Object.entries(RELEASED[CURRENT_SCHEMA_VERSION] ?? {})) {
      const schema = db.tables.find((t) => t.name === table)?.schema;
      expect(schema, table).toBeDefined();
      const indexes = spec
        .split(',')
        .slice(1)
        .map((s) => s.trim().replace(/^\*/, ''));
      expect(schema?.indexes.map((i) => i.name).sort()).toEqual(indexes.sort());
    }
  });
});
