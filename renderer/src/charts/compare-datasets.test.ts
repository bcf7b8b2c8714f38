import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { compareDatasets, sameLines, spreadRange, type Compared } from './compare-datasets';
import { PALETTES } from './palette';

const palette = PALETTES.dark;
const line = (
  id: string,
  stale: string | null = null,
  ring = new ColumnarRing(16, 2),
): Compared => ({ id, ring, stale });

describe('compareDatasets', () => {
  it('gives each line its own colour and dash, and adds the spread of the second over the first', () => {
    const sets = compareDatasets([line('a'), line('b'), line('c')], palette);
    expect(sets.map((s) => s.label)).toEqual(['a', 'b', 'c', '% move of b − % move of a (pp)']);
    expect(sets[0]!.borderColor).toBe(palette.line);
    expect(new Set(sets.map((s) => s.borderColor)).size).toBe(4);
    expect(new Set(sets.slice(0, 3).map((s) => String(s.borderDash))).size).toBe(3);
    // A gap in pp over lines in %: on their axis (bug 189; before, an axis of its own).
    expect(sets.map((s) => s.yAxisID)).toEqual(['y', 'y', 'y', 'y']);
  });

  it('draws a spread in bp, or one over lines in price, on an axis of its own (bug 189)', () => {
    const venues = [line('kraken:BTC/USD'), line('coinbase:BTC-USD')];
    expect(compareDatasets(venues, palette).at(-1)!.yAxisID).toBe('spread');
    expect(compareDatasets([line('a'), line('b')], palette, 'price').at(-1)!.yAxisID).toBe(
      'spread',
    );
  });

  it('draws one instrument without a spread', () => {
    expect(compareDatasets([line('a')], palette).map((s) => s.label)).toEqual(['a']);
  });

  it('greys a line whose source is not live, and the spread it takes part in', () => {
    const sets = compareDatasets(
      [line('a'), line('b', 'kraken: reconnecting'), line('c')],
      palette,
    );
    expect(sets[1]!.label).toBe('b (not live)');
    expect(sets[1]!.borderColor).toBe(palette.text);
    expect(sets[3]!.borderColor).toBe(palette.text);
    expect(sets[2]!.borderColor).not.toBe(palette.text);
  });
});

describe('sameLines', () => {
  it('is the same instruments, rings and staleness, whatever the staleness says', () => {
    const a = line('a');
    expect(sameLines([a], [{ ...a }])).toBe(true);
    expect(sameLines([line('a', 'old 3s', a.ring)], [line('a', 'old 4s', a.ring)])).toBe(true);
    expect(sameLines([a], [line('a', 'old', a.ring)])).toBe(false);
    expect(sameLines([a], [line('a')])).toBe(false); // another ring
    expect(sameLines([a], [a, line('b')])).toBe(false);
  });
});

describe('spreadRange', () => {
  const priced = (times: number[]) => {
    const ring = new ColumnarRing(16, 2);
    for (const t of times) ring.push(t, 100);
    return ring;
  };
  const range = { start: 1_000, end: 9_000 };

  it('runs to the range end while both sources are live', () => {
    expect(
      spreadRange([line('a', null, priced([2_000])), line('b', null, priced([3_000]))], range),
    ).toEqual(range);
  });

  it("stops at the last price of a side whose source is down: after it, that price is not the venue's", () => {
    const down = line('b', 'kraken: reconnecting', priced([2_000, 4_000]));
    expect(spreadRange([line('a', null, priced([2_000, 8_000])), down], range)).toEqual({
      start: 1_000,
      end: 4_000,
    });
    const longGone = line('b', 'kraken: reconnecting', priced([500]));
    expect(spreadRange([line('a', null, priced([8_000])), longGone], range)).toBeNull();
  });
});
