/**
 * An instrument name split for the watchlist's row: the source part (`kraken:`, or a replayed
 * set's `replay:kraken:`) and the feed's own symbol. The row mutes the source part and cuts it
 * short (`replay:` before the venue) before the symbol, which is always shown whole: two
 * venues' `BTC/USD` must stay apart.
 */
import { parseInstrumentName, REPLAY_SOURCE_NAME } from '../../../protocol/source-names';

/** {@link splitRowName}'s result: each of `sources` and a colon, then `symbol`, is the id. */
export interface RowName {
  /** The source prefixes, outermost first: `[]`, `['kraken']`, `['replay', 'kraken']`. */
  readonly sources: readonly string[];
  readonly symbol: string;
}

/**
 * Peels the source prefix off `id`, and for a replay's instrument the recorded source's too
 * (a replayed set names its instruments `replay:<source>:<id>`, docs/RECORDING.md).
 */
export function splitRowName(id: string): RowName {
  const sources: string[] = [];
  let symbol = id;
  for (;;) {
    const parsed = parseInstrumentName(symbol);
    if (!parsed.ok || parsed.source === null) break;
    sources.push(parsed.source);
    symbol = parsed.id;
    if (parsed.source !== REPLAY_SOURCE_NAME || sources.length > 1) break;
  }
  return { sources, symbol };
}
