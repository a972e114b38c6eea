// Byte → text: BOM sniffing and chunked, non-fatal decoding (SECURITY-NOTES I5).

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export type EncodingSniff = { encoding: TextEncodingName; bomLength: number };

/**
 * Encoding from the first bytes: a BOM wins (UTF-8 EF BB BF, UTF-16LE FF FE, UTF-16BE FE FF); without one,
 * ASCII text written as UTF-16 (`{\0"\0` or `\0{\0"`) is recognised by its zero bytes; anything else is UTF-8.
 * Give it at least 4 bytes when the file has them.
 */
export const sniffEncoding = (head: Uint8Array): EncodingSniff => {
  const [b0, b1, b2, b3] = [head[0], head[1], head[2], head[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (head.length >= 4) {
    if (b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) return { encoding: 'utf-16le', bomLength: 0 };
    if (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0) return { encoding: 'utf-16be', bomLength: 0 };
  }
  return { encoding: 'utf-8', bomLength: 0 };
};

/** Number of U+FFFD in a string: what a lossy decode left behind (or what the source itself wrote). */
export const countReplacementChars = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
};

/**
 * A streaming decoder: `decode(chunk)` for each chunk, `end()` once. Never throws on bad bytes (they become U+FFFD);
 * multi-byte sequences split across chunks are joined.
 */
export class ChunkDecoder {
  private readonly decoder: TextDecoder;
  constructor(readonly encoding: TextEncodingName) {
    // ignoreBOM: the caller strips the leading BOM itself; a BOM later in the text is content.
    this.decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
  }
  decode(chunk: Uint8Array): string {
    return this.decoder.decode(chunk, { stream: true });
  }
  end(): string {
    return this.decoder.decode();
  }
}

/** True when decoded text looks binary: NUL characters, or more than 10% replacement characters. */
export const looksBinary = (text: string): boolean => {
  const sample = text.length > 8192 ? text.slice(0, 8192) : text;
  if (sample.indexOf('\u0000') !== -1) return true;
  return sample.length >= 64 && countReplacementChars(sample) * 10 > sample.length;
};
