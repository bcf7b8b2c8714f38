import { describe, expect, it } from 'vitest';
import {
  MAX_RETRY_AFTER_MS,
  closeBlamesClient,
  formatAge,
  isPermanentRefusal,
  retryAfterMs,
} from './disconnect-reasons';

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

describe('closeBlamesClient', () => {
  it("is true for policy, data and the venue's own codes, false for passing states", () => {
    for (const code of [1003, 1007, 1008, 1009, 4000, 4999])
      expect(closeBlamesClient(code)).toBe(true);
    for (const code of [1000, 1001, 1006, 1011, 1012, 1013, 1014, 3000, 5000])
      expect(closeBlamesClient(code)).toBe(false);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-12-06T10:00:00Z');

  it("reads a 429's or 503's Retry-After in seconds or as an HTTP date", () => {
    expect(retryAfterMs(429, '7', now)).toBe(7_000);
    expect(retryAfterMs(503, ' 120 ', now)).toBe(120_000);
    expect(retryAfterMs(429, 'Sun, 06 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
  });

  it('bounds it, and ignores it elsewhere, in the past or unreadable', () => {
    expect(retryAfterMs(429, '999999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs(429, 'Sun, 06 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(429, '-5', now)).toBe(0);
    expect(retryAfterMs(429, 'soon', now)).toBe(0);
    expect(retryAfterMs(429, undefined, now)).toBe(0);
    expect(retryAfterMs(404, '7', now)).toBe(0);
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
