/**
 * One frame from the feed, taken in: refused when binary, handed on as received, decoded by
 * the connection's dialect, and its parts told in the order the owner needs them (a resync's
 * snapshot and the hello noted first, then the messages to the connection's state, so a tick
 * or heartbeat makes it live before its data is folded; the lost instruments before the
 * messages, replies sent, then whether the dialect wants the connection failed or replaced).
 */
import type { RawData } from 'ws';
import type { HelloMessage, ServerMessage } from '../../protocol/feed';
import type { FeedConnection, LostState } from './feed-protocol';

/** What a feed client tells its owner of each frame. */
export interface FrameHandlers {
  /** Every text frame exactly as received, before decoding. */
  frame(text: string, receivedAt: number): void;
  /**
   * A frame's messages; with `continued`, the first is the rest of a `ticks` message whose
   * start came in the previous call (a frame folded in slices, ./frame-slices.ts).
   */
  messages(messages: readonly ServerMessage[], receivedAt: number, continued?: boolean): void;
  /**
   * The dialect found these instruments' state broken (`FrameResult.resync`); heard before the
   * frame's messages so their seq jumps are not taken for a second gap. The owner asks for the
   * resync (see `FeedClient.resync`).
   */
  lost(lost: readonly LostState[], receivedAt: number): void;
  malformed(error: string): void;
}

/** What a frame asks of the connection it came on. */
export interface FrameEffects {
  /** A snapshot of `instrument` came: a resync of it is complete. */
  snapshot(instrument: string): void;
  hello(message: HelloMessage): void;
  /**
   * The frame's messages, before the owner hears them: whether the connection is live
   * (`snapshotsCurrent`: see `FrameResult`).
   */
  decoded(messages: readonly ServerMessage[], receivedAt: number, snapshotsCurrent: boolean): void;
  send(frame: string): void;
  fail(reason: string): void;
  reconnect(reason: string): void;
}

export function takeFrame(
  session: FeedConnection,
  /** As the socket gave it, or already as text. */
  data: RawData | string,
  isBinary: boolean,
  receivedAt: number,
  handlers: FrameHandlers,
  effects: FrameEffects,
): void {
  if (isBinary) return handlers.malformed('binary frame (the protocol is JSON text)');
  const text = data.toString();
  handlers.frame(text, receivedAt);
  const result = session.decode(text, receivedAt);
  if (!result.ok) return handlers.malformed(result.error);
  for (const message of result.messages) {
    if (message.op === 'snapshot') effects.snapshot(message.instrument);
    else if (message.op === 'hello') effects.hello(message);
  }
  effects.decoded(result.messages, receivedAt, result.snapshotsCurrent === true);
  if (result.resync?.length) handlers.lost(result.resync, receivedAt);
  handlers.messages(result.messages, receivedAt);
  for (const frame of result.reply ?? []) effects.send(frame);
  if (result.fail) effects.fail(result.fail);
  else if (result.reconnect) effects.reconnect(result.reconnect);
}
