import { describe, expect, it } from 'vitest';
import { matchSnapshot } from '../../test-support/engine-fixtures';
import { MatchState } from './match-state';

const base = { instrument: 'm1', seq: 0, ts: 1 };

const KICK_OFF = matchSnapshot();

describe('MatchState bookkeeping', () => {
  it('holds a match it has heard nothing of as scheduled, 0-0, its clock stopped at zero', () => {
    expect(new MatchState().toSnapshot()).toEqual({
      kind: 'sports',
      status: 'scheduled',
      home: 0,
      away: 0,
      clockMs: 0,
      running: false,
      odds: { home: 0, draw: 0, away: 0 },
      incidents: [],
      ts: 0,
    });
  });

  it('keeps its incidents when told again that the match is scheduled', () => {
    const m = new MatchState();
    m.applyTick({ ...base, kind: 'incident', type: 'yellow-card', team: 'home', clockMs: 0 });
    m.applyTick({ ...base, kind: 'status', status: 'scheduled' });
    expect(m.incidents).toHaveLength(1);
  });

  it('gives an incident without a player no player field at all', () => {
    const m = new MatchState();
    m.applyTick({ ...base, kind: 'incident', type: 'goal', team: 'home', clockMs: 5 });
    expect(Object.keys(m.incidents[0]!)).toEqual(['type', 'team', 'clockMs']);
  });

  it('raises its version on every tick, snapshot and seek, so no two states share one', () => {
    const m = new MatchState();
    const versions = [m.version];
    m.applyTick({ ...base, kind: 'score', home: 1, away: 0 });
    versions.push(m.version);
    m.applySnapshot(KICK_OFF);
    versions.push(m.version);
    m.clearHistory();
    versions.push(m.version);
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
  });

  it('starts a new history epoch on a seek only', () => {
    const m = new MatchState();
    m.applySnapshot(KICK_OFF);
    m.applyTick({ ...base, kind: 'odds', home: 1.5, draw: 4, away: 6 });
    expect(m.historyEpoch).toBe(0);
    m.clearHistory();
    expect(m.historyEpoch).toBe(1);
  });

  it('takes the time of a snapshot even when it is older than the ticks it replaces', () => {
    const m = new MatchState();
    m.applyTick({ ...base, ts: 50, kind: 'score', home: 3, away: 3 });
    m.applySnapshot({ ...KICK_OFF, ts: 20 });
    expect([m.ts, m.home, m.away]).toEqual([20, 0, 0]);
  });
});
