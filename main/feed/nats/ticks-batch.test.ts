import { describe, expect, it } from 'vitest';
import { decodeServerMessage } from '../../../protocol/decode';
import type { ServerMessage, Tick } from '../../../protocol/feed';
import { isRelayTicks, MAX_BATCH_BYTES, TicksBatch } from './ticks-batch';

const encode = (text: string) => new TextEncoder().encode(text);
const trade = (instrument: string, seq: number): Tick => ({
  instrument,
  seq,
  ts: 1_700_000_000_000 + seq,
  kind: 'trade',
  price: 100 + seq / 8,
  size: 1,
  side: 'buy',
});
/** A ticks message as the relay publishes it. */
const relayTicks = (ticks: Tick[]) => encode(JSON.stringify({ op: 'ticks', ticks }));

function collect() {
  const sent: ServerMessage[] = [];
  const batch = new TicksBatch((frame) => {
    const decoded = decodeServerMessage(new TextDecoder().decode(frame));
    if (!decoded.ok) throw new Error(decoded.error.message);
    sent.push(decoded.value);
  });
  return { sent, batch };
}

describe('TicksBatch', () => {
  it("sends one read's ticks messages as one, every tick in order", async () => {
    const { sent, batch } = collect();
    batch.add(relayTicks([trade('A', 1), trade('A', 2)]));
    batch.add(relayTicks([trade('B', 7)]));
    batch.add(relayTicks([trade('A', 3)]));
    expect(sent).toEqual([]);
    await Promise.resolve(); // the end of the task that delivered them
    expect(sent).toEqual([
      { op: 'ticks', ticks: [trade('A', 1), trade('A', 2), trade('B', 7), trade('A', 3)] },
    ]);
  });

  it('sends what it holds first when something else must go (flush), and a lone message as it came', () => {
    const frames: Uint8Array[] = [];
    const batch = new TicksBatch((frame) => frames.push(frame));
    const lone = relayTicks([trade('A', 1)]);
    batch.add(lone);
    batch.flush();
    expect(frames).toEqual([lone]);
    batch.flush();
    expect(frames).toHaveLength(1);
  });

  it(`sends at once when it reaches ${MAX_BATCH_BYTES} bytes`, () => {
    const { sent, batch } = collect();
    const big = relayTicks(Array.from({ length: 2_000 }, (_, i) => trade('A', i + 1)));
    expect(big.length).toBeGreaterThan(MAX_BATCH_BYTES / 2);
    batch.add(big);
    expect(sent).toEqual([]);
    batch.add(big);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.op === 'ticks' && sent[0]!.ticks).toHaveLength(4_000);
  });

  it("takes only messages of the relay's exact shape", () => {
    expect(isRelayTicks(relayTicks([trade('A', 1)]))).toBe(true);
    for (const other of [
      '{"op":"ticks","ticks":[]}',
      '{"ticks":[{"seq":1}],"op":"ticks"}',
      '{"op":"snapshot","instrument":"A","seq":1}',
      '{"op":"ticks","ticks":[{"seq":1}]} ',
      '{"op":"ticks", "ticks":[{"seq":1}]}',
    ])
      expect(isRelayTicks(encode(other)), other).toBe(false);
  });
});
