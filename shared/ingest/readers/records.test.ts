import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTime } from '#shared/ingest/time';
import { splitCsvRow } from './csv';
import { sniffEncoding } from './decode';
import { sniffContainer } from './records';
import { ByteMap } from './byte-map';
import { collect, collectText, streamOf, utf8 } from './test-support';

const SAMPLES = resolve(import.meta.dirname, '../../../../shared/samples');
const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(SAMPLES, name)));
const readSample = (name: string, chunk: number | readonly number[] = 65536) => collect(streamOf(sample(name), chunk), name);

const get = (v: unknown, ...keys: string[]): unknown => {
  let cur = v;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
};

describe('real samples', () => {
  it('Sentinel SecurityAlert CSV: 189 rows, CRLF, quoted newlines, unnamed index column', async () => {
    const r = await readSample('sentinel-securityalert-demo.csv', 4096);
    expect(r.error).toBeUndefined();
    expect(r.kinds[0]).toBe('container');
    expect(r.container).toMatchObject({ container: 'csv', delimiter: ',', encoding: 'utf-8' });
    expect(r.container?.header.slice(0, 3)).toEqual(['_index', 'TenantId', 'StartTimeUtc']);
    expect(r.records).toHaveLength(189);
    expect(r.rejects).toEqual([]);
    const [first] = r.records;
    expect(Object.getPrototypeOf(first?.value)).toBeNull();
    expect(get(first?.value, '_index')).toBe('0');
    expect(get(first?.value, 'AlertName')).toBe('DC local group addition - Demo');
    expect(get(first?.value, 'StartTimeUtc')).toBe('2019-01-11 06:31:40');
    expect(get(r.records[188]?.value, 'AlertName')).toBe('Anomalous account creation detected');
    // Physical line where each row starts, as Python's csv module counts them.
    expect(r.records.slice(0, 5).map((x) => x.position)).toEqual([2, 60, 118, 127, 136]);
    expect(r.records[188]?.position).toBe(14805);
    const entities = get(r.records[0]?.value, 'Entities');
    expect(typeof entities === 'string' && JSON.parse(entities)).toBeInstanceOf(Array);
    // text is the raw row: splitting it again gives the same cells.
    for (const rec of r.records) {
      const cells = splitCsvRow(rec.text, ',', 1000).cells;
      expect(cells).toEqual(Object.values(rec.value as Record<string, string>));
      expect(rec.text.endsWith('\r')).toBe(false);
    }
  });

  it('Suricata EVE (pretty-printed JSON array): 207 records, exact element text', async () => {
    const r = await readSample('suricata-eve-wrccdc-2018.json', 777);
    expect(r.container).toMatchObject({ container: 'json-array', header: [] });
    expect(r.records).toHaveLength(207);
    expect(r.records.map((x) => x.position)).toEqual(Array.from({ length: 207 }, (_, k) => k + 1));
    expect(get(r.records[0]?.value, 'timestamp')).toBe('2018-03-24T14:37:19.037299-0600');
    expect(get(r.records[0]?.value, 'alert', 'signature')).toMatch(/^ET SCAN Potential SSH Scan/);
    expect(r.records[0]?.text.startsWith('{\n    "timestamp"')).toBe(true);
    expect(r.records[0]?.text.endsWith('}')).toBe(true);
    for (const rec of r.records) expect(JSON.parse(rec.text)).toEqual(rec.value);
  });

  it('Suricata honeypot array: 44 records with naive timestamps', async () => {
    const r = await readSample('suricata-eve-honeypot-2018.json');
    expect(r.records).toHaveLength(44);
    expect(typeof get(r.records[0]?.value, 'timestamp')).toBe('string');
  });

  it('Wazuh alerts.json (NDJSON): 497 records, position = line', async () => {
    const r = await readSample('wazuh-alerts-ait-ldsv11-insect.json', 1000);
    expect(r.container?.container).toBe('ndjson');
    expect(r.records).toHaveLength(497);
    expect(r.records[0]?.position).toBe(1);
    expect(r.records[496]?.position).toBe(497);
    expect(get(r.records[0]?.value, 'rule', 'id')).toBe('20100');
    expect(get(r.records[496]?.value, 'timestamp')).toBe('2020-03-04T14:29:43.000000+0000');
    const lines = new TextDecoder().decode(sample('wazuh-alerts-ait-ldsv11-insect.json')).split('\n');
    for (const rec of r.records) expect(rec.text).toBe(lines[rec.position - 1]);
  });

  it('Hayabusa CSV: 4,000 rows', async () => {
    const r = await readSample('hayabusa-sample-evtx-results.csv');
    expect(r.container?.header).toEqual(['Timestamp', 'Computer', 'EventID', 'Level', 'RuleTitle', 'Details', 'RulePath', 'FilePath']);
    expect(r.records).toHaveLength(4000);
    expect(r.rejects).toEqual([]);
    expect(get(r.records[0]?.value, 'Timestamp')).toBe('2013-10-24 01:16:13.843 +09:00');
    expect(get(r.records[0]?.value, 'RuleTitle')).toBe('Logon Type 0 - System');
    expect(r.records[3999]?.position).toBe(4001);
  });

  it('Chainsaw hunt JSON (one-line array): 300 records', async () => {
    const r = await readSample('chainsaw-hunt-evtx-attack-samples.json', 5000);
    expect(r.container?.container).toBe('json-array');
    expect(r.records).toHaveLength(300);
    expect(get(r.records[0]?.value, 'detection')).toEqual(['(Built-in Logic) - Security audit log was cleared']);
    expect(get(r.records[299]?.value, 'event', 'Event', 'System', 'Computer')).toBe('IEWIN7');
    for (const rec of r.records) expect(JSON.parse(rec.text)).toEqual(rec.value);
  });

  it('Graph alerts_v2 list response: one record inside {"value": [...]}', async () => {
    const r = await readSample('graph-alerts-v2-docs-example.json', 300);
    expect(r.container).toMatchObject({ container: 'json-object', recordsAt: ['value'] });
    expect(r.records).toHaveLength(1);
    expect(r.records[0]?.position).toBe(1);
    expect(get(r.records[0]?.value, 'id')).toBe('da637551227677560813_-961444813');
    expect(JSON.parse(r.records[0]?.text ?? '')).toEqual(r.records[0]?.value);
    // The \ufffd escapes are in the source text, not decoding losses.
    expect(r.replacementChars).toEqual([0]);
  });

  it('Defender for Cloud REST example: 2 records at responses.200.body.value', async () => {
    const r = await readSample('defender-for-cloud-alerts-api-example.json', 512);
    expect(r.container).toMatchObject({ container: 'json-object', recordsAt: ['responses', '200', 'body', 'value'] });
    expect(r.records.map((x) => get(x.value, 'properties', 'alertDisplayName'))).toEqual([
      'Azure Security Center test alert (not a threat)',
      'Suspicious Screensaver process executed',
    ]);
    expect(r.records.map((x) => x.position)).toEqual([1, 2]);
  });

  it('Sentinel incidents (array with dotted keys): 5 records', async () => {
    const r = await readSample('sentinel-incidents-api-obfuscated.json');
    expect(r.records).toHaveLength(5);
    expect(get(r.records[0]?.value, 'properties.title')).toBeTypeOf('string');
  });

  it('Zeek notice.log TSV: 207 records that match the NDJSON form field for field', async () => {
    const tsv = await readSample('zeek-notice-wrccdc-2018.log', 999);
    const nd = await readSample('zeek-notice-wrccdc-2018.ndjson', 999);
    expect(tsv.container).toMatchObject({ container: 'tsv-zeek', delimiter: '\t', logPath: 'notice' });
    expect(tsv.container?.header).toHaveLength(26);
    expect(tsv.container?.fieldTypes?.[0]).toBe('time');
    expect(tsv.records).toHaveLength(207);
    expect(nd.records).toHaveLength(207);
    expect(tsv.records[0]?.position).toBe(9);
    expect(tsv.rejects).toEqual([]);
    for (let k = 0; k < 207; k++) {
      const t = tsv.records[k]?.value as Record<string, unknown>;
      const j = { ...(nd.records[k]?.value as Record<string, unknown>) };
      // The JSON form adds _path/_write_ts and writes ts as ISO; the TSV form has epoch seconds.
      expect(parseTime(t.ts)?.ms).toBe(parseTime(j.ts)?.ms);
      delete j._path;
      delete j._write_ts;
      delete j.ts;
      const { ts: _ts, ...rest } = t;
      expect(rest).toEqual(j);
    }
    const first = tsv.records[0]?.value as Record<string, unknown>;
    expect(first['id.orig_p']).toBe(39611);
    expect(first.actions).toEqual(['Notice::ACTION_LOG']);
    expect(first.email_dest).toEqual([]);
    expect('file_mime_type' in first).toBe(false);
    expect(String(first.sub)).toContain('unstructuredName=1315656901\\,564d');
  });
});

describe('container detection', () => {
  it.each([
    ['[1,2]', 'json-array'],
    ['  \n[{"a":1}]', 'json-array'],
    ['{"a":1}\n{"a":2}\n', 'ndjson'],
    ['{"a":1}\r\n{"a":2}', 'ndjson'],
    ['{"a":1}', 'json-object'],
    ['{"a":1}\n', 'json-object'],
    ['{\n  "a": 1\n}\n', 'json-object'],
    ['{"value": [\n{"a":1}]}', 'json-object'],
    ['{"a":1, "b":\n2}', 'json-object'],
    ['{"a":1 broken\n{"a":2}\n', 'ndjson'],
    ['#separator \\x09\n#fields\ta\n', 'tsv-zeek'],
    ['a,b\n1,2\n', 'csv'],
    ['a;b\n1;2', 'csv'],
  ])('%j → %s', (text, container) => {
    const s = sniffContainer(text, true);
    expect(s !== 'empty' && s?.container).toBe(container);
  });

  it('waits for more text while undecided, and says empty for whitespace', () => {
    expect(sniffContainer('{"a":1}\n', false)).toBeUndefined();
    expect(sniffContainer('a,b', false)).toBeUndefined();
    expect(sniffContainer(' \n\t', true)).toBe('empty');
    expect(sniffContainer('a\rb\rc', true)).toEqual({ container: 'csv', lineBreak: '\r' });
  });

  it('an empty file and a binary file are typed errors', async () => {
    expect((await collectText('')).error?.code).toBe('EMPTY');
    expect((await collectText('  \n ')).error?.code).toBe('EMPTY');
    const bin = new Uint8Array(4000).map((_, i) => (i * 7919) % 256);
    expect((await collect(streamOf(bin))).error?.code).toBe('NOT_TEXT');
  });

  it('a forced container is used as given', async () => {
    const r = await collectText('{"a":1}\n{"a":2}\n', { container: 'json-object' });
    expect(r.container?.container).toBe('json-object');
    expect(r.records.map((x) => x.value)).toEqual([{ a: 1 }, { a: 2 }]);
  });
});

describe('decoding', () => {
  const doc = '[{"name":"Ünïcødé ✓"}]';
  const utf16 = (s: string, le: boolean): Uint8Array => {
    const out = new Uint8Array(s.length * 2);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out[2 * i + (le ? 0 : 1)] = c & 0xff;
      out[2 * i + (le ? 1 : 0)] = c >> 8;
    }
    return out;
  };
  const withBom = (bom: number[], body: Uint8Array): Uint8Array => new Uint8Array([...bom, ...body]);

  it.each([
    ['UTF-8 BOM', withBom([0xef, 0xbb, 0xbf], utf8(doc)), 'utf-8'],
    ['UTF-16LE BOM', withBom([0xff, 0xfe], utf16(doc, true)), 'utf-16le'],
    ['UTF-16BE BOM', withBom([0xfe, 0xff], utf16(doc, false)), 'utf-16be'],
    ['UTF-16LE without BOM', utf16(doc, true), 'utf-16le'],
    ['no BOM', utf8(doc), 'utf-8'],
  ])('%s: BOM stripped, text decoded across 1-byte chunks', async (_name, bytes, encoding) => {
    const r = await collect(streamOf(bytes, 1));
    expect(r.container?.encoding).toBe(encoding);
    expect(r.records.map((x) => x.value)).toEqual([{ name: 'Ünïcødé ✓' }]);
    expect(r.records[0]?.text).toBe('{"name":"Ünïcødé ✓"}');
  });

  it('sniffEncoding needs only the first bytes', () => {
    expect(sniffEncoding(new Uint8Array([0xef, 0xbb, 0xbf]))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(sniffEncoding(new Uint8Array([0x7b, 0, 0x22, 0]))).toEqual({ encoding: 'utf-16le', bomLength: 0 });
    expect(sniffEncoding(new Uint8Array([]))).toEqual({ encoding: 'utf-8', bomLength: 0 });
  });

  it('counts U+FFFD per record so lossy records can be flagged', async () => {
    const bytes = new Uint8Array([...utf8('{"a":"ok"}\n{"a":"'), 0xff, 0xfe, ...utf8('x"}\n{"a":"\\ufffd"}\n')]);
    const r = await collect(streamOf(bytes, 3));
    expect(r.records.map((x) => x.position)).toEqual([1, 2, 3]);
    expect(r.replacementChars).toEqual([0, 2, 0]);
  });

  it('handles CRLF, LF and CR line breaks alike', async () => {
    for (const brk of ['\n', '\r\n', '\r']) {
      const csv = await collectText(['a,b', '1,2', '"x', 'y",3', ''].join(brk), {}, 2);
      expect(csv.records.map((x) => x.value)).toEqual([Object.assign(Object.create(null), { a: '1', b: '2' }), Object.assign(Object.create(null), { a: `x${brk}y`, b: '3' })]);
      expect(csv.records.map((x) => x.position)).toEqual([2, 3]);
      const nd = await collectText(['{"n":1}', '', '{"n":2}', ''].join(brk), {}, 3);
      expect(nd.records.map((x) => [x.position, x.value, x.text])).toEqual([
        [1, { n: 1 }, '{"n":1}'],
        [3, { n: 2 }, '{"n":2}'],
      ]);
    }
  });

  it('keeps lone surrogates (valid JSON escapes)', async () => {
    const r = await collectText('["\\ud800"]');
    expect(r.records[0]?.value).toBe('\ud800');
  });
});

describe('JSON arrays and objects', () => {
  const text = '[ {"a": "x,]}\\"{["}, [1, [2]], "s\\\\", 12.5e3, true, null, {"b": {"c": []}} ]';
  const expected = JSON.parse(text) as unknown[];

  it('splits at every possible chunk boundary identically', async () => {
    for (let cut = 1; cut < text.length; cut++) {
      const r = await collectText(text, {}, [cut]);
      expect(r.records.map((x) => x.value)).toEqual(expected);
      expect(r.records.map((x) => x.text)).toEqual(['{"a": "x,]}\\"{["}', '[1, [2]]', '"s\\\\"', '12.5e3', 'true', 'null', '{"b": {"c": []}}']);
    }
    const oneByOne = await collectText(text, {}, 1);
    expect(oneByOne.records.map((x) => x.value)).toEqual(expected);
  });

  it('rejects a bad element and goes on', async () => {
    const r = await collectText('[{"a":1}, {"a":}, {"a":3}, {"a" 4}]');
    expect(r.records.map((x) => [x.position, x.value])).toEqual([
      [1, { a: 1 }],
      [3, { a: 3 }],
    ]);
    expect(r.rejects.map((x) => x.record)).toEqual([2, 4]);
    expect(r.rejects[0]?.reason).toMatch(/^invalid JSON/);
  });

  it('reads elements missing their comma as separate records', async () => {
    const r = await collectText('[{"a":1} {"a":2}\n{"a":3}]');
    expect(r.records.map((x) => x.value)).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it('reports a truncated array: whole elements kept, the cut one rejected', async () => {
    const r = await collectText('[{"a":1},{"a":2},{"a":');
    expect(r.records.map((x) => x.value)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(r.rejects).toEqual([{ kind: 'reject', record: 3, field: '', reason: 'the file ends inside this record (truncated?)' }]);
    const r2 = await collectText('[{"a":1}');
    expect(r2.records).toHaveLength(1);
    expect(r2.rejects[0]?.record).toBe(0);
  });

  it('rejects text after the top-level value once', async () => {
    const r = await collectText('[1] garbage [2]');
    expect(r.records.map((x) => x.value)).toEqual([1]);
    expect(r.rejects).toHaveLength(1);
  });

  it.each([
    ['{"value": [{"id": 1}, {"id": 2}], "@odata.nextLink": "x"}', ['value'], [{ id: 1 }, { id: 2 }]],
    ['{"took": 3, "hits": {"total": 2, "hits": [{"_id": "a"}, {"_id": "b"}]}}', ['hits', 'hits'], [{ _id: 'a' }, { _id: 'b' }]],
    ['{"parameters": {"x": [1]}, "responses": {"200": {"body": {"value": [{"n": 1}]}}}}', ['responses', '200', 'body', 'value'], [{ n: 1 }]],
    ['{"@odata.context": "c", "value": []}', ['value'], []],
    ['{"data": [{"k": "v"}], "pagination": {}}', ['data'], [{ k: 'v' }]],
  ])('unwraps %s', async (doc, path, records) => {
    for (const chunk of [1, 7, 65536]) {
      const r = await collectText(doc, {}, chunk);
      expect(r.container).toMatchObject({ container: 'json-object', recordsAt: path });
      expect(r.records.map((x) => x.value)).toEqual(records);
      for (const rec of r.records) expect(JSON.parse(rec.text)).toEqual(rec.value);
    }
  });

  it.each([
    '{"id": "x", "evidence": [{"a": 1}], "value": 3}',
    '{"value": [1, 2]}',
    '{"nested": {"value": [{"a": 1}]}}',
    '{"id": "x"}',
  ])('keeps %s as one record', async (doc) => {
    const r = await collectText(doc, {}, 5);
    expect(r.container?.container).toBe('json-object');
    expect(r.container?.recordsAt).toBeUndefined();
    expect(r.records.map((x) => [x.position, x.value, x.text])).toEqual([[1, JSON.parse(doc), doc]]);
  });

  it('recordsAt overrides the wrapper paths; [] reads the object whole', async () => {
    const doc = '{"value": [{"a": 1}], "items": [{"b": 2}]}';
    expect((await collectText(doc, { recordsAt: ['items'] })).records.map((x) => x.value)).toEqual([{ b: 2 }]);
    expect((await collectText(doc, { recordsAt: [] })).records.map((x) => x.value)).toEqual([JSON.parse(doc)]);
  });

  it('reads concatenated top-level objects (jq-style streams) as records', async () => {
    const r = await collectText('{\n "a": 1\n}\n{\n "a": 2\n}\n');
    expect(r.container?.container).toBe('json-object');
    expect(r.records.map((x) => [x.position, x.value])).toEqual([
      [1, { a: 1 }],
      [2, { a: 2 }],
    ]);
  });
});

describe('NDJSON', () => {
  it('rejects a bad line and goes on; blank lines are skipped', async () => {
    const r = await collectText('{"a":1}\n{"a":\n\n   \n{"a":3}\n[1,2]\n');
    expect(r.records.map((x) => [x.position, x.value])).toEqual([
      [1, { a: 1 }],
      [5, { a: 3 }],
      [6, [1, 2]],
    ]);
    expect(r.rejects.map((x) => [x.record, x.field])).toEqual([[2, '']]);
    expect(r.rejects[0]?.reason).toMatch(/^invalid JSON/);
  });
});

describe('CSV', () => {
  it('RFC 4180: quotes, doubled quotes, embedded newlines and delimiters', async () => {
    const text = 'id,msg,n\r\n1,"hello, ""world""",5\r\n2,"line1\r\nline2",6\r\n3,,\r\n';
    for (const chunk of [1, 2, 5, 1000]) {
      const r = await collectText(text, {}, chunk);
      expect(r.records.map((x) => ({ ...(x.value as object) }))).toEqual([
        { id: '1', msg: 'hello, "world"', n: '5' },
        { id: '2', msg: 'line1\r\nline2', n: '6' },
        { id: '3', msg: '', n: '' },
      ]);
      expect(r.records.map((x) => x.position)).toEqual([2, 3, 5]);
      expect(r.records[1]?.text).toBe('2,"line1\r\nline2",6');
    }
  });

  it.each([
    ['a;b;c\n1;2;3\n', ';'],
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    ['"a;x",b,c\n1,2,3\n', ','],
  ])('sniffs the delimiter of %j', async (text, delimiter) => {
    const r = await collectText(text);
    expect(r.container?.delimiter).toBe(delimiter);
    expect(Object.values(r.records[0]?.value as object)).toEqual(['1', '2', '3']);
  });

  it('uses a given delimiter', async () => {
    const r = await collectText('a;b,c\n1;2,3\n', { delimiter: ',' });
    expect(r.container?.header).toEqual(['a;b', 'c']);
  });

  it('names empty and repeated header cells', async () => {
    const r = await collectText(',a,,a,a_2\n0,1,2,3,4\n');
    expect(r.container?.header).toEqual(['_index', 'a', '_col3', 'a_2', 'a_2_2']);
  });

  it('a __proto__ column is only data', async () => {
    const r = await collectText('__proto__,constructor\n{"polluted":1},x\n');
    const v = r.records[0]?.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor']);
    expect(v.__proto__).toBe('{"polluted":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects rows with the wrong column count and goes on', async () => {
    const r = await collectText('a,b\n1\n1,2\n1,2,3\n"x,y",z\n');
    expect(r.rejects.map((x) => [x.record, x.reason])).toEqual([
      [2, 'expected 2 columns, found 1'],
      [4, 'expected 2 columns, found 3'],
    ]);
    expect(r.records.map((x) => x.position)).toEqual([3, 5]);
  });

  it('rejects an unterminated quote at the end', async () => {
    const r = await collectText('a,b\n1,2\n3,"open\nmore');
    expect(r.records).toHaveLength(1);
    expect(r.rejects[0]).toMatchObject({ record: 3, reason: expect.stringMatching(/unterminated/) as unknown });
  });

  it('a header only is a container event and no records', async () => {
    const r = await collectText('a,b\n');
    expect(r.kinds).toEqual(['container']);
  });
});

describe('Zeek TSV', () => {
  const log = (lines: string[]): string => ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn', ...lines, '#close\t2024'].join('\n') + '\n';

  it('converts by #types, unescapes, and rejects wrong field counts', async () => {
    const r = await collectText(
      log([
        '#fields\tts\tn\tb\ts\tset\tbig',
        '#types\ttime\tcount\tbool\tstring\tset[string]\tcount',
        '1.5\t3\tT\ta\\x09b\\\\c\tx,y\\x2cz\t18446744073709551615',
        '-\t-\tF\t(empty)\t(empty)\t-',
        'only\ttwo',
        'a\tb\tc\td\te\tf\tg\th',
      ]),
    );
    expect(r.records.map((x) => ({ ...(x.value as object) }))).toEqual([
      { ts: 1.5, n: 3, b: true, s: 'a\tb\\c', set: ['x', 'y,z'], big: '18446744073709551615' },
      { b: false, s: '', set: [] },
    ]);
    expect(r.records.map((x) => x.position)).toEqual([8, 9]);
    expect(r.rejects).toEqual([
      { kind: 'reject', record: 10, field: '', reason: 'expected 6 fields, found 2' },
      { kind: 'reject', record: 11, field: '', reason: 'expected 6 fields, found 8' },
    ]);
    expect(r.container).toMatchObject({ container: 'tsv-zeek', header: ['ts', 'n', 'b', 's', 'set', 'big'], logPath: 'conn' });
  });

  it('a Zeek log without #fields is a BAD_HEADER error', async () => {
    const r = await collectText('#separator \\x09\n1\t2\n');
    expect(r.error?.code).toBe('BAD_HEADER');
  });
});

describe('limits (limit - 1, limit, limit + 1)', () => {
  const L = 40;

  it.each([L - 1, L, L + 1])('maxRecordChars=%d in a JSON array', async (len) => {
    const el = `"${'x'.repeat(len - 2)}"`;
    for (const chunk of [3, 1000]) {
      const r = await collectText(`[${el}, 1]`, { limits: { maxRecordChars: L } }, chunk);
      if (len <= L) expect(r.records.map((x) => x.text)).toEqual([el, '1']);
      else {
        expect(r.records.map((x) => x.text)).toEqual(['1']);
        expect(r.rejects[0]).toMatchObject({ record: 1, reason: `record larger than ${L} characters` });
      }
    }
  });

  it.each([L - 1, L, L + 1])('maxLineChars=%d for NDJSON lines (CRLF too)', async (len) => {
    const line = `{"a":"${'x'.repeat(len - 8)}"}`;
    expect(line).toHaveLength(len);
    for (const [brk, chunk] of [['\n', 4], ['\r\n', 4], ['\n', 1000]] as const) {
      const r = await collectText(`${line}${brk}{"b":1}${brk}`, { limits: { maxLineChars: L } }, chunk);
      if (len <= L) expect(r.records.map((x) => x.text)).toEqual([line, '{"b":1}']);
      else {
        expect(r.records.map((x) => [x.position, x.text])).toEqual([[2, '{"b":1}']]);
        expect(r.rejects[0]).toMatchObject({ record: 1, reason: `line longer than ${L} characters` });
      }
    }
  });

  it.each([L - 1, L, L + 1])('maxRecordChars=%d for CSV rows', async (len) => {
    const row = `1,${'y'.repeat(len - 2)}`;
    for (const chunk of [4, 1000]) {
      const r = await collectText(`a,b\n${row}\n2,z\n`, { limits: { maxRecordChars: L } }, chunk);
      if (len <= L) expect(r.records.map((x) => x.text)).toEqual([row, '2,z']);
      else {
        expect(r.records.map((x) => [x.position, x.text])).toEqual([[3, '2,z']]);
        expect(r.rejects[0]).toMatchObject({ record: 2, reason: `record larger than ${L} characters` });
      }
    }
  });

  it('a runaway quote is cut at the cap and reading resumes on the next line', async () => {
    const r = await collectText(`a,b\n1,"${'q'.repeat(100)}\n2,ok\n3,ok\n`, { limits: { maxRecordChars: 50 } }, 16);
    expect(r.rejects[0]).toMatchObject({ record: 2, reason: 'record larger than 50 characters' });
    expect(r.records.map((x) => [x.position, x.text])).toEqual([
      [3, '2,ok'],
      [4, '3,ok'],
    ]);
  });

  it.each([3, 4, 5])('maxColumns=4 with a %d-column header', async (n) => {
    const header = Array.from({ length: n }, (_, k) => `c${k}`).join(',');
    const r = await collectText(`${header}\n${Array(n).fill('v').join(',')}\n`, { limits: { maxColumns: 4 } });
    if (n <= 4) expect(r.container?.header).toHaveLength(n);
    else expect(r.error?.code).toBe('BAD_HEADER');
  });

  it('a row with more cells than the header is counted, not kept', async () => {
    const r = await collectText(`a,b\n${','.repeat(100_000)}\n`);
    expect(r.rejects[0]?.reason).toBe('expected 2 columns, found 100001');
  });

  const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

  it.each([63, 64, 65])('maxDepth=64 with an element %d deep (array, object wrapper, NDJSON)', async (depth) => {
    const el = nested(depth);
    const array = await collectText(`[${el}]`, {}, 10);
    const wrapped = await collectText(`{"value": [{"x": ${nested(depth - 1)}}]}`, {}, 10);
    const nd = await collectText(`{"x": ${nested(depth - 1)}}\n{"x": 1}\n`, {}, 10);
    for (const r of [array, wrapped]) {
      if (depth <= 64) expect(r.records).toHaveLength(1);
      else expect(r.rejects).toEqual([{ kind: 'reject', record: 1, field: '', reason: 'JSON nesting deeper than 64 levels' }]);
    }
    expect(nd.records).toHaveLength(depth <= 64 ? 2 : 1);
  });

  it('a 20,000-deep value is a depth reject, never a RangeError', async () => {
    for (const text of [`[${nested(20_000)}]`, nested(20_000), `{"a":${nested(20_000)}}\n{"b":1}\n`, `{"a":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`]) {
      const r = await collectText(text, {}, 4096);
      expect(r.crash).toBeUndefined();
      expect(r.error).toBeUndefined();
      expect(r.rejects.some((x) => /deeper than 64/.test(x.reason))).toBe(true);
    }
  });

  it.each([2, 3, 4])('maxRecords=3 with %d records', async (n) => {
    const r = await collectText(Array.from({ length: n }, (_, k) => `{"n":${k}}`).join('\n'), { limits: { maxRecords: 3 } });
    expect(r.records).toHaveLength(Math.min(n, 3));
    expect(r.error?.code).toBe(n > 3 ? 'TOO_MANY_RECORDS' : undefined);
  });
});

describe('prototype pollution', () => {
  it('parsed values keep __proto__ as an own key; nothing leaks into Object.prototype', async () => {
    const hostile = '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}}';
    const inputs = [`[${hostile}]`, `${hostile}\n${hostile}\n`, `{"value": [${hostile}]}`, `__proto__,b\n"{""polluted"":1}",2\n`];
    for (const text of inputs) {
      const r = await collectText(text);
      expect(r.records.length).toBeGreaterThan(0);
      const v = r.records[0]?.value as Record<string, unknown>;
      expect(Object.prototype.hasOwnProperty.call(v, '__proto__')).toBe(true);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

describe('abort and early exit', () => {
  it('stops promptly with ABORTED and cancels the source', async () => {
    let cancelled = false;
    let pulls = 0;
    const ctrl = new AbortController();
    const endless = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          pulls++;
          c.enqueue(utf8('{"a":1}\n'.repeat(1000)));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const r = await (async () => {
      let seen = 0;
      try {
        const { readRecords } = await import('./records');
        for await (const ev of readRecords(endless, 'endless', { signal: ctrl.signal })) {
          if (ev.kind === 'record' && ++seen === 5000) ctrl.abort();
        }
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(r).toMatchObject({ code: 'ABORTED' });
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(10);
  });

  it('breaking out of the loop cancels the source', async () => {
    let cancelled = false;
    const s = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(utf8('{"a":1}\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { readRecords } = await import('./records');
    for await (const ev of readRecords(s, 'x')) if (ev.kind === 'record') break;
    expect(cancelled).toBe(true);
  });
});

describe('byte offsets of NDJSON records', () => {
  const decoder = new TextDecoder();
  it.each([
    ['wazuh-alerts-ait-ldsv11-insect.json', 65536],
    ['wazuh-alerts-ait-ldsv11-insect.json', 997],
    ['zeek-notice-wrccdc-2018.ndjson', 1],
    ['zeek-notice-wrccdc-2018.ndjson', 4096],
  ] as const)('point at each record of %s in the file, chunks of %i bytes', async (name, chunk) => {
    const bytes = sample(name);
    const { records } = await readSample(name, chunk);
    const withStart = records.filter((r) => r.byteStart !== undefined);
    // These samples are ASCII: every record has its offset, and its text is exactly the file's bytes from there.
    expect(withStart.length).toBe(records.length);
    for (const r of withStart) expect(decoder.decode(bytes.subarray(r.byteStart, r.byteEnd))).toBe(r.text);
  });

  it('count multi-byte characters, stop at a U+FFFD that may stand for bytes that were not UTF-8, and give none for other containers', async () => {
    const text = '{"a":"x"}\r\n{"a":"é"}\n{"a":"🚀 東京"}\n';
    const split = await collect(streamOf(utf8(text), [12, 14, 27]), 'x.ndjson');
    expect(split.records.map((r) => [r.byteStart, r.byteEnd])).toEqual([
      [0, 9],
      [11, 21],
      [22, 22 + utf8('{"a":"🚀 東京"}').length],
    ]);
    // A cut 3-byte sequence decodes to U+FFFD: from that piece on, no offsets.
    const bad = new Uint8Array([...utf8('{"a":"é"}\n'), ...utf8('{"b":"'), 0xe2, 0x82, ...utf8('A"}\n{"c":1}\n')]);
    const broken = await collect(streamOf(bad, [11]), 'b.ndjson');
    expect(broken.records.map((r) => r.byteStart)).toEqual([0, undefined, undefined]);
    // A BOM shifts offsets by its three bytes.
    const bom = await collect(streamOf(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"a":1}\n{"a":2}\n')]), 2), 'b.ndjson');
    expect(bom.records.map((r) => r.byteStart)).toEqual([3, 11]);
    const array = await collect(streamOf(utf8('[{"a":1},{"a":2}]')), 'x.json');
    expect(array.records.map((r) => r.byteStart)).toEqual([undefined, undefined]);
  });

  it('let go of the text behind the last offset asked for, and of all of it when stopped', () => {
    const map = new ByteMap(0, true);
    map.add('ab\n', 3);
    map.add('é\n', 3);
    map.add('cd', 2);
    expect(map.held).toBe(3);
    expect([map.byteAt(0), map.byteAt(3), map.byteAt(4), map.byteAt(6), map.byteAt(7), map.byteAt(8)]).toEqual([0, 3, 5, 7, 8, undefined]);
    expect(map.held).toBe(1);
    expect(map.byteAt(2)).toBeUndefined();
    map.stop();
    map.add('more', 4);
    expect([map.held, map.byteAt(8)]).toEqual([0, undefined]);
  });

  it('point at every record of random UTF-8 NDJSON, whatever the chunks', async () => {
    let seed = 5;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const alphabet = ['a', 'Z', '0', ' ', 'é', 'ß', '東', '京', '🚀', '𝄞', 'ü', '"', '\\', '\t'];
    for (let round = 0; round < 30; round++) {
      const lines = Array.from({ length: 2 + rnd(40) }, () => {
        let v = '';
        for (let i = rnd(30); i > 0; i--) v += alphabet[rnd(alphabet.length)];
        return JSON.stringify({ v });
      });
      const eol = rnd(2) ? '\r\n' : '\n';
      const breaks = lines.map(() => (rnd(5) === 0 ? eol + eol : eol));
      const bytes = utf8(lines.map((l, i) => l + breaks[i]).join(''));
      const cuts = Array.from({ length: rnd(12) }, () => rnd(bytes.length)).sort((a, b) => a - b);
      const { records } = await collect(streamOf(bytes, cuts), 'r.ndjson');
      expect(records.map((r) => r.text)).toEqual(lines);
      for (const r of records) {
        expect(r.byteEnd).toBeDefined();
        expect(decoder.decode(bytes.subarray(r.byteStart, r.byteEnd))).toBe(r.text);
      }
    }
  });
});
