import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['30m', 1_800_000],
    ['4h', 14_400_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['PT5M', 300_000],
    ['P1DT2H', 93_600_000],
    ['90s', 90_000],
    ['1500', 1500],
  ])('%s → %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', 'soon', '4x', 'PT', 'P', '-5m', '5m later'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
});
