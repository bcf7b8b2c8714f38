import { describe, expect, it } from 'vitest';
import type { MatchStatus, OddsTick, Tick } from '../protocol/feed';
import { Rng } from './rng';
import { SportsModel } from './sports-model';

const STEP_MS = 10;
const MINUTE_MS = 60_000;

describe('sports model', () => {
  /** Runs `model` until match index 0 has finished, returning its ticks. */
  function playFirstMatch(model: SportsModel): Tick[] {
    const ticks: Tick[] = [];
    const id = model.instruments[0]!.id;
    for (let step = 0; step < 100_000; step++) {
      const out: Tick[] = [];
      model.step(STEP_MS, step, out);
      ticks.push(...out.filter((t) => t.instrument === id));
      if (ticks.some((t) => t.kind === 'status' && t.status === 'finished')) return ticks;
    }
    throw new Error('match never finished');
  }

  it('plays a match through kick-off, halftime and full time on a fast clock', () => {
    const model = new SportsModel(2, 6_000, 0, new Rng(4));
    const ticks = playFirstMatch(model);
    const statuses = ticks
      .filter((t) => t.kind === 'status')
      .map((t) => (t as { status: MatchStatus }).status);
    expect(statuses).toEqual(['live', 'halftime', 'live', 'finished']);
    const clocks = ticks.filter((t) => t.kind === 'clock') as Extract<Tick, { kind: 'clock' }>[];
    const halftime = clocks.findIndex((c) => !c.running);
    expect(clocks[halftime]!.clockMs).toBeGreaterThanOrEqual(45 * MINUTE_MS);
    expect(clocks[clocks.length - 1]!.clockMs).toBeGreaterThanOrEqual(90 * MINUTE_MS);
    for (let i = 1; i < clocks.length; i++) {
      if (i !== halftime + 1)
        expect(clocks[i]!.clockMs).toBeGreaterThanOrEqual(clocks[i - 1]!.clockMs);
    }
    const seqs = ticks.map((t) => t.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('keeps the score equal to the goals scored and moves odds towards the side that leads', () => {
    let matchesWithGoals = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const model = new SportsModel(1, 3_000, 0, new Rng(seed));
      const ticks = playFirstMatch(model);
      const goals = ticks.filter((t) => t.kind === 'incident' && t.type === 'goal');
      const score = ticks.filter((t) => t.kind === 'score').at(-1);
      const home = goals.filter((g) => g.kind === 'incident' && g.team === 'home').length;
      expect(score ?? { home: 0, away: 0 }).toMatchObject({ home, away: goals.length - home });
      if (goals.length > 0) matchesWithGoals++;
      const final = ticks.filter((t): t is OddsTick => t.kind === 'odds').at(-1)!;
      const fs = (score as { home: number; away: number } | undefined) ?? { home: 0, away: 0 };
      if (fs.home > fs.away) expect(final.home).toBeLessThan(final.away);
      if (fs.home < fs.away) expect(final.away).toBeLessThan(final.home);
      if (fs.home === fs.away) expect(final.draw).toBeLessThan(Math.min(final.home, final.away));
    }
    expect(matchesWithGoals).toBeGreaterThan(6);
  });

  it('scores about as often as real football (2-3.5 goals a match on average)', () => {
    let goals = 0;
    const matches = 60;
    const model = new SportsModel(matches, 1_000, 0, new Rng(8));
    const out: Tick[] = [];
    // 1 s matches + breaks: every match has finished once within 20 simulated seconds.
    const finished = new Set<string>();
    for (let step = 0; step < 2_000 && finished.size < matches; step++) {
      out.length = 0;
      model.step(STEP_MS, step, out);
      for (const t of out) {
        if (finished.has(t.instrument)) continue;
        if (t.kind === 'incident' && t.type === 'goal') goals++;
        if (t.kind === 'status' && t.status === 'finished') finished.add(t.instrument);
      }
    }
    expect(finished.size).toBe(matches);
    expect(goals / matches).toBeGreaterThan(2);
    expect(goals / matches).toBeLessThan(3.5);
  });

  it('suspends, abandons and postpones matches in the disruption scenario, on its schedule', () => {
    const model = new SportsModel(3, 6_000, 0, new Rng(4), true);
    const phases = new Map<string, MatchStatus[]>(model.instruments.map((m) => [m.id, []]));
    const stoppedAt = new Map<string, number>();
    const clockMs = new Map<string, number>();
    for (let step = 0; step < 3_000; step++) {
      const out: Tick[] = [];
      model.step(STEP_MS, step, out);
      for (const t of out) {
        if (t.kind === 'clock') clockMs.set(t.instrument, t.clockMs);
        if (t.kind !== 'status') continue;
        phases.get(t.instrument)!.push(t.status);
        if (t.status === 'suspended' || t.status === 'abandoned')
          stoppedAt.set(t.instrument, clockMs.get(t.instrument)!);
      }
    }
    const [suspend, abandon, postpone] = model.instruments.map((m) => phases.get(m.id)!);
    // Play resumes after the suspension; an abandoned match is followed by a rematch.
    expect(suspend!.slice(0, 6)).toEqual([
      'live',
      'suspended',
      'live',
      'halftime',
      'live',
      'finished',
    ]);
    expect(abandon!.slice(0, 5)).toEqual(['live', 'halftime', 'live', 'abandoned', 'scheduled']);
    expect(postpone!.slice(0, 5)).toEqual(['postponed', 'live', 'halftime', 'live', 'finished']);
    const [s, a] = model.instruments.map((m) => stoppedAt.get(m.id)!);
    expect(s).toBeGreaterThanOrEqual(30 * MINUTE_MS);
    expect(s).toBeLessThan(31 * MINUTE_MS);
    expect(a).toBeGreaterThanOrEqual(70 * MINUTE_MS);
    expect(a).toBeLessThan(71 * MINUTE_MS);
  });

  it('announces each match with both teams and a kick-off time', () => {
    const model = new SportsModel(3, 600_000, 1_000_000, new Rng(1));
    for (const m of model.instruments) {
      expect(m.name).toBe(`${m.home} v ${m.away}`);
      expect(m.home).not.toBe(m.away);
      expect(m.startTime).toBeGreaterThan(1_000_000);
    }
  });
});
