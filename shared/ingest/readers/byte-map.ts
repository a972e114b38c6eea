// Where a character of a file's decoded text sits in the file's bytes, so a record can be kept as a slice of the
// file (see SourceRecord.byteStart). Text is added as it is decoded; offsets are asked for in increasing order (the
// parser's lines), so pieces behind the last one asked for are let go and each character is counted once.

/** UTF-8 length of `text` from `from` to `to` (a surrogate pair is 4 bytes; the decoder makes no lone ones). */
const utf8Length = (text: string, from: number, to: number): number => {
  let n = to - from;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
};

type Piece = { char: number; byte: number; text: string; ascii: boolean };

export class ByteMap {
  private pieces: Piece[] = [];
  private chars = 0;
  private bytes: number;
  private broken: boolean;
  /** Characters past this are not mapped (a U+FFFD came after them). */
  private limit = Infinity;
  /** The last offset worked out inside `pieces[0]`. */
  private cursor = { char: 0, byte: 0 };
  /** Bytes given to the decoder and characters it gave back: equal while every byte so far was one character. */
  private fed = 0;
  private got = 0;

  /** `start`: the bytes before the text (a BOM); only UTF-8 text can be mapped. */
  constructor(start: number, utf8: boolean) {
    this.bytes = start;
    this.broken = !utf8;
  }

  /**
   * The next decoded text and the bytes it was decoded from (0 for what the decoder gives at the end). While every
   * byte so far was one character (ASCII, or an invalid byte that became one U+FFFD) a piece maps one for one and
   * nothing is counted; after a multi-byte character they differ for good (UTF-8 never gives more characters than
   * bytes) and each piece's UTF-8 bytes are counted. A U+FFFD there may stand for bytes that were not UTF-8, whose
   * length is lost: offsets stop where its text starts.
   */
  add(text: string, bytes: number): void {
    const aligned = this.fed === this.got;
    this.fed += bytes;
    this.got += text.length;
    const ascii = aligned && this.fed === this.got;
    if (this.broken || this.limit !== Infinity || !text.length) return;
    if (!ascii && text.includes('\ufffd')) {
      this.limit = this.chars;
      return;
    }
    if (!this.pieces.length) this.cursor = { char: this.chars, byte: this.bytes };
    this.pieces.push({ char: this.chars, byte: this.bytes, text, ascii });
    this.chars += text.length;
    this.bytes += ascii ? text.length : utf8Length(text, 0, text.length);
  }

  /** Nothing more is mapped (a container read otherwise than line by line would never let its pieces go). */
  stop(): void {
    this.broken = true;
    this.pieces = [];
  }

  /** Pieces of text held (for tests: a line-by-line read lets them go as it goes). */
  get held(): number {
    return this.pieces.length;
  }

  /** The byte offset of character `char` (at most the end of the text added), or undefined when it cannot be told. */
  byteAt(char: number): number | undefined {
    if (this.broken || char > this.limit) return undefined;
    while (this.pieces.length > 1 && (this.pieces[1]?.char ?? Infinity) <= char) {
      this.pieces.shift();
      const next = this.pieces[0];
      if (next) this.cursor = { char: next.char, byte: next.byte };
    }
    const p = this.pieces[0];
    if (!p || char < p.char || char > p.char + p.text.length) return undefined;
    if (p.ascii) return p.byte + (char - p.char);
    if (char < this.cursor.char) this.cursor = { char: p.char, byte: p.byte };
    this.cursor.byte += utf8Length(p.text, this.cursor.char - p.char, char - p.char);
    this.cursor.char = char;
    return this.cursor.byte;
  }
}
