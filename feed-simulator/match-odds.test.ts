import { describe, expect, it } from 'vitest';
import { BOOKMAKER_MARGIN, liveOdds, type Odds } from './match-odds';

function implied(odds: Odds): number {
  return 1 / odds.home + 1 / odds.draw + 1 / odds.away;
}

describe('live odds (Poisson goal model with margin)', () => {
  it('makes the stronger side the favourite', () => {
    const odds = liveOdds(0, 0, 2.1, 0.7);
    expect(odds.home).toBeLessThan(odds.away);
    expect(odds.home).toBeLessThan(2);
  });

  it('shortens a side that scores', () => {
    const before = liveOdds(0, 0, 1.2, 1.2);
    const after = liveOdds(1, 0, 1.0, 1.0);
    expect(after.home).toBeLessThan(before.home);
    expect(after.away).toBeGreaterThan(before.away);
  });

  it("shortens the leading side's win odds as time runs out", () => {
    const byMinutesLeft = [80, 60, 30, 10, 2].map((left) =>
      liveOdds(1, 0, (1.3 * left) / 90, (1.3 * left) / 90),
    );
    for (let i = 1; i < byMinutesLeft.length; i++) {
      expect(byMinutesLeft[i]!.home).toBeLessThanOrEqual(byMinutesLeft[i - 1]!.home);
      expect(byMinutesLeft[i]!.away).toBeGreaterThanOrEqual(byMinutesLeft[i - 1]!.away);
    }
    expect(byMinutesLeft[4]!.home).toBeLessThan(1.1);
  });

  it('prices implied probabilities summing to 1 + margin', () => {
    for (const [h, a, eh, ea] of [
      [0, 0, 1.5, 1.1],
      [1, 1, 0.8, 0.9],
      [0, 1, 1.2, 0.5],
      [2, 0, 1.5, 1.5],
    ] as const) {
      expect(implied(liveOdds(h, a, eh, ea))).toBeCloseTo(1 + BOOKMAKER_MARGIN, 1);
    }
  });
});
