import { describe, expect, it } from 'vitest';
import { formatAge, isPermanentRefusal } from './disconnect-reasons';

describe('isPermanentRefusal', () => {
  it('is true for a 4xx upgrade refusal retrying cannot fix', () => {
    expect(isPermanentRefusal('Unexpected server response: 404')).toBe(true);
    expect(isPermanentRefusal('Unexpected server response: 401')).toBe(true);
  });

  it('is false for timeouts, rate limits, server errors and socket errors', () => {
    expect(isPermanentRefusal('Unexpected server response: 408')).toBe(false);
    expect(isPermanentRefusal('Unexpected server response: 429')).toBe(false);
    expect(isPermanentRefusal('Unexpected server response: 503')).toBe(false);
    expect(isPermanentRefusal('connect ECONNREFUSED 127.0.0.1:1')).toBe(false);
  });
});

describe('formatAge', () => {
  it('says seconds, minutes or hours as fits', () => {
    expect(formatAge(4_500)).toBe('4.5 s');
    expect(formatAge(10_000)).toBe('10 s');
    expect(formatAge(120_000)).toBe('2 min');
    expect(formatAge(23.5 * 3_600_000)).toBe('23.5 h');
  });
});
