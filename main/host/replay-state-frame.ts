/**
 * The replay state a frame from the replay server carries: a `replay` frame's `state`, or a
 * `hello`'s `replay`. Other frames are told apart by their first bytes, unparsed (the engine
 * hands every replayed frame to the controller).
 */
import type { ReplayInfo } from '../../protocol/feed';

/** The replay state `text` carries, or undefined for any other frame or text that is no JSON. */
export function replayStateOf(text: string): ReplayInfo | undefined {
  if (!text.startsWith('{"op":"replay"') && !text.startsWith('{"op":"hello"')) return undefined;
  try {
    const m = JSON.parse(text) as { op: string; state?: ReplayInfo; replay?: ReplayInfo };
    return m.op === 'replay' ? m.state : m.replay;
  } catch {
    return undefined;
  }
}
