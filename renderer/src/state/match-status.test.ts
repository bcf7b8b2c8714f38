import { describe, expect, it } from 'vitest';
import { lockedReason, notStarted, statusText } from './match-status';

describe('a match card’s status', () => {
  it('never says live for a match whose feed is down or that is replayed', () => {
    expect(statusText('live', false, false)).toBe('Live');
    expect(statusText('live', true, false)).toBe('Suspended');
    expect(statusText('halftime', true, false)).toBe('Suspended');
    expect(statusText('live', false, true)).toBe('In play');
    expect(statusText('finished', true, true)).toBe('Full-time');
  });

  it('shows no play before kick-off or for a match called off before it', () => {
    expect(['scheduled', 'postponed', 'cancelled'].every((s) => notStarted(s as never))).toBe(true);
    expect(notStarted('abandoned')).toBe(false);
  });

  it('locks the odds while the feed is down, play is suspended or the match is called off', () => {
    expect(lockedReason('live', true)).toBe('the feed is not live');
    expect(lockedReason('suspended', false)).toBe('play is suspended');
    expect(lockedReason('abandoned', false)).toBe('the match is abandoned');
    expect(lockedReason('live', false)).toBeNull();
  });
});
