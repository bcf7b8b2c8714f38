/**
 * One cadence interval's ticks, with their instrument indexes. Each tick is serialised at most
 * once, and the whole `ticks` message at most once (text and bytes), however many clients
 * receive them.
 */
import type { Tick } from '../protocol/feed';
import { TicksMessageWriter } from './tick-bytes';
import { tickJson, ticksMessageJson } from './tick-json';

/** One writer for every interval: intervals are built one at a time, and it reuses its buffer. */
const writer = new TicksMessageWriter();

/** The ticks generated since the previous interval, serialised lazily and shared between clients. */
export class IntervalTicks {
  readonly ticks: Tick[] = [];
  /** `indices[i]` is the instrument index of `ticks[i]`. */
  readonly indices: number[] = [];
  private jsons: string[] | null = null;
  private message: string | null = null;
  private bytes: Buffer | null = null;

  push(tick: Tick, index: number): void {
    this.ticks.push(tick);
    this.indices.push(index);
  }

  /** The JSON text of tick `i`. */
  tickJson(i: number): string {
    return this.tickJsons()[i]!;
  }

  /** The `ticks` message holding every tick of the interval. */
  messageJson(): string {
    this.message ??= ticksMessageJson(this.tickJsons());
    return this.message;
  }

  /**
   * The same message as UTF-8 bytes, written once without intermediate strings (see
   * tick-bytes.ts); sending a Buffer also spares each client's socket its own encoding of a
   * frame that can be megabytes long.
   */
  messageBytes(): Buffer {
    this.bytes ??= writer.write(this.ticks);
    return this.bytes;
  }

  private tickJsons(): string[] {
    this.jsons ??= this.ticks.map(tickJson);
    return this.jsons;
  }
}
