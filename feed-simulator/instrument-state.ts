/**
 * The server's view of one instrument: its current full state (what a snapshot carries), the
 * seq of the last event folded into it, and a bounded history of recent ticks for resume.
 */
import type {
  Incident,
  MarketSnapshotState,
  MatchSnapshotState,
  SnapshotState,
  Tick,
} from '../protocol/feed';

/** Most recent incidents a match snapshot carries. */
const MAX_SNAPSHOT_INCIDENTS = 50;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Current state and resume history of one instrument. */
export class InstrumentState {
  /** Seq of the last event folded into the state (0 before the first event). */
  seq = 0;
  private readonly state: Mutable<MarketSnapshotState> | Mutable<MatchSnapshotState>;
  private readonly incidents: Incident[] = [];
  /** Ring buffer of the last `history.length` ticks; `seq` is the newest. */
  private readonly history: Tick[];
  private historyHead = 0;
  private historyCount = 0;

  constructor(initial: SnapshotState, historyCapacity: number) {
    this.state = { ...initial } as InstrumentState['state'];
    if (initial.kind === 'sports') this.incidents.push(...initial.incidents);
    this.history = new Array<Tick>(historyCapacity);
  }

  /** Folds the instrument's next event into the state and the history. */
  apply(tick: Tick): void {
    this.seq = tick.seq;
    const s = this.state;
    s.ts = tick.ts;
    if (s.kind === 'market') {
      if (tick.kind === 'quote') {
        s.bid = tick.bid;
        s.ask = tick.ask;
        s.bidSize = tick.bidSize;
        s.askSize = tick.askSize;
      } else if (tick.kind === 'trade') {
        s.last = tick.price;
        s.lastSize = tick.size;
        s.volume += tick.size;
        s.trades += tick.count ?? 1;
        if (tick.price > s.high) s.high = tick.price;
        if (tick.price < s.low) s.low = tick.price;
      }
    } else {
      this.applySports(s, tick);
    }
    const capacity = this.history.length;
    if (capacity === 0) return;
    this.history[this.historyHead] = tick;
    this.historyHead = (this.historyHead + 1) % capacity;
    if (this.historyCount < capacity) this.historyCount++;
  }

  /** A copy of the current full state. */
  snapshot(): SnapshotState {
    if (this.state.kind === 'market') return { ...this.state };
    return { ...this.state, odds: { ...this.state.odds }, incidents: [...this.incidents] };
  }

  /**
   * The ticks after `lastSeq`, oldest first, or null when the history no longer reaches back
   * that far (or `lastSeq` is from the future, e.g. another server run): send a snapshot then.
   */
  since(lastSeq: number): Tick[] | null {
    if (lastSeq > this.seq) return null;
    const wanted = this.seq - lastSeq;
    if (wanted > this.historyCount) return null;
    const capacity = this.history.length;
    const out: Tick[] = [];
    for (let k = wanted; k > 0; k--) {
      out.push(this.history[(this.historyHead - k + capacity) % capacity]!);
    }
    return out;
  }

  private applySports(s: Mutable<MatchSnapshotState>, tick: Tick): void {
    switch (tick.kind) {
      case 'score':
        s.home = tick.home;
        s.away = tick.away;
        break;
      case 'clock':
        s.clockMs = tick.clockMs;
        s.running = tick.running;
        break;
      case 'odds':
        s.odds = { home: tick.home, draw: tick.draw, away: tick.away };
        break;
      case 'status':
        // A rematch starts from scratch: the previous match's incidents no longer apply.
        if (tick.status === 'scheduled') this.incidents.length = 0;
        s.status = tick.status;
        break;
      case 'incident': {
        const { type, team, clockMs, player } = tick;
        this.incidents.push(
          player === undefined ? { type, team, clockMs } : { type, team, clockMs, player },
        );
        if (this.incidents.length > MAX_SNAPSHOT_INCIDENTS) this.incidents.shift();
        break;
      }
    }
  }
}
