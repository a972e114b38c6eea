// Stored chunks: an alert is put back together from its chunk's three rows (columns, compact entities, the rest and
// its record) exactly as the adapter made it, for every real sample; one alert is read without the others; rows of
// the earlier layouts still read the same.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert, ImportId } from '#shared/model/index';
import { isKeyValue } from '#shared/model/index';
import { graphAdapter } from '#shared/ingest/adapters/graph';
import { ADAPTERS } from '#shared/ingest/adapters/index';
import { syntheticLines } from '../../bench/synthetic';
import { ChunkAlerts, packChunk } from './chunk';
import type { PackedAlerts } from './read';
import { correlationBatch, packAlerts, readSource } from './read';
import { alertsOf, codedKey, codedType, codedValue, correlationEntities, createCorrelator, toCorrelationAlert } from '#shared/correlate/index';
import { chunkRows } from './chunk';

/** The correlation input of some alerts of a chunk, each alert with its entities. */
const correlationInput = (p: PackedAlerts, slots: readonly number[]) => [...alertsOf(correlationBatch(p, slots))];

const alerts = [...syntheticLines(5, 0)].flatMap((text, i) => {
  const r = graphAdapter.normalize({ position: i + 1, value: JSON.parse(text) as unknown, text: text.trimEnd() }, { file: 'f.ndjson', importId: 'imp' as ImportId, defaultZone: 'UTC' });
  return r.ok ? r.alerts : [];
});

const SAMPLES = join(import.meta.dirname, '../../../shared/samples');
const sampleFiles = readdirSync(SAMPLES, { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile() && !/\.(md|txt)$/i.test(d.name))
  .map((d) => join(d.parentPath, d.name));

/** Every alert a sample file yields, as the adapter made it and as its packed chunks (what the import stores). */
const readSample = async (file: string): Promise<{ alerts: Alert[]; packs: PackedAlerts[] }> => {
  const alerts: Alert[] = [];
  const spy = ADAPTERS.map((a) => ({ ...a, normalize: (...args: Parameters<typeof a.normalize>) => {
    const r = a.normalize(...args);
    if (r.ok) alerts.push(...r.alerts);
    return r;
  } }));
  const packs: PackedAlerts[] = [];
  const bytes = readFileSync(file);
  const run = { importId: 'imp' as ImportId, options: {}, suppression: { rules: [], at: 0 } };
  for await (const ev of readSource({ name: file.slice(SAMPLES.length + 1), size: bytes.length, blob: new Blob([bytes]) }, spy, run, new AbortController().signal)) {
    if (ev.kind === 'alerts') packs.push(ev.alerts);
  }
  return { alerts, packs };
};

describe('stored chunks', () => {
  it('give back each alert whole, record included, reading one alert without the others', async () => {
    expect(alerts).toHaveLength(5);
    const { chunk, corr, body } = packChunk(7, 'imp', alerts);
    const rows = await ChunkAlerts.load(chunk, corr, body);
    expect(body.rests).toHaveLength(5);
    expect(rows.alert(3)).toEqual(alerts[3]);
    expect(rows.alert(3)?.raw).toContain('"evidence"');
    expect(rows.alert(9)).toBeUndefined();
    expect(rows.all()).toEqual(alerts);
    // One broken neighbour does not stop another alert from being read.
    const damaged = await ChunkAlerts.load(chunk, corr, { ...body, rests: body.rests?.map((t, i) => (i === 0 ? '{' : t)) });
    expect(damaged.alert(0)).toBeUndefined();
    expect(damaged.alert(4)).toEqual(alerts[4]);
  });

  it('store a rest without its defaults and its usual origin, and still give back every field that differs', async () => {
    const [a, b, c] = alerts as [Alert, Alert, Alert];
    const varied: Alert[] = [
      { ...a, description: 'Seen <b>twice</b>', classification: 'truePositive', determination: 'malware', remediation: ['Isolate the host'], techniques: [] },
      // Origins the row cannot say: another import, and two files.
      { ...b, origins: [{ ...(b.origins[0]), importId: 'imp-other' as ImportId }] },
      { ...c, origins: [...c.origins, { importId: 'imp' as ImportId, file: 'g.ndjson', record: 9 }] },
    ];
    const plain = packChunk(1, 'imp', alerts).body.rests ?? [];
    const { chunk, corr, body } = packChunk(2, 'imp', varied);
    const rows = await ChunkAlerts.load(chunk, corr, body);
    expect(rows.all()).toEqual(varied);
    expect(body.rests?.[0]).toContain('"classification":"truePositive"');
    expect(body.rests?.[1]).toContain('"origins"');
    expect(body.rests?.[2]).toContain('"origins"');
    // The usual alert's rest carries none of its defaults.
    expect(plain[3]).not.toMatch(/"description"|"classification"|"determination"|"remediation"|"origins"/);
  });

  it('pack more alerts than a chunk holds (a record with several alerts at the end of a chunk) without losing any', async () => {
    const many = [...syntheticLines(2_345, 0)].flatMap((text, i) => {
      const r = graphAdapter.normalize({ position: i + 1, value: JSON.parse(text) as unknown, text: text.trimEnd() }, { file: 'f.ndjson', importId: 'imp' as ImportId, defaultZone: 'UTC' });
      return r.ok ? r.alerts : [];
    });
    const p = packAlerts(many);
    expect([p.times.length, p.severity.length, p.metaCodes.length, p.entityCount.length, p.correlation.offsets.length]).toEqual([3 * 2_345, 2_345, 6 * 2_345, 2_345, 2_346]);
    const { chunk, corr, body } = chunkRows(1, 'imp', p);
    expect((await ChunkAlerts.load(chunk, corr, body)).all()).toEqual(many);
    expect(correlationInput(p, [2_344, 0, 1_500])).toEqual([many[2_344], many[0], many[1_500]].map((a) => toCorrelationAlert(a)));
  });

  it('put back the alerts a chunk keeps when some of its slots were duplicates', async () => {
    const p = packAlerts(alerts);
    const { chunk, corr, body } = chunkRows(3, 'imp', p, [1, 3, 4]);
    expect(chunk.ids).toEqual([alerts[1]?.id, alerts[3]?.id, alerts[4]?.id]);
    expect((await ChunkAlerts.load(chunk, corr, body)).all()).toEqual([alerts[1], alerts[3], alerts[4]]);
  });

  it('keep entity verdicts and role-less entities exactly', async () => {
    const odd: Alert = { ...alerts[0], entities: [{ type: 'ip', value: '10.0.0.1', roles: [], props: {} }, { type: 'ip', value: '10.0.0.2', roles: ['attacker', 'source'], verdict: 'malicious', props: { port: '443' } }] };
    const { chunk, corr, body } = packChunk(1, 'imp', [odd]);
    expect((await ChunkAlerts.load(chunk, corr, body)).alert(0)).toEqual(odd);
  });

  it('code the correlation input of one entity spelt two ways (same key, other value) without mixing them up', () => {
    const base = alerts[0];
    const spelt = (value: string, roles: Alert['entities'][number]['roles']): Alert => ({ ...base, entities: [{ type: 'account', value, roles, props: {} }] });
    const two = [spelt('CORP\\User1', ['compromised']), spelt('corp\\user1', ['source']), spelt('CORP\\User1', ['source'])];
    const p = packAlerts(two);
    expect(p.correlation.types.length).toBe(2);
    expect(correlationInput(p, [2, 0, 1])).toEqual([two[2], two[0], two[1]].map(toCorrelationAlert));
  });

  it("code each distinct entity of a chunk once, in one text where a value that is its key's tail is not repeated", () => {
    const a: Alert = {
      ...alerts[0],
      entities: [
        { type: 'ip', value: '10.0.0.1', roles: [], props: {} },
        { type: 'account', value: 'CORP\\Zoë', roles: [], props: {} },
        { type: 'url', value: 'https://例え.jp/a?b=<script>', roles: ['source'], props: {} },
        { type: 'ip', value: '10.0.0.1', roles: ['source'], props: {} },
      ],
    };
    const c = packAlerts([a, { ...a, id: `${a.id}-2` as Alert['id'] }]).correlation;
    const want = correlationEntities(a.entities);
    expect(want.some((e) => isKeyValue(e.key, e.value))).toBe(true);
    expect(want.some((e) => !isKeyValue(e.key, e.value))).toBe(true);
    expect(Array.from({ length: c.types.length }, (_, i) => ({ key: codedKey(c, i), type: codedType(c, i), value: codedValue(c, i) }))).toEqual(want);
    expect([...c.ent]).toEqual([...want.keys(), ...want.keys()]);
    expect([...c.offsets]).toEqual([0, want.length, 2 * want.length]);
    expect(c.text).toBe(want.map((e) => (isKeyValue(e.key, e.value) ? e.key : e.key + e.value)).join(''));
  });

  it('code a chunk with more distinct entities than its coder first has room for, each still once', () => {
    const ips = Array.from({ length: 12_000 }, (_, i) => ({ type: 'ip' as const, value: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, roles: [], props: {} }));
    const many: Alert[] = [0, 1].map((n) => ({ ...alerts[0], id: `${alerts[0].id}-${n}` as Alert['id'], entities: n ? [...ips].reverse() : ips }));
    const p = packAlerts(many);
    expect(p.correlation.types.length).toBe(12_000);
    expect(correlationInput(p, [0, 1])).toEqual(many.map(toCorrelationAlert));
  });

  it.each(sampleFiles.map((f) => [f.slice(SAMPLES.length + 1), f]))('put every alert of %s back as its adapter made it', async (_name, file) => {
    const { alerts: made, packs } = await readSample(file);
    const back = (
      await Promise.all(
        packs.map(async (p, i) => {
          const { chunk, corr, body } = chunkRows(i + 1, 'imp', p);
          return (await ChunkAlerts.load(chunk, corr, body)).all();
        }),
      )
    ).flat();
    expect(back.length).toBe(made.length);
    expect(back).toEqual(made);
    // The coded correlation input is what correlation takes from the alert itself.
    const input = packs.flatMap((p) => correlationInput(p, p.ids.map((_, i) => i)));
    expect(input).toEqual(made.map(toCorrelationAlert));
  });

  it('give the correlator a coded chunk that it takes as the alerts themselves: the same keys, counts and incidents', async () => {
    // Every sample's chunks and the same entity spelt two ways, part of each chunk left out (duplicates).
    const packs = (await Promise.all(sampleFiles.map(readSample))).flatMap((r) => r.packs);
    const base = alerts[0];
    packs.push(packAlerts([{ type: 'account', value: 'CORP\\User1' }, { type: 'account', value: 'corp\\user1' }].map((e, i) => ({ ...base, id: `${base.id}-${i}` as Alert['id'], entities: [{ ...e, type: 'account', roles: [], props: {} }] }))));
    const coded = createCorrelator();
    const plain = createCorrelator();
    for (const p of packs) {
      const slots = p.ids.map((_, i) => i).filter((i) => i % 5 !== 3);
      coded.load(correlationBatch(p, slots));
      plain.load(correlationInput(p, slots));
    }
    const a = coded.snapshot().store;
    const b = plain.snapshot().store;
    expect(a.K).toBeGreaterThan(1000);
    const keys = (s: typeof a): string[] => Array.from({ length: s.K }, (_, k) => s.keyString(k));
    const values = (s: typeof a): string[] => Array.from({ length: s.K }, (_, k) => s.keyValue(k));
    expect(keys(a)).toEqual(keys(b));
    expect(values(a)).toEqual(values(b));
    expect([...a.keyCount.subarray(0, a.K)]).toEqual([...b.keyCount.subarray(0, b.K)]);
    expect([...a.keyAlias.subarray(0, a.K)]).toEqual([...b.keyAlias.subarray(0, b.K)]);
    expect([...a.entKey.subarray(0, a.p)]).toEqual([...b.entKey.subarray(0, b.p)]);
    coded.run();
    plain.run();
    expect(coded.incidents()).toEqual(plain.incidents());
  });

  it('keep the records of a plain NDJSON file as a slice of it, byte for byte, and as strings where they cannot be', async () => {
    const lines = [...syntheticLines(6, 0)].map((l) => l.trimEnd());
    const run = { importId: 'imp' as ImportId, options: { format: 'graph' }, suppression: { rules: [], at: 0 } };
    const read = async (blob: Blob) => {
      const out: { body: ReturnType<typeof chunkRows>['body']; raws: string[]; kept: string[] }[] = [];
      for await (const ev of readSource({ name: 'f.ndjson', size: blob.size, blob }, ADAPTERS, run, new AbortController().signal)) {
        if (ev.kind !== 'alerts') continue;
        const all = chunkRows(1, 'imp', ev.alerts);
        const some = chunkRows(2, 'imp', ev.alerts, [1, 4]);
        const raws = (await ChunkAlerts.load(all.chunk, all.corr, all.body)).all().map((a) => a.raw);
        const kept = (await ChunkAlerts.load(some.chunk, some.corr, some.body)).all().map((a) => a.raw);
        out.push({ body: all.body, raws, kept });
      }
      return out[0];
    };
    // ASCII with CRLF breaks, a blank line and an indented record: slices of the file, without the CRs.
    const ascii = await read(new Blob([[lines[0], '', `  ${lines[1]}`, ...lines.slice(2)].join('\r\n') + '\r\n']));
    expect(ascii?.body.records).toBeInstanceOf(Blob);
    expect(ascii?.body.raws).toBeUndefined();
    expect(ascii?.raws).toEqual([lines[0], `  ${lines[1]}`, ...lines.slice(2)]);
    expect(ascii?.kept).toEqual([`  ${lines[1]}`, lines[4]]);
    // Non-ASCII text (the third record) is counted in bytes: still a slice, every record in place.
    const odd = lines.map((l, i) => (i === 2 ? l.replace('"title":"', '"title":"naïve – 東京 🚀 ') : l));
    const mixed = await read(new Blob([odd.join('\n')]));
    expect(mixed?.body.records).toBeInstanceOf(Blob);
    expect(mixed?.raws).toEqual(odd);
    expect(mixed?.kept).toEqual([odd[1], odd[4]]);
    // A JSON array is not read line by line: its records are kept as strings.
    const array = await read(new Blob([`[${odd.join(',')}]`]));
    expect(array?.body.records).toBeUndefined();
    expect(array?.raws).toEqual(odd.map((l) => JSON.stringify(JSON.parse(l))));
    // A UTF-8 BOM is not part of the first record.
    const bom = await read(new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), lines.join('\n')]));
    expect(bom?.body.records).toBeInstanceOf(Blob);
    expect(bom?.raws).toEqual(lines);
    // Without its bytes read (the constructor alone) such a row gives no record rather than a wrong one.
    expect(new ChunkAlerts(undefined, undefined, ascii?.body ?? { seq: 0, importId: '' }).raw(0)).toBe('');
  });

  it("read a few alerts of a large chunk from their own records and entity lists, not the chunk's whole", async () => {
    const lines = [...syntheticLines(40, 0)].map((l) => l.trimEnd());
    const run = { importId: 'imp' as ImportId, options: { format: 'graph' }, suppression: { rules: [], at: 0 } };
    let p: PackedAlerts | undefined;
    for await (const ev of readSource({ name: 'f.ndjson', size: 1, blob: new Blob([lines.join('\n')]) }, ADAPTERS, run, new AbortController().signal)) if (ev.kind === 'alerts') p = ev.alerts;
    if (!p) throw new Error('no chunk');
    const whole = chunkRows(1, 'imp', p);
    const some = chunkRows(2, 'imp', p, [0, 7, 8, 39]);
    // Each alert's list is where the row says, in a full row and in one that dropped duplicates.
    for (const { corr } of [whole, some]) {
      const lists = JSON.parse(corr.corr) as unknown[];
      expect(corr.at).toHaveLength(lists.length + 1);
      lists.forEach((list, i) => expect(JSON.parse(corr.corr.slice(corr.at?.[i], (corr.at?.[i + 1] ?? 0) - 1))).toEqual(list));
    }
    const expected = (await ChunkAlerts.load(whole.chunk, whole.corr, whole.body)).all();
    // A Blob that cannot be read whole: a load of two slots reads only their slices.
    class SlicesOnly extends Blob {
      override arrayBuffer(): Promise<ArrayBuffer> {
        return Promise.reject(new Error('read whole'));
      }
    }
    const records = new SlicesOnly([await (whole.body.records as Blob).arrayBuffer()]);
    const body = { ...whole.body, records };
    await expect(ChunkAlerts.load(whole.chunk, whole.corr, body)).rejects.toThrow('read whole');
    const two = await ChunkAlerts.load(whole.chunk, whole.corr, body, [3, 17]);
    expect([two.alert(3), two.alert(17)]).toEqual([expected[3], expected[17]]);
    // A slot whose record was not read has no alert rather than one without its record.
    expect(two.alert(5)).toBeUndefined();
    // Rows without offsets (written before them) and rows with damaged ones give the same alerts.
    const { at: _at, ...old } = whole.corr;
    const damaged = { ...whole.corr, at: new Uint32Array(whole.corr.at?.length ?? 0).fill(3) };
    for (const corr of [old, damaged]) expect((await ChunkAlerts.load(whole.chunk, corr, whole.body, [3, 17])).alert(17)).toEqual(expected[17]);
  });

  it('read rows of the earlier layouts (records as strings beside the rests; whole alerts per slot; one JSON text)', () => {
    const p = packAlerts(alerts, undefined, 'imp');
    const { chunk, corr, body } = chunkRows(1, 'imp', p);
    const { records: _bytes, recordSpans: _spans, ...rest } = body;
    expect(new ChunkAlerts(chunk, corr, { ...rest, raws: alerts.map((a) => a.raw) }).all()).toEqual(alerts);
    const perAlert = { seq: 1, importId: 'imp', alerts: alerts.map((a) => JSON.stringify({ ...a, raw: '' })), raws: alerts.map((a) => a.raw) };
    expect(new ChunkAlerts(undefined, undefined, perAlert).alert(2)).toEqual(alerts[2]);
    expect(new ChunkAlerts(undefined, undefined, perAlert).all()).toEqual(alerts);
    const legacy = { seq: 1, importId: 'imp', json: JSON.stringify(alerts) };
    expect(new ChunkAlerts(undefined, undefined, legacy).alert(2)).toEqual(alerts[2]);
    expect(new ChunkAlerts(undefined, undefined, legacy).all()).toEqual(alerts);
  });
});
