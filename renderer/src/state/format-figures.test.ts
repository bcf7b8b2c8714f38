import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCompact,
  formatDuration,
  formatMatchClock,
  formatMoment,
  formatNumber,
  formatPercent,
  formatPrice,
  formatSigned,
  formatSize,
  formatTime,
} from './format';

describe('figures as the health bar, replay bar and match cards show them', () => {
  it('shows an em dash, never "NaN" or "Infinity", for a value not known', () => {
    for (const value of [NaN, Infinity, -Infinity]) {
      expect(formatPrice(value, 2)).toBe('—');
      expect(formatSigned(value, 2)).toBe('—');
      expect(formatCompact(value)).toBe('—');
    }
  });

  it('shows fractional sizes (crypto venues) instead of rounding them to 0', () => {
    expect(formatSize(1200)).toBe('1200');
    expect(formatSize(0.0012345)).toBe('0.00123');
    expect(formatSize(0.5)).toBe('0.5');
    expect(formatSize(12.345678)).toBe('12.3457');
    expect(formatSize(NaN)).toBe('—');
  });

  it('compacts large counts to one decimal', () => {
    expect(formatCompact(870)).toBe('870');
    expect(formatCompact(12_345)).toBe('12.3K');
    expect(formatCompact(1_250_000)).toBe('1.3M');
  });

  it('sizes bytes in the largest unit below 1024, up to GB', () => {
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MB');
    expect(formatBytes(1024 ** 3)).toBe('1.0 GB');
    expect(formatBytes(5 * 1024 ** 4)).toBe('5120.0 GB');
  });

  it('shows durations as m:ss, and h:mm:ss from an hour', () => {
    expect(formatDuration(59_999)).toBe('0:59');
    expect(formatDuration(61_000)).toBe('1:01');
    expect(formatDuration(3_600_000 + 5 * 60_000 + 7_000)).toBe('1:05:07');
    expect(formatDuration(-5)).toBe('0:00');
  });

  it('shows a moment in 24-hour time as the tape does, with its date when not today', () => {
    const at = new Date(2026, 11, 6, 17, 3, 4).getTime();
    expect(formatMoment(at, new Date(2026, 11, 6, 23, 0).getTime())).toBe('17:03:04');
    expect(formatMoment(at, new Date(2026, 11, 7, 0, 1).getTime())).toBe('2026-12-06 17:03:04');
    expect(formatMoment(at, new Date(2027, 11, 6, 17, 3).getTime())).toBe('2026-12-06 17:03:04');
  });

  it('shows the match clock in minutes and seconds', () => {
    expect(formatMatchClock(0)).toBe('0:00');
    expect(formatMatchClock(47 * 60_000 + 9_500)).toBe('47:09');
  });

  it('shows a change in percent with two decimals and its sign', () => {
    expect(formatPercent(1.234)).toBe('+1.23%');
    expect(formatPercent(-0.5)).toBe('−0.50%');
    expect(formatPercent(NaN)).toBe('—');
    // A move too small for two decimals is no move, as before: not in exponent form.
    expect(formatPercent(0.0002)).toBe(' 0.00%');
    expect(formatPercent(-0.0002)).toBe(' 0.00%');
  });

  it('shows a rate or duration rounded, and an em dash when it is not known', () => {
    expect(formatNumber(12.6)).toBe('13');
    expect(formatNumber(12.345, 1)).toBe('12.3');
    for (const value of [null, undefined, NaN, Infinity]) expect(formatNumber(value)).toBe('—');
  });

  it('shows the time of day with two digits per field', () => {
    expect(formatTime(new Date(2026, 0, 2, 9, 5, 3).getTime())).toBe('09:05:03');
    expect(formatTime(new Date(2026, 0, 2, 23, 59, 58).getTime())).toBe('23:59:58');
  });
});

describe('prices below the last of their decimals (a coin at 5e-11 with 10 decimals)', () => {
  it('shows their value in exponent form, never 0.0000000000 nor a rounded-up 0.0000000001', () => {
    expect(formatPrice(4e-11, 10)).toBe('4.000e-11');
    expect(formatPrice(5.123e-11, 10)).toBe('5.123e-11');
    expect(formatPrice(3.2e-15, 10)).toBe('3.200e-15');
    expect(formatPrice(-4e-11, 10)).toBe('-4.000e-11');
    // At or above one unit of the last decimal, the decimals as they are.
    expect(formatPrice(1e-10, 10)).toBe('0.0000000001');
    expect(formatPrice(3.4e-10, 10)).toBe('0.0000000003');
    expect(formatPrice(0.0001, 4)).toBe('0.0001');
    expect(formatPrice(93.15, 2)).toBe('93.15');
    expect(formatPrice(0, 10)).toBe('0.0000000000');
  });

  it('signs their changes and spreads the same way, a zero still unsigned', () => {
    expect(formatSigned(2e-13, 10)).toBe('+2.000e-13');
    expect(formatSigned(-2e-13, 10)).toBe('−2.000e-13');
    expect(formatSigned(0, 10)).toBe(' 0.0000000000');
    expect(formatSigned(0.25, 2)).toBe('+0.25');
    expect(formatSigned(-0.4, 2)).toBe('−0.40');
  });
});
