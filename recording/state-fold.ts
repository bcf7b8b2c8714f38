/**
 * Folds protocol messages into the full state of every instrument, the way a client would:
 * a snapshot replaces, a tick updates. The writer uses it to emit checkpoints, seek uses it to
 * rebuild the state at any moment, and it notices sequence gaps on the way.
 */
import { validateServerMessage } from '../protocol/decode';
import type {
  MarketSnapshotState,
  MatchSnapshotState,
  SnapshotMessage,
  SnapshotState,
  Tick,
} from '../protocol/feed';
import { MAX_BOOK_LEVELS } from '../protocol/limits';
import { OrderBook } from '../shared/order-book';

/** Incidents kept per match in folded state (the protocol bounds them; oldest drop first). */
export const MAX_FOLDED_INCIDENTS = 50;

interface Slot {
  seq: number;
  state: SnapshotState | null;
}

/** A sequence gap: `expected` was the next seq, `got` arrived. */
export interface FoldGap {
  readonly instrument: string;
  readonly expected: number;
  readonly got: number;
}

/** Per-instrument state and last seq, folded from snapshot and tick messages. */
export class StateFold {
  private readonly slots = new Map<string, Slot>();

  /**
   * Applies one parsed message; returns the gaps it revealed (usually none), or null when it is
   * not a valid protocol message. Messages come from a feed or a file, so each goes through the
   * protocol decoder first: a malformed one leaves the state as it was.
   */
  apply(message: unknown): FoldGap[] | null {
    const decoded = validateServerMessage(message);
    if (!decoded.ok) return null;
    const m = decoded.value;
    if (m.op === 'snapshot') {
      this.slots.set(m.instrument, { seq: m.seq, state: m.state });
      return [];
    }
    if (m.op !== 'ticks') return [];
    const gaps: FoldGap[] = [];
    for (const tick of m.ticks) {
      let slot = this.slots.get(tick.instrument);
      if (!slot) {
        slot = { seq: tick.seq, state: null };
        this.slots.set(tick.instrument, slot);
      } else {
        const expected = slot.seq + (tick.conflated ?? 1);
        if (tick.seq !== expected)
          gaps.push({ instrument: tick.instrument, expected, got: tick.seq });
        slot.seq = tick.seq;
      }
      if (slot.state) slot.state = foldTick(slot.state, tick);
    }
    return gaps;
  }

  /** Snapshot messages of every instrument whose full state is known, in first-seen order. */
  snapshots(): SnapshotMessage[] {
    const out: SnapshotMessage[] = [];
    for (const [instrument, slot] of this.slots) {
      if (slot.state) out.push({ op: 'snapshot', instrument, seq: slot.seq, state: slot.state });
    }
    return out;
  }

  /** Last seq folded for an instrument, or undefined. */
  seqOf(instrument: string): number | undefined {
    return this.slots.get(instrument)?.seq;
  }

  get size(): number {
    return this.slots.size;
  }

  /** Forgets everything (a new connection restarts the stream with fresh snapshots). */
  clear(): void {
    this.slots.clear();
  }
}

function foldTick(state: SnapshotState, tick: Tick): SnapshotState {
  if (state.kind === 'market') return foldMarket(state, tick);
  return foldMatch(state, tick);
}

function foldMarket(s: MarketSnapshotState, tick: Tick): MarketSnapshotState {
  switch (tick.kind) {
    case 'quote':
      return {
        ...s,
        bid: tick.bid,
        ask: tick.ask,
        bidSize: tick.bidSize,
        askSize: tick.askSize,
        ts: tick.ts,
      };
    case 'trade':
      return {
        ...s,
        last: tick.price,
        lastSize: tick.size,
        volume: s.volume + tick.size,
        trades: s.trades + (tick.count ?? 1),
        high: Math.max(s.high, tick.high ?? tick.price),
        low: Math.min(s.low, tick.low ?? tick.price),
        ts: tick.ts,
      };
    case 'book': {
      // Folded as a client's book would be, so a checkpoint carries the book at its moment.
      if (tick.full !== true && s.book === undefined) return { ...s, ts: tick.ts };
      const book = new OrderBook(MAX_BOOK_LEVELS);
      if (tick.full === true) book.replace(tick);
      else {
        book.replace(s.book!);
        book.apply(tick.bids, tick.asks);
      }
      return { ...s, book: book.top(), ts: tick.ts };
    }
    default:
      return { ...s, ts: tick.ts };
  }
}

function foldMatch(s: MatchSnapshotState, tick: Tick): MatchSnapshotState {
  switch (tick.kind) {
    case 'score':
      return { ...s, home: tick.home, away: tick.away, ts: tick.ts };
    case 'clock':
      return { ...s, clockMs: tick.clockMs, running: tick.running, ts: tick.ts };
    case 'odds':
      return { ...s, odds: { home: tick.home, draw: tick.draw, away: tick.away }, ts: tick.ts };
    case 'status':
      // A rematch starts from scratch: the previous match's incidents no longer apply.
      return tick.status === 'scheduled'
        ? { ...s, status: tick.status, incidents: [], ts: tick.ts }
        : { ...s, status: tick.status, ts: tick.ts };
    case 'incident': {
      const { type, team, clockMs, player } = tick;
      const incident =
        player === undefined ? { type, team, clockMs } : { type, team, clockMs, player };
      return {
        ...s,
        incidents: [...s.incidents, incident].slice(-MAX_FOLDED_INCIDENTS),
        ts: tick.ts,
      };
    }
    default:
      return { ...s, ts: tick.ts };
  }
}
