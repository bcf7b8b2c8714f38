/**
 * What a translator produces while reading one frame, collected and turned into a
 * {@link Translation}: ticks with their seq, snapshots, errors, resync needs, replies.
 */
import type {
  BookLevel,
  BookTick,
  QuoteTick,
  SnapshotMessage,
  SnapshotState,
  Tick,
  TradeSide,
  TradeTick,
} from '../../../protocol/feed';
import type { ExactDecimal } from './decimal';
import type { AdapterContext, AdapterError, ResyncNeed, Translation } from './translator';
import { MAX_TIME_MS } from '../../../protocol/limits';

/** Furthest an exchange time may lie after its frame's arrival, ms: clocks differ by seconds. */
export const MAX_CLOCK_AHEAD_MS = 60_000;
/** Earliest exchange time taken (2000-01-01), epoch ms: a zero or 1970 time is a missing one. */
export const MIN_EXCHANGE_TIME_MS = Date.UTC(2000, 0, 1);

/** An epoch-ms time as ISO text where a Date can hold it, else the number. */
const isoText = (ms: number) =>
  Math.abs(ms) <= MAX_TIME_MS ? new Date(ms).toISOString() : String(ms);

/** Collects what one frame produces; `done()` builds the {@link Translation}. */
export class TranslationBuilder {
  readonly ticks: Tick[] = [];
  readonly snapshots: SnapshotMessage[] = [];
  readonly errors: AdapterError[] = [];
  readonly resync: ResyncNeed[] = [];
  readonly reply: string[] = [];
  heartbeat = false;
  reconnect: string | undefined;
  fail: string | undefined;

  /** @param receivedAt when the frame arrived, epoch ms: what exchange times are checked against. */
  constructor(
    private readonly ctx: AdapterContext,
    readonly receivedAt: number,
  ) {}

  /**
   * An exchange's event time (`path` names its field), or the frame's arrival time, reported,
   * when it lies more than {@link MAX_CLOCK_AHEAD_MS} after the arrival or before
   * {@link MIN_EXCHANGE_TIME_MS}: one trade stamped a decade ahead held the instrument's chart
   * series and bars at that time for the rest of the session.
   */
  eventTime(ms: number, path: string): number {
    if (ms >= MIN_EXCHANGE_TIME_MS && ms <= this.receivedAt + MAX_CLOCK_AHEAD_MS) return ms;
    const why =
      ms < MIN_EXCHANGE_TIME_MS
        ? `before ${isoText(MIN_EXCHANGE_TIME_MS)}`
        : `more than ${MAX_CLOCK_AHEAD_MS / 1_000} s after the frame arrived (${isoText(this.receivedAt)})`;
    this.malformed(`${path}: ${isoText(ms)} is ${why}; stamped with its arrival time`);
    return this.receivedAt;
  }

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

  /** The instrument's whole book, best first, as a verified exchange book stands. */
  book(
    instrument: string,
    ts: number,
    bids: readonly BookLevel[],
    asks: readonly BookLevel[],
  ): void {
    this.tick<BookTick>({ kind: 'book', instrument, ts, bids, asks, full: true });
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
      ...(this.fail !== undefined && { fail: this.fail }),
    };
  }
}
