/**
 * The command line's sources: every `--feed` in order, each with the `--feed-endpoint` that
 * follows it, checked before the run starts (./app-args.ts reads the other options).
 */
import type { parseArgs } from 'node:util';
import { checkWebSocketUrl, parseFeedTarget } from '../../protocol/feed-target';
import type { Checked } from '../../protocol/settings-check';
import { quoteInput } from '../../protocol/quote-input';
import { MAX_SOURCES } from '../../protocol/source-names';
import { checkSymbols } from '../feed/adapters/symbols';

/** One of `parseArgs`'s tokens: the options in the order given. */
export type Token = ReturnType<typeof parseArgs>['tokens'] extends (infer T)[] | undefined
  ? T
  : never;

/**
 * `--feed`s in order, each with the `--feed-endpoint` that follows it (at most one each); an
 * endpoint before any `--feed` is refused, since it would apply to no feed.
 */
export function parseFeeds(
  tokens: readonly Token[],
): Checked<{ feed: string; endpoint: string | null }[]> {
  const feeds: { feed: string; endpoint: string | null }[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option' || typeof token.value !== 'string') continue;
    if (token.name === 'feed') {
      const parsed = parseFeedTarget(token.value);
      if (!parsed.ok) return { ok: false, error: `--feed: ${parsed.error}` };
      // The symbols too, as the empty list is: otherwise the run starts and the source is
      // refused only at connect, under another source's healthy ones.
      const target = parsed.target;
      const symbols = target.kind === 'exchange' && checkSymbols(target.exchange, target.symbols);
      if (symbols) return { ok: false, error: `--feed: ${symbols}` };
      if (feeds.length === MAX_SOURCES)
        return { ok: false, error: `--feed: at most ${MAX_SOURCES} sources at once` };
      feeds.push({ feed: token.value, endpoint: null });
    } else if (token.name === 'feed-endpoint') {
      const error = checkWebSocketUrl(token.value);
      if (error) return { ok: false, error: `--feed-endpoint: ${error}` };
      const last = feeds.at(-1);
      if (last === undefined)
        return {
          ok: false,
          error: '--feed-endpoint: comes before any --feed; put it after the --feed it applies to',
        };
      if (last.endpoint !== null)
        return {
          ok: false,
          error: `--feed-endpoint: given twice for --feed ${quoteInput(last.feed)}`,
        };
      last.endpoint = token.value;
    }
  }
  return { ok: true, value: feeds };
}
