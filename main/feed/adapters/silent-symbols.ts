/**
 * Symbols a connection subscribed that stay silent while it delivers: Binance accepts a stream
 * for a symbol it does not list and sends nothing; Kraken and Coinbase send every pair's
 * snapshot at once on subscribing, so a pair with no data while heartbeats flow has gone wrong
 * without a word. Each is named once per connection, so the user learns why its row is empty.
 */

import type { TranslationBuilder } from './translation-builder';

/** How long after a connection's first frame a symbol with no data is reported, ms. */
export const SILENT_SYMBOL_MS = 30_000;

export class SilentSymbols {
  private readonly heardFrom = new Set<string>();
  private firstFrameAt: number | null = null;
  private checked = false;

  /** @param ids the symbols subscribed on this connection, as their data names them. */
  constructor(private readonly ids: readonly string[]) {}

  /** `id` sent data on this connection. */
  hear(id: string): void {
    this.heardFrom.add(id);
  }

  /**
   * The subscribed ids not heard from, once, at the first frame {@link SILENT_SYMBOL_MS} or
   * more after the first; before and after that, none.
   */
  due(receivedAt: number): readonly string[] {
    this.firstFrameAt ??= receivedAt;
    if (this.checked || receivedAt - this.firstFrameAt < SILENT_SYMBOL_MS) return [];
    this.checked = true;
    return this.ids.filter((id) => !this.heardFrom.has(id));
  }

  /**
   * Names each id {@link due} in an exchange error of `exchange`, but for those the venue
   * refused (`refused`), which said why itself.
   */
  reportDue(
    out: Pick<TranslationBuilder, 'exchangeError'>,
    refused: ReadonlySet<string>,
    exchange: string,
    receivedAt: number,
  ): void {
    for (const id of this.due(receivedAt))
      if (!refused.has(id))
        out.exchangeError(`${exchange}: no data for ${id} in ${SILENT_SYMBOL_MS / 1_000} s`, id);
  }
}
