/** What a match card shows, folded from the engine's match rows. */
import type { MatchRow } from '../../../protocol/batch';
import type { Incident, Instrument, MatchStatus, SportsInstrument } from '../../../protocol/feed';

/** Incidents kept per match card, newest first. */
export const MAX_INCIDENTS_SHOWN = 30;

/** What a card keeps longest: what changes a match, not a booking or a substitution. */
const KEPT_LONGEST: ReadonlySet<Incident['type']> = new Set(['goal', 'red-card']);

/**
 * `incidents` (newest first) cut to `max`, dropping the oldest bookings and substitutions
 * before any goal or red card: 40 bookings late in a match pushed its two red cards off the card.
 */
export function keptIncidents(incidents: readonly Incident[], max: number): Incident[] {
  let over = incidents.length - max;
  if (over <= 0) return [...incidents];
  const kept: Incident[] = [];
  for (let i = incidents.length - 1; i >= 0; i--) {
    const incident = incidents[i]!;
    if (over > 0 && !KEPT_LONGEST.has(incident.type)) over--;
    else kept.push(incident);
  }
  kept.reverse();
  // Goals and red cards alone beyond the bound: the oldest of them go too.
  return kept.slice(0, max);
}
/**
 * A match clock this far behind the last one seen means a new match (the simulator's rematches,
 * a feed reusing an id), even if the `scheduled` status was conflated away; smaller steps back
 * are the second half starting at 45' after first-half stoppage time.
 */
const NEW_MATCH_STEP_BACK_MS = 30 * 60_000;

/** Whether a match clock of `clockMs` after `previousClockMs` means a new match started. */
export function clockRestarted(previousClockMs: number, clockMs: number): boolean {
  return clockMs < previousClockMs - NEW_MATCH_STEP_BACK_MS;
}

/** Direction of an odds change: 1 up (longer), -1 down (shorter), 0 none yet. */
export type OddsMove = 1 | -1 | 0;

function oddsMove(now: number, before: number | undefined, prevMove: OddsMove): OddsMove {
  if (before === undefined || now === before) return prevMove;
  // From no price (the feed's 0) to a first one is a quote opening, not a price lengthening.
  if (before <= 0 || now <= 0) return 0;
  return now > before ? 1 : -1;
}

export interface MatchView {
  readonly id: string;
  readonly homeTeam: string;
  readonly awayTeam: string;
  readonly competition: string;
  readonly status: MatchStatus;
  readonly home: number;
  readonly away: number;
  readonly clockMs: number;
  readonly running: boolean;
  readonly odds: { readonly home: number; readonly draw: number; readonly away: number };
  /** Direction of each price's last change (1 lengthened, -1 shortened), kept until the next. */
  readonly oddsDir: { readonly home: OddsMove; readonly draw: OddsMove; readonly away: OddsMove };
  /**
   * Kick-off (epoch ms) of a match not yet started, when the feed says; null once it started or
   * for a rematch (the feed's kick-off time is the first match's).
   */
  readonly kickoff: number | null;
  /** Newest first. */
  readonly incidents: readonly Incident[];
}

/** Folds a match row into the previous view of the same match. */
export function toMatchView(
  row: MatchRow,
  instrument: SportsInstrument | undefined,
  prev: MatchView | undefined,
): MatchView {
  const newMatch =
    row.status === 'scheduled' || (prev !== undefined && clockRestarted(prev.clockMs, row.clockMs));
  let incidents = newMatch ? [] : (prev?.incidents ?? []);
  if (row.newIncidents.length > 0) {
    incidents = keptIncidents(
      [...[...row.newIncidents].reverse(), ...incidents],
      MAX_INCIDENTS_SHOWN,
    );
  }
  return {
    id: row.id,
    homeTeam: instrument?.home ?? 'Home',
    awayTeam: instrument?.away ?? 'Away',
    competition: instrument?.competition ?? '',
    status: row.status,
    home: row.home,
    away: row.away,
    clockMs: row.clockMs,
    running: row.running,
    odds: row.odds,
    oddsDir: {
      home: oddsMove(row.odds.home, prev?.odds.home, newMatch ? 0 : (prev?.oddsDir.home ?? 0)),
      draw: oddsMove(row.odds.draw, prev?.odds.draw, newMatch ? 0 : (prev?.oddsDir.draw ?? 0)),
      away: oddsMove(row.odds.away, prev?.odds.away, newMatch ? 0 : (prev?.oddsDir.away ?? 0)),
    },
    kickoff:
      row.status === 'scheduled' && (prev === undefined || prev.kickoff !== null)
        ? (instrument?.startTime ?? null)
        : null,
    incidents,
  };
}

/**
 * Odds below this get a third decimal when they have one: 1.001 (a near-certain outcome) read
 * 1.00, a price that returns the stake and nothing more, and its moves looked like no change.
 */
const FINE_ODDS_BELOW = 1.1;

/** Decimal odds as a card shows them; an em dash where the feed has none (its 0). */
export function formatOdds(odds: number): string {
  if (!(odds > 0 && Number.isFinite(odds))) return '—';
  const fine = odds < FINE_ODDS_BELOW && Number(odds.toFixed(2)) !== odds;
  return odds.toFixed(fine ? 3 : 2);
}

/** Label for an incident type, with a symbol that does not depend on colour. */
export function incidentLabel(type: Incident['type']): string {
  switch (type) {
    case 'goal':
      return '● Goal';
    case 'yellow-card':
      return '▮ Yellow card';
    case 'red-card':
      return '▮ Red card';
    case 'substitution':
      return '⇄ Substitution';
  }
}

/** Folds a batch's match rows into the current cards, in the feed's instrument order. */
export function foldMatches(
  current: readonly MatchView[],
  updates: readonly MatchRow[],
  instruments: readonly Instrument[],
  reset: boolean,
): MatchView[] {
  const byId = new Map(reset ? [] : current.map((m) => [m.id, m]));
  const instrumentById = new Map(instruments.map((i) => [i.id, i]));
  for (const s of updates) {
    const instrument = instrumentById.get(s.id);
    const sports = instrument?.kind === 'sports' ? instrument : undefined;
    byId.set(s.id, toMatchView(s, sports, byId.get(s.id)));
  }
  return instruments
    .filter((i) => i.kind === 'sports' && byId.has(i.id))
    .map((i) => byId.get(i.id)!);
}
