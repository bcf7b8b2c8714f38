import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../protocol/feed';
import type { ConnectionState } from '../../protocol/health';
import { marketSnapshot } from '../../test-support/engine-fixtures';
import { Backoff } from './backoff';
import { ClientState, provesLive } from './client-state';

const hello: ServerMessage = { op: 'hello', protocol: 1, heartbeatMs: 1_000, instruments: [] };
const snapshot: ServerMessage = {
  op: 'snapshot',
  instrument: 'A',
  seq: 1,
  state: marketSnapshot(10),
};
const heartbeat: ServerMessage = { op: 'heartbeat', ts: 1 };
const ticks: ServerMessage = { op: 'ticks', ticks: [] };

function shown() {
  const states: ConnectionState[] = [];
  let lives = 0;
  const backoff = new Backoff();
  backoff.live = () => void lives++;
  const state = new ClientState((s) => states.push(s), backoff);
  return { state, states, lives: () => lives };
}

describe('ClientState', () => {
  it('counts the silence it shows from the last proof of life while only stored states came', () => {
    const { state, states } = shown();
    state.connecting();
    state.heard([heartbeat], 10_000);
    state.reconnecting('stalled: no data for 3.0 s', 100);
    state.connecting();
    state.heard([hello, snapshot], 14_000); // served from store: no word from the feed
    expect(state.silence(1_600, 40_000)).toBe(30_000);
    state.heard([ticks], 41_000);
    expect(state.silence(1_600, 43_000)).toBe(1_600); // live again: the stall watch's own
    state.stalled(1_600);
    expect(states.at(-1)).toEqual({ state: 'stalled', silentMs: 1_600 });
  });

  it('counts the silence of a feed never live from its first attempt, not its stored states', () => {
    // A desk started while its relay is away: each connection serves the stored states, and
    // STALE said "no data for 1.6 s" at every stall, over a feed silent since the desk started.
    const { state, states } = shown();
    state.connecting(5_000);
    state.heard([hello, snapshot], 5_010);
    state.reconnecting('stalled: no data for 3.0 s', 100);
    state.connecting(8_200); // a later attempt does not restart the count
    state.heard([hello, snapshot], 8_210);
    expect(state.silence(1_600, 9_800)).toBe(4_800);
    state.heard([heartbeat], 9_900);
    expect(state.silence(120, 9_990)).toBe(120);
    expect(states.at(-1)).toEqual({ state: 'live' });
  });

  it('takes a tick or a heartbeat for proof of life, never a hello, snapshot or status', () => {
    expect(provesLive([hello, snapshot])).toBe(false);
    expect(provesLive([{ op: 'status', id: 1, ok: true }])).toBe(false);
    expect(provesLive([snapshot, heartbeat])).toBe(true);
    expect(provesLive([ticks])).toBe(true);
  });

  it("takes a replay's state for proof of life: a paused replay sends no tick", () => {
    const state = { start: 0, end: 10, position: 5, playing: false, speed: 1, loop: false };
    expect(provesLive([hello, { op: 'replay', state }])).toBe(true);
  });

  it('takes snapshots for proof of life only when the dialect vouches they are current', () => {
    expect(provesLive([hello, snapshot], false)).toBe(false);
    expect(provesLive([hello, snapshot], true)).toBe(true);
    expect(provesLive([hello], true)).toBe(false); // a hello alone is no state
    const { state, states } = shown();
    state.connecting();
    state.heard([hello, snapshot], 0, true);
    expect(states.at(-1)).toEqual({ state: 'live' });
  });

  it('stays connecting, and stalls, over stored states; live at the first heartbeat', () => {
    const { state, states, lives } = shown();
    state.connecting();
    state.heard([hello], 0);
    state.heard([snapshot], 0);
    state.stalled(1_600);
    state.heard([snapshot], 0); // a stalled feed that sends a snapshot is still stalled
    expect(states.map((s) => s.state)).toEqual(['connecting', 'stalled']);
    state.heard([heartbeat], 0);
    expect(states.at(-1)).toEqual({ state: 'live' });
    expect(lives()).toBe(1);
  });

  it('counts attempts until a connection goes live, and from 1 again after', () => {
    const { state, states, lives } = shown();
    state.connecting();
    state.heard([hello, snapshot], 0);
    state.reconnecting('stalled: no data for 3.0 s', 100);
    state.connecting();
    expect(states.at(-1)).toEqual({ state: 'connecting', attempt: 2 });
    state.heard([ticks], 0);
    state.stalled(1_600);
    state.heard([heartbeat], 0); // back from a stall: the same connection, live once
    expect(lives()).toBe(1);
    state.reconnecting('stalled: no data for 3.0 s', 100);
    expect(states.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1 });
  });
});
