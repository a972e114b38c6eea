// Incident ids, as `makeIncidentId` (shared/model/ids.ts) makes them, without Number#toString(36): V8 formats a
// 53-bit number in base 36 in about a microsecond, and a full run names a quarter of a million incidents.
// ids.test.ts checks that both give the same id for every input.
import type { IncidentId } from '#shared/model/index';
import { cyrb53 } from '#shared/model/index';

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const codes: number[] = new Array<number>(19).fill(0);

/** Write the 11 base-36 digits of a non-negative integer below 2^53 (zero-padded) at codes[at..at+11), keeping the first `keep`. */
const base36 = (n: number, at: number, keep: number): void => {
  let x = n;
  for (let d = 10; d >= 0; d--) {
    const q = Math.floor(x / 36);
    if (d < keep) codes[at + d] = DIGITS.charCodeAt(x - q * 36);
    x = q;
  }
};

/** `makeIncidentId(seedAlertId)`: 'in-' and the first 16 characters of stableHash(seedAlertId). */
export const incidentIdOf = (seedAlertId: string): IncidentId => {
  codes[0] = 0x69; // i
  codes[1] = 0x6e; // n
  codes[2] = 0x2d; // -
  base36(cyrb53(seedAlertId, 0x9e3779b1), 3, 11);
  base36(cyrb53(seedAlertId, 0x85ebca6b), 14, 5);
  return String.fromCharCode.apply(null, codes) as IncidentId;
};
