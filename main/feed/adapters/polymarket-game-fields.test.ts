import { describe, expect, it } from 'vitest';
import { matchStatus, parseElapsed, parseScore } from './polymarket-game-fields';

describe('Polymarket mapping', () => {
  it('parses scores, clocks and statuses across sports', () => {
    expect(parseScore('3-16')).toEqual([3, 16]);
    expect(parseScore('000-000|2-0|Bo3')).toEqual([2, 0]);
    expect(parseScore('')).toBeNull();
    expect(parseElapsed('5:18')).toBe(318_000);
    expect(parseElapsed('67')).toBe(4_020_000);
    expect(parseElapsed('soon')).toBeNull();
    // 400 digits read as Infinity: not a score, nor a clock.
    expect(parseScore(`${'9'.repeat(400)}-1`)).toBeNull();
    expect(parseElapsed('9'.repeat(400))).toBeNull();
    expect(parseScore('999999-0')).toEqual([999_999, 0]);
    expect(matchStatus('Scheduled', undefined, false, false)).toBe('scheduled');
    expect(matchStatus('InProgress', 'HT', true, false)).toBe('halftime');
    expect(matchStatus('Break', '1H', true, false)).toBe('halftime');
    expect(matchStatus('F/OT', 'FT OT', false, true)).toBe('finished');
    expect(matchStatus('running', '1/3', true, false)).toBe('live');
    expect(matchStatus('Delayed', undefined, false, false)).toBe('scheduled');
  });

  it('tells play that did not go as planned from play that did', () => {
    // Before: a postponed game read Scheduled (its old kick-off time shown), a cancelled one
    // Full-time (as if played), a suspended one Live.
    expect(matchStatus('Postponed', undefined, false, false)).toBe('postponed');
    expect(matchStatus('Suspended', '2H', true, false)).toBe('suspended');
    expect(matchStatus('Interrupted', '1H', true, false)).toBe('suspended');
    expect(matchStatus('Abandoned', '2H', false, true)).toBe('abandoned');
    expect(matchStatus('Canceled', undefined, false, true)).toBe('cancelled');
    expect(matchStatus('Cancelled', undefined, false, false)).toBe('cancelled');
    expect(matchStatus('Awarded', undefined, false, true)).toBe('finished');
  });
});
