import { describe, expect, it } from 'vitest';
import { snapshotFit } from './snapshot-fit';

describe('snapshotFit', () => {
  it('fits when the oldest held message continues it or overlaps it', () => {
    expect(snapshotFit(10, 11, undefined, 0)).toBe('fits');
    expect(snapshotFit(10, 8, undefined, 0)).toBe('fits');
    expect(snapshotFit(10, 11, 50, 0)).toBe('fits'); // the held messages say more than an announcement
  });

  it('is behind when the held messages start after a hole', () => {
    expect(snapshotFit(10, 12, undefined, 0)).toBe('behind');
    expect(snapshotFit(10, 12, 10, 0)).toBe('behind');
  });

  it('with nothing held, waits for the relay to announce where the instrument stands', () => {
    expect(snapshotFit(10, undefined, undefined, 0)).toBe('unknown');
    expect(snapshotFit(10, undefined, 10, 0)).toBe('fits');
    expect(snapshotFit(10, undefined, 9, 0)).toBe('fits');
    // Published after the stored state, before the subscription: missed.
    expect(snapshotFit(10, undefined, 11, 0)).toBe('behind');
  });

  it('is behind a lost tail it does not reach, whatever is held', () => {
    expect(snapshotFit(10, 11, 10, 12)).toBe('behind');
    expect(snapshotFit(12, 13, 12, 12)).toBe('fits');
  });
});
