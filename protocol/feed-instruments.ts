/**
 * The instruments a feed announces in `hello` (docs/PROTOCOL.md "hello"): markets and matches.
 * Part of the wire protocol of ./feed.ts, which re-exports them.
 */

/** A tradable market instrument (equity-like, quoted in `currency`). */
export interface MarketInstrument {
  readonly id: string;
  readonly kind: 'market';
  /** Human-readable name, e.g. "Acme Corp". */
  readonly name: string;
  /** Sector the simulator correlates prices within; free text for other feeds. */
  readonly sector?: string;
  readonly currency?: string;
  /** Smallest price increment; prices are always a whole multiple of it. */
  readonly tickSize: number;
  /** Price decimals to show, so display never invents precision. */
  readonly decimals?: number;
}

/** A football match. */
export interface SportsInstrument {
  readonly id: string;
  readonly kind: 'sports';
  /** Human-readable name, e.g. "Harbor City v Northvale". */
  readonly name: string;
  readonly home: string;
  readonly away: string;
  readonly competition?: string;
  /** Kick-off, epoch ms. */
  readonly startTime?: number;
}

/** Anything a feed can stream. */
export type Instrument = MarketInstrument | SportsInstrument;
