import { describe, expect, it } from 'vitest';
import { INITIAL_RING_CAPACITY } from './ring-buffer';
import {
  BARS_PER_SERIES,
  MIN_BARS_PER_SERIES,
  MIN_PRICE_POINTS_PER_INSTRUMENT,
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
    expect(store.price('ACME').maxCapacity).toBe(PRICE_POINTS_PER_INSTRUMENT);
    expect(store.bar('ACME', 1000).maxCapacity).toBe(BARS_PER_SERIES);
  });

  it('shares the budget among thousands, never below what a sparkline and candles need', () => {
    const store = new SeriesStore();
    store.setInstrumentCount(1_000);
    expect(store.price('A').maxCapacity).toBe(PRICE_POINTS_BUDGET / 1_000);
    store.setInstrumentCount(5_000);
    expect(store.price('A').maxCapacity).toBe(MIN_PRICE_POINTS_PER_INSTRUMENT);
    expect(store.bar('A', 1000).maxCapacity).toBe(MIN_BARS_PER_SERIES);
  });

  it('allocates little for instruments that have barely ticked', () => {
    const store = new SeriesStore();
    store.setInstrumentCount(5_000);
    for (let i = 0; i < 5_000; i++) pushPrices(store, `I${i}`, 3);
    const slots = [...store.prices.values()].reduce((sum, r) => sum + r.capacity, 0);
    expect(slots).toBe(5_000 * INITIAL_RING_CAPACITY);
  });

  it('shrinks existing rings to the newest points when instruments are added', () => {
    const store = new SeriesStore();
    store.setInstrumentCount(10);
    pushPrices(store, 'ACME', 5_000);
    store.setInstrumentCount(5_000);
    const ring = store.price('ACME');
    expect(ring.length).toBe(MIN_PRICE_POINTS_PER_INSTRUMENT);
    expect(ring.last(PRICE.price)).toBe(100 + 4_999);
  });

  it('keeps full history for charted instruments, and the share again once unpinned', () => {
    const store = new SeriesStore();
    store.setInstrumentCount(5_000);
    store.pin(['ACME']);
    pushPrices(store, 'ACME', 3_000);
    pushPrices(store, 'GLBX', 3_000);
    expect(store.price('ACME').length).toBe(3_000);
    expect(store.price('GLBX').length).toBe(MIN_PRICE_POINTS_PER_INSTRUMENT);
    expect(store.bar('ACME', 1000).maxCapacity).toBe(BARS_PER_SERIES);
    store.pin(['GLBX']);
    expect(store.price('ACME').length).toBe(MIN_PRICE_POINTS_PER_INSTRUMENT);
    expect(store.price('GLBX').maxCapacity).toBe(PRICE_POINTS_PER_INSTRUMENT);
  });
});
