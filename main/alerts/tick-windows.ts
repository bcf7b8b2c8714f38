/**
 * Sliding windows over one instrument's values, by the feed's event time: the highest and
 * lowest value (monotonic deques) and a running sum. Each push costs amortized O(1), so a
 * window rule costs the same per tick whatever its window holds.
 */

/** Numbers in arrival order with O(1) amortized removal at both ends. */
class NumberDeque {
  private items: number[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }
  first(): number {
    return this.items[this.head] as number;
  }
  last(): number {
    return this.items[this.items.length - 1] as number;
  }
  push(v: number): void {
    this.items.push(v);
  }
  popLast(): void {
    this.items.pop();
  }
  clear(): void {
    this.items = [];
    this.head = 0;
  }
  shift(): void {
    this.head++;
    // Compact once the dead prefix outweighs the live part, so memory stays O(window).
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

/** The highest and lowest value among the ticks of the last `windowMs`. */
export class ExtremaWindow {
  private readonly maxTs = new NumberDeque();
  private readonly maxV = new NumberDeque();
  private readonly minTs = new NumberDeque();
  private readonly minV = new NumberDeque();

  constructor(readonly windowMs: number) {}

  /** Adds a value at `ts` (not before the last one) and drops what fell out of the window. */
  push(ts: number, v: number): void {
    while (this.maxV.length > 0 && this.maxV.last() <= v) {
      this.maxV.popLast();
      this.maxTs.popLast();
    }
    this.maxV.push(v);
    this.maxTs.push(ts);
    while (this.minV.length > 0 && this.minV.last() >= v) {
      this.minV.popLast();
      this.minTs.popLast();
    }
    this.minV.push(v);
    this.minTs.push(ts);
    const from = ts - this.windowMs;
    while (this.maxTs.first() < from) {
      this.maxTs.shift();
      this.maxV.shift();
    }
    while (this.minTs.first() < from) {
      this.minTs.shift();
      this.minV.shift();
    }
  }

  clear(): void {
    for (const d of [this.maxTs, this.maxV, this.minTs, this.minV]) d.clear();
  }

  /** Highest value in the window; call after a push. */
  max(): number {
    return this.maxV.first();
  }
  /** Lowest value in the window; call after a push. */
  min(): number {
    return this.minV.first();
  }
}

/** The sum of the values of the last `windowMs` (trade sizes, for `volume-above`). */
export class SumWindow {
  private readonly ts = new NumberDeque();
  private readonly values = new NumberDeque();
  private total = 0;

  constructor(readonly windowMs: number) {}

  push(ts: number, v: number): void {
    this.ts.push(ts);
    this.values.push(v);
    this.total += v;
    const from = ts - this.windowMs;
    while (this.ts.first() < from) {
      this.total -= this.values.first();
      this.ts.shift();
      this.values.shift();
    }
  }

  clear(): void {
    this.ts.clear();
    this.values.clear();
    this.total = 0;
  }

  sum(): number {
    return this.total;
  }
}
