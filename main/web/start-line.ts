/**
 * The browser mode's first line: what the run serves, as it will connect, whatever chose it (a
 * flag, the saved settings or a workspace). It named only the first `--feed`, and "embedded
 * simulator" for a `--replay` run and for saved sources alike.
 */
import { feedChoices, type Settings } from '../../protocol/settings';

export function startLine(settings: Settings, replay: string | null): string {
  if (replay !== null) return `Tickdeck browser mode (replay of ${replay})`;
  const feeds = feedChoices(settings);
  const named = feeds.map(({ feed, endpoint }) =>
    endpoint === null ? (feed ?? 'sim') : `${feed ?? 'sim'} at ${endpoint}`,
  );
  const what =
    feeds.length === 1 && feeds[0]!.feed === null ? 'embedded simulator' : named.join(' + ');
  return `Tickdeck browser mode (${what})`;
}
