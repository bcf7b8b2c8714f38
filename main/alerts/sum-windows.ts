/**
 * Sliding sums of trade sizes (`volume-above`) by the feed's event time, for several window
 * lengths at once, each with the lowest threshold of its rules: a SumRing (one ring of trades,
 * a lazy cursor and an exact sum per length) that a push tells whether any sum may be over its
 * threshold.
 *
 * Counted: while every sum is a safe integer, a whole size up to the room left (how much the
 * sums may grow before one passes its threshold) is only taken off the room, a small-integer
 * field of this object; no window's number is read or written, and the sums take the sizes so
 * counted in one addition when next read (whole numbers add exactly, in any order, so each sum
 * is the number it would have been). Otherwise (a fractional sum, an exchange feed's sizes) a
 * push adds its size to every sum and compares each with its threshold, as it always did.
 */
import { SUM, SumRing, THRESHOLD, W } from './sum-ring';

/** The most room counted: a V8 small integer, so the field stays one (never a boxed double). */
const MAX_ROOM = 2 ** 30 - 1;
/** Sums up to this take a counted room (under 2^30) and stay exact integers. */
const MAX_COUNTED_SUM = 2 ** 52;

/**
 * `room` less what a window of `sum` under `threshold` leaves: a whole sum passes the threshold
 * only when it passes the threshold's floor; -1 while a sum is fractional or too large to count on.
 */
function roomLeft(room: number, sum: number, threshold: number): number {
  if (room < 0 || !Number.isInteger(sum) || sum > MAX_COUNTED_SUM) return -1;
  const left = Math.floor(threshold) - sum;
  return left >= 0 ? Math.min(room, left) : -1;
}

/**
 * Trades counted off a room and not yet written to their rings, with their owners, for every
 * SumWindows in the thread: a quiet push writes here (hot lines) instead of to its ring (a line
 * that other instruments' ticks have pushed out of the caches by its next trade). Written out
 * before a ring that has trades here is read or changed otherwise (a sum asked for, a push
 * that is not counted, a window added, a clear), and when full.
 */
const STAGED = 512;
const stagedOwners: (SumWindows | null)[] = [];
const staged = new Float64Array(2 * STAGED);
let stagedCount = 0;
/** How many times the staged trades were written out: the log a ring staged into, if equal. */
let writes = 0;

export class SumWindows extends SumRing {
  /**
   * Whole sizes that may still be pushed with no window's sum passing its threshold, less those
   * counted since the sums last took them (-1: every push adds to the sums); `counted - room`
   * is what the sums have yet to take.
   */
  private room = -1;
  private counted = -1;
  /** The value of `writes` when this ring last staged a trade: it has some staged while equal. */
  private stagedIn = -1;

  /** Adds a window length, from the oldest entry kept, with no threshold; returns its index. */
  override addWindow(windowMs: number): number {
    this.writeOwnStaged();
    this.settle();
    const k = super.addWindow(windowMs);
    this.buf[W * k + THRESHOLD] = Infinity;
    this.setRoom();
    return k;
  }

  /** The lowest threshold among the rules on window `k` (Infinity for none), kept by the owner. */
  threshold(k: number): number {
    return this.buf[W * k + THRESHOLD] as number;
  }

  setThreshold(k: number, value: number): void {
    this.settle();
    this.buf[W * k + THRESHOLD] = value;
    this.setRoom();
  }

  override clear(): void {
    this.writeOwnStaged();
    super.clear();
    this.setRoom();
  }

  /**
   * Adds a trade's size (>= 0) at `ts` (not before the last one); false when no window's
   * {@link bound} is over its threshold, so no rule on them can fire.
   */
  push(ts: number, size: number): boolean {
    if (size <= this.room && Number.isInteger(size)) {
      this.room -= size;
      const n = stagedCount++;
      stagedOwners[n] = this;
      staged[2 * n] = ts;
      staged[2 * n + 1] = size;
      this.stagedIn = writes;
      if (stagedCount === STAGED) SumWindows.writeStaged();
      return false;
    }
    this.writeOwnStaged();
    this.write(ts, size);
    return this.add(size);
  }

  /**
   * Writes every staged trade into its ring, oldest first: the rings' lines, cold between two
   * trades of an instrument, are then written in one loop whose misses overlap.
   */
  static writeStaged(): void {
    const n = stagedCount;
    stagedCount = 0;
    writes++;
    for (let i = 0; i < n; i++) {
      const owner = stagedOwners[i] as SumWindows;
      // Let go of it: a ring whose instrument left the rules is not kept alive by the log.
      stagedOwners[i] = null;
      owner.write(staged[2 * i] as number, staged[2 * i + 1] as number);
    }
  }

  /** Writes out the staged trades if this ring has some there (another ring's wait). */
  private writeOwnStaged(): void {
    if (this.stagedIn === writes) SumWindows.writeStaged();
  }

  /** Appends a trade to the ring (the sums take its size apart). */
  private write(ts: number, size: number): void {
    if (this.tail - this.head > this.mask) this.makeRoomFor(ts);
    const at = this.base + 2 * (this.tail & this.mask);
    this.buf[at] = ts;
    this.buf[at + 1] = size;
    this.tail++;
  }

  /** At least the sum of window `k`, without moving its cursor: a sum not over a threshold fires nothing. */
  bound(k: number): number {
    this.settle();
    return this.buf[W * k + SUM] as number;
  }

  /** The sum of window `k` as of the newest entry: its sizes added oldest first. */
  sum(k: number): number {
    this.writeOwnStaged();
    this.settle();
    return this.sumOf(k);
  }

  /** Adds the newest size to every sum; true when one is then over its threshold. */
  private add(size: number): boolean {
    this.settle();
    if (!Number.isInteger(size)) this.integralFrom = this.tail;
    const buf = this.buf;
    let over = false;
    let room = MAX_ROOM;
    for (let k = 0; k < this.windows; k++) {
      const sum = (buf[W * k + SUM] as number) + size;
      buf[W * k + SUM] = sum;
      const threshold = buf[W * k + THRESHOLD] as number;
      if (sum > threshold) over = true;
      room = roomLeft(room, sum, threshold);
    }
    this.room = this.counted = room | 0;
    return over;
  }

  /** The ring is full: the sums settled first (cursors move), then the room they leave. */
  private makeRoomFor(ts: number): void {
    this.settle();
    this.makeRoom(ts);
    this.setRoom();
  }

  /** Adds the sizes counted off the room to every sum: whole numbers, so exactly. */
  private settle(): void {
    const pending = this.counted - this.room;
    if (pending === 0) return;
    for (let k = 0; k < this.windows; k++) (this.buf[W * k + SUM] as number) += pending;
    this.counted = this.room;
  }

  /** The room left once the sums are settled. */
  private setRoom(): void {
    let room = MAX_ROOM;
    for (let k = 0; k < this.windows; k++)
      room = roomLeft(room, this.buf[W * k + SUM] as number, this.buf[W * k + THRESHOLD] as number);
    this.room = this.counted = room | 0;
  }
}
