import { describe, expect, it } from 'vitest';
import type { SnapshotMessage } from '../protocol/feed';
import { prefixMessage, prefixSnapshot } from './source-prefix';

const snapshot = {
  op: 'snapshot',
  instrument: 'ACME',
  state: { bid: 99, ask: 101 },
} as unknown as SnapshotMessage;

describe('prefixing a source', () => {
  it("prefixes a snapshot's instrument and keeps the rest", () => {
    expect(prefixSnapshot('sim', snapshot)).toEqual({ ...snapshot, instrument: 'sim:ACME' });
    expect(prefixMessage('sim', JSON.stringify(snapshot))).toEqual({
      ...snapshot,
      instrument: 'sim:ACME',
    });
  });

  it("prefixes every tick's instrument and passes a malformed tick as it is", () => {
    const raw = JSON.stringify({
      op: 'ticks',
      seq: 4,
      ticks: [{ instrument: 'BTC/USD', price: 1 }, null, { price: 2 }, { instrument: 7 }],
    });
    expect(prefixMessage('kraken', raw)).toEqual({
      op: 'ticks',
      seq: 4,
      ticks: [{ instrument: 'kraken:BTC/USD', price: 1 }, null, { price: 2 }, { instrument: 7 }],
    });
  });

  it('leaves out the frames the replay server speaks itself, and text that is no JSON object', () => {
    for (const raw of [
      '{"op":"hello","instruments":[]}',
      '{"op":"heartbeat"}',
      '{"op":"ticks","ticks":null}',
      '{"op":"snapshot"}',
      'not json',
      '42',
      'null',
    ])
      expect(prefixMessage('sim', raw), raw).toBeNull();
  });
});
