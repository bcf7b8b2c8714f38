import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../protocol/feed';
import { formatOdds, keptIncidents, MAX_INCIDENTS_SHOWN, toMatchView } from './match-view';
import { matchRow } from '../../../test-support/batches';

const goal: Incident = { type: 'goal', team: 'home', clockMs: 300_000 };
const card: Incident = { type: 'yellow-card', team: 'away', clockMs: 400_000 };

describe('toMatchView', () => {
  const fixture = {
    id: 'M1',
    kind: 'sports' as const,
    name: 'Harbor v North',
    home: 'Harbor',
    away: 'North',
    startTime: 1_700_000_000_000,
  };

  it('gives a scheduled match its kick-off time, and none once played or for a rematch', () => {
    const scheduled = matchRow('M1', { status: 'scheduled', clockMs: 0, home: 0, away: 0 });
    const before = toMatchView(scheduled, fixture, undefined);
    expect(before.kickoff).toBe(fixture.startTime);
    const live = toMatchView(matchRow('M1', { status: 'live' }), fixture, before);
    expect(live.kickoff).toBeNull();
    expect(toMatchView(scheduled, fixture, live).kickoff).toBeNull();
  });

  it('marks each price with the direction of its last change until it changes again', () => {
    const odds = (home: number, draw: number, away: number) => ({ odds: { home, draw, away } });
    let view = toMatchView(matchRow('M1', odds(2, 3, 4)), fixture, undefined);
    expect(view.oddsDir).toEqual({ home: 0, draw: 0, away: 0 });
    view = toMatchView(matchRow('M1', odds(2.1, 2.9, 4)), fixture, view);
    expect(view.oddsDir).toEqual({ home: 1, draw: -1, away: 0 });
    view = toMatchView(matchRow('M1', odds(2.1, 2.9, 4)), fixture, view);
    expect(view.oddsDir).toEqual({ home: 1, draw: -1, away: 0 }); // kept while unchanged
  });

  it('shows incidents newest first, bounded', () => {
    let view = toMatchView(matchRow('M1', { newIncidents: [goal, card] }), undefined, undefined);
    expect(view.incidents).toEqual([card, goal]);
    const many = Array.from({ length: 40 }, (_, i) => ({ ...goal, clockMs: i }));
    view = toMatchView(matchRow('M1', { newIncidents: many }), undefined, view);
    expect(view.incidents).toHaveLength(MAX_INCIDENTS_SHOWN);
    expect(view.incidents[0]!.clockMs).toBe(39);
  });

  it('keeps goals and red cards past the bound, dropping the oldest bookings first', () => {
    const red: Incident = { type: 'red-card', team: 'home', clockMs: 100_000 };
    const early = [red, { ...red, team: 'away' as const, clockMs: 200_000 }, goal];
    const bookings = Array.from({ length: 40 }, (_, i) => ({ ...card, clockMs: 500_000 + i }));
    let view = toMatchView(matchRow('M1', { newIncidents: early }), undefined, undefined);
    view = toMatchView(matchRow('M1', { newIncidents: bookings }), undefined, view);
    expect(view.incidents).toHaveLength(MAX_INCIDENTS_SHOWN);
    // Newest first: the 27 newest bookings, then the goal and both red cards.
    expect(view.incidents.slice(-3)).toEqual([goal, early[1], red]);
    expect(view.incidents[0]!.clockMs).toBe(500_039);
    // Goals alone beyond the bound: the newest are kept.
    const goals = Array.from({ length: 5 }, (_, i) => ({ ...goal, clockMs: 5 - i }));
    expect(keptIncidents(goals, 3).map((g) => g.clockMs)).toEqual([5, 4, 3]);
  });

  it('starts a rematch with no incidents when the match is scheduled again', () => {
    const played = toMatchView(matchRow('M1', { newIncidents: [goal] }), undefined, undefined);
    const rematch = toMatchView(
      matchRow('M1', { status: 'scheduled', clockMs: 0 }),
      undefined,
      played,
    );
    expect(rematch.incidents).toEqual([]);
  });

  it('starts afresh when the clock jumps far back though `scheduled` was conflated away', () => {
    const played = toMatchView(
      matchRow('M1', { clockMs: 5_400_000, newIncidents: [goal] }),
      undefined,
      undefined,
    );
    const rematch = toMatchView(
      matchRow('M1', { clockMs: 60_000, newIncidents: [card] }),
      undefined,
      played,
    );
    expect(rematch.incidents).toEqual([card]);
    // The second half restarting at 45' after stoppage time is the same match.
    const secondHalf = toMatchView(matchRow('M1', { clockMs: 2_700_000 }), undefined, {
      ...played,
      clockMs: 2_880_000,
    });
    expect(secondHalf.incidents).toEqual([goal]);
  });
});

describe('formatOdds', () => {
  it('shows a near-certain price with the decimal that tells it from 1.00 and from its neighbours', () => {
    expect(formatOdds(1.001)).toBe('1.001');
    expect(formatOdds(1.004)).toBe('1.004');
    expect(formatOdds(1.05)).toBe('1.05');
    expect(formatOdds(1.62)).toBe('1.62');
    expect(formatOdds(1000)).toBe('1000.00');
    expect(formatOdds(0)).toBe('—');
  });
});
