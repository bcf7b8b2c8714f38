import { describe, expect, it } from 'vitest';
import { AGE_SHOWN_AFTER_MS, rowAgeText } from './row-age';

describe('rowAgeText', () => {
  it('shows nothing for a live row with fresh data, or before any freshness or tick', () => {
    expect(rowAgeText({ ageMs: 1_200, halted: false, stale: false }, false)).toBe('');
    expect(rowAgeText(undefined, false)).toBe('');
    expect(rowAgeText(undefined, true)).toBe('');
    expect(rowAgeText({ ageMs: null, halted: false, stale: false }, true)).toBe('');
  });

  it('shows a live row its age once the data is AGE_SHOWN_AFTER_MS old', () => {
    expect(rowAgeText({ ageMs: AGE_SHOWN_AFTER_MS - 1, halted: false, stale: false }, false)).toBe(
      '',
    );
    expect(rowAgeText({ ageMs: AGE_SHOWN_AFTER_MS, halted: false, stale: false }, false)).toBe(
      '5 s',
    );
    expect(rowAgeText({ ageMs: 125_000, halted: false, stale: false }, false)).toBe('2 min');
  });

  it('shows a stale row its age however young', () => {
    expect(rowAgeText({ ageMs: 340, halted: false, stale: false }, true)).toBe('340 ms');
  });

  it('says a halted instrument is halted, with its age', () => {
    expect(rowAgeText({ ageMs: 2_000, halted: true, stale: false }, false)).toBe('halted 2 s');
  });

  it('says a halted pair whose data is under a second old is halted, without an age to misread', () => {
    expect(rowAgeText({ ageMs: 70, halted: true, stale: false }, false)).toBe('halted');
    expect(rowAgeText({ ageMs: 999, halted: true, stale: false }, true)).toBe('halted');
  });
});
