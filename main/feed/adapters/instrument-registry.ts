/**
 * The instruments an exchange feed announces, and the decimals each is displayed with: the
 * venue's declared precision where it gives one, otherwise what its prices show (see
 * {@link InstrumentRegistry.observePrice}).
 */
import type { Instrument, MarketInstrument } from '../../../protocol/feed';
import { inferredDecimals } from '../../../shared/price-decimals';
import type { ExactDecimal } from './decimal';

/** Instruments of a feed; announces the list again when it changes. */
export class InstrumentRegistry {
  private readonly byId = new Map<string, Instrument>();
  /** Instruments whose price precision the venue declared: their prices never change it. */
  private readonly declared = new Set<string>();
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
    this.declared.delete(id);
    if (this.byId.delete(id)) this.changed = true;
  }

  /**
   * The venue's own price precision for a market instrument (Kraken's `price_precision`):
   * display decimals follow it from now on, whatever the prices on the wire look like.
   */
  declarePrecision(id: string, decimals: number): void {
    const old = this.byId.get(id);
    if (!old || old.kind !== 'market') return;
    this.declared.add(id);
    this.put(withDecimals(old, decimals));
  }

  /**
   * Without a declared precision, raises a market instrument's display decimals to those of a
   * price the exchange sent, so display never drops a digit the exchange quoted. The decimals
   * are the price's shortest round-trip form, capped, never its raw text: a gateway that
   * re-prints 187.5292 as 187.52919999999998 must not widen every price to 14 decimals.
   */
  observePrice(id: string, price: ExactDecimal): void {
    const old = this.byId.get(id);
    if (!old || old.kind !== 'market' || this.declared.has(id)) return;
    // The inferred decimals never exceed the written ones: most prices end here, uninferred.
    if (old.decimals !== undefined && old.decimals >= price.decimals) return;
    const decimals = Math.min(price.decimals, inferredDecimals(price.value));
    if (old.decimals !== undefined && old.decimals >= decimals) return;
    this.put(withDecimals(old, decimals));
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
