import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PDF_HTML_CHARS, MAX_READ_CHUNK, MAX_SAVE_BYTES } from '#shared/contracts/main-api';
import { asBytes, isNonNegativeInteger, isToken, MAX_SUGGESTED_NAME_CHARS, validateNoArgs, validatePrintToPdfArgs, validateReadChunkArgs, validateSaveFileArgs } from './validate';

const token = randomUUID();

describe('isToken', () => {
  it('accepts crypto.randomUUID values only', () => {
    expect(isToken(token)).toBe(true);
    for (const value of ['', 'x', token.toUpperCase(), `${token} `, `../${token}`, '00000000-0000-0000-0000-000000000000', 42, null, {}, [token]]) expect(isToken(value)).toBe(false);
  });
});

describe('isNonNegativeInteger', () => {
  it('accepts safe non-negative integers only', () => {
    for (const value of [0, 1, MAX_READ_CHUNK, Number.MAX_SAFE_INTEGER]) expect(isNonNegativeInteger(value)).toBe(true);
    for (const value of [-1, -0.5, 0.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1, '1', 1n, null, undefined, [1], { valueOf: () => 1 }]) expect(isNonNegativeInteger(value)).toBe(false);
  });
});

describe('validateReadChunkArgs', () => {
  it('accepts a token, an offset and a length up to MAX_READ_CHUNK', () => {
    expect(validateReadChunkArgs([token, 0, MAX_READ_CHUNK])).toEqual({ ok: true, value: { token, offset: 0, length: MAX_READ_CHUNK } });
    expect(validateReadChunkArgs([token, 2 ** 40, 0])).toEqual({ ok: true, value: { token, offset: 2 ** 40, length: 0 } });
  });

  it('refuses bad tokens, negative or fractional numbers, too long reads and wrong arity', () => {
    expect(validateReadChunkArgs([token, 0, MAX_READ_CHUNK + 1])).toMatchObject({ ok: false, code: 'too-large' });
    for (const args of [[], [token], [token, 0], [token, 0, 1, 2], ['nope', 0, 1], [token, -1, 1], [token, 0, -1], [token, 0.5, 1], [token, 0, '1'], [token, NaN, 1], [token, 0, Infinity]]) {
      expect(validateReadChunkArgs(args)).toMatchObject({ ok: false, code: 'invalid-argument' });
    }
  });
});

describe('validateSaveFileArgs', () => {
  it('accepts a name and an ArrayBuffer or Uint8Array', () => {
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    const ok = validateSaveFileArgs(['report.html', buffer]);
    expect(ok.ok && Array.from(ok.value.bytes)).toEqual([1, 2, 3]);
    expect(validateSaveFileArgs(['r.pdf', new Uint8Array(2)])).toMatchObject({ ok: true });
  });

  it('refuses non-binary payloads, non-string names and oversize names', () => {
    for (const bytes of ['abc', [1, 2], { byteLength: 3 }, new Uint16Array(2), new DataView(new ArrayBuffer(2)), null]) {
      expect(validateSaveFileArgs(['x', bytes])).toMatchObject({ ok: false, code: 'invalid-argument' });
    }
    expect(validateSaveFileArgs([42, new ArrayBuffer(1)])).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(validateSaveFileArgs(['x'.repeat(MAX_SUGGESTED_NAME_CHARS + 1), new ArrayBuffer(1)])).toMatchObject({ ok: false, code: 'too-large' });
  });

  it('caps the size (cap injected so the test does not allocate 512 MiB)', () => {
    expect(MAX_SAVE_BYTES).toBe(512 * 1024 * 1024);
    expect(validateSaveFileArgs(['x', new ArrayBuffer(16)], 16)).toMatchObject({ ok: true });
    expect(validateSaveFileArgs(['x', new ArrayBuffer(17)], 16)).toMatchObject({ ok: false, code: 'too-large' });
    expect(validateSaveFileArgs(['x', new Uint8Array(17)], 16)).toMatchObject({ ok: false, code: 'too-large' });
    expect(asBytes(new ArrayBuffer(4))?.byteLength).toBe(4);
  });
});

describe('validatePrintToPdfArgs', () => {
  it('accepts a string up to MAX_PDF_HTML_CHARS', () => {
    expect(validatePrintToPdfArgs(['<p>x</p>'])).toEqual({ ok: true, value: { html: '<p>x</p>' } });
    expect(validatePrintToPdfArgs([{ length: 1 }])).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(MAX_PDF_HTML_CHARS).toBe(64 * 1024 * 1024);
    expect(validatePrintToPdfArgs(['x'.repeat(10)], 10)).toMatchObject({ ok: true });
    expect(validatePrintToPdfArgs(['x'.repeat(11)], 10)).toMatchObject({ ok: false, code: 'too-large' });
    expect(validatePrintToPdfArgs([42])).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(validatePrintToPdfArgs([])).toMatchObject({ ok: false, code: 'invalid-argument' });
  });
});

describe('validators never throw', () => {
  it('property: fc.anything() argument lists give ok or a typed refusal', () => {
    const validators = [validateNoArgs, validateReadChunkArgs, validateSaveFileArgs, validatePrintToPdfArgs];
    fc.assert(
      fc.property(fc.array(fc.anything({ withTypedArray: true, withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withDate: true, withSparseArray: true }), { maxLength: 4 }), (args) => {
        for (const validate of validators) {
          const result = validate(args);
          if (!result.ok) {
            expect(['invalid-argument', 'too-large']).toContain(result.code);
            expect(typeof result.message).toBe('string');
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
