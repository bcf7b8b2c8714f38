import { describe, expect, it } from 'vitest';
import { Rng } from './rng';
import { ChaosSchedule, ScenarioTimeline } from './scenarios';

const STEP_MS = 10;

describe('scenario timelines', () => {
  it('steady changes nothing', () => {
    const t = new ScenarioTimeline('steady', 5, STEP_MS);
    for (let ms = 0; ms < 120_000; ms += 500) {
      t.moveTo(ms);
      expect([t.rateMultiplier(), t.halted(0), t.shockLogReturn(), t.spreadMultiplier()]).toEqual([
        1,
        false,
        0,
        1,
      ]);
    }
  });

  it('burst multiplies the rate for one second in ten', () => {
    const t = new ScenarioTimeline('burst', 5, STEP_MS);
    const multipliers = Array.from(
      { length: 2000 },
      (_, i) => (t.moveTo(i * STEP_MS), t.rateMultiplier()),
    );
    expect(multipliers.filter((m) => m === 10).length).toBe(200);
    expect(multipliers.filter((m) => m === 1).length).toBe(1800);
  });

  it('flash-crash drops prices about 25% in two seconds, then wins back most of it', () => {
    const t = new ScenarioTimeline('flash-crash', 5, STEP_MS);
    let logPrice = 0;
    let lowest = 0;
    for (let ms = 0; ms < 60_000; ms += STEP_MS) {
      t.moveTo(ms);
      logPrice += t.shockLogReturn();
      lowest = Math.min(lowest, logPrice);
      if (ms === 11_000) expect(t.spreadMultiplier()).toBeGreaterThan(1);
    }
    expect(Math.exp(lowest)).toBeCloseTo(0.75, 2);
    expect(Math.exp(logPrice)).toBeGreaterThan(0.85);
    expect(Math.exp(logPrice)).toBeLessThan(1);
  });

  it('halt silences one instrument at a time, in turn, and the others keep trading', () => {
    const t = new ScenarioTimeline('halt', 3, STEP_MS);
    const haltedAt = (ms: number) => (t.moveTo(ms), [0, 1, 2].filter((i) => t.halted(i)));
    expect(haltedAt(1_000)).toEqual([]);
    expect(haltedAt(6_000)).toEqual([0]);
    expect(haltedAt(36_000)).toEqual([1]);
    expect(haltedAt(66_000)).toEqual([2]);
  });
});

describe('chaos schedule', () => {
  it('leaves a new connection alone at first, then drops, stalls and disconnects', () => {
    const chaos = new ChaosSchedule(new Rng(1), 0);
    const kinds = new Map<string, number>();
    let first = Infinity;
    for (let ms = 0; ms < 600_000; ms += 10) {
      const action = chaos.due(ms);
      if (!action) continue;
      first = Math.min(first, ms);
      kinds.set(action.kind, (kinds.get(action.kind) ?? 0) + 1);
      if (action.kind === 'stall') {
        expect(action.durationMs).toBeGreaterThanOrEqual(1500);
        expect(action.durationMs).toBeLessThanOrEqual(6000);
      }
    }
    expect(first).toBeGreaterThanOrEqual(2000);
    expect(kinds.get('drop')).toBeGreaterThan(kinds.get('stall')!);
    expect(kinds.get('stall')).toBeGreaterThan(kinds.get('disconnect')!);
    expect(kinds.get('disconnect')).toBeGreaterThan(0);
  });
});
