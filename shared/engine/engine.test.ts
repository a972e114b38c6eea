// In-process engine harness: the real engine on fake-indexeddb, fed the real samples.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '#shared/ingest/adapters/index';
import { demoCase } from '#shared/scenario/index';
import { CaseDb } from '#shared/store/db';
import type { ImportSource } from './api';
import { createEngine } from './engine';

const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples');
const sample = (name: string): ImportSource => {
  const bytes = readFileSync(resolve(SAMPLES, name));
  return { name, size: bytes.length, blob: new Blob([bytes]) };
};

const open = (factory = new IDBFactory(), dbName = 'case') =>
  createEngine({ dbName, indexedDB: factory, IDBKeyRange, adapters: ADAPTERS, demoFiles: demoCase, emit: () => undefined });

describe('engine import', () => {
  it('imports a real sample, serves it in the queue, and re-importing adds nothing', async () => {
    const engine = await open();
    const first = await engine['import/run']({ sources: [sample('suricata-eve-wrccdc-2018.json')] });
    expect(first.state).toBe('done');
    expect(first.files[0]).toMatchObject({ format: 'suricata', records: 207, accepted: 207, duplicates: 0 });
    const page = await engine['alerts/query']({ offset: 0, limit: 10, sort: { field: 'time', dir: 'asc' } });
    expect(page.total).toBe(207);
    const oldest = await engine['alerts/get']({ id: page.rows[0]?.id ?? '' });
    expect(oldest?.source).toBe('suricata');
    expect(oldest?.raw).toContain('"event_type"');
    const again = await engine['import/run']({ sources: [sample('suricata-eve-wrccdc-2018.json')] });
    expect(again.files[0]).toMatchObject({ accepted: 0, duplicates: 207 });
    expect((await engine['case/stats'](undefined)).alerts).toBe(207);
    engine.close();
  });

  it('keeps the case across a reopen, and rolls back an import a crash left running', async () => {
    const factory = new IDBFactory();
    const engine = await open(factory);
    await engine['import/run']({ sources: [sample('wazuh-alerts-ait-ldsv11-insect.json')] });
    const count = (await engine['case/stats'](undefined)).alerts;
    expect(count).toBeGreaterThan(400);
    engine.close();
    // Simulate a crash mid-import: a journal row still 'running' with a chunk written.
    const db = new CaseDb('case', { indexedDB: factory, IDBKeyRange });
    await db.open();
    await db.imports.put({ id: 'imp-crashed', startedAt: 1, state: 'running' });
    await db.alertChunks.add({ seq: 999, importId: 'imp-crashed', count: 1, ids: ['al-ghost'], times: new Float64Array([1, 1, 1]), severity: new Uint8Array([2]), status: new Uint8Array([0]), meta: '[["ghost","x","x","x","",0,"x"]]', corr: '[[]]' });
    await db.alertBodies.add({ seq: 999, importId: 'imp-crashed', json: '[]' });
    db.close();
    const reopened = await open(factory);
    expect((await reopened['case/stats'](undefined)).alerts).toBe(count);
    const imports = await reopened['import/list'](undefined);
    expect(imports.find((i) => i.importId === 'imp-crashed')?.state).toBe('failed');
    expect((await reopened['engine/info'](undefined)) as unknown).toMatchObject({ recovered: expect.stringContaining('1 interrupted') as unknown });
    reopened.close();
  });

  it('a cancelled import leaves no alerts behind', async () => {
    const engine = await open();
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) lines.push(JSON.stringify({ timestamp: '2018-03-24T10:00:00.000000-0600', event_type: 'alert', src_ip: `10.0.${i >> 8}.${i & 255}`, dest_ip: '10.1.1.1', proto: 'TCP', alert: { signature: `sig ${i}`, signature_id: i, gid: 1, rev: 1, severity: 2, category: 'x' } }));
    let cancelled = false;
    let importId = '';
    const slow = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new TextEncoder().encode(lines.slice(0, 2500).join('\n') + '\n')),
      pull: async (c) => {
        if (!cancelled) {
          cancelled = true;
          await new Promise((r) => setTimeout(r, 20));
          await engine['import/cancel']({ importId });
          await new Promise((r) => setTimeout(r, 20));
          c.enqueue(new TextEncoder().encode(lines.slice(2500).join('\n') + '\n'));
        }
        c.close();
      },
    });
    const running = engine['import/run']({ sources: [{ name: 'eve.ndjson', stream: slow }] });
    importId = ((await engine['import/list'](undefined))[0]?.importId) ?? '';
    const summary = await running;
    expect(summary.state).toBe('cancelled');
    expect((await engine['case/stats'](undefined)).alerts).toBe(0);
    engine.close();
  });

  it('records an alert seen in two exports once, with both origins', async () => {
    const engine = await open();
    await engine['import/run']({ sources: [sample('zeek-notice-wrccdc-2018.log')] });
    const second = await engine['import/run']({ sources: [sample('zeek-notice-wrccdc-2018.ndjson')] });
    expect(second.files[0]).toMatchObject({ accepted: 0, duplicates: 207 });
    const page = await engine['alerts/query']({ offset: 0, limit: 1 });
    const alert = await engine['alerts/get']({ id: page.rows[0]?.id ?? '' });
    expect(alert?.origins.map((o) => o.file).sort()).toEqual(['zeek-notice-wrccdc-2018.log', 'zeek-notice-wrccdc-2018.ndjson']);
    engine.close();
  });

  it('writes one activity entry per item on a bulk status change', async () => {
    const engine = await open();
    await engine['import/run']({ sources: [sample('suricata-eve-honeypot-2018.json')] });
    const page = await engine['alerts/query']({ offset: 0, limit: 5 });
    const ids = page.rows.map((r) => r.id);
    expect(await engine['alerts/update']({ ids, patch: { status: 'resolved' } })).toBe(5);
    const resolved = await engine['alerts/query']({ offset: 0, limit: 50, filter: { statuses: ['resolved'] } });
    expect(resolved.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const log = await engine['activity/list']({ targetId: id });
      expect(log).toEqual([expect.objectContaining({ field: 'status', from: 'new', to: 'resolved', by: 'analyst' })]);
    }
    engine.close();
  });
});

describe('generic import with a saved field mapping', () => {
  it('maps columns of an unknown CSV to alerts', async () => {
    const engine = await open();
    const csv = 'when,what,how bad,box,who\n2024-05-01T10:00:00Z,Odd login,high,srv-01,amy\n2024-05-01T11:00:00Z,Odd share,low,srv-02,bob\n';
    const s = await engine['import/run']({
      sources: [{ name: 'custom.csv', blob: new Blob([csv]) }],
      options: { mapping: { name: 'Custom SIEM', time: 'when', title: 'what', severity: 'how bad', entities: [{ type: 'device', field: 'box' }, { type: 'account', field: 'who' }] } },
    });
    expect(s.files[0]).toMatchObject({ format: 'generic:Custom SIEM', accepted: 2, rejected: [] });
    const rows = (await engine['alerts/query']({ offset: 0, limit: 5, sort: { field: 'time', dir: 'asc' } })).rows;
    expect(rows.map((r) => [r.title, r.severity])).toEqual([['Odd login', 'high'], ['Odd share', 'low']]);
    const alert = await engine['alerts/get']({ id: rows[0]?.id ?? '' });
    expect(alert?.entities.map((e) => [e.type, e.value])).toEqual([['device', 'srv-01'], ['account', 'amy']]);
    expect(alert?.firstActivity).toBe(Date.UTC(2024, 4, 1, 10));
    engine.close();
  });
});
