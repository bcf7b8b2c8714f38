/**
 * Replays a recording of an exchange feed through the same adapter the live feed used: the
 * replay server hands each recorded raw frame here, with its recorded receive time, and serves
 * the protocol frames that come back. The exchange session sees exactly what it saw live —
 * the same frames with the same receive times, a fresh session at each recorded reconnect, and the state
 * changes of the resyncs it asked for — so it produces the same ticks and snapshots.
 */
import type { Instrument, SnapshotMessage, TicksMessage } from '../../../protocol/feed';
import { parseFeedTarget } from '../../../protocol/feed-target';
import type { FrameTranslator, FrameTranslatorFactory } from '../../../recording';
import type { FeedConnection } from '../feed-protocol';
import { createExchangeProtocol } from './exchange-protocol';

/** The translator for a recorded feed target such as `kraken:BTC/USD`. */
export const exchangeFrameTranslator: FrameTranslatorFactory = (feed): FrameTranslator => {
  const parsed = parseFeedTarget(feed);
  if (!parsed.ok || parsed.target.kind !== 'exchange')
    throw new Error(`"${feed}" is not an exchange feed Tickdeck can replay`);
  let clock = 0;
  const protocol = createExchangeProtocol(parsed.target, null, () => clock);
  let session: FeedConnection | null = null;
  /** The latest definition of every instrument announced, and those that carried data. */
  const announced = new Map<string, Instrument>();
  let current = new Set<string>();
  const withData = new Set<string>();
  return {
    translate(raw, receivedAt) {
      clock = receivedAt;
      if (session === null) {
        session = protocol.createConnection();
        session.open(new Map(), 0); // the subscription frames it returns went out live
      }
      const result = session.decode(raw, receivedAt);
      if (!result.ok) return []; // counted as malformed when it arrived live
      // Live, the engine asked for these resyncs at once; the adapter's state must follow.
      if (result.resync?.length)
        session.resync(
          result.resync.map((lost) => lost.instrument),
          0,
        );
      const frames: (SnapshotMessage | TicksMessage)[] = [];
      for (const m of result.messages) {
        if (m.op === 'hello') {
          for (const i of m.instruments) announced.set(i.id, i);
          current = new Set(m.instruments.map((i) => i.id));
        } else if (m.op === 'snapshot' || m.op === 'ticks') {
          if (m.op === 'snapshot') withData.add(m.instrument);
          else for (const t of m.ticks) withData.add(t.instrument);
          frames.push(m);
        }
      }
      return frames;
    },
    reconnected() {
      session = null;
    },
    // Those still listed at the end, and any that showed data before it left (a finished game).
    instruments: () =>
      [...announced.values()].filter((i) => current.has(i.id) || withData.has(i.id)),
  };
};
