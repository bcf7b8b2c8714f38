/**
 * A source's frames and marks as a recording set replays them: every instrument id prefixed by
 * the source's name (`kraken:BTC/USD`, `sim:ACME`), so several sources' instruments never meet.
 */
import type { SnapshotMessage, Tick, TicksMessage } from '../protocol/feed';
import { formatInstrumentName } from '../protocol/source-names';

/**
 * The frame with its instrument ids prefixed, for the frames a replay sends (`snapshot`,
 * `ticks`); null for the others (the replay server speaks `hello`, `status`, `heartbeat` and
 * `replay` itself) and for text that is not a JSON object.
 */
export function prefixMessage(name: string, raw: string): object | null {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  const message = m as Partial<SnapshotMessage> | Partial<TicksMessage>;
  if (message.op === 'snapshot' && typeof message.instrument === 'string')
    return prefixSnapshot(name, message as SnapshotMessage);
  if (message.op !== 'ticks' || !Array.isArray(message.ticks)) return null;
  return {
    ...message,
    ticks: message.ticks.map((t: unknown) =>
      typeof t === 'object' && t !== null && typeof (t as Tick).instrument === 'string'
        ? { ...t, instrument: formatInstrumentName(name, (t as Tick).instrument) }
        : t,
    ),
  };
}

/** The snapshot with its instrument id prefixed by source `name`. */
export function prefixSnapshot(name: string, snap: SnapshotMessage): SnapshotMessage {
  return { ...snap, instrument: formatInstrumentName(name, snap.instrument) };
}
