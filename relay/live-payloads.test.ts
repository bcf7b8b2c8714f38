import { describe, expect, it } from 'vitest';
import type { Tick } from '../protocol/feed';
import { HEADER_ROOM_BYTES, MAX_PUBLISH_BYTES, maxLiveBytes, ticksPayloads } from './live-payloads';

const trade = (seq: number, id = 'A'): Tick => ({
  instrument: id,
  seq,
  ts: 1,
  kind: 'trade',
  price: 10,
  size: 1,
  side: 'buy',
});
const decoder = new TextDecoder();

describe('live payloads', () => {
  it("are at most the server's max_payload less header room, and never over 512 KiB", () => {
    expect(maxLiveBytes(65_536)).toBe(65_536 - HEADER_ROOM_BYTES);
    expect(maxLiveBytes(1024 * 1024)).toBe(MAX_PUBLISH_BYTES);
    expect(maxLiveBytes(undefined)).toBe(MAX_PUBLISH_BYTES);
  });

  it('keep ticks that fit in one message, encoded as before', () => {
    const ticks = [trade(1), trade(2)];
    const { payloads, tooBig } = ticksPayloads(ticks, 1_000);
    expect(payloads).toEqual([
      {
        payload: new TextEncoder().encode(JSON.stringify({ op: 'ticks', ticks })),
        range: { firstSeq: 1, lastSeq: 2 },
      },
    ]);
    expect(tooBig).toEqual([]);
  });

  it('cut the rest into runs that each fit, in order, and name a tick no message can hold', () => {
    const huge: Tick = { ...trade(51), kind: 'book', full: true, bids: [[1, 1]], asks: [] };
    const bigId = { ...huge, bids: Array.from({ length: 200 }, (_, i) => [i, 1] as const) };
    const ticks = [
      ...Array.from({ length: 50 }, (_, i) => trade(i + 1)),
      bigId,
      ...Array.from({ length: 49 }, (_, i) => trade(i + 52)),
    ];
    const { payloads, tooBig } = ticksPayloads(ticks, 1_000);
    const runs = payloads.map(({ payload, range }) => {
      expect(payload.length).toBeLessThanOrEqual(1_000);
      const sent = (JSON.parse(decoder.decode(payload)) as { ticks: Tick[] }).ticks;
      expect(range).toEqual({ firstSeq: sent[0]!.seq, lastSeq: sent.at(-1)!.seq });
      return sent;
    });
    expect(runs.length).toBeGreaterThan(5);
    expect(runs.flat()).toEqual(ticks.filter((t) => t !== bigId));
    expect(tooBig).toEqual([
      { tick: bigId, bytes: JSON.stringify({ op: 'ticks', ticks: [bigId] }).length },
    ]);
  });
});
