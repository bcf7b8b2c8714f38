import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../../protocol/alerts';
import { parseAlertLine } from '../../../protocol/alert-line';
import { AlertSound, MIN_TONE_GAP_MS, shouldSound } from './alert-sound';

const RULE = (() => {
  const r = parseAlertLine('ACME below 90 every 0s', { id: 'low', now: 0 });
  if (!r.ok) throw new Error(r.error);
  return r.value;
})();

function event(replayPosition: number | null = null): AlertEvent {
  return {
    id: 1,
    rule: RULE,
    text: 'ACME below 90 every 0s',
    tick: { instrument: 'ACME', seq: 1, ts: 1, value: 89 },
    firedAt: 1,
    replayPosition,
  };
}

describe('the alert sound', () => {
  it('sounds a live alert only when sound is on', () => {
    expect(shouldSound(event(), true, null, 0)).toBe(true);
    expect(shouldSound(event(), false, null, 0)).toBe(false);
  });

  it('keeps a replayed alert silent, as it raises no notification', () => {
    expect(shouldSound(event(5_000), true, null, 0)).toBe(false);
  });

  it('sounds a burst once: nothing within MIN_TONE_GAP_MS of the last tone', () => {
    expect(shouldSound(event(), true, 10_000, 10_000 + MIN_TONE_GAP_MS - 1)).toBe(false);
    expect(shouldSound(event(), true, 10_000, 10_000 + MIN_TONE_GAP_MS)).toBe(true);
  });

  it('plays through its player as the setting and the clock allow, and primes it on request', () => {
    let now = 0;
    const calls: string[] = [];
    const sound = new AlertSound(
      { play: () => calls.push('play'), prime: () => calls.push('prime') },
      () => now,
    );
    expect(sound.heard(event())).toBe(false); // off by default
    sound.on = true;
    sound.prime();
    expect(sound.heard(event())).toBe(true);
    now = 500;
    expect(sound.heard(event())).toBe(false); // the same burst
    expect(sound.heard(event(42))).toBe(false); // a replay
    now = 1_000;
    expect(sound.heard(event())).toBe(true);
    sound.on = false;
    now = 5_000;
    expect(sound.heard(event())).toBe(false); // muted
    expect(calls).toEqual(['prime', 'play', 'play']);
  });
});
