/**
 * The contract every exchange translator meets: one connection's worth of state that turns
 * an exchange's text frames into Tickdeck ticks, socket-free so tests and replay drive it
 * directly. {@link AdapterContext} outlives a connection: the per-instrument `seq` must keep
 * rising across reconnects or the engine would take the new ticks for duplicates.
 */
import type { Exchange } from '../../../protocol/feed-target';
import type { Instrument, SnapshotMessage, Tick } from '../../../protocol/feed';
import type { LostState } from '../feed-protocol';
import { InstrumentRegistry } from './instrument-registry';
import { PairWatch } from './pair-watch';
import { SeqCounter } from './seq-counter';

/** A counted problem: a frame we could not read, or an error the exchange reported. */
export interface AdapterError {
  /** `malformed`: bad JSON, missing field, a field that changed type. `exchange`: the exchange said so. */
  readonly kind: 'malformed' | 'exchange';
  readonly message: string;
  /** The instrument the error is about, when known (an unknown symbol, a bad level). */
  readonly instrument?: string;
}

/** An instrument whose exchange state can no longer be trusted, why, and what to tell the user. */
export interface ResyncNeed extends LostState {
  readonly message: string;
}

/** What one frame became. Everything but `ticks` is absent when there is nothing to say. */
export interface Translation {
  readonly ticks: readonly Tick[];
  /** The full instrument list, present only when it changed (new game, finer decimals, removal). */
  readonly instruments?: readonly Instrument[];
  /** Fresh exchange state after a (re)subscription; replaces the instrument's folded state. */
  readonly snapshots?: readonly SnapshotMessage[];
  readonly errors?: readonly AdapterError[];
  /** Gaps and checksum mismatches: counted once; the engine sends {@link Translator.resyncFrames}. */
  readonly resync?: readonly ResyncNeed[];
  /** Frames to send back at once (Polymarket's text `pong`). */
  readonly reply?: readonly string[];
  /** The frame proved the feed alive without data (heartbeat channel, ping). */
  readonly heartbeat?: boolean;
  /** The exchange announced it will drop us (Binance `serverShutdown`): reconnect now. */
  readonly reconnect?: string;
  /** The venue refused every symbol: the source fails, as no connection could bring data. */
  readonly fail?: string;
}

/**
 * A venue's rules for a connection to it (its endpoint, heartbeat, connection age, send rate,
 * subscription deadline and keepalive), which the connection honours.
 */
export interface ConnectionRules {
  readonly defaultEndpoint: string;
  /** Upper bound between frames when the feed is healthy; announced to the engine. */
  readonly heartbeatMs: number;
  /** Reconnect before the exchange cuts a connection this old. */
  readonly maxConnectionAgeMs?: number;
  /** Never send more frames than this per second (inbound limits of the exchange). */
  readonly maxSendPerSecond: number;
  /** The subscription must go out within this long after open (Coinbase: 5 s). */
  readonly subscribeWithinMs?: number;
  /** An application-level keepalive (Kraken's idle timeout). */
  readonly keepalive?: { readonly intervalMs: number; frame(): string };
}

/** State that outlives one connection. */
export interface AdapterContext {
  readonly seq: SeqCounter;
  readonly instruments: InstrumentRegistry;
  /** Trades seen per instrument, so a snapshot from exchange figures keeps the session count. */
  readonly trades: Map<string, number>;
  /**
   * When each finished game was first seen finished (receive time, epoch ms). Kept across
   * reconnects so a game that left after its grace period does not come back.
   */
  readonly finishedAt: Map<string, number>;
  /**
   * Symbols the venue refused (Kraken, Coinbase) or never streamed (Binance) this session: a
   * new connection neither lists nor subscribes them again, so a reconnect does not bring a
   * refused pair back into the watchlist (nor, on Coinbase, fail the whole subscription again).
   */
  readonly refused: Set<string>;
  /** Pairs silent beyond their pace, and the venue's statuses of pairs not trading. */
  readonly watch: PairWatch;
}

/** Fresh state for a feed (not per connection: reuse it across reconnects). */
export function createAdapterContext(): AdapterContext {
  return {
    seq: new SeqCounter(),
    instruments: new InstrumentRegistry(),
    trades: new Map(),
    finishedAt: new Map(),
    refused: new Set(),
    watch: new PairWatch(),
  };
}

/** One connection's translator. */
export interface Translator {
  readonly exchange: Exchange;
  readonly rules: ConnectionRules;
  /** The URL to connect to; `endpoint` replaces the default host (and path, when it has one). */
  url(endpoint: string | null): string;
  /** Frames to send once the socket is open (subscriptions). */
  onOpen(): readonly string[];
  /** Translates one text frame; never throws. */
  onMessage(text: string, receivedAt: number): Translation;
  /** Frames that bring fresh state for these instruments (resubscribe); [] means reconnect. */
  resyncFrames(instruments: readonly string[]): readonly string[];
}
