/**
 * The `disruption` scenario's matches: play that does not go as planned, so a client can see
 * and alert on every phase a real sports feed reports. A fixed schedule by match index and
 * match clock, with no random draws, so a seed's stream in every other scenario is unchanged:
 * the first match of every three is suspended at 30' for 10 match minutes, the second
 * abandoned at 70' (a rematch follows, as after full time), the third postponed at its
 * kick-off by 20 match minutes. A rematch is disrupted again, the same way.
 */
const MINUTE_MS = 60_000;

export type Disruption = 'suspend' | 'abandon' | 'postpone';

const BY_INDEX: readonly Disruption[] = ['suspend', 'abandon', 'postpone'];
/** Match clock at which a `suspend` match is suspended, and for how long (match time). */
export const SUSPEND_AT_MS = 30 * MINUTE_MS;
export const SUSPENDED_FOR_MS = 10 * MINUTE_MS;
/** Match clock at which an `abandon` match is abandoned. */
export const ABANDON_AT_MS = 70 * MINUTE_MS;
/** How long a `postpone` match's kick-off is put off (match time). */
export const POSTPONED_FOR_MS = 20 * MINUTE_MS;

/** The disruption of match `index`. */
export function disruptionOf(index: number): Disruption {
  return BY_INDEX[index % BY_INDEX.length] as Disruption;
}

/** The match clock at which play stops for `disruption`; null for one that stops no play. */
export function stopsPlayAt(disruption: Disruption): number | null {
  if (disruption === 'suspend') return SUSPEND_AT_MS;
  if (disruption === 'abandon') return ABANDON_AT_MS;
  return null;
}
