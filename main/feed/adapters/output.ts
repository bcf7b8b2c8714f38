/**
 * What a translator produces while reading one frame: the per-instrument seq counter, the
 * instrument registry that learns display decimals from the exchange's price text, and the
 * accumulator that becomes a {@link Translation}.
 */
import type {
  Instrument,
  MarketInstrument,
  QuoteTick,
  SnapshotMessage,
  SnapshotState,
  Tick,
  TradeSide,
  TradeTick,
} from '../../../protocol/feed';
import type { ExactDecimal } from './decimal';
import type { AdapterContext, AdapterError, ResyncNeed, Translation } from './translator';

/** Per-instrument `seq`, rising by 1 per event; it survives reconnects. */
export class SeqCounter {
  private readonly last = new Map<string, number>();

  /** The seq of the next event of `id`. */
  next(id: string): number {
    const seq = (this.last.get(id) ?? 0) + 1;
    this.last.set(id, seq);
    return seq;
  }

  /** Seq of the last event of `id` (0 before any): what a snapshot carries. */
  current(id: string): number {
    return this.last.get(id) ?? 0;
  }

  /**
   * Events of `id` were lost upstream (an exchange gap): the seq jumps over them, so the
   * engine sees the gap, counts it and waits for the snapshot the resync brings.
   */
  skip(id: string, lost = 1): void {
    this.last.set(id, this.current(id) + lost);
  }
}

/** Instruments of a feed; announces the list again when it changes. */
export class InstrumentRegistry {
  private readonly byId = new Map<string, Instrument>();
  private changed = false;

  list(): readonly Instrument[] {
    return [...this.byId.values()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds or replaces an instrument; a change is announced with the next translation. */
  put(instrument: Instrument): void {
    const old = this.byId.get(instrument.id);
    if (old && JSON.stringify(old) === JSON.stringify(instrument)) return;
    this.byId.set(instrument.id, instrument);
    this.changed = true;
  }

  remove(id: string): void {
    if (this.byId.delete(id)) this.changed = true;
  }

  /**
   * Raises a market instrument's display decimals to the precision of a price the exchange
   * sent, so display never drops a digit the exchange quoted and never invents one.
   */
  observePrice(id: string, price: ExactDecimal): void {
    const old = this.byId.get(id);
    if (!old || old.kind !== 'market') return;
    if (old.decimals !== undefined && old.decimals >= price.decimals) return;
    this.put(withDecimals(old, price.decimals));
  }

  /** The full list if it changed since the last call. */
  takeChanges(): readonly Instrument[] | undefined {
    if (!this.changed) return undefined;
    this.changed = false;
    return this.list();
  }
}

/** A market instrument with `decimals` and the matching tick size. */
export function withDecimals(m: MarketInstrument, decimals: number): MarketInstrument {
  return { ...m, decimals, tickSize: Number((10 ** -decimals).toFixed(decimals)) };
}

/** Collects what one frame produces; `done()` builds the {@link Translation}. */
export class Out {
  readonly ticks: Tick[] = [];
  readonly snapshots: SnapshotMessage[] = [];
  readonly errors: AdapterError[] = [];
  readonly resync: ResyncNeed[] = [];
  readonly reply: string[] = [];
  heartbeat = false;
  reconnect: string | undefined;

  constructor(private readonly ctx: AdapterContext) {}

  /** Adds a tick, assigning the instrument's next seq. */
  tick<T extends Tick>(tick: Omit<T, 'seq'>): void {
    this.ticks.push({ ...tick, seq: this.ctx.seq.next(tick.instrument) } as T);
    if (tick.kind === 'trade')
      this.ctx.trades.set(tick.instrument, (this.ctx.trades.get(tick.instrument) ?? 0) + 1);
  }

  /** A top-of-book tick; its prices raise the instrument's display decimals if finer. */
  quote(
    instrument: string,
    ts: number,
    bid: ExactDecimal,
    ask: ExactDecimal,
    bidSize: number,
    askSize: number,
  ): void {
    this.ctx.instruments.observePrice(instrument, bid);
    this.ctx.instruments.observePrice(instrument, ask);
    this.tick<QuoteTick>({
      kind: 'quote',
      instrument,
      ts,
      bid: bid.value,
      ask: ask.value,
      bidSize,
      askSize,
    });
  }

  /** A trade tick; its price raises the instrument's display decimals if finer. */
  trade(instrument: string, ts: number, price: ExactDecimal, size: number, side: TradeSide): void {
    this.ctx.instruments.observePrice(instrument, price);
    this.tick<TradeTick>({ kind: 'trade', instrument, ts, price: price.value, size, side });
  }

  snapshot(instrument: string, state: SnapshotState): void {
    this.snapshots.push({
      op: 'snapshot',
      instrument,
      seq: this.ctx.seq.current(instrument),
      state,
    });
  }

  malformed(e: unknown, instrument?: string): void {
    const message = e instanceof Error ? e.message : String(e);
    this.errors.push(
      instrument ? { kind: 'malformed', message, instrument } : { kind: 'malformed', message },
    );
  }

  exchangeError(message: string, instrument?: string): void {
    this.errors.push(
      instrument ? { kind: 'exchange', message, instrument } : { kind: 'exchange', message },
    );
  }

  /** Marks a gap or checksum mismatch: the seq jumps and the engine resubscribes at once. */
  lost(instrument: string, reason: ResyncNeed['reason'], message: string): void {
    this.ctx.seq.skip(instrument);
    this.resync.push({ instrument, reason, message });
  }

  done(): Translation {
    const instruments = this.ctx.instruments.takeChanges();
    return {
      ticks: this.ticks,
      ...(instruments && { instruments }),
      ...(this.snapshots.length > 0 && { snapshots: this.snapshots }),
      ...(this.errors.length > 0 && { errors: this.errors }),
      ...(this.resync.length > 0 && { resync: this.resync }),
      ...(this.reply.length > 0 && { reply: this.reply }),
      ...(this.heartbeat && { heartbeat: true }),
      ...(this.reconnect !== undefined && { reconnect: this.reconnect }),
    };
  }
}
