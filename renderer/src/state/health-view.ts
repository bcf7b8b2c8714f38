/** Turns the engine's health into what the health bar says. */
import type {
  ConnectionState,
  FeedSource,
  InstrumentNotice,
  LinkDown,
  ReplayPlay,
} from '../../../protocol/health';
import { linkWords, plainReason } from './connection-words';
import { connectionBadge, formatAge, type Badge } from './freshness';
import { heldWord } from './replay-view';

export interface ConnectionView {
  /** The verdict, shown in capitals: LIVE, DELAYED, STALE, DOWN, or REPLAY. */
  readonly label: string;
  /** Detail after the label, e.g. "reconnecting in 3 s · attempt 2 · connection refused". */
  readonly detail: string;
  /** Symbol that carries the state without colour. */
  readonly icon: string;
  readonly tone: 'ok' | 'warn' | 'bad' | 'idle';
  /** The verdict as a word for tests and styles; 'replay' while a replay plays or pauses. */
  readonly badge: Badge | 'replay';
}

/**
 * What the connection badge shows at wall-clock time `now`: live, delayed (median feed delay
 * above `DELAYED_AFTER_MS`), stale (stalled) or down, then what the connection is doing.
 * While a replay is connected it says REPLAY (playing or paused) instead of LIVE, so recorded
 * data is never mistaken for live data. With `link` (a NATS desk's gateway names the link that
 * brings no data, bug 235) it says that link where it said the engine's own reason, which only
 * said the gateway went quiet.
 */
export function connectionView(
  c: ConnectionState,
  now: number,
  replay: ReplayPlay | null = null,
  feedDelayMs: number | null = null,
  link: LinkDown | undefined = undefined,
): ConnectionView {
  const why = link && linkWords(link);
  if (replay && c.state === 'live')
    return {
      label: 'Replay',
      // At its end a replay has ended, not been paused (bug 234).
      detail: heldWord(replay) ?? 'playing',
      icon: replay.playing ? '▶' : '❚❚',
      tone: 'ok',
      badge: 'replay',
    };
  switch (c.state) {
    case 'live':
      return connectionBadge(c, feedDelayMs) === 'delayed'
        ? {
            label: 'Delayed',
            detail: `data ${(feedDelayMs! / 1000).toFixed(1)} s behind the source`,
            icon: '◔',
            tone: 'warn',
            badge: 'delayed',
          }
        : { label: 'Live', detail: '', icon: '●', tone: 'ok', badge: 'live' };
    case 'connecting':
      return {
        label: 'Down',
        detail: [why, 'connecting', c.attempt > 1 && `attempt ${c.attempt}`]
          .filter(Boolean)
          .join(' · '),
        icon: '○',
        tone: 'idle',
        badge: 'down',
      };
    case 'stalled':
      return {
        label: 'Stale',
        detail: why ?? `no data for ${(c.silentMs / 1000).toFixed(1)} s`,
        icon: '◐',
        tone: 'warn',
        badge: 'stale',
      };
    case 'reconnecting': {
      const secs = Math.max(0, Math.ceil((c.nextRetryAt - now) / 1000));
      return {
        label: 'Down',
        // The link first: the detail is cut at the bar's width.
        detail: [
          why,
          secs > 0 ? `reconnecting in ${secs} s` : 'reconnecting now',
          `attempt ${c.attempt}`,
          why ? '' : plainReason(c.reason),
        ]
          .filter(Boolean)
          .join(' · '),
        icon: '↻',
        tone: 'bad',
        badge: 'down',
      };
    }
    case 'closed':
      return { label: 'Down', detail: 'disconnected', icon: '○', tone: 'idle', badge: 'down' };
    case 'failed':
      return {
        label: 'Down',
        detail: `failed · ${plainReason(c.reason)}`,
        icon: '✕',
        tone: 'bad',
        badge: 'down',
      };
  }
}

/** Source label, e.g. "Embedded simulator" or the feed URL. */
export function sourceText(s: FeedSource): string {
  switch (s.kind) {
    case 'embedded':
      return s.label || 'Embedded simulator';
    case 'replay':
      return `Replay: ${s.label}`;
    case 'none':
      return s.label || 'No source';
    default:
      return s.label;
  }
}

/** Notices the health bar spells out; the rest are counted, and all are in its tooltip. */
export const NOTICES_SHOWN = 2;

/**
 * A venue's status word as a trader reads it (Kraken's pair statuses; Coinbase's `offline` and
 * `trading_disabled`, not listed, read "halted: offline", "halted: trading disabled").
 */
const STATUS_WORDS: Readonly<Record<string, string>> = {
  maintenance: 'halted for maintenance',
  cancel_only: 'halted: cancel only',
  post_only: 'halted: post only',
  work_in_progress: 'not open yet',
  limit_only: 'limit orders only',
  reduce_only: 'reduce-only orders',
};

/**
 * One instrument the health bar names at `now`: "ETH/USD: no data for 1 min (usually every
 * 2 s)", "BTC/USD halted for maintenance".
 */
export function noticeText(n: InstrumentNotice, now: number): string {
  if (n.kind === 'silent') {
    const usual = n.usualMs === undefined ? '' : ` (usually every ${formatAge(n.usualMs)})`;
    return `${n.instrument}: no data for ${formatAge(now - n.since)}${usual}`;
  }
  const status = n.status ?? '';
  const words = STATUS_WORDS[status] ?? `${n.halted ? 'halted: ' : ''}${status.replace(/_/g, ' ')}`;
  return `${n.instrument} ${words}`;
}

/** The health bar's notices at `now`: the first few, then how many more (`all` for the tooltip). */
export function noticesText(
  notices: readonly InstrumentNotice[],
  now: number,
): { readonly shown: string; readonly all: string } {
  const texts = notices.map((n) => noticeText(n, now));
  const more = texts.length - NOTICES_SHOWN;
  const shown = texts.slice(0, NOTICES_SHOWN).join(' · ') + (more > 0 ? ` · ${more} more` : '');
  return { shown, all: texts.join('\n') };
}
