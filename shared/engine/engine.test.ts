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
import { withBufferTransfer } from './test-support';

const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples');
const sample = (name: string): ImportSource => {
  const bytes = readFileSync(resolve(SAMPLES, name));
  return { name, size: bytes.length, blob: new Blob([bytes]) };
};

const open = (factory = new IDBFactory(), dbName = 'case') =>
  createEngine({ dbName, indexedDB: factory, IDBKeyRange, adapters: ADAPTERS, demoFiles: demoCase, emit: () => undefined });

describe('engine import', () => {
  it('gives back each record of an NDJSON export exactly as its line, after a partly repeated import too', async () => {
    const engine = await open();
    const lines = readFileSync(resolve(SAMPLES, 'wazuh-alerts-ait-ldsv11-insect.json'), 'utf8').split('\n').filter(Boolean);
    const half = lines.slice(0, 300);
    // The first import holds some of the records; the second the whole file, so its chunks keep only some slots.
    await engine['import/run']({ sources: [{ name: 'half.json', blob: new Blob([half.join('\r\n')]) }] });
    const whole = await engine['import/run']({ sources: [{ name: 'all.json', blob: new Blob([lines.join('\n') + '\n']) }] });
    expect(whole.files[0]).toMatchObject({ accepted: lines.length - 300, duplicates: 300 });
    const page = await engine['alerts/query']({ offset: 0, limit: 1000, sort: { field: 'time', dir: 'asc' } });
    expect(page.total).toBe(lines.length);
    const set = new Set(lines);
    const raws = await Promise.all(page.rows.map(async (r) => (await engine['alerts/get']({ id: r.id }))?.raw ?? ''));
    expect(raws.filter((raw) => set.has(raw))).toHaveLength(lines.length);
    expect(new Set(raws).size).toBe(lines.length);
    engine.close();
  });

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

  it('rolls back an import that fails after its alerts reached the queue: no alert stays, and the file imports again', async () => {
    let failAt: string | undefined = 'correlate';
    const engine = await createEngine({
      dbName: 'case',
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      adapters: ADAPTERS,
      demoFiles: demoCase,
      emit: () => undefined,
      // The phase trace runs inside the import, after the index took the new alerts: a throw there is a late failure.
      trace: (phase) => {
        if (phase === failAt) throw new Error('disk full');
      },
    });
    await expect(engine['import/run']({ sources: [sample('suricata-eve-wrccdc-2018.json')] })).rejects.toThrow('disk full');
    expect((await engine['case/stats'](undefined)).alerts).toBe(0);
    expect((await engine['alerts/query']({ offset: 0, limit: 10, sort: { field: 'time', dir: 'asc' } })).total).toBe(0);
    failAt = undefined;
    const again = await engine['import/run']({ sources: [sample('suricata-eve-wrccdc-2018.json')] });
    expect(again.files[0]).toMatchObject({ records: 207, accepted: 207, duplicates: 0 });
    expect((await engine['case/stats'](undefined)).alerts).toBe(207);
    engine.close();
  });

  it('stores every incident before giving back the buffers of its chunk, so a reopen reads them all', async () => {
    const factory = new IDBFactory();
    const everyIncident = { offset: 0, limit: 10_000, sort: { field: 'id' as const, dir: 'asc' as const } };
    let before: unknown;
    const given = await withBufferTransfer(async () => {
      const engine = await open(factory);
      await engine['import/run']({ sources: [sample('wazuh-alerts-ait-ldsv11-insect.json'), sample('suricata-eve-wrccdc-2018.json')] });
      before = await engine['incidents/query'](everyIncident);
      engine.close();
    });
    // Seven buffers a stored chunk were given back.
    expect(given).toBeGreaterThanOrEqual(7);
    expect((before as { total: number }).total).toBeGreaterThan(10);
    const reopened = await open(factory);
    expect(await reopened['incidents/query'](everyIncident)).toEqual(before);
    reopened.close();
  });

  it('keeps the case across a reopen, and rolls back an import a crash left running', async () => {
    const factory = new IDBFactory();
    const engine = await open(factory);
    await engine['import/run']({ sources: [sample('wazuh-alerts-ait-ldsv11-insect.json')] });
    const count = (await engine['case/stats'](undefined)).alerts;
    expect(count).toBeGreaterThan(400);
    const incidentCount = (await engine['case/stats'](undefined)).incidents;
    expect(incidentCount).toBeGreaterThan(0);
    const everyIncident = { offset: 0, limit: 10_000, sort: { field: 'id' as const, dir: 'asc' as const } };
    const incidentsBefore = await engine['incidents/query'](everyIncident);
    engine.close();
    // The incident queue (the app's first view) answers from the incidents, which load first; the alert queue once the
    // alert index is loaded after them. Requests made at once still see everything.
    const early = await open(factory);
    const answered: string[] = [];
    const [stats, page, firstIncidents] = await Promise.all([
      Promise.resolve(early['case/stats'](undefined)).then((r) => (answered.push('stats'), r)),
      Promise.resolve(early['alerts/query']({ offset: 0, limit: 5, sort: { field: 'time', dir: 'asc' } })).then((r) => (answered.push('alerts'), r)),
      Promise.resolve(early['incidents/query']({ offset: 0, limit: 5, sort: { field: 'lastActivity', dir: 'desc' } })).then((r) => (answered.push('incidents'), r)),
    ]);
    expect(answered[0]).toBe('incidents');
    expect(stats).toMatchObject({ alerts: count, incidents: incidentCount });
    expect(page.total).toBe(count);
    expect(firstIncidents.total).toBe(incidentCount);
    // Incident chunks are coded against the stored incident dictionary: every row comes back as it was.
    expect(await early['incidents/query'](everyIncident)).toEqual(incidentsBefore);
    early.close();
    // Simulate a crash mid-import: a journal row still 'running' with a chunk written.
    const db = new CaseDb('case', { indexedDB: factory, IDBKeyRange });
    await db.open();
    await db.imports.put({ id: 'imp-crashed', startedAt: 1, state: 'running' });
    await db.alertChunks.add({ seq: 999, importId: 'imp-crashed', count: 1, ids: ['al-ghost'], times: new Float64Array([1, 1, 1]), severity: new Uint8Array([2]), status: new Uint8Array([0]), meta: '[["ghost","x","x","x","",0,"x"]]' });
    await db.alertCorr.add({ seq: 999, importId: 'imp-crashed', corr: '[[]]' });
    await db.alertBodies.add({ seq: 999, importId: 'imp-crashed', json: '[]' });
    const chunksBefore = await db.alertChunks.count();
    db.close();
    const reopened = await open(factory);
    expect((await reopened['case/stats'](undefined)).alerts).toBe(count);
    const check = new CaseDb('case', { indexedDB: factory, IDBKeyRange });
    await check.open();
    expect(await check.alertCorr.get(999)).toBeUndefined();
    expect((await check.incidentStrings.toArray()).flatMap((r) => r.strings)).toContain('wazuh');
    expect((await check.incidentChunks.toArray()).every((c) => !('dict' in c) && !('json' in c))).toBe(true);
    expect(await check.alertBodies.get(999)).toBeUndefined();
    // Only the crashed import's chunk went.
    expect(await check.alertChunks.get(999)).toBeUndefined();
    expect(await check.alertChunks.count()).toBe(chunksBefore - 1);
    check.close();
    const imports = await reopened['import/list'](undefined);
    expect(imports.find((i) => i.importId === 'imp-crashed')?.state).toBe('failed');
    expect((await reopened['engine/info'](undefined)) as unknown).toMatchObject({ recovered: expect.stringContaining('1 interrupted') as unknown });
    reopened.close();
  });

  it('a cancelled import leaves no alerts behind, and the chunks of the import before it stay', async () => {
    const factory = new IDBFactory();
    const engine = await open(factory);
    const kept = readFileSync(resolve(SAMPLES, 'suricata-eve-honeypot-2018.json'), 'utf8');
    const first = await engine['import/run']({ sources: [{ name: 'honeypot.json', blob: new Blob([kept]) }] });
    const keptAlerts = first.files[0]?.accepted ?? 0;
    expect(keptAlerts).toBeGreaterThan(0);
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
    expect((await engine['case/stats'](undefined)).alerts).toBe(keptAlerts);
    engine.close();
    // In storage too: only the first import's chunks are left, in each of the three tables.
    const db = new CaseDb('case', { indexedDB: factory, IDBKeyRange });
    await db.open();
    const chunks = await db.alertChunks.toArray();
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((c) => c.importId === first.importId)).toBe(true);
    const seqs = chunks.map((c) => c.seq);
    for (const table of [db.alertCorr, db.alertBodies]) expect(await table.toCollection().primaryKeys()).toEqual(seqs);
    expect(chunks.reduce((n, c) => n + c.count, 0)).toBe(keptAlerts);
    db.close();
    const reopened = await open(factory);
    expect((await reopened['case/stats'](undefined)).alerts).toBe(keptAlerts);
    reopened.close();
  });

  it('while a large import streams into the correlator, requests that read it wait, then see its incidents', async () => {
    const engine = await open();
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(JSON.stringify({ timestamp: '2018-03-24T10:00:00.000000-0600', event_type: 'alert', src_ip: `10.0.${i >> 8}.${i & 255}`, dest_ip: `10.1.${i % 7}.1`, proto: 'TCP', alert: { signature: `sig ${i % 50}`, signature_id: i % 50, gid: 1, rev: 1, severity: 2, category: 'x' } }));
    let during: 'pending' | 'answered' | undefined;
    let asked: Promise<unknown> | undefined;
    let sent = false;
    const slow = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new TextEncoder().encode(lines.slice(0, 2500).join('\n') + '\n')),
      pull: async (c) => {
        if (!sent) {
          sent = true;
          // The first 2,500 records are read and two chunks stored (streamed into the correlator) meanwhile.
          await new Promise((r) => setTimeout(r, 100));
          let answered = false;
          asked = Promise.resolve(engine['incidents/get']({ id: 'none' })).then(() => (answered = true));
          await new Promise((r) => setTimeout(r, 50));
          during = answered ? 'answered' : 'pending';
          c.enqueue(new TextEncoder().encode(lines.slice(2500).join('\n') + '\n'));
        }
        c.close();
      },
    });
    const summary = await engine['import/run']({ sources: [{ name: 'eve.ndjson', stream: slow }] });
    await asked;
    expect(summary.state).toBe('done');
    expect(during).toBe('pending');
    const stats = await engine['case/stats'](undefined);
    expect(stats.alerts).toBe(3000);
    expect(stats.incidents).toBeGreaterThan(0);
    // The same alerts imported in one go give the same incidents.
    const again = await open();
    await again['import/run']({ sources: [{ name: 'eve.ndjson', blob: new Blob([lines.join('\n') + '\n']) }] });
    const ids = async (e: typeof engine) => (await e['incidents/query']({ offset: 0, limit: 5000, sort: { field: 'id', dir: 'asc' } })).rows.map((r) => `${r.id}:${r.alertCount}`);
    expect(await ids(engine)).toEqual(await ids(again));
    engine.close();
    again.close();
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

describe('correlation in the engine', () => {
  it('the demo case becomes incidents with explained memberships, and the same alerts give the same incidents in any batching', async () => {
    const one = await open();
    const s = await one['demo/load'](undefined);
    expect(s.incidentsTouched).toBeGreaterThan(1);
    const all = await one['incidents/query']({ offset: 0, limit: 100 });
    expect(all.total).toBeGreaterThan(1);
    const big = all.rows.reduce((a, b) => (b.alertCount > a.alertCount ? b : a));
    const detail = await one['incidents/get']({ id: big.id });
    expect(detail?.reasons.length).toBeGreaterThanOrEqual(big.alertCount);
    expect(detail?.reasons.some((r) => /Shares/.test(r.text))).toBe(true);
    expect(detail?.entities.length).toBeGreaterThan(3);
    // Same files imported one at a time, in the other order: same incident ids and members.
    const two = await open();
    const [graphFile, eveFile] = demoCase();
    await two['import/run']({ sources: [{ name: eveFile?.name ?? '', blob: new Blob([eveFile?.text ?? '']) }] });
    await two['import/run']({ sources: [{ name: graphFile?.name ?? '', blob: new Blob([graphFile?.text ?? '']) }] });
    const members = async (e: typeof one) => {
      const rows = (await e['incidents/query']({ offset: 0, limit: 100, sort: { field: 'id', dir: 'asc' } })).rows;
      return Promise.all(rows.map(async (r) => [r.id, (await e['incidents/get']({ id: r.id }))?.incident.alertIds]));
    };
    expect(await members(two)).toEqual(await members(one));
    one.close();
    two.close();
  });

  it('moves an alert to a new incident and merges incidents, logging both sides and keeping the pin across a reopen', async () => {
    const factory = new IDBFactory();
    const engine = await open(factory);
    await engine['demo/load'](undefined);
    const rows = (await engine['incidents/query']({ offset: 0, limit: 100, sort: { field: 'alerts', dir: 'desc' } })).rows;
    const [big, second] = rows;
    const bigDetail = await engine['incidents/get']({ id: big?.id ?? '' });
    const moved = bigDetail?.incident.alertIds[bigDetail.incident.alertIds.length - 1] ?? '';
    const move = await engine['incidents/moveAlerts']({ alertIds: [moved], to: 'new' });
    expect(move.incidentId).not.toBe(big?.id);
    expect((await engine['alerts/get']({ id: moved }))?.incidentId).toBe(move.incidentId);
    expect((await engine['activity/list']({ targetId: moved })).some((a) => a.action === 'moved')).toBe(true);
    const merged = await engine['incidents/merge']({ from: [second?.id ?? ''], into: big?.id ?? '' });
    expect(merged.redirected).toEqual([second?.id]);
    const closed = await engine['incidents/get']({ id: second?.id ?? '' });
    expect(closed?.incident.status).toBe('redirected');
    expect(closed?.incident.redirectedTo).toBe(big?.id);
    expect((await engine['activity/list']({ targetId: big?.id ?? '' })).some((a) => a.action === 'merged')).toBe(true);
    engine.close();
    // Reopen, import more: the manual decisions hold.
    const again = await open(factory);
    await again['import/run']({ sources: [sample('suricata-eve-honeypot-2018.json')] });
    expect((await again['alerts/get']({ id: moved }))?.incidentId).toBe(move.incidentId);
    expect((await again['incidents/get']({ id: second?.id ?? '' }))?.incident.status).toBe('redirected');
    again.close();
  });
});

describe('import dialog support', () => {
  it('detects each file without importing it, and a per-file override wins', async () => {
    const engine = await open();
    const det = await engine['import/detect']({ sources: [sample('sentinel-securityalert-demo.csv'), sample('zeek-notice-wrccdc-2018.ndjson')] });
    expect(det.map((d) => [d.file, d.format])).toEqual([['sentinel-securityalert-demo.csv', 'sentinel'], ['zeek-notice-wrccdc-2018.ndjson', 'zeek']]);
    expect(det[0]?.confidence).toBeGreaterThan(0.9);
    expect(det[0]?.fields).toContain('AlertName');
    expect(det[1]?.fields).toContain('id.orig_h');
    expect((await engine['case/stats'](undefined)).alerts).toBe(0);
    const csv = 'ts,msg\n2024-01-01T00:00:00Z,hello\n';
    const s = await engine['import/run']({ sources: [{ name: 'x.csv', blob: new Blob([csv]), options: { mapping: { name: 'mine', time: 'ts', title: 'msg' } } }] });
    expect(s.files[0]).toMatchObject({ format: 'generic:mine', accepted: 1 });
    expect(await engine['mappings/save']({ mapping: { name: 'mine', time: 'ts', title: 'msg' } })).toEqual([{ name: 'mine', time: 'ts', title: 'msg' }]);
    engine.close();
  });
});

describe('queue filters served by the engine', () => {
  it('filters alerts by entity, assignee, classification and suppression, and incidents by any entity of their alerts', async () => {
    const engine = await open();
    await engine['demo/load'](undefined);
    const page = await engine['alerts/query']({ offset: 0, limit: 3, sort: { field: 'time', dir: 'asc' } });
    const [a, b] = page.rows;
    await engine['alerts/update']({ ids: [a?.id ?? ''], patch: { assignedTo: 'amy', classification: 'truePositive' } });
    expect((await engine['alerts/query']({ offset: 0, limit: 10, filter: { assignedTo: ['amy'] } })).rows.map((r) => r.id)).toEqual([a?.id]);
    expect((await engine['alerts/query']({ offset: 0, limit: 10, filter: { classifications: ['truePositive'] } })).total).toBe(1);
    const unassigned = await engine['alerts/query']({ offset: 0, limit: 1, filter: { assignedTo: [''] } });
    expect(unassigned.total).toBe(page.total - 1);
    expect((await engine['alerts/query']({ offset: 0, limit: 1, filter: { suppressed: true } })).total).toBe(0);
    // Entity filter: every alert naming one of b's entities.
    const detail = await engine['alerts/get']({ id: b?.id ?? '' });
    const inc = await engine['incidents/get']({ id: detail?.incidentId ?? '' });
    const entity = inc?.entities.find((e) => e.alertIds.includes(b?.id ?? ''));
    const byEntity = await engine['alerts/query']({ offset: 0, limit: 500, filter: { entityKey: entity?.key ?? '' } });
    expect(byEntity.rows.map((r) => r.id)).toContain(b?.id);
    expect(byEntity.total).toBeGreaterThanOrEqual(entity?.alertIds.length ?? 99);
    const incs = await engine['incidents/query']({ offset: 0, limit: 50, filter: { entityKey: entity?.key ?? '' } });
    expect(incs.rows.map((r) => r.id)).toContain(detail?.incidentId);
    engine.close();
  });
});
