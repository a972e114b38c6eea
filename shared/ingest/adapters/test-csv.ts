// TEST-ONLY: a minimal RFC 4180 CSV splitter so the Microsoft adapter tests can feed the real Sentinel sample
// before the real CSV reader exists (shared/ingest readers replace it). No limits, no streaming. Nothing outside
// *.test.ts may import this file.
import type { SourceRecord } from '#shared/ingest/types';

/**
 * Split CSV text into a header and records: `value` is a null-prototype object header→cell (an unnamed first
 * column, as pandas writes the row index, is named `_index`), `text` the record's verbatim text, `position` its
 * 1-based record number.
 */
export const parseCsvForTest = (input: string): { header: string[]; records: SourceRecord[] } => {
  const s = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: { cells: string[]; raw: string }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let start = 0;
  const endRow = (end: number): void => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ cells, raw: s.slice(start, end) });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      const end = i;
      if (ch === '\r' && s[i + 1] === '\n') i++;
      endRow(end);
      start = i + 1;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) endRow(s.length);
  const header = (rows[0]?.cells ?? []).map((h, i) => (i === 0 && h === '' ? '_index' : h));
  const records = rows.slice(1).map((r, i): SourceRecord => {
    const value = Object.create(null) as Record<string, string>;
    header.forEach((h, j) => {
      value[h] = r.cells[j] ?? '';
    });
    return { position: i + 1, value, text: r.raw };
  });
  return { header, records };
};
