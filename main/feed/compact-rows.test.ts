import { describe, expect, it } from 'vitest';
import { compactMarketRows } from '../../protocol/market-rows';
import type { Tick } from '../../protocol/feed';
import type { Cursor } from './batch-cursor';
import { compactRows } from './compact-rows';
import { FeedState } from './feed-state';
import { T0, market, trade } from '../../test-support/engine-fixtures';

function setup() {
  const state = new FeedState();
  state.setInstruments(['A', 'B', 'C'].map(market));
  // Every field a different number, so a field written in the wrong place shows.
  state.applyTicks(
    ['A', 'B', 'C'].flatMap((instrument, i): Tick[] => {
      const ts = T0 + i;
      return [
        {
          instrument,
          seq: 1,
          ts,
          kind: 'quote',
          bid: 100 + i,
          ask: 101.5 + i,
          bidSize: 2,
          askSize: 4,
        },
        { instrument, seq: 2, ts, kind: 'trade', price: 101.25 + i, size: 7, side: 'buy' },
        { instrument, seq: 3, ts, kind: 'trade', price: 99.75 + i, size: 6, side: 'sell' },
        { instrument, seq: 4, ts, kind: 'trade', price: 100.5 + i, size: 5, side: 'buy' },
      ];
    }),
    () => {},
  );
  return { state, cursors: new Map<string, Cursor>() };
}

describe('compactRows', () => {
  it("writes each due instrument's current row, the same values a full row carries", () => {
    const { state, cursors } = setup();
    const seen: number[] = [];
    const compact = compactRows(['A', 'C'], new Set(), state.markets, cursors, (ts) =>
      seen.push(ts),
    )!;
    const a = compactMarketRows(compact)[0]!;
    // No two fields alike, so none could sit in another's place unseen.
    expect(new Set(Object.values(a)).size).toBe(Object.keys(a).length);
    expect(compactMarketRows(compact)).toEqual([
      state.markets.get('A')!.row('A'),
      state.markets.get('C')!.row('C'),
    ]);
    expect(seen).toEqual([T0, T0 + 2]);
  });

  it('leaves out the instruments shown in full, those unchanged since sent, and unknown ids', () => {
    const { state, cursors } = setup();
    compactRows(['A'], new Set(), state.markets, cursors, () => {});
    expect(compactRows(['A', 'B', 'GONE'], new Set(['B']), state.markets, cursors, () => {})).toBe(
      undefined,
    );
    state.applyTicks([trade('A', 5, 99, T0 + 5)], () => {});
    expect(compactRows(['A'], new Set(), state.markets, cursors, () => {})?.ids).toEqual(['A']);
  });
});
