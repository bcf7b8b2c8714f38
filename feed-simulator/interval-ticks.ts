/**
 * One cadence interval's ticks, with their instrument indexes. Clients that take every tick of
 * the same instruments receive the same `ticks` message, so it is written once per distinct
 * subscription and the same Buffer is sent to each of them: with hundreds of clients on a
 * handful of subscriptions, writing a message per client was most of the server's fan-out cost.
 * A book tick, written through `JSON.stringify`, is written once for all of them.
 */
import type { Tick } from '../protocol/feed';
import { ticksMessageBytes } from './tick-bytes';

/** The ticks generated since the previous interval, and their messages shared between clients. */
export class IntervalTicks {
  readonly ticks: Tick[] = [];
  /** `indices[i]` is the instrument index of `ticks[i]`. */
  readonly indices: number[] = [];
  /** Messages by subscription key; null when no instrument of that subscription ticked. */
  private readonly frames = new Map<string, Buffer | null>();
  private readonly picked: Tick[] = [];
  /** Book and sports ticks' bytes, written once however many messages hold them. */
  private readonly others = new Map<Tick, Buffer>();

  push(tick: Tick, index: number): void {
    this.ticks.push(tick);
    this.indices.push(index);
  }

  /**
   * The `ticks` message of this interval's ticks of the instruments `takes` accepts, in
   * generation order, or null when there are none. Written once per `key`: every caller with
   * the same key must accept the same instruments, and gets the very same Buffer. Sending a
   * Buffer also spares each client's socket its own UTF-8 encoding of the message.
   */
  frameFor(key: string, takes: (index: number) => boolean): Buffer | null {
    let frame = this.frames.get(key);
    if (frame === undefined) {
      const picked = this.picked;
      picked.length = 0;
      for (let i = 0; i < this.ticks.length; i++)
        if (takes(this.indices[i]!)) picked.push(this.ticks[i]!);
      frame = picked.length === 0 ? null : ticksMessageBytes(picked, this.others);
      this.frames.set(key, frame);
    }
    return frame;
  }
}
