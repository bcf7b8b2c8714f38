/**
 * A feed's frames folded in slices, so one large frame does not hold the engine's event loop
 * for its whole fold. The simulator's default mix at 280k ticks/s sends frames of about 2,800
 * ticks every 10 ms, and more when it runs late (up to 20,000); folded in one go such a frame
 * was a task of 10-300 ms on the worker, and its batches, timers and port messages waited
 * behind it (docs/PERFORMANCE.md, "The engine worker's long tasks").
 *
 * A frame's messages are folded at most `sliceTicks` ticks a turn (a `ticks` message longer
 * than what is left of a slice is split), the first slice at once, the rest on later turns.
 * Frames that arrive meanwhile wait, in order, behind the one being folded, and the socket is
 * paused until none waits, so a feed faster than the fold backs up in TCP as it did before.
 * Order is kept: every message is folded once, in the order received.
 */
import type { ServerMessage } from '../../protocol/feed';

/** Ticks folded a turn: about 1.5-2 ms of the worker's fold at the default mix. */
export const SLICE_TICKS = 1_000;

/** Where the slices go, and the socket they hold back. */
export interface SliceTarget {
  /**
   * A slice of a frame's messages. `continued`: its first message is the rest of a `ticks`
   * message split at the previous slice's end (not a frame of its own, for the health counts).
   */
  fold(messages: readonly ServerMessage[], receivedAt: number, continued: boolean): void;
  pause(): void;
  resume(): void;
}

/** The frame being folded: which message, and which of its ticks, comes next. */
interface Folding {
  readonly messages: readonly ServerMessage[];
  readonly receivedAt: number;
  index: number;
  tick: number;
  /** The frame's first slice continues an earlier one's (a piece of a cut frame). */
  continued: boolean;
}

export class FrameSlices {
  /** Frames that came while another was being folded, each taken in turn. */
  private readonly waiting: (() => void)[] = [];
  private folding: Folding | null = null;
  private scheduled = false;
  /** Inside a slice's fold: a drain asked from there (a teardown) must not fold out of order. */
  private inFold = false;

  constructor(
    private readonly target: SliceTarget,
    private readonly sliceTicks: number = SLICE_TICKS,
    private readonly later: (run: () => void) => void = setImmediate,
  ) {
    if (!Number.isInteger(sliceTicks) || sliceTicks < 1)
      throw new RangeError(`a slice must be a positive whole number of ticks, got ${sliceTicks}`);
  }

  /** True while a frame is being folded or waits to be. */
  get busy(): boolean {
    return this.folding !== null || this.waiting.length > 0;
  }

  /** A frame came: `take` decodes it (and hands its messages to {@link messages}) in its turn. */
  frame(take: () => void): void {
    this.frames([take]);
  }

  /** A frame cut in pieces (./ticks-frame-pieces.ts): each taken in a turn of its own. */
  frames(takes: readonly (() => void)[]): void {
    if (this.busy) this.waiting.push(...takes);
    else {
      this.waiting.push(...takes.slice(1));
      takes[0]?.();
      this.settle();
    }
    if (this.busy) this.target.pause();
  }

  /**
   * A frame's messages: the first slice folded now, the rest on later turns. `continued`: a
   * piece after the first of a frame that was cut (not a frame of its own, for the counts).
   */
  messages(messages: readonly ServerMessage[], receivedAt: number, continued = false): void {
    if (this.folding !== null) this.foldRest(); // only by a drain's frame: keep the order
    this.folding = { messages, receivedAt, index: 0, tick: 0, continued };
    this.foldSlice(this.sliceTicks);
    this.settle();
  }

  /**
   * Folds everything now, in order (the socket is about to go: what it delivered is folded
   * before its end is told). Inside a slice's own fold it does nothing: what is left follows.
   */
  drain(): void {
    if (this.inFold) return;
    while (this.busy) {
      if (this.folding !== null) this.foldRest();
      else this.waiting.shift()!();
    }
    this.target.resume();
  }

  /** Drops the frames still waiting (their socket was discarded before they were taken). */
  dropWaiting(): void {
    this.waiting.length = 0;
  }

  private readonly run = (): void => {
    this.scheduled = false;
    if (this.folding !== null) this.foldSlice(this.sliceTicks);
    else if (this.waiting.length > 0) this.waiting.shift()!();
    this.settle();
  };

  private settle(): void {
    if (!this.busy) return this.target.resume();
    if (this.scheduled) return;
    this.scheduled = true;
    this.later(this.run);
  }

  private foldRest(): void {
    while (this.folding !== null) this.foldSlice(Infinity);
  }

  /** Folds up to `budget` ticks (a message other than `ticks` counts one) of the frame. */
  private foldSlice(budget: number): void {
    const f = this.folding!;
    const continued = f.tick > 0 || (f.continued && f.index === 0);
    const slice: ServerMessage[] = [];
    let room = budget;
    while (room > 0 && f.index < f.messages.length) {
      const message = f.messages[f.index]!;
      if (message.op !== 'ticks') {
        slice.push(message);
        room--;
        f.index++;
        continue;
      }
      const left = message.ticks.length - f.tick;
      if (left <= room && f.tick === 0) slice.push(message);
      else
        slice.push({
          ...message,
          ticks: message.ticks.slice(f.tick, f.tick + Math.min(left, room)),
        });
      if (left <= room) {
        room -= left;
        f.index++;
        f.tick = 0;
      } else {
        f.tick += room;
        room = 0;
      }
    }
    // Advanced before the fold, so a drain from inside it sees where this slice ends.
    if (f.index >= f.messages.length) this.folding = null;
    this.inFold = true;
    try {
      this.target.fold(slice, f.receivedAt, continued);
    } finally {
      this.inFold = false;
    }
  }
}
