import { describe, expect, it } from 'vitest';
import { ODDS_LABEL_GAP_PX, oddsLabel, oddsPoint, oddsTicks } from './odds-ticks';

const gapsPx = (ticks: number[], min: number, max: number, heightPx: number) =>
  ticks.slice(1).map((v, i) => (Math.log(v / ticks[i]!) / Math.log(max / min)) * heightPx);

describe('oddsTicks', () => {
  it("keeps a card's short axis readable: no two labels closer than a label", () => {
    // A scheduled match's card: 1 to about 4.7, 40 px. Every round odd would be 8-11 px apart.
    expect(oddsTicks(1, 4.66, 40)).toEqual([1, 2]);
    // A live match with an outsider at 30.
    expect(oddsTicks(1, 30, 40)).toEqual([1, 5, 20]);
    for (const [min, max, h] of [
      [1, 4.66, 40],
      [1, 30, 40],
      [1, 120, 25],
      [1.2, 2.5, 60],
    ] as const)
      for (const gap of gapsPx(oddsTicks(min, max, h), min, max, h))
        expect(gap).toBeGreaterThanOrEqual(ODDS_LABEL_GAP_PX);
  });

  it('labels every round odd when the axis is tall enough', () => {
    expect(oddsTicks(1, 100, 400)).toEqual([1, 1.5, 2, 3, 5, 10, 20, 50, 100]);
  });

  it('labels long odds up to 1000, the longest quoted, so the axis says how high it goes', () => {
    expect(oddsTicks(1, 1000, 400).slice(-3)).toEqual([200, 500, 1000]);
    // A card's 40 px chart of an outsider at 1000: its top label is 1000, not 100.
    expect(oddsTicks(1, 1000, 40).at(-1)).toBe(1000);
  });

  it('labels only what lies within the axis', () => {
    expect(oddsTicks(1.6, 4, 200)).toEqual([2, 3]);
  });

  it('gives no labels for an axis with no range or no height', () => {
    expect(oddsTicks(1, 1, 40)).toEqual([]);
    expect(oddsTicks(1, 5, 0)).toEqual([]);
    expect(oddsTicks(0, 5, 40)).toEqual([]);
    expect(oddsTicks(1, Number.NaN, 40)).toEqual([]);
  });
});

describe('oddsLabel', () => {
  it('writes odds as they are written, whatever the step between the labels', () => {
    expect([1, 3, 1.5, 10, 100].map(oddsLabel)).toEqual(['1', '3', '1.5', '10', '100']);
  });
});

describe('oddsPoint', () => {
  it('leaves a gap where the feed has no odds (its 0) or odds no market quotes, below 1', () => {
    expect([2.1, 1, 1000].map(oddsPoint)).toEqual([2.1, 1, 1000]);
    for (const none of [0, 0.5, -3, Number.NaN, Number.POSITIVE_INFINITY])
      expect(oddsPoint(none)).toBeNaN();
  });
});
