/**
 * Output buffers for large frames, reused once everyone holding one has let go (the interval
 * that wrote it, and each socket it was sent to, once that socket has written it). At full rate
 * one client gets a 2–4 MB frame per interval: a fresh Buffer each time cost a page fault per
 * 4 KiB page on its first write, and the external memory of frames waiting for GC made V8 run
 * collections just to free them (a profile at 2M ticks/s put the copy into a fresh Buffer at 8 %
 * of the simulator's CPU, besides the GC).
 */

/** Smaller frames come from Node's own Buffer pool, which already recycles them. */
const MIN_POOLED_BYTES = 64 * 1024;
/** Headroom on a new buffer, so the next slightly bigger frame fits it too. */
const GROWTH = 1.25;
/** Free buffers kept: a frame in flight per interval and a few more. */
const MAX_FREE = 4;

/** Reference-counted output buffers. */
export class FramePool {
  private readonly free: Buffer[] = [];
  /** Holders of each pooled buffer in use, by its memory. */
  private readonly holders = new Map<ArrayBufferLike, number>();

  /** A copy of `bytes` in a Buffer, held once by the caller (pooled only when large). */
  copy(bytes: Uint8Array): Buffer {
    if (bytes.length < MIN_POOLED_BYTES) return Buffer.from(bytes);
    const at = this.free.findIndex((b) => b.length >= bytes.length);
    const whole =
      at >= 0
        ? this.free.splice(at, 1)[0]!
        : Buffer.allocUnsafeSlow(Math.ceil(bytes.length * GROWTH));
    whole.set(bytes);
    this.holders.set(whole.buffer, 1);
    return whole.subarray(0, bytes.length);
  }

  /** One more holder of `frame` (a socket it is about to be sent to); false if not pooled. */
  hold(frame: Buffer): boolean {
    const holders = this.holders.get(frame.buffer);
    if (holders === undefined) return false;
    this.holders.set(frame.buffer, holders + 1);
    return true;
  }

  /** A holder lets go of `frame`; the last one returns its buffer to the pool. */
  release(frame: Buffer): void {
    const holders = this.holders.get(frame.buffer);
    if (holders === undefined) return;
    if (holders > 1) {
      this.holders.set(frame.buffer, holders - 1);
      return;
    }
    this.holders.delete(frame.buffer);
    if (this.free.length < MAX_FREE) this.free.push(Buffer.from(frame.buffer));
  }
}
