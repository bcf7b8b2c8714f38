import { describe, expect, it } from 'vitest';
import { snapshotFit } from './snapshot-fit';

describe('snapshotFit', () => {
  it('fits when the oldest held message continues it or overlaps it', () => {
    expect(snapshotFit(10, 11, 16, undefined, 0)).toBe('fits');
    expect(snapshotFit(10, 8, 15, undefined, 0)).toBe('fits');
    expect(snapshotFit(10, 11, 16, 50, 0)).toBe('fits'); // the held messages say more than an announcement
  });

  it('is behind when the held messages start after a hole', () => {
    expect(snapshotFit(10, 12, 17, undefined, 0)).toBe('behind');
    expect(snapshotFit(10, 12, 17, 10, 0)).toBe('behind');
  });

  it('with nothing held, waits for the relay to announce where the instrument stands', () => {
    expect(snapshotFit(10, undefined, undefined, undefined, 0)).toBe('unknown');
    expect(snapshotFit(10, undefined, undefined, 10, 0)).toBe('fits');
    expect(snapshotFit(10, undefined, undefined, 9, 0)).toBe('fits');
    // Published after the stored state, before the subscription: missed.
    expect(snapshotFit(10, undefined, undefined, 11, 0)).toBe('behind');
  });

  it('is behind a lost tail it does not reach, whatever is held', () => {
    expect(snapshotFit(10, 11, 16, 10, 12)).toBe('behind');
    expect(snapshotFit(12, 13, 18, 12, 12)).toBe('fits');
  });

  it('is ahead when newer than every live message held: the relay cannot have stored it', () => {
    expect(snapshotFit(1e9, 11, 20, undefined, 0)).toBe('ahead');
    expect(snapshotFit(21, 11, 20, 20, 0)).toBe('ahead');
    expect(snapshotFit(20, 11, 20, undefined, 0)).toBe('fits');
    // The last held messages lost on the way: the relay's announcement vouches for it.
    expect(snapshotFit(25, 11, 20, 25, 25)).toBe('fits');
  });
});
