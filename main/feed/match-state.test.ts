import { describe, expect, it } from 'vitest';
import type { MatchSnapshotState, SportsTick } from '../../protocol/feed';
import {
  MAX_INCIDENTS,
  MatchState,
  ODDS_HISTORY,
  ODDS_HOME,
  SNAPSHOT_INCIDENTS,
} from './match-state';
import { matchSnapshot } from '../../test-support/engine-fixtures';

const base = { instrument: 'm1', seq: 0, ts: 1 };

describe('MatchState', () => {
  it('follows score, clock, status and odds', () => {
    const m = new MatchState();
    const ticks: SportsTick[] = [
      { ...base, kind: 'status', status: 'live' },
      { ...base, kind: 'clock', clockMs: 60_000, running: true },
      { ...base, kind: 'odds', home: 2.1, draw: 3.3, away: 3.6 },
      { ...base, kind: 'incident', type: 'goal', team: 'away', clockMs: 61_000, player: 'Ito' },
      { ...base, kind: 'score', home: 0, away: 1 },
    ];
    for (const tick of ticks) m.applyTick(tick);
    expect([m.status, m.home, m.away, m.clockMs, m.running]).toEqual(['live', 0, 1, 60_000, true]);
    expect(m.latestOdds()).toEqual({ home: 2.1, draw: 3.3, away: 3.6 });
    expect(m.incidentsSince(0)).toEqual([
      { type: 'goal', team: 'away', clockMs: 61_000, player: 'Ito' },
    ]);
  });

  it('clears incidents when the match goes back to scheduled (a rematch), keeping cursors valid', () => {
    const m = new MatchState();
    m.applyTick({ ...base, kind: 'status', status: 'live' });
    m.applyTick({ ...base, kind: 'incident', type: 'goal', team: 'home', clockMs: 1_000 });
    m.applyTick({ ...base, kind: 'status', status: 'finished' });
    m.applyTick({ ...base, kind: 'status', status: 'scheduled' });
    expect(m.incidents).toEqual([]);
    expect(m.incidentsSince(1)).toEqual([]);
    m.applyTick({ ...base, kind: 'incident', type: 'red-card', team: 'away', clockMs: 2_000 });
    expect(m.incidentsSince(1)).toEqual([{ type: 'red-card', team: 'away', clockMs: 2_000 }]);
  });

  it('a snapshot replaces the values and adds only the incidents it missed', () => {
    const m = new MatchState();
    const goal = { type: 'goal', team: 'home', clockMs: 1_000 } as const;
    m.applyTick({ ...base, kind: 'incident', ...goal });
    const snapshot: MatchSnapshotState = {
      kind: 'sports',
      status: 'halftime',
      home: 1,
      away: 1,
      clockMs: 2_700_000,
      running: false,
      odds: { home: 2, draw: 3, away: 4 },
      incidents: [goal, { type: 'goal', team: 'away', clockMs: 2_000 }],
      ts: 5,
    };
    m.applySnapshot(snapshot);
    expect([m.status, m.home, m.away, m.running]).toEqual(['halftime', 1, 1, false]);
    expect(m.incidentsSince(1)).toEqual([{ type: 'goal', team: 'away', clockMs: 2_000 }]);
    expect(m.latestOdds()).toEqual({ home: 2, draw: 3, away: 4 });
  });

  it('memory stays bounded after a million events', () => {
    const m = new MatchState();
    for (let i = 0; i < 1_000_000; i++) {
      // Literal ticks: object spread in a loop this long dominates the test's run time.
      m.applyTick(
        i % 2
          ? { instrument: 'm1', seq: i, ts: i, kind: 'odds', home: 1 + i, draw: 3, away: 4 }
          : {
              instrument: 'm1',
              seq: i,
              ts: i,
              kind: 'incident',
              type: 'goal',
              team: 'home',
              clockMs: i,
            },
      );
    }
    expect(m.odds.length).toBe(ODDS_HISTORY);
    expect(m.odds.allocatedRows).toBe(ODDS_HISTORY);
    expect(m.odds.last(ODDS_HOME)).toBe(1_000_000);
    expect(m.incidents).toHaveLength(MAX_INCIDENTS);
    expect(m.incidentsSince(0)[0]!.clockMs).toBe(1_000_000 - 2 * MAX_INCIDENTS);
  });

  it('a lower odds capacity keeps the newest odds', () => {
    const m = new MatchState();
    for (let i = 0; i < 300; i++)
      m.applyTick({ instrument: 'm1', seq: i, ts: i, kind: 'odds', home: i, draw: 3, away: 4 });
    expect(m.odds.allocatedRows).toBe(512);
    m.setOddsCapacity(50);
    expect([m.odds.start, m.odds.end, m.odds.allocatedRows]).toEqual([250, 300, 50]);
    expect(m.odds.slice(ODDS_HOME, 0)).toEqual(Array.from({ length: 50 }, (_, i) => 250 + i));
    expect(m.latestOdds()).toEqual({ home: 299, draw: 3, away: 4 });
  });

  it('its snapshot carries the newest incidents, within the protocol bound, and rebuilds the same match', () => {
    const m = new MatchState();
    m.applySnapshot(matchSnapshot());
    for (let i = 0; i < MAX_INCIDENTS; i++)
      m.applyTick({ ...base, kind: 'incident', type: 'yellow-card', team: 'home', clockMs: i });
    m.applyTick({ ...base, kind: 'score', home: 2, away: 1 });
    m.applyTick({ ...base, kind: 'clock', clockMs: 3_000_000, running: false });
    m.applyTick({ ...base, kind: 'odds', home: 1.2, draw: 6, away: 15 });
    m.applyTick({ ...base, kind: 'status', status: 'finished', ts: 9 });

    const snapshot = m.toSnapshot();
    expect(snapshot.incidents).toHaveLength(SNAPSHOT_INCIDENTS);
    expect(snapshot.incidents).toEqual(m.incidents.slice(-SNAPSHOT_INCIDENTS));
    const copy = new MatchState();
    expect(copy.complete).toBe(false);
    copy.applySnapshot(snapshot);
    expect(copy.complete).toBe(true);
    expect(copy.toSnapshot()).toEqual(snapshot);
    expect(snapshot).toMatchObject({
      status: 'finished',
      home: 2,
      away: 1,
      clockMs: 3_000_000,
      running: false,
      odds: { home: 1.2, draw: 6, away: 15 },
      ts: 9,
    });
  });
});

describe('MatchState edges', () => {
  const snapshotWith = (incidents: MatchSnapshotState['incidents']) => matchSnapshot({ incidents });

  it('shows zero odds before the first quote', () => {
    expect(new MatchState().latestOdds()).toEqual({ home: 0, draw: 0, away: 0 });
  });

  it('keeps its newest time when an older tick arrives', () => {
    const m = new MatchState();
    m.applyTick({ ...base, ts: 9, kind: 'score', home: 1, away: 0 });
    m.applyTick({ ...base, ts: 5, kind: 'score', home: 2, away: 0 });
    expect([m.ts, m.home]).toEqual([9, 2]);
  });

  it('keeps its incidents through halftime and full time', () => {
    const m = new MatchState();
    m.applyTick({ ...base, kind: 'status', status: 'live' });
    m.applyTick({ ...base, kind: 'incident', type: 'goal', team: 'home', clockMs: 1_000 });
    m.applyTick({ ...base, kind: 'status', status: 'halftime' });
    m.applyTick({ ...base, kind: 'status', status: 'finished' });
    expect(m.incidents).toHaveLength(1);
  });

  it('records each odds quote at the match clock of its time', () => {
    const m = new MatchState();
    m.applyTick({ ...base, kind: 'clock', clockMs: 90_000, running: true });
    m.applyTick({ ...base, kind: 'odds', home: 1.5, draw: 4, away: 6 });
    expect(m.odds.slice(0, 0)).toEqual([90_000]);
  });

  it('tells apart incidents that differ only in team, clock, type or player', () => {
    const m = new MatchState();
    const goal = { type: 'goal', team: 'home', clockMs: 1_000, player: 'Ito' } as const;
    m.applyTick({ ...base, kind: 'incident', ...goal });
    m.applySnapshot(
      snapshotWith([
        goal,
        { ...goal, team: 'away' },
        { ...goal, clockMs: 2_000 },
        { ...goal, type: 'yellow-card' },
        { ...goal, player: 'Ade' },
      ]),
    );
    expect(m.incidents).toHaveLength(5);
    expect(m.incidentsEnd).toBe(5);
  });

  it('forgets its odds and incidents on a replay seek, and says it changed', () => {
    const m = new MatchState();
    m.applySnapshot(snapshotWith([{ type: 'goal', team: 'home', clockMs: 1 }]));
    const version = m.version;
    m.clearHistory();
    expect([m.odds.length, m.incidents.length, m.incidentsEnd]).toEqual([0, 0, 0]);
    expect(m.version).not.toBe(version);
    expect(m.latestOdds()).toEqual({ home: 0, draw: 0, away: 0 });
  });

  it('hands out only the incidents after a cursor, clamped to what it holds', () => {
    const m = new MatchState();
    for (let i = 0; i < MAX_INCIDENTS + 10; i++)
      m.applyTick({ ...base, kind: 'incident', type: 'goal', team: 'home', clockMs: i });
    expect(m.incidentsSince(MAX_INCIDENTS + 8).map((inc) => inc.clockMs)).toEqual([
      MAX_INCIDENTS + 8,
      MAX_INCIDENTS + 9,
    ]);
    expect(m.incidentsSince(3)[0]!.clockMs).toBe(10);
    expect(m.incidentsSince(MAX_INCIDENTS + 10)).toEqual([]);
  });
});
