/**
 * The relay's `ticks` messages, merged into one frame per NATS read for the engine. The relay
 * publishes one message per instrument per source frame (desks subscribe per instrument), so
 * at 20 instruments a desk gets twenty times the frames a direct desk gets for the same ticks,
 * and each frame costs the engine its fixed share (socket write and read, event, parse): it
 * was most of what a NATS desk cost over a direct one (docs/PERFORMANCE.md, "NATS fan-out").
 * Merging keeps every tick and its order. Only messages exactly of the relay's shape
 * (`{"op":"ticks","ticks":[...]}`) are merged; anything else goes alone, after the batch.
 */

const encoder = new TextEncoder();
/** How the relay's ticks messages begin and end (JSON.stringify of `{ op, ticks }`). */
const HEAD = encoder.encode('{"op":"ticks","ticks":[');
const TAIL = encoder.encode(']}');
const COMMA = encoder.encode(',');
/** A batch this big goes at once: frames stay the size a direct desk gets, bytes. */
export const MAX_BATCH_BYTES = 256 * 1024;

/** True when `frame` is a non-empty ticks message of the relay's shape. */
export function isRelayTicks(frame: Uint8Array): boolean {
  if (frame.length <= HEAD.length + TAIL.length) return false;
  for (let i = 0; i < HEAD.length; i++) if (frame[i] !== HEAD[i]) return false;
  return frame[frame.length - 2] === TAIL[0] && frame[frame.length - 1] === TAIL[1];
}

/**
 * Collects ticks frames and hands them to `send` as one: at the end of the current task (the
 * NATS client delivers a socket read's messages in one), when the batch reaches
 * {@link MAX_BATCH_BYTES}, or when {@link flush} is called before another frame is sent.
 */
export class TicksBatch {
  private frames: Uint8Array[] = [];
  private bytes = 0;
  private scheduled = false;

  constructor(private readonly send: (frame: Uint8Array) => void) {}

  /** Adds a frame that {@link isRelayTicks} accepted. */
  add(frame: Uint8Array): void {
    this.frames.push(frame);
    this.bytes += frame.length;
    if (this.bytes >= MAX_BATCH_BYTES) return this.flush();
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Sends what is collected, as one frame. */
  flush(): void {
    const frames = this.frames;
    if (frames.length === 0) return;
    this.frames = [];
    this.bytes = 0;
    if (frames.length === 1) return this.send(frames[0]!);
    const parts: Uint8Array[] = [HEAD];
    frames.forEach((frame, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(frame.subarray(HEAD.length, frame.length - TAIL.length));
    });
    parts.push(TAIL);
    this.send(Buffer.concat(parts));
  }
}
