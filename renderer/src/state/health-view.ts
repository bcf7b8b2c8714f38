/** Turns the engine's health into what the health bar says. */
import type { ConnectionState, FeedSource } from '../../../protocol/batch';

export interface ConnectionView {
  /** Short state word, shown in capitals: LIVE, STALLED, RECONNECTING... */
  readonly label: string;
  /** Detail after the label, e.g. "in 3 s · attempt 2 · connection refused". */
  readonly detail: string;
  /** Symbol that carries the state without colour. */
  readonly icon: string;
  readonly tone: 'ok' | 'warn' | 'bad' | 'idle';
}

/**
 * What the connection pill shows at wall-clock time `now`. While a replay is connected it says
 * REPLAY (playing or paused) instead of LIVE, so recorded data is never mistaken for live data.
 */
export function connectionView(
  c: ConnectionState,
  now: number,
  replay: { readonly playing: boolean } | null = null,
): ConnectionView {
  if (replay && c.state === 'live')
    return {
      label: 'Replay',
      detail: replay.playing ? 'playing' : 'paused',
      icon: replay.playing ? '▶' : '❚❚',
      tone: 'ok',
    };
  switch (c.state) {
    case 'live':
      return { label: 'Live', detail: '', icon: '●', tone: 'ok' };
    case 'connecting':
      return {
        label: 'Connecting',
        detail: c.attempt > 1 ? `attempt ${c.attempt}` : '',
        icon: '○',
        tone: 'idle',
      };
    case 'stalled':
      return {
        label: 'Stalled',
        detail: `no data for ${(c.silentMs / 1000).toFixed(1)} s`,
        icon: '◐',
        tone: 'warn',
      };
    case 'reconnecting': {
      const secs = Math.max(0, Math.ceil((c.nextRetryAt - now) / 1000));
      return {
        label: 'Reconnecting',
        detail: [secs > 0 ? `in ${secs} s` : 'now', `attempt ${c.attempt}`, c.reason]
          .filter(Boolean)
          .join(' · '),
        icon: '↻',
        tone: 'warn',
      };
    }
    case 'closed':
      return { label: 'Disconnected', detail: '', icon: '○', tone: 'idle' };
    case 'failed':
      return { label: 'Failed', detail: c.reason, icon: '✕', tone: 'bad' };
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
