import { describe, expect, it } from 'vitest';
import { compactMarketRows } from '../../protocol/batch';
import type { Cursor } from './batch-cursor';
import { compactRows } from './compact-rows';
import { FeedState } from './feed-state';
import { T0, market, trade } from '../../test-support/engine-fixtures';

function setup() {
  const state = new FeedState();
  state.setInstruments(['A', 'B', 'C'].map(market));
  state.applyTicks(
    ['A', 'B', 'C'].map((id, i) => trade(id, 1, 100 + i, T0 + i)),
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
    state.applyTicks([trade('A', 2, 99, T0 + 5)], () => {});
    expect(compactRows(['A'], new Set(), state.markets, cursors, () => {})?.ids).toEqual(['A']);
  });
});
