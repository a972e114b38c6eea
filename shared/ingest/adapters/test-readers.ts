// TEST-ONLY stand-ins for the real container readers (shared/ingest readers replace them): they turn a whole file's
// text into SourceRecords and a DetectSample so the adapter tests can run on the real samples. Not for production
// use: no limits, no streaming, no depth cap. Nothing outside *.test.ts may import this file.
import type { Container, DetectSample, SourceRecord } from '#shared/ingest/types';

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
