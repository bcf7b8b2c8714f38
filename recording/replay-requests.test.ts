import { describe, expect, it } from 'vitest';
import type { Instrument } from '../protocol/feed';
import type { SubscribeRequest } from '../protocol/feed-requests';
import { MAX_REPLAY_SPEED, MIN_REPLAY_SPEED } from '../protocol/limits';
import { owesSnapshot, speedFailure, unknownInstrumentFailure } from './replay-requests';
import { Subscriptions } from './subscriptions';

describe('replay requests', () => {
  it('takes speed 0 and the bounds, and refuses a speed outside them naming the range', () => {
    for (const s of [0, MIN_REPLAY_SPEED, 1, MAX_REPLAY_SPEED])
      expect(speedFailure(s), String(s)).toBeNull();
    for (const s of [0.1, -1, MAX_REPLAY_SPEED + 1])
      expect(speedFailure(s), String(s)).toEqual({
        code: 'BAD_REQUEST',
        message: `replay.speed: expected 0 (as fast as possible) or 0.25 to 100, got ${s}`,
      });
  });

  it('refuses an instrument the recording does not hold, unless it names none yet', () => {
    const held = [{ id: 'ACME' }, { id: 'GLOBEX' }] as Instrument[];
    expect(unknownInstrumentFailure(held, ['ACME', '*'])).toBeNull();
    expect(unknownInstrumentFailure(held, ['ACME', 'INITECH'])).toEqual({
      code: 'UNKNOWN_INSTRUMENT',
      message: 'no instrument "INITECH" in this recording',
    });
    expect(unknownInstrumentFailure([], ['INITECH'])).toBeNull();
  });

  it('owes a snapshot to an instrument new to the client, asked for, or resumed; once', () => {
    const before = new Subscriptions();
    before.add(['ACME']);
    const req = (r: Partial<SubscribeRequest>): SubscribeRequest => ({
      op: 'subscribe',
      id: 1,
      instruments: ['ACME', 'GLOBEX'],
      ...r,
    });
    expect(owesSnapshot(req({}), before, 'GLOBEX')).toBe(true); // new
    expect(owesSnapshot(req({}), before, 'ACME')).toBe(false); // already has it
    expect(owesSnapshot(req({ snapshot: true }), before, 'ACME')).toBe(true);
    expect(owesSnapshot(req({ resume: { ACME: 7 } }), before, 'ACME')).toBe(true);
    expect(owesSnapshot(req({ snapshot: true }), before, 'INITECH')).toBe(false); // not asked
    expect(owesSnapshot(req({ instruments: ['*'] }), before, 'INITECH')).toBe(true);
  });
});
