/**
 * One cadence interval's ticks, with their instrument indexes. Each tick is serialised at most
 * once, and the whole `ticks` message at most once (text and bytes), however many clients
 * receive them.
 */
import type { Tick } from '../protocol/feed';
import { tickJson, ticksMessageJson } from './tick-json';

/** The ticks generated since the previous frame, serialised lazily and shared between clients. */
export class Frame {
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

  /** The `ticks` message holding every tick of the frame. */
  messageJson(): string {
    this.message ??= ticksMessageJson(this.tickJsons());
    return this.message;
  }

  /**
   * The same message as UTF-8 bytes, encoded once: sending a Buffer spares each client's socket
   * its own encoding of a frame that can be megabytes long.
   */
  messageBytes(): Buffer {
    this.bytes ??= Buffer.from(this.messageJson());
    return this.bytes;
  }

  private tickJsons(): string[] {
    this.jsons ??= this.ticks.map(tickJson);
    return this.jsons;
  }
}
