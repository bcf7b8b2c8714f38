/**
 * A Tickdeck-protocol feed of instruments whose figures are as wide as a feed may send: a coin
 * listed at 0.0001 that trades at 99,999 (four decimals), 1e15 of volume, a 5-digit price
 * quoted to 4 decimals. Snapshots only, then heartbeats (a still feed): the figures stay as sent.
 */
import { startStillFeed, type LoopbackFeed } from './loopback-feed';

const market = (id: string, decimals: number) => ({
  id,
  kind: 'market',
  name: `${id} figures`,
  tickSize: 10 ** -decimals,
  decimals,
});
const INSTRUMENTS = [market('WIDE', 4), market('VOL', 2), market('NARROW', 2)];
const book = (bid: number, ask: number) => ({ bid, ask, bidSize: 1e14, askSize: 123_456_789 });
const STATES: Record<string, object> = {
  WIDE: {
    ...book(99_998.9999, 99_999.0001),
    open: 0.0001,
    high: 99_999,
    low: 0.0001,
    last: 99_999,
  },
  VOL: { ...book(10, 10.01), open: 10, high: 10.01, low: 10, last: 10.01 },
  NARROW: { ...book(1.23, 1.24), open: 1.2, high: 1.24, low: 1.2, last: 1.23 },
};
const VOLUMES: Record<string, number> = { WIDE: 5, VOL: 1e15, NARROW: 1_000 };
export function startWideFiguresFeed(): Promise<LoopbackFeed> {
  return startStillFeed({
    server: 'wide',
    instruments: INSTRUMENTS,
    state: (id) => ({ kind: 'market', ...STATES[id], lastSize: 1, volume: VOLUMES[id], trades: 1 }),
  });
}
