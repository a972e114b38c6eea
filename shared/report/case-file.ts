// The portable `.caseline` file. Layout (all lengths big-endian):
//   "CASELINE" | u8 container version (1) | u32 manifest length N | manifest JSON (N bytes)
//   | SHA-256 seal of everything before it (32 bytes) | payload (manifest.payload.length bytes)
// Payload = gzip(JSON snapshot), optionally AES-256-GCM encrypted with a PBKDF2-SHA-256 key (salt, IV and a
// passphrase check value in the manifest; the manifest is the GCM additional data, so it cannot be altered).
// Without a passphrase the hashes detect corruption only; they are no trust boundary (SECURITY-NOTES I9):
// the engine re-validates what it reads.
import { Gunzip, gzipSync } from 'fflate';
import type { CaseSnapshot, SnapshotCounts } from './case-snapshot';
import { CASE_FORMAT, CASE_VERSION, SNAPSHOT_LISTS, countsOf } from './case-snapshot';
import { validateSnapshot } from './case-validate';
import { canonicalJson } from './uuid';
import { isoTime } from './time-text';

export { mergeCases } from './case-merge';
export type { MergeReport } from './case-merge';

const MAGIC = 'CASELINE';
const CONTAINER_VERSION = 1;
const HEADER = 13;
const SEAL = 32;
export const MIN_ITERATIONS = 310_000;
const MAX_ITERATIONS = 10_000_000;
const MAX_MANIFEST = 64 * 1024;
/** Decompressed payload cap (a JS string cannot hold much more anyway). */
export const MAX_PAYLOAD_BYTES = 512 * 1024 * 1024;
const MAX_JSON_DEPTH = 64;

export type CaseEncryption = { alg: 'AES-256-GCM'; kdf: 'PBKDF2-SHA-256'; iterations: number; salt: string; iv: string; check: string };
export type CaseManifest = {
  format: typeof CASE_FORMAT;
  version: number;
  created: string;
  counts: SnapshotCounts;
  payload: { encoding: 'json+gzip'; length: number; sha256: string; encryption: CaseEncryption | null };
};

export type CaseFileErrorCode = 'NOT_A_CASE_FILE' | 'UNSUPPORTED_VERSION' | 'DAMAGED' | 'TAMPERED' | 'PASSPHRASE_REQUIRED' | 'WRONG_PASSPHRASE' | 'TOO_LARGE';
export type CaseFileError = { code: CaseFileErrorCode; message: string };
export type CaseFileResult = { ok: true; snapshot: CaseSnapshot; manifest: CaseManifest } | { ok: false; error: CaseFileError };

const fail = (code: CaseFileErrorCode, message: string): CaseFileResult => ({ ok: false, error: { code, message } });

const enc = new TextEncoder();
const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
const b64 = (b: Uint8Array): string => btoa(String.fromCharCode(...b));
const unb64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const sha256 = async (b: Uint8Array): Promise<Uint8Array> => new Uint8Array(await crypto.subtle.digest('SHA-256', b as Uint8Array<ArrayBuffer>));
const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const buf = (b: Uint8Array): Uint8Array<ArrayBuffer> => b as Uint8Array<ArrayBuffer>;

/** 512 PBKDF2 bits: the AES key, then a check value (its hash is stored) that tells a wrong passphrase from tampering. */
const deriveKeys = async (passphrase: string, salt: Uint8Array, iterations: number): Promise<{ key: CryptoKey; check: Uint8Array }> => {
  const base = await crypto.subtle.importKey('raw', enc.encode(passphrase), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: buf(salt), iterations }, base, 512));
  const key = await crypto.subtle.importKey('raw', bits.slice(0, 32), 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { key, check: await sha256(bits.slice(32)) };
};

/** The manifest as authenticated data: everything but the payload hash (which depends on the ciphertext). */
const aadOf = (m: CaseManifest): Uint8Array =>
  enc.encode(canonicalJson({ format: m.format, version: m.version, created: m.created, counts: m.counts, payload: { encoding: m.payload.encoding, length: m.payload.length, encryption: m.payload.encryption } }));

export type WriteOptions = { passphrase?: string; iterations?: number; now?: number };

export const writeCaseFile = async (snapshot: CaseSnapshot, options: WriteOptions = {}): Promise<Uint8Array> => {
  const json = enc.encode(JSON.stringify(snapshot));
  const gz = gzipSync(json, { level: 6, mtime: 0 });
  const manifest: CaseManifest = {
    format: CASE_FORMAT,
    version: CASE_VERSION,
    created: isoTime(options.now ?? snapshot.exportedAt) ?? '1970-01-01T00:00:00.000Z',
    counts: countsOf(snapshot),
    payload: { encoding: 'json+gzip', length: gz.length, sha256: '', encryption: null },
  };
  let payload: Uint8Array = gz;
  if (options.passphrase !== undefined) {
    if (options.passphrase.length === 0) throw new Error('Empty passphrase');
    const iterations = Math.max(MIN_ITERATIONS, options.iterations ?? MIN_ITERATIONS);
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const { key, check } = await deriveKeys(options.passphrase, salt, iterations);
    manifest.payload.encryption = { alg: 'AES-256-GCM', kdf: 'PBKDF2-SHA-256', iterations, salt: b64(salt), iv: b64(iv), check: b64(check) };
    manifest.payload.length = gz.length + 16;
    payload = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: buf(aadOf(manifest)), tagLength: 128 }, key, buf(gz)));
  }
  manifest.payload.sha256 = hex(await sha256(payload));
  const mBytes = enc.encode(JSON.stringify(manifest));
  const head = new Uint8Array(HEADER + mBytes.length);
  head.set(enc.encode(MAGIC));
  head[8] = CONTAINER_VERSION;
  new DataView(head.buffer).setUint32(9, mBytes.length);
  head.set(mBytes, HEADER);
  const seal = await sha256(head);
  const out = new Uint8Array(head.length + SEAL + payload.length);
  out.set(head);
  out.set(seal, head.length);
  out.set(payload, head.length + SEAL);
  return out;
};

/** Reject JSON nested deeper than `max` before parsing (deep values crash structuredClone, postMessage, IDB). */
export const jsonDepthOk = (text: string, max: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return false;
    } else if (c === 125 || c === 93) depth--;
  }
  return true;
};

const gunzipCapped = (data: Uint8Array, max: number): Uint8Array | 'TOO_LARGE' | 'DAMAGED' => {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  try {
    const g = new Gunzip((chunk) => {
      total += chunk.length;
      if (total > max) over = true;
      else chunks.push(chunk);
    });
    for (let off = 0; off < data.length && !over; off += 16 * 1024) g.push(data.subarray(off, off + 16 * 1024), off + 16 * 1024 >= data.length);
  } catch {
    return 'DAMAGED';
  }
  if (over) return 'TOO_LARGE';
  const out = new Uint8Array(total);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
};

const isArrayField = (o: Record<string, unknown>, k: string): boolean => Array.isArray(o[k]);

export type ReadOptions = { passphrase?: string; maxBytes?: number };

export const readCaseFile = async (bytes: Uint8Array, options: ReadOptions = {}): Promise<CaseFileResult> => {
  if (bytes.length < HEADER || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return fail('NOT_A_CASE_FILE', 'This is not a Caseline case file.');
  if (bytes[8] !== CONTAINER_VERSION) return fail('UNSUPPORTED_VERSION', `Case file container version ${bytes[8] ?? '?'} is not supported by this version of Caseline.`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(9);
  if (n > MAX_MANIFEST || HEADER + n + SEAL > bytes.length) return fail('DAMAGED', 'The case file is truncated or its header is damaged.');
  const seal = await sha256(bytes.subarray(0, HEADER + n));
  if (!equalBytes(seal, bytes.subarray(HEADER + n, HEADER + n + SEAL))) return fail('TAMPERED', 'The case file manifest was changed after it was written.');
  let manifest: CaseManifest;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER, HEADER + n))) as CaseManifest;
  } catch {
    return fail('DAMAGED', 'The case file manifest cannot be read.');
  }
  if (manifest.format !== CASE_FORMAT) return fail('NOT_A_CASE_FILE', 'This is not a Caseline case file.');
  if (manifest.version !== CASE_VERSION) return fail('UNSUPPORTED_VERSION', `Case file version ${String(manifest.version)} is not supported by this version of Caseline.`);
  const p = manifest.payload;
  const start = HEADER + n + SEAL;
  if (typeof p?.length !== 'number' || start + p.length !== bytes.length) return fail('DAMAGED', 'The case file is truncated or has extra bytes.');
  let payload = bytes.subarray(start);
  if (hex(await sha256(payload)) !== p.sha256) return fail('TAMPERED', 'The case data does not match its checksum.');
  if (p.encryption) {
    const e = p.encryption;
    if (options.passphrase === undefined) return fail('PASSPHRASE_REQUIRED', 'This case file is encrypted: enter its passphrase.');
    if (e.alg !== 'AES-256-GCM' || e.kdf !== 'PBKDF2-SHA-256' || !(e.iterations >= MIN_ITERATIONS && e.iterations <= MAX_ITERATIONS)) {
      return fail('UNSUPPORTED_VERSION', 'The case file uses an encryption setting this version does not accept.');
    }
    let keys: { key: CryptoKey; check: Uint8Array };
    let iv: Uint8Array;
    try {
      keys = await deriveKeys(options.passphrase, unb64(e.salt), e.iterations);
      iv = unb64(e.iv);
      if (!equalBytes(keys.check, unb64(e.check))) return fail('WRONG_PASSPHRASE', 'The passphrase is wrong.');
    } catch {
      return fail('DAMAGED', 'The encryption parameters cannot be read.');
    }
    try {
      payload = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: buf(iv), additionalData: buf(aadOf(manifest)), tagLength: 128 }, keys.key, buf(payload)));
    } catch {
      return fail('TAMPERED', 'The encrypted case data failed its authentication check: it was altered.');
    }
  }
  const json = gunzipCapped(payload, options.maxBytes ?? MAX_PAYLOAD_BYTES);
  if (json === 'TOO_LARGE') return fail('TOO_LARGE', 'The case data is larger than this version can open.');
  if (json === 'DAMAGED') return fail('DAMAGED', 'The case data cannot be decompressed.');
  let snapshot: CaseSnapshot;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(json);
    if (!jsonDepthOk(text, MAX_JSON_DEPTH)) return fail('DAMAGED', 'The case data is nested too deeply.');
    snapshot = JSON.parse(text) as CaseSnapshot;
  } catch {
    return fail('DAMAGED', 'The case data is not valid JSON.');
  }
  const o = snapshot as unknown as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || o.format !== CASE_FORMAT || o.version !== CASE_VERSION || !SNAPSHOT_LISTS.every((k) => isArrayField(o, k))) {
    return fail('DAMAGED', 'The case data does not have the expected shape.');
  }
  if (typeof o.attackSource !== 'string' || typeof o.exportedBy !== 'string' || typeof o.exportedAt !== 'number') return fail('DAMAGED', 'The case data lacks its export details.');
  const problems = validateSnapshot(snapshot, 5);
  if (problems.length) {
    const list = problems.map((p) => `${p.list}[${p.index}].${p.field}`).join(', ');
    return fail('DAMAGED', `Some case records are malformed (${list}).`);
  }
  const counts = countsOf(snapshot);
  if (SNAPSHOT_LISTS.some((k) => counts[k] !== manifest.counts?.[k])) return fail('TAMPERED', 'The case data does not match the counts in its manifest.');
  return { ok: true, snapshot, manifest };
};
