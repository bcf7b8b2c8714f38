import { describe, expect, it } from 'vitest';
import { MarketRecord } from './market-record';
import { BID, LAST, MarketColumns, TS, VERSION, VOLUME } from './market-state-columns';

/** A record with write access to its numbers, as the fold has. */
class Written extends MarketRecord {
  set(index: number, value: number): void {
    this.columns.data[this.base + index] = value;
  }
}

describe('MarketRecord', () => {
  it('reads its values and its row from its own record, not its neighbours', () => {
    const table = new MarketColumns();
    const [a, b] = [new Written(table), new Written(table)];
    a.set(BID, 99.5);
    a.set(LAST, 100);
    a.set(TS, 7);
    b.set(BID, 1);
    expect(a.row('A')).toEqual({
      id: 'A',
      bid: 99.5,
      ask: 0,
      bidSize: 0,
      askSize: 0,
      last: 100,
      open: 0,
      high: 0,
      low: 0,
      volume: 0,
      trades: 0,
      ts: 7,
    });
    expect(b.bid).toBe(1);
    expect(b.last).toBe(0);
  });

  it('moved into another table, keeps every number, and the table it left keeps the others', () => {
    const table = new MarketColumns(1);
    const [a, b] = [new Written(table), new Written(table)]; // the table doubled in between
    a.set(VOLUME, 12);
    a.set(VERSION, 3);
    a.seq = 41;
    b.set(VOLUME, 5);
    b.seq = 9;
    const moved = new MarketColumns();
    new Written(moved).seq = 1_000; // the new table's first record is another's
    a.moveTo(moved);
    expect([a.volume, a.version, a.seq]).toEqual([12, 3, 41]);
    expect(b.seq).toBe(9);
    a.set(VOLUME, 13);
    expect(b.volume).toBe(5);
    expect(table.data[VOLUME]).toBe(12); // the old record is left as it was
  });

  it('a market alone gets a table of its own', () => {
    expect(new MarketRecord().row('X')).toMatchObject({ bid: 0, ts: 0 });
  });

  it('knows no seq until one is folded', () => {
    expect(new MarketRecord().seq).toBeNaN();
  });
});
