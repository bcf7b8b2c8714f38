/**
 * A NATS session's side towards the engine: the feed-client socket it writes, in order. The
 * relay's ticks messages are merged (./ticks-batch.ts) and any other frame goes after the ticks
 * merged before it; problems go as statuses without a request, which the engine shows in its
 * health bar; a NATS message over its bound is refused and reported, not forwarded.
 */
import type { Msg } from '@nats-io/nats-core';
import type { WebSocket } from 'ws';
import { TicksBatch } from './ticks-batch';

/** A NATS message bigger than this is refused (and reported), bytes. */
export const MAX_NATS_MESSAGE_BYTES = 1024 * 1024;

/** A message's JSON as the engine is sent it: text, or the UTF-8 bytes NATS delivered. */
export type Frame = string | Uint8Array;

export class EngineSocket {
  private closed = false;
  /** The relay's ticks messages on their way, merged. */
  private readonly batch = new TicksBatch((frame) => this.sendNow(frame));

  constructor(private readonly ws: WebSocket) {}

  /** Sends a frame after the ticks merged before it. */
  send(frame: Frame): void {
    this.batch.flush();
    this.sendNow(frame);
  }

  /** Adds a relay ticks message (`isRelayTicks`) to the frame being merged. */
  sendTicks(frame: Uint8Array): void {
    this.batch.add(frame);
  }

  /** A problem the desktop shows in its health bar, as a status without a request. */
  report(code: 'BAD_REQUEST' | 'INTERNAL', message: string): void {
    this.send(JSON.stringify({ op: 'status', id: null, ok: false, error: { code, message } }));
  }

  /** True (and reported) when the message is over `maxBytes`: the caller drops it. */
  refusesSize(msg: Msg, maxBytes = MAX_NATS_MESSAGE_BYTES): boolean {
    if (msg.data.length <= maxBytes) return false;
    this.report('BAD_REQUEST', `NATS message on ${msg.subject} refused: ${msg.data.length} bytes`);
    return true;
  }

  /** Stops sending; frames still merged are dropped with the socket. */
  close(): void {
    this.closed = true;
  }

  /** Closes the socket after the ticks on their way. */
  cut(code: number, reason: string): void {
    this.batch.flush();
    this.closed = true;
    this.ws.close(code, reason);
  }

  private sendNow(frame: Frame): void {
    // Bytes go as a text frame too: they are the JSON text, UTF-8 encoded.
    if (!this.closed) this.ws.send(frame, { binary: false });
  }
}
