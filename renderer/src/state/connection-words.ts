/**
 * A connection's state and the reason it was lost, in the words the stale banner, the charts
 * and the health bar say them.
 */
import type { ConnectionState, LinkDown } from '../../../protocol/health';
import { formatTime } from './format';

/**
 * The engine's reason for a lost connection (socket errors, close codes) in plain words. A close
 * keeps the words the feed gave with it: a NATS desk's gateway says why it closes (`no relay
 * has published "sim"`, `no NATS server answers at …`), and the code alone said nothing. It is
 * read first, as those words may name a socket error of the feed's own.
 */
export function plainReason(raw: string): string {
  const rules: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
    // 1006 is no close at all: the socket ended without the feed's close frame (a killed
    // process, a cable pulled), which ws reports as a close with that code.
    [
      /^server closed the connection \(1006\)(;.*)?$/s,
      (m) => `the connection was cut, with no close from the feed (1006)${m[1] ?? ''}`,
    ],
    [
      /^server closed the connection \((\d+)(?: (.*))?\)(;.*)?$/s,
      (m) => `the feed closed the connection (${m[1]})${m[2] ? `: ${m[2]}` : ''}${m[3] ?? ''}`,
    ],
    [/ECONNREFUSED/, () => 'the feed is not accepting connections'],
    [/ENOTFOUND|EAI_AGAIN/, () => "the feed's address could not be found"],
    [/ETIMEDOUT|handshake timed out|Opening handshake/i, () => 'the feed did not answer in time'],
    [/ECONNRESET|socket hang up|EPIPE/, () => 'the connection was cut'],
    [/^stalled: no data for ([\d.]+ s)/, (m) => `no data from the feed for ${m[1]}`],
    [/Unexpected server response: (\d+)/, (m) => `the feed refused the connection (HTTP ${m[1]})`],
  ];
  for (const [pattern, say] of rules) {
    const match = raw.match(pattern);
    if (match) return say(match);
  }
  return raw;
}

/** What the banner says the state is, in words; `hadData`: this source delivered before. */
export function stateWords(c: ConnectionState, hadData: boolean): string {
  switch (c.state) {
    case 'connecting':
      return hadData ? 'Disconnected' : 'Connecting';
    case 'stalled':
      return 'Stalled';
    case 'reconnecting':
      return 'Disconnected';
    case 'closed':
      return 'Disconnected';
    case 'failed':
      return 'Failed';
    case 'live':
      return 'Live';
  }
}

/**
 * Which link of a NATS desk's chain is down, in words (bug 235): "the relay is silent (last
 * heard 18:40:12)", "the relay's own feed is down since 18:40:15: the feed is not accepting
 * connections", "NATS is down since 18:40:12: …". The engine sees only its gateway go quiet,
 * and "no data from the feed" did not say which of the three to fix.
 */
export function linkWords(l: LinkDown): string {
  const since = l.since === null ? '' : ` since ${formatTime(l.since)}`;
  switch (l.link) {
    case 'nats':
      return `NATS is down${since}${l.reason ? `: ${l.reason}` : ''}`;
    case 'relay':
      return l.since === null
        ? 'the relay is silent (not heard since this desk started)'
        : `the relay is silent (last heard ${formatTime(l.since)})`;
    case 'relay-feed':
      return `the relay's own feed is down${since}${l.reason ? `: ${plainReason(l.reason)}` : ''}`;
  }
}
