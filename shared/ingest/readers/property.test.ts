// Property tests (SECURITY-NOTES I3, I4, I5, I7, I8): on any bytes the reader finishes and throws nothing but a
// typed ReaderError; on well-formed input it gives back exactly what was written. fast-check prints the seed of a
// failing run; CASELINE_FUZZ_RUNS scales the run counts (e.g. 10000 for a long fuzz).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isReaderError } from './errors';
import type { ReaderErrorCode } from './errors';
import { readFile } from './read-file';
import { collect, streamOf, utf8 } from './test-support';

const SAMPLES = resolve(import.meta.dirname, '../../../../shared/samples');
const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(SAMPLES, name)));
const scale = Number(process.env.CASELINE_FUZZ_RUNS ?? '0') || 0;
const runs = (n: number): number => (scale > 0 ? scale : n);

/** File-level outcomes a record reader may report on arbitrary text. READ_FAILED would mean an internal crash. */
const RECORD_ERRORS: ReadonlySet<ReaderErrorCode> = new Set(['EMPTY', 'NOT_TEXT', 'BAD_HEADER']);

/** Cut points for a stream: up to 6 random chunk boundaries. */
const cuts = (max: number) => fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, max) }), { maxLength: 6 }).map((a) => a.sort((x, y) => x - y));

/** JSON values as JSON.parse(JSON.stringify(v)) gives them back (-0 → 0). */
const normal = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

const checkWellBehaved = async (bytes: Uint8Array, cutPoints: readonly number[]): Promise<void> => {
  const r = await collect(streamOf(bytes, cutPoints));
  expect(r.crash).toBeUndefined();
  if (r.error) expect(RECORD_ERRORS.has(r.error.code)).toBe(true);
  if (r.kinds.length) expect(r.kinds[0]).toBe('container');
  expect(r.kinds.filter((k) => k === 'container').length).toBeLessThanOrEqual(1);
  for (const rec of r.records) expect(typeof rec.text).toBe('string');
};

describe('arbitrary bytes', () => {
  it('readRecords finishes and throws only typed errors on any bytes, in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), cuts(3000), (bytes, c) => checkWellBehaved(bytes, c)),
      { numRuns: runs(1000) },
    );
  });

  it('...and on text-like bytes that get past the binary check', async () => {
    const alphabet = fc.constantFrom(...'{}[]",:\\\n\r\t ;|#abc01-.eE\u00e9\ufeff'.split(''));
    await fc.assert(
      fc.asyncProperty(fc.array(alphabet, { maxLength: 2000 }).map((a) => utf8(a.join(''))), cuts(2000), (bytes, c) => checkWellBehaved(bytes, c)),
      { numRuns: runs(1000) },
    );
  });

  it('readFile (archive layer) throws only typed errors on bytes that look like gzip or zip', async () => {
    const head = fc.constantFrom([0x1f, 0x8b, 8, 0], [0x50, 0x4b, 3, 4], [0x50, 0x4b, 5, 6], [0xef, 0xbb, 0xbf], []);
    await fc.assert(
      fc.asyncProperty(head, fc.uint8Array({ maxLength: 2000 }), cuts(2000), async (h, rest, c) => {
        try {
          for await (const ev of readFile(streamOf(new Uint8Array([...h, ...rest]), c), 'x')) void ev;
        } catch (e) {
          expect(isReaderError(e)).toBe(true);
          if (isReaderError(e)) expect(e.code).not.toBe('READ_FAILED');
        }
      }),
      { numRuns: runs(1000) },
    );
  });
});

describe('well-formed input round-trips', () => {
  const value = fc.jsonValue({ maxDepth: 6 });
  const object = fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 6 });

  it('a JSON array (compact or pretty) gives back its elements, each text re-parsing to its value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 20 }), fc.constantFrom(0, 2, '\t'), cuts(500), async (arr, indent, c) => {
        const text = JSON.stringify(arr, null, indent);
        const r = await collect(streamOf(utf8(text), c));
        expect(r.crash).toBeUndefined();
        expect(r.container?.container).toBe('json-array');
        expect(r.rejects).toEqual([]);
        expect(r.records.map((x) => x.value)).toEqual(normal(arr));
        for (const rec of r.records) expect(JSON.parse(rec.text)).toEqual(rec.value);
        expect(r.records.map((x) => x.position)).toEqual(arr.map((_, i) => i + 1));
      }),
      { numRuns: runs(500) },
    );
  });

  it('NDJSON gives back one record per line, position = line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(object, { minLength: 2, maxLength: 20 }), fc.constantFrom('\n', '\r\n'), cuts(500), async (objs, brk, c) => {
        const text = objs.map((o) => JSON.stringify(o)).join(brk) + brk;
        const r = await collect(streamOf(utf8(text), c));
        expect(r.container?.container).toBe('ndjson');
        expect(r.records.map((x) => x.value)).toEqual(normal(objs));
        expect(r.records.map((x) => x.position)).toEqual(objs.map((_, i) => i + 1));
        for (const rec of r.records) expect(JSON.parse(rec.text)).toEqual(rec.value);
      }),
      { numRuns: runs(500) },
    );
  });

  it('a JSON object is one record; a {"value": [...]} wrapper gives its elements', async () => {
    await fc.assert(
      fc.asyncProperty(object, fc.array(object, { maxLength: 10 }), fc.constantFrom(0, 2), cuts(500), async (obj, list, indent, c) => {
        const whole = await collect(streamOf(utf8(JSON.stringify(obj, null, indent)), c), 'x', { recordsAt: [] });
        expect(whole.records.map((x) => x.value)).toEqual([normal(obj)]);
        const wrapped = await collect(streamOf(utf8(JSON.stringify({ '@odata.context': 'x', value: list }, null, indent)), c));
        expect(wrapped.container).toMatchObject({ container: 'json-object', recordsAt: ['value'] });
        expect(wrapped.records.map((x) => x.value)).toEqual(normal(list));
        for (const rec of wrapped.records) expect(JSON.parse(rec.text)).toEqual(rec.value);
      }),
      { numRuns: runs(500) },
    );
  });

  it('CSV: parse(serialize(rows)) equals rows (quotes, delimiters, CR/LF inside cells)', async () => {
    const names = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/), { minLength: 1, maxLength: 6 });
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '"', '""', ',', '\r\n', '\n', '\r', ' x ', 'a,"b"'));
    await fc.assert(
      fc.asyncProperty(
        names.chain((h) => fc.tuple(fc.constant(h), fc.array(fc.array(cell, { minLength: h.length, maxLength: h.length }), { maxLength: 15 }))),
        fc.constantFrom('\n', '\r\n'),
        cuts(800),
        async ([header, rows], brk, c) => {
          const quote = (s: string): string => (s === '' || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
          const line = (cells: readonly string[]): string => (cells.length === 1 && cells[0] === '' ? '""' : cells.map(quote).join(','));
          const text = [header.join(','), ...rows.map(line)].join(brk) + brk;
          const r = await collect(streamOf(utf8(text), c), 'x.csv', { delimiter: ',' });
          expect(r.crash).toBeUndefined();
          expect(r.rejects).toEqual([]);
          expect(r.container?.header).toEqual(header);
          expect(r.records.map((x) => header.map((h) => (x.value as Record<string, string>)[h]))).toEqual(rows);
        },
      ),
      { numRuns: runs(500) },
    );
  });

  it('depth 0..20000: a record or a depth reject, never a RangeError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20_000 }), fc.constantFrom('[', '{"a":'), async (depth, open) => {
        const close = open === '[' ? ']' : '}';
        const text = `[${open.repeat(depth)}1${close.repeat(depth)}]`;
        const r = await collect(streamOf(utf8(text), 8192));
        expect(r.crash).toBeUndefined();
        expect(r.error).toBeUndefined();
        if (depth <= 64) expect(r.records).toHaveLength(1);
        else expect(r.rejects.map((x) => x.reason)).toEqual(['JSON nesting deeper than 64 levels']);
      }),
      { numRuns: runs(200) },
    );
  });
});

describe('prototype pollution', () => {
  it('hostile keys at any depth stay data; Object.prototype is untouched', async () => {
    const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype');
    const leaf = fc.constantFrom<unknown>({ polluted: 1 }, { prototype: { polluted: 1 } }, 'x', 1);
    const tree: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { maxDepth: 5 },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.array(fc.tuple(fc.oneof(hostileKey, fc.string({ maxLength: 4 })), tie('node')), { maxLength: 4 }),
      ),
    })).node;
    // Serialise by hand: JSON.stringify would drop a real __proto__ key; pairs become object members.
    const ser = (v: unknown): string => {
      if (Array.isArray(v) && v.every((x) => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string')) {
        return `{${(v as [string, unknown][]).map(([k, x]) => `${JSON.stringify(k)}:${ser(x)}`).join(',')}}`;
      }
      if (Array.isArray(v)) return `[${v.map(ser).join(',')}]`;
      return JSON.stringify(v);
    };
    await fc.assert(
      fc.asyncProperty(fc.array(tree, { minLength: 1, maxLength: 5 }), fc.constantFrom('array', 'ndjson', 'wrapper', 'csv'), async (items, form) => {
        const texts = items.map((t) => `{"__proto__":${ser(t)},"k":${ser(t)}}`);
        const text =
          form === 'array'
            ? `[${texts.join(',')}]`
            : form === 'ndjson'
              ? texts.join('\n') + '\n{}\n'
              : form === 'wrapper'
                ? `{"value":[${texts.join(',')}]}`
                : `__proto__,constructor\n${texts.map((t) => `"${t.replace(/"/g, '""')}",x`).join('\n')}\n`;
        const r = await collect(streamOf(utf8(text), 97));
        expect(r.crash).toBeUndefined();
        expect(r.records.length).toBeGreaterThan(0);
        for (const rec of r.records) {
          if (rec.value && typeof rec.value === 'object' && Object.keys(rec.value).length) {
            expect(Object.prototype.hasOwnProperty.call(rec.value, '__proto__')).toBe(true);
          }
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES);
      }),
      { numRuns: runs(500) },
    );
  });
});
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

describe('mutated real samples', () => {
  const files: [string, number][] = [
    ['sentinel-securityalert-demo.csv', 189],
    ['suricata-eve-wrccdc-2018.json', 207],
    ['suricata-eve-honeypot-2018.json', 44],
    ['wazuh-alerts-ait-ldsv11-insect.json', 497],
    ['hayabusa-sample-evtx-results.csv', 4000],
    ['chainsaw-hunt-evtx-attack-samples.json', 300],
    ['zeek-notice-wrccdc-2018.log', 207],
    ['zeek-notice-wrccdc-2018.ndjson', 207],
    ['graph-alerts-v2-docs-example.json', 1],
    ['defender-for-cloud-alerts-api-example.json', 2],
    ['sentinel-incidents-api-obfuscated.json', 5],
  ];
  // Mutating the big files 1000 times would take minutes; their first 24 KiB keep every structure they have.
  const bytes = files.map(([f]) => {
    const b = sample(f);
    return b.length > 24_576 ? b.slice(0, 24_576) : b;
  });

  it.each(files)('unmutated %s has its known record count, plain, gzip and zip', async (name, count) => {
    const plain = sample(name);
    for (const [src, label] of [
      [plain, name],
      [gzipSync(plain), `${name}.gz`],
      [zipSync({ [name]: plain }), `${name}.zip`],
    ] as const) {
      let records = 0;
      let rejects = 0;
      for await (const ev of readFile(streamOf(src, 8191), label)) {
        if (ev.kind === 'record') {
          records++;
          expect(JSON.stringify(ev.record.value)).toBeTypeOf('string');
        }
        if (ev.kind === 'reject') rejects++;
      }
      expect([records, rejects]).toEqual([count, 0]);
    }
  });

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate' as const), from: fc.nat(), len: fc.integer({ min: 1, max: 4000 }) }),
  );
  const apply = (b: Uint8Array, m: { kind: 'flip'; at: number[]; bit: number } | { kind: 'truncate'; at: number } | { kind: 'duplicate'; from: number; len: number }): Uint8Array => {
    if (m.kind === 'flip') {
      const out = b.slice();
      for (const a of m.at) out[a % out.length] = (out[a % out.length] ?? 0) ^ (1 << m.bit);
      return out;
    }
    if (m.kind === 'truncate') return b.slice(0, m.at % (b.length + 1));
    const from = m.from % b.length;
    const piece = b.slice(from, from + m.len);
    return new Uint8Array([...b.slice(0, from), ...piece, ...b.slice(from)]);
  };

  it('bit flips, truncation and duplication: the reader finishes with records, rejects or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: files.length - 1 }), mutation, cuts(24_576), fc.constantFrom('plain', 'gzip', 'zip'), async (k, m, c, wrap) => {
        const name = files[k]?.[0] ?? '';
        const mutated = apply(bytes[k] ?? new Uint8Array(), m);
        const src = wrap === 'plain' ? mutated : wrap === 'gzip' ? gzipSync(mutated) : zipSync({ [name]: mutated });
        try {
          for await (const ev of readFile(streamOf(src, c), name)) {
            if (ev.kind === 'record') expect(typeof ev.record.text).toBe('string');
          }
        } catch (e) {
          expect(isReaderError(e)).toBe(true);
          if (isReaderError(e)) expect(e.code).not.toBe('READ_FAILED');
        }
      }),
      { numRuns: runs(1000) },
    );
  });

  it('bit flips inside the compressed bytes: a typed error or records, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: files.length - 1 }), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.boolean(), async (k, at, zip) => {
        const name = files[k]?.[0] ?? '';
        const plain = bytes[k] ?? new Uint8Array();
        const packed = zip ? zipSync({ [name]: plain }) : gzipSync(plain);
        for (const a of at) packed[a % packed.length] = (packed[a % packed.length] ?? 0) ^ 0x5a;
        try {
          for await (const ev of readFile(streamOf(packed, 4096), name)) void ev;
        } catch (e) {
          expect(isReaderError(e)).toBe(true);
          if (isReaderError(e)) expect(e.code).not.toBe('READ_FAILED');
        }
      }),
      { numRuns: runs(1000) },
    );
  });
});
