// Splits decoded chunks into lines without re-scanning or concatenating the whole buffer: a line inside one
// chunk is a slice of it; only a line that crosses chunks is joined from parts. Over-long lines are reported
// as soon as they pass the cap and skipped up to the next line break, never buffered.

export type LineBreak = '\n' | '\r';

export class LineSplitter {
  private parts: string[] = [];
  private partsChars = 0;
  private skipping = false;
  private lineNo: number;
  /** Characters pushed before the current text, and where the current line starts (both from the first pushed). */
  private pushed = 0;
  private lineStart = 0;

  constructor(
    private readonly brk: LineBreak,
    private readonly maxChars: number,
    /** `start`: the line's first character, counted from the start of the first pushed text. */
    private readonly onLine: (line: string, lineNo: number, start: number) => void,
    private readonly onTooLong: (lineNo: number) => void,
    firstLine = 1,
  ) {
    this.lineNo = firstLine;
  }

  push(s: string): void {
    const brk = this.brk;
    const n = s.length;
    let start = 0;
    let nl = s.indexOf(brk);
    while (nl !== -1) {
      if (this.skipping) this.skipping = false;
      else this.deliver(this.parts.length ? this.parts.join('') + s.slice(start, nl) : s.slice(start, nl));
      this.parts = [];
      this.partsChars = 0;
      this.lineNo++;
      start = nl + 1;
      this.lineStart = this.pushed + start;
      nl = s.indexOf(brk, start);
    }
    this.pushed += n;
    if (start < n && !this.skipping) {
      const part = start === 0 ? s : s.slice(start);
      this.partsChars += part.length;
      // +1: a CRLF line may carry its CR past the cap before it is stripped.
      if (this.partsChars > this.maxChars + 1) {
        this.onTooLong(this.lineNo);
        this.skipping = true;
        this.parts = [];
        this.partsChars = 0;
      } else {
        this.parts.push(part);
      }
    }
  }

  end(): void {
    if (!this.skipping && this.parts.length) this.deliver(this.parts.join(''));
    this.parts = [];
  }

  private deliver(raw: string): void {
    const line = this.brk === '\n' && raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (line.length > this.maxChars) this.onTooLong(this.lineNo);
    else this.onLine(line, this.lineNo, this.lineStart);
  }
}

/**
 * The line break of a text from its first break: '\r' only for old-Mac files (CR not followed by LF), else '\n'
 * (LF and CRLF). Undefined while the text has no break yet, or ends on a CR whose next char is unknown.
 */
export const sniffLineBreak = (text: string, final: boolean): LineBreak | undefined => {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr === -1 || (lf !== -1 && lf < cr)) return lf !== -1 || final ? '\n' : undefined;
  if (cr + 1 < text.length) return text.charCodeAt(cr + 1) === 10 ? '\n' : '\r';
  return final ? '\r' : undefined;
};
