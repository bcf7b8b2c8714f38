/**
 * A replay's status as the host reports it, for the replay bar's and playhead's tests: a
 * three-minute recording from {@link REPLAY_START} (local 14:00 on 25 Nov 2026, so the bar's
 * times read the same in any zone), playing at 1×, 65 s in, its whole range chosen.
 */
import type { ReplayStatus } from '../protocol/health';

export const REPLAY_START = new Date(2026, 10, 25, 14, 0, 0).getTime();

export function replayStatus(over: Partial<ReplayStatus> = {}): ReplayStatus {
  return {
    path: '/rec/session-1',
    start: REPLAY_START,
    end: REPLAY_START + 180_000,
    position: REPLAY_START + 65_000,
    playing: true,
    speed: 1,
    loop: false,
    rangeFrom: REPLAY_START,
    rangeTo: REPLAY_START + 180_000,
    ...over,
  };
}
