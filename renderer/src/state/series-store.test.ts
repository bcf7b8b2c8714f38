import { describe, expect, it } from 'vitest';
import { INITIAL_ROWS } from '../../../shared/ring-memory';
import { SERIES_FLOOR_POINTS, historyShare } from '../../../shared/history-budget';
import {
  BAR,
  BARS_PER_SERIES,
  MIN_BARS_PER_SERIES,
  PRICE,
  PRICE_POINTS_BUDGET,
  PRICE_POINTS_PER_INSTRUMENT,
  SeriesStore,
} from './series-store';
import { batch } from '../../../test-support/batches';

function pushPrices(store: SeriesStore, id: string, n: number): void {
  const t = Array.from({ length: n }, (_, i) => i);
  store.apply(batch({ series: [{ id, t, price: t.map((i) => 100 + i) }] }));
}

describe('SeriesStore', () => {
  it('gives each of a few instruments its full history', () => {
    const store = new SeriesStore();
    store.setInstrumentCount(20);
    expect(store.price('ACME').capacity).toBe(PRICE_POINTS_PER_INSTRUMENT);
    expect(store.bar('ACME', 1000).capacity).toBe(BARS_PER_SERIES);
  });

  it('shares the budget among thousands, never below what a sparkline and candles need', () => {
    const store = new SeriesStore();
    store.setInstrumentCount(1_000);
    // The engine's rule: the budget's share, rounded down to a power of two.
    expect(store.price('A').capacity).toBe(
      historyShare(1_000, PRICE_POINTS_BUDGET, SERIES_FLOOR_POINTS, PRICE_POINTS_PER_INSTRUMENT),
    );
    expect(store.price('A').capacity).toBe(1_024);
    store.setInstrumentCount(5_000);
    expect(store.price('A').capacity).toBe(SERIES_FLOOR_POINTS);
    expect(store.bar('A', 1000).capacity).toBe(MIN_BARS_PER_SERIES);
  });

  it('allocates little for instruments that have barely ticked', () => {
    const store = new SeriesStore();
    store.setInstrumentCount(5_000);
    for (let i = 0; i < 5_000; i++) pushPrices(store, `I${i}`, 3);
    const slots = [...store.prices.values()].reduce((sum, r) => sum + r.allocatedRows, 0);
    expect(slots).toBe(5_000 * INITIAL_ROWS);
  });

  it('shrinks existing rings to the newest points when instruments are added', () => {
    const store = new SeriesStore();
    store.setInstrumentCount(10);
    pushPrices(store, 'ACME', 5_000);
    store.setInstrumentCount(5_000);
    const ring = store.price('ACME');
    expect(ring.length).toBe(SERIES_FLOOR_POINTS);
    expect(ring.last(PRICE.price)).toBe(100 + 4_999);
  });

  it('keeps full history for charted instruments, and the share again once unpinned', () => {
    const store = new SeriesStore();
    store.setInstrumentCount(5_000);
    store.pin(['ACME']);
    pushPrices(store, 'ACME', 3_000);
    pushPrices(store, 'GLBX', 3_000);
    expect(store.price('ACME').length).toBe(3_000);
    expect(store.price('GLBX').length).toBe(SERIES_FLOOR_POINTS);
    expect(store.bar('ACME', 1000).capacity).toBe(BARS_PER_SERIES);
    store.pin(['GLBX']);
    expect(store.price('ACME').length).toBe(SERIES_FLOOR_POINTS);
    expect(store.price('GLBX').capacity).toBe(PRICE_POINTS_PER_INSTRUMENT);
  });

  it('replaces the bars it holds when a delta says the ones between are gone', () => {
    const store = new SeriesStore();
    const bars = (t: number[], replace?: true) => ({
      id: 'A',
      intervalMs: 1_000 as const,
      ...(replace ? { replace } : {}),
      t,
      o: t,
      h: t,
      l: t,
      c: t,
      v: t,
    });
    store.apply(batch({ bars: [bars([1_000, 2_000])] }));
    const ring = store.bar('A', 1_000);
    store.apply(batch({ bars: [bars([70_000, 71_000], true)] }));
    expect(store.bar('A', 1_000)).toBe(ring); // the same ring: a sparkline keeps drawing it
    expect(Array.from({ length: ring.length }, (_, i) => ring.at(ring.start + i, BAR.t))).toEqual([
      70_000, 71_000,
    ]);
  });
});
