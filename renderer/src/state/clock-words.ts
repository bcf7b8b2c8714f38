/**
 * A source's clock ahead of this computer's, in the health bar's words (bug 258). Charts' time
 * axes, the trade tape and kick-off times show the source's own times, so with its clock
 * 10 min ahead they read 10 min in the future, and nothing said why.
 */
import type { Health } from '../../../protocol/health';
import { formatAge } from './freshness';

export interface ClockWords {
  /** Short, in the bar: "source clock 10 min ahead". */
  readonly label: string;
  /** What it means and what to do, in its tooltip. */
  readonly title: string;
}

/** The words for the health's clock ahead, or null while every source's clock is in step. */
export function clockAheadWords(health: Health): ClockWords | null {
  if (health.clockAheadMs === undefined) return null;
  const ahead = (health.sources ?? []).filter((s) => s.clockAheadMs !== undefined);
  const who = ahead.length > 0 ? ahead.map((s) => s.name).join(', ') : 'source';
  const span = formatAge(health.clockAheadMs);
  return {
    label: `${who} clock ${span} ahead`,
    title:
      `The ${ahead.length > 1 ? 'sources stamp their' : 'source stamps its'} ticks ${span} or ` +
      "more ahead of this computer's clock: times on charts, the trade tape and kick-offs read " +
      'that far in the future. The clock to set right is that of the machine the feed (or its ' +
      'relay) runs on.',
  };
}
