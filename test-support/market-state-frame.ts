/** A market snapshot's `state` as it travels in a frame, for the protocol decoder's tests. */
export const MARKET_STATE = {
  kind: 'market',
  bid: 1,
  ask: 2,
  bidSize: 3,
  askSize: 4,
  open: 1,
  high: 2,
  low: 1,
  last: 1.5,
  lastSize: 10,
  volume: 100,
  trades: 3,
  ts: 5,
};
