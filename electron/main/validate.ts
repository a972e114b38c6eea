// Hand-written validators for every IPC payload (SECURITY-NOTES A7). Each takes the raw argument list from the
// renderer (anything at all) and returns either typed, size-capped values or a typed refusal; none throws.
import { MAX_PDF_HTML_CHARS, MAX_READ_CHUNK, MAX_SAVE_BYTES } from '#shared/contracts/main-api';
import type { MainErrorCode } from '#shared/contracts/main-api';

export type Checked<T> = { ok: true; value: T } | { ok: false; code: MainErrorCode; message: string };

/** Longest suggested file name accepted before sanitizing (the sanitizer then caps it at ~150). */
export const MAX_SUGGESTED_NAME_CHARS = 1024;

const TOKEN_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function ok<T>(value: T): Checked<T> {
  return { ok: true, value };
}

function refuse(code: MainErrorCode, message: string): { ok: false; code: MainErrorCode; message: string } {
  return { ok: false, code, message };
}

/** Chosen-file tokens are crypto.randomUUID() values; anything else is not one of ours. */
export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

export function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function arity(args: readonly unknown[], expected: number): Checked<null> {
  if (!Array.isArray(args) || args.length !== expected) return refuse('invalid-argument', `expected ${expected} argument(s)`);
  return ok(null);
}

export function validateNoArgs(args: readonly unknown[]): Checked<null> {
  return arity(args, 0);
}

export type ReadChunkArgs = { token: string; offset: number; length: number };

export function validateReadChunkArgs(args: readonly unknown[]): Checked<ReadChunkArgs> {
  const count = arity(args, 3);
  if (!count.ok) return count;
  const [token, offset, length] = args;
  if (!isToken(token)) return refuse('invalid-argument', 'token must be a file token');
  if (!isNonNegativeInteger(offset)) return refuse('invalid-argument', 'offset must be a non-negative integer');
  if (!isNonNegativeInteger(length)) return refuse('invalid-argument', 'length must be a non-negative integer');
  if (length > MAX_READ_CHUNK) return refuse('too-large', `length must be at most ${MAX_READ_CHUNK}`);
  return ok({ token, offset, length });
}

export type SaveFileArgs = { suggestedName: string; bytes: Uint8Array };

/** The bytes of an ArrayBuffer or Uint8Array (IPC may deliver either), as a view without copying. */
export function asBytes(value: unknown): Uint8Array | null {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (value instanceof Uint8Array) return value;
  return null;
}

export function validateSaveFileArgs(args: readonly unknown[], maxBytes: number = MAX_SAVE_BYTES): Checked<SaveFileArgs> {
  const count = arity(args, 2);
  if (!count.ok) return count;
  const [suggestedName, rawBytes] = args;
  if (typeof suggestedName !== 'string') return refuse('invalid-argument', 'suggestedName must be a string');
  if (suggestedName.length > MAX_SUGGESTED_NAME_CHARS) return refuse('too-large', `suggestedName must be at most ${MAX_SUGGESTED_NAME_CHARS} characters`);
  const bytes = asBytes(rawBytes);
  if (bytes === null) return refuse('invalid-argument', 'bytes must be an ArrayBuffer');
  if (bytes.byteLength > maxBytes) return refuse('too-large', `bytes must be at most ${maxBytes}`);
  return ok({ suggestedName, bytes });
}

export type PrintToPdfArgs = { html: string };

export function validatePrintToPdfArgs(args: readonly unknown[], maxChars: number = MAX_PDF_HTML_CHARS): Checked<PrintToPdfArgs> {
  const count = arity(args, 1);
  if (!count.ok) return count;
  const [html] = args;
  if (typeof html !== 'string') return refuse('invalid-argument', 'html must be a string');
  if (html.length > maxChars) return refuse('too-large', `html must be at most ${maxChars} characters`);
  return ok({ html });
}
