/**
 * What the new-alert form offers together: a price, spread or volume rule is on a market, a
 * match rule on a match, a feed rule on neither. The form offered the markets' ids whatever the
 * condition and kept an id when the condition changed, so a trader picking `goal` saw it beside
 * ACME, a rule that could never fire (bug 253).
 */
import type { AlertConditionType } from '../../../protocol/alerts';
import { ALERT_CONDITION_TYPES, conditionTarget } from '../../../protocol/alerts';
import type { Instrument } from '../../../protocol/feed-instruments';

/** One of the feed's instruments, as the form offers it. */
export type FeedInstrument = Pick<Instrument, 'id' | 'kind' | 'name'>;

type Target = ReturnType<typeof conditionTarget>;

/** The Condition field's groups, each named for what its conditions watch. */
export const CONDITION_GROUPS: readonly {
  readonly label: string;
  readonly types: readonly AlertConditionType[];
}[] = (
  [
    ['market', 'Market'],
    ['match', 'Match'],
    ['feed', 'Feed'],
  ] as const
).map(([target, label]) => ({
  label,
  types: ALERT_CONDITION_TYPES.filter((t) => conditionTarget(t) === target),
}));

const KIND: Readonly<Record<Target, Instrument['kind'] | null>> = {
  market: 'market',
  match: 'sports',
  feed: null,
};

/** The feed's instruments a condition can be on: markets, matches, or none for a feed rule. */
export function instrumentsFor(
  condition: AlertConditionType,
  feed: readonly FeedInstrument[],
): readonly FeedInstrument[] {
  const kind = KIND[conditionTarget(condition)];
  return kind === null ? [] : feed.filter((i) => i.kind === kind);
}

/**
 * The Instrument field under a condition just picked: emptied when it names one of the feed's
 * instruments of the other kind (its placeholder and choices then say what the condition
 * takes), else kept; a feed rule keeps it, unused, for the next condition picked.
 */
export function instrumentFor(
  condition: AlertConditionType,
  typed: string,
  feed: readonly FeedInstrument[],
): string {
  const kind = KIND[conditionTarget(condition)];
  if (kind === null) return typed;
  const id = typed.trim().replace(/^match:/, '');
  const named = feed.find((i) => i.id === id);
  return named === undefined || named.kind === kind ? typed : '';
}
