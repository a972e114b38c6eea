// CSV export: RFC 4180 quoting plus spreadsheet formula neutralisation (SECURITY-NOTES X1, ASVS 5.0 V1.2.10).
import type { Ioc } from './iocs';
import { isoTime } from './time-text';

/** Characters that make Excel, LibreOffice or Sheets read a cell as a formula (or that they strip before one). */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/** A leading `'` makes spreadsheets show the cell as text; quoting alone does not stop evaluation. */
export const neutraliseFormula = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell);

/** One cell: neutralised, then always quoted (RFC 4180 allows it, and it keeps embedded CR/LF and commas safe). */
export const csvCell = (value: string | number | boolean | undefined | null): string => {
  const text = value === undefined || value === null ? '' : String(value);
  return `"${neutraliseFormula(text).replace(/"/g, '""')}"`;
};

/** Rows to CSV text with CRLF line ends (RFC 4180), header first. */
export const toCsv = (header: readonly string[], rows: readonly (readonly (string | number | boolean | undefined | null)[])[]): string =>
  [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

const iso = (ms: number): string => isoTime(ms) ?? '';

export const IOC_CSV_HEADER = ['type', 'value', 'first_seen', 'last_seen', 'alert_count', 'private', 'roles', 'verdict', 'alert_ids'] as const;

/** IOCs as CSV. Alert ids are capped at 50 per row (the count column says how many there are). */
export const iocsToCsv = (iocs: readonly Ioc[]): string =>
  toCsv(
    IOC_CSV_HEADER,
    iocs.map((i) => [i.type, i.value, iso(i.firstSeen), iso(i.lastSeen), i.alertCount, i.isPrivate, i.roles.join(' '), i.verdict ?? '', i.alertIds.slice(0, 50).join(' ')]),
  );
