import { cleanup, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatTime } from '../state/format';
import { toMatchView } from '../state/match-view';
import { matchRow } from '../../../test-support/batches';
import type { MatchStatus } from '../../../protocol/feed';
import MatchCard from './MatchCard.svelte';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const fixture = {
  id: 'M1',
  kind: 'sports' as const,
  name: 'Harbor v North',
  home: 'Harbor',
  away: 'North',
  startTime: Date.UTC(2026, 11, 2, 18, 30),
};

describe('MatchCard', () => {
  it('shows a scheduled match by its kick-off time, not a 0:00 clock and a 0–0 score', () => {
    const match = toMatchView(
      matchRow('M1', { status: 'scheduled', clockMs: 0, home: 0, away: 0 }),
      fixture,
      undefined,
    );
    vi.useFakeTimers({ now: fixture.startTime - 3_600_000, toFake: ['Date'] });
    render(MatchCard, { props: { match } });
    const card = screen.getByTestId('match-M1');
    expect(card.textContent).toContain(`Kick-off ${formatTime(fixture.startTime).slice(0, 5)}`);
    expect(card.textContent).not.toContain('0:00');
    expect(card.querySelectorAll('.goals')[0]!.textContent).toBe('–');
  });

  it('dates a kick-off on another day than today, in 2099 as in 1970', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 6, 12), toFake: ['Date'] });
    const kickoffs: [Date, string][] = [
      [new Date(2099, 5, 1, 15, 0), 'Kick-off 2099-06-01 15:00'],
      [new Date(1970, 0, 1, 0, 0), 'Kick-off 1970-01-01 00:00'],
    ];
    for (const [start, shown] of kickoffs) {
      const row = matchRow('M1', { status: 'scheduled', clockMs: 0, home: 0, away: 0 });
      const fixtureThen = { ...fixture, startTime: start.getTime() };
      render(MatchCard, { props: { match: toMatchView(row, fixtureThen, undefined) } });
      expect(screen.getByTitle('Kick-off time').textContent!.trim()).toBe(shown);
      cleanup();
    }
  });

  it('marks each price with the direction of its last change, in words for screen readers', () => {
    const first = toMatchView(matchRow('M1'), fixture, undefined);
    const match = toMatchView(
      matchRow('M1', { odds: { home: 2.1, draw: 3.2, away: 4.2 } }),
      fixture,
      first,
    );
    render(MatchCard, { props: { match } });
    const odds = screen.getByLabelText(/Decimal odds/);
    expect(odds.textContent).toMatch(/2\.10▲\s*lengthened/);
    expect(odds.textContent).toMatch(/3\.20▼\s*shortened/);
    // The chart's legend is on the card: each price names its line style.
    expect(odds.textContent).toContain('- -');
  });

  it('shows a dash for odds the feed has not quoted (its 0), and their first quote as no move', async () => {
    const none = { odds: { home: 0, draw: 0, away: 0 } };
    const unquoted = toMatchView(matchRow('M1', none), fixture, undefined);
    const { rerender } = render(MatchCard, { props: { match: unquoted } });
    const odds = screen.getByLabelText(/Decimal odds/);
    expect(odds.textContent).not.toContain('0.00');
    expect(odds.querySelectorAll('dd')[0]!.textContent!.trim()).toBe('—');
    await rerender({
      match: toMatchView(
        matchRow('M1', { odds: { home: 2.1, draw: 3.2, away: 4.2 } }),
        fixture,
        unquoted,
      ),
    });
    expect(odds.textContent).toContain('2.10');
    expect(odds.textContent).not.toMatch(/lengthened|shortened/);
  });

  it('suspends a live match whose source is not live, and locks its odds', () => {
    const match = toMatchView(matchRow('M1'), fixture, undefined);
    render(MatchCard, { props: { match, stale: true } });
    const card = screen.getByTestId('match-M1');
    expect(card.getAttribute('aria-label')).toBe('Harbor 1, North 0, Suspended');
    const odds = screen.getByLabelText('Decimal odds, locked: the feed is not live');
    expect(odds.textContent).toContain('Locked');
    expect(odds.textContent).toContain('1.90');
  });

  it('says when play is suspended or the match called off, and locks its odds', async () => {
    const at = (status: MatchStatus) =>
      toMatchView(matchRow('M1', { status, running: false }), fixture, undefined);
    const { rerender } = render(MatchCard, { props: { match: at('suspended') } });
    const card = screen.getByTestId('match-M1');
    // Before: no such status; a suspended game read Live, its odds moving.
    expect(card.getAttribute('aria-label')).toBe('Harbor 1, North 0, Suspended');
    expect(screen.getByLabelText('Decimal odds, locked: play is suspended')).toBeTruthy();
    await rerender({ match: at('abandoned') });
    // Abandoned: the score and clock as play stopped.
    expect(card.getAttribute('aria-label')).toBe('Harbor 1, North 0, Abandoned');
    expect(card.querySelector('.clock')!.textContent).toContain('10:00');
    expect(screen.getByLabelText('Decimal odds, locked: the match is abandoned')).toBeTruthy();
    await rerender({ match: at('postponed') });
    // Postponed: no kick-off time that no longer holds, no score.
    expect(card.getAttribute('aria-label')).toContain('Postponed');
    expect(card.querySelector('.clock')).toBeNull();
    expect(card.querySelector('.goals')!.textContent).toBe('–');
    await rerender({ match: at('live') });
    expect(screen.getByLabelText(/Decimal odds, with the direction/)).toBeTruthy();
  });

  it('never calls a replayed match live, and names its source when given one', () => {
    const match = toMatchView(
      matchRow('replay:M1'),
      { ...fixture, competition: 'Premier' },
      undefined,
    );
    render(MatchCard, { props: { match, replayed: true, source: 'replay' } });
    const card = screen.getByTestId('match-replay:M1');
    expect(card.getAttribute('aria-label')).toBe('Harbor 1, North 0, In play');
    expect(card.querySelector('header')!.textContent).not.toMatch(/live/i);
    expect(card.querySelector('.comp')!.textContent).toBe('replay · Premier');
  });

  it('lists incidents with their minute and team, and says when there are none', () => {
    const quiet = toMatchView(matchRow('M1'), fixture, undefined);
    render(MatchCard, { props: { match: quiet } });
    expect(screen.getByLabelText('Incidents, newest first').textContent).toBe('No incidents yet');
    cleanup();
    const match = toMatchView(
      matchRow('M1', {
        newIncidents: [{ clockMs: 754_000, type: 'goal', team: 'away', player: 'Okafor' }],
      }),
      fixture,
      undefined,
    );
    render(MatchCard, { props: { match } });
    const item = screen.getByLabelText('Incidents, newest first').querySelector('li')!;
    expect(item.textContent).toMatch(/^13'\s*● Goal\s*Okafor \(North\)$/);
  });

  it('writes the match clock at most once a second, then the newest time', async () => {
    vi.useFakeTimers();
    const at = (clockMs: number) => toMatchView(matchRow('M1', { clockMs }), fixture, undefined);
    const { rerender } = render(MatchCard, { props: { match: at(61_000) } });
    const clock = () => screen.getByTitle('Match clock').textContent!.trim();
    await rerender({ match: at(62_000) });
    expect(clock()).toBe('1:02');
    // The simulator's match time runs ~9× the wall clock: nine match seconds in the next second.
    for (let s = 3; s <= 10; s++) {
      vi.advanceTimersByTime(100);
      await rerender({ match: at(60_000 + s * 1_000) });
      expect(clock()).toBe('1:02');
    }
    vi.advanceTimersByTime(200);
    flushSync();
    expect(clock()).toBe('1:10');
  });
});
