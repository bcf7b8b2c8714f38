/**
 * The chaos soak's own faults, on top of the simulator's: through the fault proxy it cuts the
 * connection, stalls it (open sockets, no data), delays frames (in order) or corrupts the next
 * ticks frames, at random times from a seeded schedule, and counts what it did.
 */
import type { FeedProxy } from '../test-support/fault-proxy';

/** Ways to corrupt a ticks frame so that it is malformed (TCP never flips bits; bugs truncate). */
function corrupt(text: string, r: () => number): string {
  const pick = r();
  if (pick < 0.4) return text.slice(0, Math.floor(r() * text.length));
  if (pick < 0.7) return text.replace(/"seq":\d+/, '"seq":"x"');
  if (pick < 0.85) return `\u0000${text.slice(1)}`;
  return '{"op":"ticks","ticks":[{"instrument":"?"}]}';
}

export class ProxyFaults {
  readonly counts = { cut: 0, stall: 0, delay: 0, corrupt: 0 };
  /** Frames corrupted (a corrupt fault spoils one to three). */
  framesCorrupted = 0;
  /** Of those, the frames the engine received. */
  corruptedReceived = 0;
  /** The corrupted texts sent and not yet received, with how many of each (truncations may repeat). */
  private readonly corruptedInFlight = new Map<string, number>();
  /** Frames are delayed until then. */
  private heldUntil = 0;
  /** Ticks frames still to corrupt. */
  private corruptNext = 0;
  private readonly held: [string, (text: string) => void][] = [];
  private readonly timers: NodeJS.Timeout[] = [];

  /** `r` draws the schedule and the corruptions; faults come on average `everyMs` apart. */
  constructor(
    private readonly r: () => number,
    private readonly everyMs: number,
  ) {}

  /** The proxy's relay: passes, delays or corrupts each frame from the feed. */
  readonly relay = (text: string, send: (text: string) => void): void => {
    if (this.corruptNext > 0 && text.startsWith('{"op":"ticks"')) {
      this.corruptNext--;
      this.framesCorrupted++;
      const spoiled = corrupt(text, this.r);
      this.corruptedInFlight.set(spoiled, (this.corruptedInFlight.get(spoiled) ?? 0) + 1);
      return send(spoiled);
    }
    if (Date.now() < this.heldUntil || this.held.length > 0) this.held.push([text, send]);
    else send(text);
  };

  /** Counts a frame as the engine received it, if it was one this corrupted. */
  received(text: string): void {
    const inFlight = this.corruptedInFlight.get(text);
    if (inFlight === undefined) return;
    this.corruptedReceived++;
    if (inFlight > 1) this.corruptedInFlight.set(text, inFlight - 1);
    else this.corruptedInFlight.delete(text);
  }

  /** Faults `proxy` at random times while `running()` holds. */
  start(proxy: FeedProxy, running: () => boolean): void {
    const schedule = () => {
      const wait = -Math.log(1 - this.r()) * this.everyMs;
      this.timers.push(
        setTimeout(() => {
          if (!running()) return;
          this.fault(proxy);
          schedule();
        }, wait),
      );
    };
    schedule();
  }

  /** No more faults: delayed frames go now, and no further frame is delayed or corrupted. */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.heldUntil = 0;
    this.corruptNext = 0;
    this.release();
  }

  private fault(proxy: FeedProxy): void {
    const pick = this.r();
    if (pick < 0.3) {
      this.counts.cut++;
      proxy.cut();
    } else if (pick < 0.45) {
      this.counts.stall++;
      proxy.silence(); // open sockets, no data: the engine must notice and replace the connection
    } else if (pick < 0.75) {
      this.counts.delay++;
      this.heldUntil = Date.now() + 50 + Math.floor(this.r() * 250);
      setTimeout(() => this.release(), this.heldUntil - Date.now() + 1);
    } else {
      this.counts.corrupt++;
      this.corruptNext += 1 + Math.floor(this.r() * 3);
    }
  }

  private release(): void {
    if (Date.now() < this.heldUntil) return;
    for (const [text, send] of this.held.splice(0)) send(text);
  }
}
