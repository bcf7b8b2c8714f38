/** Shared builders for the feed engine's tests (not shipped code paths). */
import type { Health } from '../protocol/health';
import type { Instrument, MarketSnapshotState, MatchSnapshotState, Tick } from '../protocol/feed';
import type { SessionHooks } from '../main/feed/session-hooks';

export const T0 = 1_700_000_000_000;

export const HEALTH: Health = {
  connection: { state: 'live' },
  connectionSince: 0,
  sessionStartedAt: 0,
  lastDataAt: null,
  storedDataAt: null,
  source: { kind: 'url', label: 'test' },
  ticksPerSec: 0,
  batchesPerSec: 0,
  ticksTotal: 0,
  conflatedTicks: 0,
  conflatedFrames: 0,
  gaps: 0,
  checksumMismatches: 0,
  resyncs: 0,
  lateSnapshots: 0,
  reconnects: 0,
  malformed: 0,
  lastTickAgeMs: null,
  latencyP50Ms: null,
  latencyP99Ms: null,
  eventLoopLagP99Ms: null,
  lastError: null,
  recording: { active: false, dir: null, startedAt: null, bytes: 0, messages: 0 },
  replay: null,
};

export function market(id: string): Instrument {
  return { id, kind: 'market', name: id, tickSize: 0.01 };
}

export function match(id: string): Instrument {
  return { id, kind: 'sports', name: id, home: 'H', away: 'A' };
}

export function trade(instrument: string, seq: number, price: number, ts = T0 + seq): Tick {
  return { instrument, seq, ts, kind: 'trade', price, size: 1, side: 'buy' };
}

export function marketSnapshot(last: number, ts = T0): MarketSnapshotState {
  return {
    kind: 'market',
    bid: last - 0.01,
    ask: last + 0.01,
    bidSize: 1,
    askSize: 1,
    open: last,
    high: last,
    low: last,
    last,
    lastSize: 1,
    volume: 0,
    trades: 0,
    ts,
  };
}

/** A live match at kick-off: 0-0, its clock running from zero, no incidents yet. */
export function matchSnapshot(overrides: Partial<MatchSnapshotState> = {}): MatchSnapshotState {
  return {
    kind: 'sports',
    status: 'live',
    home: 0,
    away: 0,
    clockMs: 0,
    running: true,
    odds: { home: 2, draw: 3, away: 4 },
    incidents: [],
    ts: 1,
    ...overrides,
  };
}

/** Session hooks that hear nothing: for tests of what reads a session, not what it reports. */
export const UNHEARD_HOOKS: SessionHooks = {
  tick: () => {},
  snapshot: () => {},
  feedState: () => {},
  gaps: () => {},
  frame: () => {},
  connected: () => {},
  disconnected: () => {},
};
