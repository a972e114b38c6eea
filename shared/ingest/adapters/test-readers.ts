// TEST-ONLY support for the adapter tests. Nothing outside *.test.ts may import this file.
// - readSample / runSample: a real sample file through the real streaming reader (readFile), and an adapter.
// - rec, all, only, find, ents, nth: the small helpers every adapter test uses.
// - jsonArrayRecords, ndjsonRecords, csvRecords, zeekTsvRecords: whole-text stand-ins for the readers that some
//   tests still use on text they write themselves. Not for production use: no limits, no streaming, no depth cap.
import { expect } from 'vitest';
import type { Alert, Entity } from '#shared/model/index';
import { readFile } from '#shared/ingest/readers/index';
import { streamOf } from '#shared/ingest/readers/test-support';
import type {
  AdapterContext,
  AdapterResult,
  Container,
  DetectSample,
  SourceAdapter,
  SourceRecord,
} from '#shared/ingest/types';

/** Loads a file by URL; tests pass node:fs readFileSync (shared code may not import node modules). */
export type LoadFile = (url: URL) => Uint8Array;

export type ReadSample = { container: Container; header: string[]; records: SourceRecord[] };

/**
 * ../shared/samples/<name> read by the real reader as an import reads it; fails on a reader error, a failed
 * entry or a rejected record, so a test never runs on a silently shortened sample.
 */
export const readSample = async (load: LoadFile, name: string): Promise<ReadSample> => {
  const bytes = load(new URL(`../../../../shared/samples/${name}`, import.meta.url));
  const out: ReadSample = { container: 'json-array', header: [], records: [] };
  for await (const ev of readFile(streamOf(bytes), name)) {
    if (ev.kind === 'container') {
      out.container = ev.container;
      out.header = ev.header;
    } else if (ev.kind === 'record') out.records.push(ev.record);
    else if (ev.kind === 'reject') throw new Error(`${name}: record ${ev.record} rejected: ${ev.reason}`);
    else if (ev.kind === 'entry-error') throw new Error(`${name}: ${ev.code}: ${ev.message}`);
  }
  return out;
};

/** readSample as detection sees it: the first records' values, the reader's container and header. */
export const readDetectSample = async (
  load: LoadFile,
  name: string,
  fileName = name,
): Promise<DetectSample> => {
  const read = await readSample(load, name);
  return sampleOf(fileName, read.container, read.records, read.header);
};

/** readSample, then every record through `adapter.normalize` (results in record order). */
export const runSample = async (
  load: LoadFile,
  name: string,
  adapter: SourceAdapter,
  ctx: AdapterContext,
): Promise<ReadSample & { results: AdapterResult[] }> => {
  const read = await readSample(load, name);
  return { ...read, results: read.records.map((r) => adapter.normalize(r, ctx)) };
};

/** A record holding `value`, its text the JSON of it. */
export const rec = (value: unknown, position = 1): SourceRecord => ({
  position,
  value,
  text: JSON.stringify(value),
});

/** The alerts of an accepted record; fails the test on a rejection. */
export const all = (r: AdapterResult): Alert[] => {
  if (!r.ok) throw new Error(`rejected: ${r.field}: ${r.reason}`);
  return r.alerts;
};

/** The one alert of an accepted record; fails the test on a rejection or on any other number of alerts. */
export const only = (r: AdapterResult): Alert => {
  if (!r.ok) throw new Error(`rejected: ${r.field}: ${r.reason}`);
  expect(r.alerts).toHaveLength(1);
  return nth(r.alerts, 0);
};

/** The alert's entity of this type (and value, when given). */
export const find = (a: Alert, type: Entity['type'], value?: string): Entity | undefined =>
  a.entities.find((e) => e.type === type && (value === undefined || e.value === value));

/** The alert's entities as `type:value:role+role` lines. */
export const ents = (a: Alert | undefined): string[] => {
  if (!a) throw new Error('no alert');
  return a.entities.map((e) => `${e.type}:${e.value}:${e.roles.join('+')}`);
};

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** A JSON array file: one record per element; `text` is the element re-serialised. */
export const jsonArrayRecords = (text: string): SourceRecord[] => {
  const parsed: unknown = JSON.parse(stripBom(text));
  if (!Array.isArray(parsed)) throw new Error('not a JSON array');
  return parsed.map((value: unknown, i) => ({ position: i + 1, value, text: JSON.stringify(value) }));
};

/** NDJSON: one record per non-blank line; `text` is the line verbatim, position its 1-based line number. */
export const ndjsonRecords = (text: string): SourceRecord[] => {
  const out: SourceRecord[] = [];
  stripBom(text)
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      out.push({ position: i + 1, value: JSON.parse(line) as unknown, text: line });
    });
  return out;
};

/** Minimal RFC 4180 CSV: quoted fields with "" escapes and embedded newlines; rows keep their verbatim text. */
export const csvRows = (text: string): { cells: string[]; line: number; raw: string }[] => {
  const s = stripBom(text);
  const rows: { cells: string[]; line: number; raw: string }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let rowStart = 0;
  const endRow = (end: number): void => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === ''))
      rows.push({ cells, line: rowLine, raw: s.slice(rowStart, end) });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      const end = i;
      if (ch === '\r' && s[i + 1] === '\n') i++;
      endRow(end);
      line++;
      rowLine = line;
      rowStart = i + 1;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) endRow(s.length);
  return rows;
};

const nullProtoRow = (header: readonly string[], cells: readonly string[]): Record<string, string> => {
  const row = Object.create(null) as Record<string, string>;
  header.forEach((h, i) => {
    row[h] = cells[i] ?? '';
  });
  return row;
};

export const csvRecords = (text: string): { header: string[]; records: SourceRecord[] } => {
  const rows = csvRows(text);
  const header = rows[0]?.cells ?? [];
  return {
    header,
    records: rows
      .slice(1)
      .map((r) => ({ position: r.line, value: nullProtoRow(header, r.cells), text: r.raw })),
  };
};

/** Zeek ASCII (TSV) logs: `#fields` names the columns; other `#` lines are metadata. Cells stay as written. */
export const zeekTsvRecords = (text: string): { header: string[]; records: SourceRecord[] } => {
  let header: string[] = [];
  const records: SourceRecord[] = [];
  stripBom(text)
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line === '') return;
      if (line.startsWith('#')) {
        if (line.startsWith('#fields\t')) header = line.split('\t').slice(1);
        return;
      }
      records.push({ position: i + 1, value: nullProtoRow(header, line.split('\t')), text: line });
    });
  return { header, records };
};

export const sampleOf = (
  fileName: string,
  container: Container,
  records: readonly SourceRecord[],
  header: string[] = [],
): DetectSample => ({
  fileName,
  container,
  header,
  records: records.slice(0, 20).map((r) => r.value),
});

/** The i-th item of a list, failing the test when it is missing (typed the same with or without noUncheckedIndexedAccess). */
export const nth = <T>(list: readonly T[], i: number): T => {
  const v = list[i];
  if (v === undefined) throw new Error(`no item ${i} (length ${list.length})`);
  return v;
};
