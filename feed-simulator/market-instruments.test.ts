import { describe, expect, it } from 'vitest';
import { SECTOR_COUNT, makeMarketInstrument } from './market-instruments';
import { Rng } from './rng';

const make = (count: number, seed: number) => {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => makeMarketInstrument(i, rng));
};

describe('makeMarketInstrument', () => {
  it('names the 26 tickers, then the same with a round number, sectors in turn', () => {
    const made = make(28, 1);
    expect(made.slice(0, 2).map((m) => m.instrument.id)).toEqual(['ACME', 'BOLT']);
    expect(made[26]!.instrument).toMatchObject({ id: 'ACME2', name: 'Acme Corp 2' });
    expect(made.map((m) => m.sector)).toEqual(made.map((_, i) => i % SECTOR_COUNT));
    expect(made[1]!.instrument.sector).toBe('Energy');
  });

  it('puts dearer stocks on a coarser grid, and announces the grid as the tick size', () => {
    for (const m of make(200, 5)) {
      expect(m.price).toBeGreaterThanOrEqual(8);
      expect(m.price).toBeLessThanOrEqual(600);
      expect(m.instrument.tickSize).toBe(m.price > 250 ? 0.05 : 0.01);
      expect(m.grid.tickUnits / m.grid.priceScale).toBe(m.instrument.tickSize);
      expect(m.vol).toBeGreaterThanOrEqual(0.01);
      expect(m.vol).toBeLessThanOrEqual(0.04);
      expect(m.spreadBps).toBeGreaterThanOrEqual(2);
      expect(m.spreadBps).toBeLessThanOrEqual(12);
    }
  });

  it('makes the same instruments from the same seed, other ones from another', () => {
    expect(make(30, 9)).toEqual(make(30, 9));
    expect(make(30, 9).map((m) => m.price)).not.toEqual(make(30, 10).map((m) => m.price));
  });
});
