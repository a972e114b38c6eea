import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync, strToU8, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ArchiveEntry, OpenOptions } from './archive';
import { openEntries } from './archive';
import { isReaderError } from './errors';
import type { FileReadEvent } from './read-file';
import { readFile } from './read-file';
import { streamOf } from './test-support';

const SAMPLES = resolve(import.meta.dirname, '../../../../shared/samples');
const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(SAMPLES, name)));

/** Every chunk of a stream, as it is read. */
async function* chunksOf(s: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = s.getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
}

const readAll = async (s: ReadableStream<Uint8Array>): Promise<Uint8Array> => {
  const chunks: Uint8Array[] = [];
  for await (const c of chunksOf(s)) chunks.push(c);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
};

type Opened = { entries: { name: string; bytes: Uint8Array }[]; code: string | undefined; message: string; crash: unknown };

/** Open and read every entry; record the typed error (from the iterator or an entry stream). */
const open = async (source: ReadableStream<Uint8Array> | Blob, name = 'archive.zip', opts: OpenOptions = {}): Promise<Opened> => {
  const out: Opened = { entries: [], code: undefined, message: '', crash: undefined };
  try {
    for await (const e of openEntries(source, name, opts)) out.entries.push({ name: e.name, bytes: await readAll(e.stream) });
  } catch (e) {
    if (isReaderError(e)) {
      out.code = e.code;
      out.message = e.message;
    } else out.crash = e;
  }
  return out;
};

const both = async (bytes: Uint8Array, opts: OpenOptions = {}): Promise<{ stream: Opened; blob: Opened }> => ({
  stream: await open(streamOf(bytes, 4096), 'archive.zip', opts),
  blob: await open(new Blob([bytes.slice()]), 'archive.zip', opts),
});

const text = (b: Uint8Array): string => new TextDecoder().decode(b);
/** Byte equality without vitest's slow element-by-element diff of large typed arrays. */
const same = (a: Uint8Array | undefined, b: Uint8Array): boolean => !!a && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));

const u32 = (b: Uint8Array, p: number): number => ((b[p] ?? 0) | ((b[p + 1] ?? 0) << 8) | ((b[p + 2] ?? 0) << 16) | ((b[p + 3] ?? 0) << 24)) >>> 0;
const setU32 = (b: Uint8Array, p: number, v: number): void => {
  b[p] = v & 0xff;
  b[p + 1] = (v >>> 8) & 0xff;
  b[p + 2] = (v >>> 16) & 0xff;
  b[p + 3] = (v >>> 24) & 0xff;
};
const findSig = (b: Uint8Array, sig: number, from = 0): number => {
  for (let p = from; p + 4 <= b.length; p++) if (u32(b, p) === sig) return p;
  return -1;
};
const CENTRAL = 0x02014b50;

const events = async (source: ReadableStream<Uint8Array> | Blob, name: string): Promise<FileReadEvent[]> => {
  const out: FileReadEvent[] = [];
  for await (const ev of readFile(source, name)) out.push(ev);
  return out;
};

describe('plain and gzip files', () => {
  it('a plain file passes through unchanged, with progress', async () => {
    const bytes = sample('wazuh-alerts-ait-ldsv11-insect.json');
    const progress: number[] = [];
    const r = await open(streamOf(bytes, 65536), 'alerts.json', { onProgress: (n) => progress.push(n) });
    expect(r.entries.map((e) => e.name)).toEqual(['alerts.json']);
    expect(same(r.entries[0]?.bytes, bytes)).toBe(true);
    expect(progress.at(-1)).toBe(bytes.length);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('gzip is inflated as a stream; records match the plain file; progress counts compressed bytes', async () => {
    const plain = sample('wazuh-alerts-ait-ldsv11-insect.json');
    const gz = gzipSync(plain);
    const progress: number[] = [];
    const r = await open(streamOf(gz, 1000), 'alerts.json.gz', { onProgress: (n) => progress.push(n) });
    expect(r.entries.map((e) => e.name)).toEqual(['alerts.json.gz']);
    expect(same(r.entries[0]?.bytes, plain)).toBe(true);
    expect(progress.at(-1)).toBe(gz.length);
    const evs = await events(streamOf(gz, 777), 'alerts.json.gz');
    expect(evs.filter((e) => e.kind === 'record')).toHaveLength(497);
  });

  it('multi-member gzip reads every member', async () => {
    const a = gzipSync(strToU8('{"n":1}\n'));
    const b = gzipSync(strToU8('{"n":2}\n'));
    const r = await open(streamOf(new Uint8Array([...a, ...b]), 7), 'x.gz');
    expect(text(r.entries[0]?.bytes ?? new Uint8Array())).toBe('{"n":1}\n{"n":2}\n');
  });

  it.each([
    ['truncated', (g: Uint8Array) => g.slice(0, g.length - 20)],
    ['bit-flipped', (g: Uint8Array) => g.map((x, i) => (i === 40 ? x ^ 0xff : x))],
    ['trailing garbage', (g: Uint8Array) => new Uint8Array([...g, ...strToU8('garbage!')])],
  ])('%s gzip is GZIP_CORRUPT', async (_name, mutate) => {
    const gz = mutate(gzipSync(strToU8('{"a":1}\n'.repeat(2000))));
    const r = await open(streamOf(gz, 100), 'x.gz');
    expect(r.crash).toBeUndefined();
    expect(r.code).toBe('GZIP_CORRUPT');
  });

  it.each([99, 100, 101])('maxTotalBytes=100 with a %d-byte plain file', async (n) => {
    const r = await open(streamOf(new Uint8Array(n).fill(0x61), 30), 'a.csv', { limits: { maxTotalBytes: 100 } });
    expect(r.code).toBe(n > 100 ? 'TOO_LARGE' : undefined);
  });

  it('a zip or gzip inside a gzip is refused', async () => {
    expect((await open(streamOf(gzipSync(zipSync({ 'a.json': strToU8('[]') }))), 'x.gz')).code).toBe('ZIP_NESTED');
    expect((await open(streamOf(gzipSync(gzipSync(strToU8('[]')))), 'x.gz')).code).toBe('ZIP_NESTED');
  });
});

describe('zip archives', () => {
  const files: Zippable = {
    'alerts/wazuh.json': sample('wazuh-alerts-ait-ldsv11-insect.json'),
    'alerts/': new Uint8Array(0),
    'zeek.log': [sample('zeek-notice-wrccdc-2018.log'), { level: 0 }],
    '__MACOSX/alerts/._wazuh.json': strToU8('junk'),
    '.DS_Store': strToU8('junk'),
    'sentinel.csv': sample('sentinel-securityalert-demo.csv'),
  };
  const zip = zipSync(files);

  it('yields each regular entry as archive.zip/entry (stream or Blob), skipping folders and macOS junk', async () => {
    for (const r of Object.values(await both(zip))) {
      expect(r.code).toBeUndefined();
      expect(r.entries.map((e) => e.name)).toEqual(['archive.zip/alerts/wazuh.json', 'archive.zip/zeek.log', 'archive.zip/sentinel.csv']);
      expect(same(r.entries[0]?.bytes, sample('wazuh-alerts-ait-ldsv11-insect.json'))).toBe(true);
      expect(same(r.entries[1]?.bytes, sample('zeek-notice-wrccdc-2018.log'))).toBe(true);
      expect(same(r.entries[2]?.bytes, sample('sentinel-securityalert-demo.csv'))).toBe(true);
    }
  });

  it('readFile gives every entry its records', async () => {
    const evs = await events(streamOf(zip, 10_000), 'archive.zip');
    const perEntry = new Map<string, number>();
    let current = '';
    for (const ev of evs) {
      if (ev.kind === 'entry') current = ev.name;
      if (ev.kind === 'record') perEntry.set(current, (perEntry.get(current) ?? 0) + 1);
    }
    expect(Object.fromEntries(perEntry)).toEqual({ 'archive.zip/alerts/wazuh.json': 497, 'archive.zip/zeek.log': 207, 'archive.zip/sentinel.csv': 189 });
  });

  it('an entry the consumer skips is drained, and the next entry is intact', async () => {
    const seen: string[] = [];
    for await (const e of openEntries(streamOf(zip, 3000), 'archive.zip')) {
      if (e.name.endsWith('.log')) continue;
      seen.push(`${e.name}:${(await readAll(e.stream)).length}`);
    }
    expect(seen).toEqual([`archive.zip/alerts/wazuh.json:${sample('wazuh-alerts-ait-ldsv11-insect.json').length}`, `archive.zip/sentinel.csv:${sample('sentinel-securityalert-demo.csv').length}`]);
  });

  it('an entry that is not text fails alone; the others are read', async () => {
    const z = zipSync({ 'a.bin': new Uint8Array(1000).map((_, i) => (i * 31) % 256), 'b.json': strToU8('[{"a":1}]') });
    const evs = await events(streamOf(z), 'z.zip');
    expect(evs.find((e) => e.kind === 'entry-error')).toMatchObject({ name: 'z.zip/a.bin', code: 'NOT_TEXT' });
    expect(evs.filter((e) => e.kind === 'record')).toHaveLength(1);
  });

  it('an archive without files is EMPTY', async () => {
    expect((await both(zipSync({}))).stream.code).toBe('EMPTY');
    expect((await both(zipSync({ 'dir/': new Uint8Array(0) }))).blob.code).toBe('EMPTY');
  });

  it.each([
    '../evil.json',
    'a/../../evil.json',
    '..',
    '/etc/cron.d/evil',
    'C:\\Windows\\evil.json',
    'C:/evil.json',
    'c:evil.json',
    '\\\\server\\share\\evil.json',
    'dir\\..\\evil.json',
    'a\u0000.json',
  ])('entry name %j is ZIP_TRAVERSAL with a clear message', async (name) => {
    const z = zipSync({ 'ok.json': strToU8('[]'), [name]: strToU8('[]') });
    for (const r of Object.values(await both(z))) {
      expect(r.crash).toBeUndefined();
      expect(r.code).toBe('ZIP_TRAVERSAL');
      expect(r.message).toContain(JSON.stringify(name));
      expect(r.message).toMatch(/refused/);
    }
  });

  it.each(['a..b.json', '..hidden/x.json', 'dir/./x.json', 'ünï/cødé.json'])('entry name %j is fine', async (name) => {
    const r = await both(zipSync({ [name]: strToU8('[]') }));
    expect(r.stream.entries.map((e) => e.name)).toEqual([`archive.zip/${name}`]);
    expect(r.blob.entries.map((e) => e.name)).toEqual([`archive.zip/${name}`]);
  });

  it('a symlink entry is ZIP_SYMLINK: before any entry from a Blob, at the end from a stream', async () => {
    const z = zipSync({ 'a.json': strToU8('[]'), link: [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0, level: 0 }] });
    const { stream, blob } = await both(z);
    expect(blob.code).toBe('ZIP_SYMLINK');
    expect(blob.entries).toEqual([]);
    expect(stream.code).toBe('ZIP_SYMLINK');
    expect(stream.message).toContain('"link"');
    // A regular Unix file is fine.
    const ok = await both(zipSync({ 'a.json': [strToU8('[]'), { os: 3, attrs: (0o100644 << 16) >>> 0 }] }));
    expect(ok.stream.code).toBeUndefined();
  });

  it('a zip inside a zip (or a gzip inside a zip) is ZIP_NESTED', async () => {
    const inner = zipSync({ 'x.json': strToU8('[]') });
    expect((await both(zipSync({ 'inner.zip': inner }))).stream.code).toBe('ZIP_NESTED');
    expect((await both(zipSync({ 'renamed.json': [inner, { level: 0 }] }))).blob.code).toBe('ZIP_NESTED');
    expect((await both(zipSync({ 'a.json.gz': gzipSync(strToU8('[]')) }))).stream.code).toBe('ZIP_NESTED');
  });

  it.each([2, 3, 4])('maxEntries=3 with %d files', async (n) => {
    const z = zipSync(Object.fromEntries(Array.from({ length: n }, (_, k) => [`f${k}.json`, strToU8('[]')])));
    const r = await both(z, { limits: { maxEntries: 3 } });
    for (const x of [r.stream, r.blob]) {
      if (n <= 3) expect(x.entries).toHaveLength(n);
      else expect(x.code).toBe('ZIP_TOO_MANY_ENTRIES');
    }
    if (n > 3) expect(r.blob.entries).toEqual([]);
  });

  it('a high compression ratio is ZIP_BOMB (counted on actual bytes)', async () => {
    const z = zipSync({ 'zeros.json': new Uint8Array(8 * 1024 * 1024) });
    const r = await both(z, { limits: { ratioGraceBytes: 1024 * 1024 } });
    expect(r.stream.code).toBe('ZIP_BOMB');
    expect(r.blob.code).toBe('ZIP_BOMB');
    // With a ratio cap it does not reach, the total cap still holds.
    const t = await both(z, { limits: { maxRatio: 1e9, maxTotalBytes: 4 * 1024 * 1024 } });
    expect(t.stream.code).toBe('TOO_LARGE');
  });

  it('a header that under-declares the size is caught on the actual bytes', async () => {
    const z = zipSync({ 'a.json': strToU8(`[${'{"a":1},'.repeat(10_000)}{}]`) });
    const lying = z.slice();
    setU32(lying, 22, 100); // local header: uncompressed size
    const c = findSig(lying, CENTRAL);
    setU32(lying, c + 24, 100); // central directory: uncompressed size
    for (const r of Object.values(await both(lying))) {
      expect(r.code).toBe('ZIP_BOMB');
      expect(r.message).toMatch(/inflates past the 100 bytes/);
    }
  });

  it('a header that over-declares the size is ZIP_CORRUPT', async () => {
    const z = zipSync({ 'a.json': strToU8('[1,2,3]') });
    setU32(z, 22, 1000);
    expect((await open(streamOf(z))).code).toBe('ZIP_CORRUPT');
  });

  it('a central directory that declares absurd sizes is refused from a Blob before reading', async () => {
    const z = zipSync({ 'a.json': strToU8('[1,2,3]') });
    const c = findSig(z, CENTRAL);
    setU32(z, c + 24, 0xfffffff0);
    const r = await open(new Blob([z.slice()]), 'archive.zip', { limits: { maxTotalBytes: 1 << 30 } });
    expect(['ZIP_BOMB', 'TOO_LARGE']).toContain(r.code);
    expect(r.entries).toEqual([]);
  });

  it('a central directory that lists other names than the local headers is refused', async () => {
    const z = zipSync({ 'a.json': strToU8('[1]'), 'b.json': strToU8('[2]') });
    const c = findSig(z, CENTRAL);
    z[c + 46] = 'x'.charCodeAt(0); // central name a.json → x.json; the local header still says a.json
    for (const r of Object.values(await both(z))) {
      expect(r.code).toBe('ZIP_CORRUPT');
      expect(r.message).toMatch(/central directory lists other entries/);
    }
  });

  it('encrypted entries and unknown methods are ZIP_UNSUPPORTED', async () => {
    const enc = zipSync({ 'a.json': strToU8('[1]') });
    const c = findSig(enc, CENTRAL);
    enc[c + 8] = (enc[c + 8] ?? 0) | 1;
    expect((await both(enc)).blob.code).toBe('ZIP_UNSUPPORTED');
    expect((await both(enc)).stream.code).toBe('ZIP_UNSUPPORTED');
    const bz = zipSync({ 'a.json': strToU8('[1]') });
    bz[8] = 12; // local method: bzip2
    expect((await open(streamOf(bz))).code).toBe('ZIP_UNSUPPORTED');
  });

  it('a truncated zip is ZIP_CORRUPT, never a hang or a crash', async () => {
    for (const cut of [10, 60, 200, 1000, Math.floor(zip.length / 2), zip.length - 30]) {
      const r = await open(streamOf(zip.slice(0, cut), 512));
      expect(r.crash).toBeUndefined();
      expect(r.code).toBe('ZIP_CORRUPT');
    }
  });

  it('abort stops reading with ABORTED and cancels the source', async () => {
    let cancelled = false;
    const big = zipSync({ 'a.json': sample('hayabusa-sample-evtx-results.csv') }, { level: 0 });
    let k = 0;
    const src = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          if (k >= big.length) c.close();
          else c.enqueue(big.slice(k, (k += 1000)));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const ctrl = new AbortController();
    let entry: ArchiveEntry | undefined;
    let code: string | undefined;
    try {
      for await (const e of openEntries(src, 'a.zip', { signal: ctrl.signal, onProgress: (n) => n > 20_000 && ctrl.abort() })) {
        entry = e;
        await readAll(e.stream);
      }
    } catch (e) {
      code = isReaderError(e) ? e.code : 'crash';
    }
    expect(entry?.name).toBe('a.zip/a.json');
    expect(code).toBe('ABORTED');
    expect(cancelled).toBe(true);
    expect(k).toBeLessThan(30_000);
  });
});

describe('memory stays bounded on a bomb', () => {
  it('1 GiB of gzip members stops at the cap without materialising it', async () => {
    const member = gzipSync(new Uint8Array(16 * 1024 * 1024));
    const bomb = new Uint8Array(member.length * 64);
    for (let k = 0; k < 64; k++) bomb.set(member, k * member.length);
    const base = process.memoryUsage();
    let peakRss = 0;
    let peakBuffers = 0;
    const sampleMem = (): void => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss - base.rss);
      peakBuffers = Math.max(peakBuffers, m.arrayBuffers - base.arrayBuffers);
    };
    let code: string | undefined;
    let seen = 0;
    try {
      for await (const e of openEntries(streamOf(bomb, 64 * 1024), 'bomb.json.gz', { limits: { maxRatio: 1e9, maxTotalBytes: 256 * 1024 * 1024 } })) {
        for await (const c of chunksOf(e.stream)) {
          seen += c.length;
          sampleMem();
        }
      }
    } catch (e) {
      code = isReaderError(e) ? e.code : 'crash';
    }
    expect(code).toBe('TOO_LARGE');
    expect(seen).toBeLessThanOrEqual(256 * 1024 * 1024);
    expect(seen).toBeGreaterThan(200 * 1024 * 1024);
    // 256 MiB went through. What is live at any time is one 16 KiB piece's output (16 MiB of zeros); the rest of
    // the peak is garbage the collector has not reclaimed yet (measured 70-100 MiB of buffers, 150-165 MiB rss).
    expect(peakBuffers).toBeLessThan(160 * 1024 * 1024);
    expect(peakRss).toBeLessThan(224 * 1024 * 1024);
    // With default limits the ratio cap fires first, after a few MiB.
    const dflt = await open(streamOf(bomb, 64 * 1024), 'bomb.gz');
    expect(dflt.code).toBe('ZIP_BOMB');
  });
});
