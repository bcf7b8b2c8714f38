/**
 * Sends queued work one item per turn of the event loop, so what the loop polls for in between
 * (the feed's socket) is never behind more than one item. The engine's worker posts its batches
 * through one: a batch's post is a structured clone of it, several ms each, and when it was
 * posted in the same task that built it, a frame that arrived meanwhile waited for both, and for
 * every other consumer's batch after them (docs/PERFORMANCE.md, "Tick-to-alert latency").
 */
export class TurnQueue<T> {
  private readonly items: T[] = [];
  private scheduled = false;

  constructor(private readonly send: (item: T) => void) {}

  push(item: T): void {
    this.items.push(item);
    if (!this.scheduled) this.schedule();
  }

  private schedule(): void {
    this.scheduled = true;
    // An immediate runs after the loop's poll for I/O, so frames already waiting go first.
    setImmediate(() => {
      this.scheduled = false;
      const item = this.items.shift();
      if (this.items.length > 0) this.schedule();
      if (item !== undefined) this.send(item);
    });
  }
}
