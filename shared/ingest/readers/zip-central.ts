// The zip central directory: the only place a zip records symlinks (Unix mode in the external attributes),
// encryption and the names other tools will show. Read up front when the archive is a Blob (random access), or from
// the retained tail of a stream at its end; either way every entry is checked (SECURITY-NOTES I2).
import { ReaderError } from './errors';
import type { ReaderLimits } from './limits';

export type CentralEntry = {
  name: string;
  /** High byte: host system (3 = Unix, 19 = OS X). */
  madeBy: number;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  externalAttrs: number;
};

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const EOCD_MIN = 22;
/** EOCD plus the longest comment. */
export const EOCD_SEARCH = EOCD_MIN + 0xffff;
/** Largest central directory checked (10,000 entries with 200-byte names need about 2.5 MB). */
export const MAX_CENTRAL_BYTES = 16 * 1024 * 1024;

const u16 = (b: Uint8Array, p: number): number => (b[p] ?? 0) | ((b[p + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, p: number): number => (u16(b, p) | (u16(b, p + 2) << 16)) >>> 0;
const u64 = (b: Uint8Array, p: number): number => u32(b, p) + u32(b, p + 4) * 0x1_0000_0000;

/** Decode a name the way fflate does (UTF-8 when flag bit 11 is set, else Latin-1), so local and central names compare. */
export const decodeZipName = (bytes: Uint8Array, utf8: boolean): string => {
  if (utf8) return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
};

/** Why an entry name is unsafe to use, or undefined. Names are refused, never "fixed" (Zip Slip). */
export const unsafeEntryName = (name: string): string | undefined => {
  if (name.length === 0) return 'has an empty name';
  if (name.indexOf('\u0000') !== -1) return 'has a NUL character in its name';
  if (name.indexOf('\\') !== -1) return 'has a backslash in its name (Windows path or UNC share)';
  if (name.startsWith('/')) return 'has an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'has a drive letter';
  if (name.split('/').some((seg) => seg === '..')) return 'climbs out of the archive with ".."';
  return undefined;
};

/** An entry name as it may appear in a message: quoted, control characters escaped, length capped. */
export const showName = (name: string): string => JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}…` : name);

export const isSymlinkEntry = (e: CentralEntry): boolean => {
  const host = e.madeBy >>> 8;
  return (host === 3 || host === 19) && ((e.externalAttrs >>> 16) & 0o170000) === 0o120000;
};

export type CentralLocation = {
  /** Offsets within the given tail bytes. */
  start: number;
  end: number;
  count: number;
};

/** Find the central directory from the last bytes of an archive; undefined when there is no end record. */
export const locateCentral = (tail: Uint8Array, fileName: string): CentralLocation | undefined => {
  let eocd = -1;
  for (let p = tail.length - EOCD_MIN; p >= 0 && p >= tail.length - EOCD_SEARCH; p--) {
    if (u32(tail, p) === SIG_EOCD && p + EOCD_MIN + u16(tail, p + 20) <= tail.length) {
      eocd = p;
      break;
    }
  }
  if (eocd === -1) return undefined;
  const disk = u16(tail, eocd + 4);
  const cdDisk = u16(tail, eocd + 6);
  let count = u16(tail, eocd + 10);
  let size = u32(tail, eocd + 12);
  let end = eocd;
  if (count === 0xffff || size === 0xffffffff || u32(tail, eocd + 16) === 0xffffffff) {
    const loc = eocd - 20;
    const rec = loc - 56;
    if (loc < 0 || u32(tail, loc) !== SIG_ZIP64_LOCATOR || rec < 0 || u32(tail, rec) !== SIG_ZIP64_EOCD) {
      throw new ReaderError('ZIP_UNSUPPORTED', `${fileName}: this zip64 layout is not supported.`);
    }
    count = u64(tail, rec + 32);
    size = u64(tail, rec + 40);
    end = rec;
  } else if (disk !== 0 || cdDisk !== 0) {
    throw new ReaderError('ZIP_UNSUPPORTED', `${fileName}: multi-part (spanned) zip archives are not supported.`);
  }
  return { start: end - size, end, count };
};

/** Parse central directory records. Throws ZIP_CORRUPT on a malformed record, ZIP_TOO_MANY_ENTRIES past the cap. */
export const parseCentral = (cd: Uint8Array, fileName: string, limits: ReaderLimits): CentralEntry[] => {
  const out: CentralEntry[] = [];
  let p = 0;
  while (p < cd.length) {
    if (p + 46 > cd.length || u32(cd, p) !== SIG_CENTRAL) {
      throw new ReaderError('ZIP_CORRUPT', `${fileName}: the zip central directory is damaged.`);
    }
    const flags = u16(cd, p + 8);
    const nameLen = u16(cd, p + 28);
    const extraLen = u16(cd, p + 30);
    const commentLen = u16(cd, p + 32);
    const nameStart = p + 46;
    const extraStart = nameStart + nameLen;
    const next = extraStart + extraLen + commentLen;
    if (next > cd.length) throw new ReaderError('ZIP_CORRUPT', `${fileName}: the zip central directory is damaged.`);
    let compressedSize = u32(cd, p + 20);
    let size = u32(cd, p + 24);
    if (size === 0xffffffff || compressedSize === 0xffffffff) {
      for (let e = extraStart; e + 4 <= extraStart + extraLen; ) {
        const id = u16(cd, e);
        const len = u16(cd, e + 2);
        if (id === 1) {
          let f = e + 4;
          if (size === 0xffffffff) {
            size = u64(cd, f);
            f += 8;
          }
          if (compressedSize === 0xffffffff) compressedSize = u64(cd, f);
          break;
        }
        e += 4 + len;
      }
    }
    out.push({
      name: decodeZipName(cd.subarray(nameStart, extraStart), (flags & 0x800) !== 0),
      madeBy: u16(cd, p + 4),
      flags,
      method: u16(cd, p + 10),
      compressedSize,
      size,
      externalAttrs: u32(cd, p + 38),
    });
    if (out.length > limits.maxEntries) {
      throw new ReaderError('ZIP_TOO_MANY_ENTRIES', `${fileName} holds more than ${limits.maxEntries} entries.`);
    }
    p = next;
  }
  return out;
};

/**
 * Check every central directory entry: names, symlinks, encryption, methods, and the declared sizes (a first
 * check only: actual bytes are counted while inflating, since declared sizes can lie).
 */
export const checkCentral = (entries: readonly CentralEntry[], fileName: string, limits: ReaderLimits): void => {
  let declared = 0;
  for (const e of entries) {
    const bad = unsafeEntryName(e.name);
    if (bad) throw new ReaderError('ZIP_TRAVERSAL', `${fileName}: entry ${showName(e.name)} ${bad}; the archive is refused.`);
    if (isSymlinkEntry(e)) throw new ReaderError('ZIP_SYMLINK', `${fileName}: entry ${showName(e.name)} is a symbolic link; the archive is refused.`);
    if (e.flags & 1) throw new ReaderError('ZIP_UNSUPPORTED', `${fileName}: entry ${showName(e.name)} is encrypted.`);
    const isDir = e.name.endsWith('/');
    if (!isDir && e.method !== 0 && e.method !== 8) {
      throw new ReaderError('ZIP_UNSUPPORTED', `${fileName}: entry ${showName(e.name)} uses compression method ${e.method} (only stored and deflate are read).`);
    }
    declared += e.size;
    if (e.size > limits.ratioGraceBytes && e.size > Math.max(1, e.compressedSize) * limits.maxRatio) {
      throw new ReaderError('ZIP_BOMB', `${fileName}: entry ${showName(e.name)} declares a compression ratio above ${limits.maxRatio}:1.`);
    }
  }
  if (declared > limits.maxTotalBytes) {
    throw new ReaderError('TOO_LARGE', `${fileName} declares ${declared} bytes uncompressed; the limit is ${limits.maxTotalBytes}.`);
  }
};

/** Read, parse and check the central directory of a zip held in a Blob (a File), before any entry is read. */
export const readCentralFromBlob = async (blob: Blob, fileName: string, limits: ReaderLimits): Promise<CentralEntry[]> => {
  const tailStart = Math.max(0, blob.size - (EOCD_SEARCH + 20 + 56));
  const tail = new Uint8Array(await blob.slice(tailStart).arrayBuffer());
  const loc = locateCentral(tail, fileName);
  if (!loc) throw new ReaderError('ZIP_CORRUPT', `${fileName}: no zip central directory (truncated archive?).`);
  if (loc.count > limits.maxEntries) throw new ReaderError('ZIP_TOO_MANY_ENTRIES', `${fileName} holds ${loc.count} entries; at most ${limits.maxEntries} are read.`);
  const size = loc.end - loc.start;
  if (size > MAX_CENTRAL_BYTES) throw new ReaderError('ZIP_CORRUPT', `${fileName}: the zip central directory is implausibly large.`);
  const absEnd = tailStart + loc.end;
  const absStart = absEnd - size;
  if (absStart < 0) throw new ReaderError('ZIP_CORRUPT', `${fileName}: the zip central directory is damaged.`);
  const cd = new Uint8Array(await blob.slice(absStart, absEnd).arrayBuffer());
  const entries = parseCentral(cd, fileName, limits);
  checkCentral(entries, fileName, limits);
  return entries;
};
