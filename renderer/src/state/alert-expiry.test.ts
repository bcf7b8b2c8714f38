import { describe, expect, it } from 'vitest';
import { expiryText, readExpiry } from './alert-expiry';

// 7 Dec 2026, 15:00:00 local time.
const NOW = new Date(2026, 11, 7, 15, 0, 0).getTime();

describe('readExpiry (bug 205)', () => {
  it('reads empty as never, a duration from now, a time today and a date and time', () => {
    expect(readExpiry('', NOW)).toEqual({ ok: true, value: null });
    expect(readExpiry(' 2h ', NOW)).toEqual({ ok: true, value: NOW + 7_200_000 });
    expect(readExpiry('17:30', NOW)).toEqual({
      ok: true,
      value: new Date(2026, 11, 7, 17, 30).getTime(),
    });
    expect(readExpiry('2026-12-08 09:00:15', NOW)).toEqual({
      ok: true,
      value: new Date(2026, 11, 8, 9, 0, 15).getTime(),
    });
  });

  it('refuses a time that has passed, naming it, and one more than a year away', () => {
    expect(readExpiry('09:00', NOW)).toEqual({
      ok: false,
      error: 'expires: 09:00 has passed (local time)',
    });
    expect(readExpiry('2028-01-01 00:00', NOW)).toMatchObject({
      ok: false,
      error: 'expires: 2028-01-01 00:00 is more than a year away',
    });
    expect(readExpiry('400d', NOW).ok).toBe(false);
    expect(readExpiry('9999h', NOW)).toMatchObject({
      ok: false,
      error: 'expires: expected a duration from now of at most a year, got "9999h"',
    });
  });

  it('refuses what is not a time, quoting it: a date that rolls over, -2h, words', () => {
    for (const text of ['2026-02-30 10:00', '25:00', '-2h', 'tomorrow', 'NaN'])
      expect(readExpiry(text, NOW)).toMatchObject({
        ok: false,
        error: expect.stringContaining(`got ${JSON.stringify(text)}`),
      });
  });

  it('writes an expiry back as the field reads it: the time today, with the date on other days', () => {
    const today = new Date(2026, 11, 7, 17, 30, 5).getTime();
    const tomorrow = new Date(2026, 11, 8, 9, 0).getTime();
    expect(expiryText(null, NOW)).toBe('');
    expect(expiryText(today, NOW)).toBe('17:30:05');
    expect(expiryText(tomorrow, NOW)).toBe('2026-12-08 09:00:00');
    expect(readExpiry(expiryText(tomorrow, NOW), NOW)).toEqual({ ok: true, value: tomorrow });
  });
});
