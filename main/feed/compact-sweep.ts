/**
 * The compact rows of a consumer that declared an interest: which instruments outside it get
 * their latest row in this batch. The sweep walks the market list in slices sized by the time
 * since the last batch, so each instrument is visited once per {@link COMPACT_INTERVAL_MS} and
 * no batch carries the whole list at once (a reset does: the page needs every row to sort,
 * search and flash). Rows change many times a second; a compact row is their latest value.
 */

/** How often an instrument outside a consumer's interest gets its latest row, ms (2 Hz). */
export const COMPACT_INTERVAL_MS = 500;

export class CompactSweep {
  private next = 0;
  private lastAt = -Infinity;
  /** Visits earned but not yet made (a fraction of one): keeps the rate exact for short lists. */
  private credit = 0;
  /** State version when the current pass over the list began. */
  private passVersion = -1;
  private seenVersion = -1;
  /**
   * True once a whole pass began and ended with no change to the state: every row sent is
   * current, so nothing is owed until the state changes again.
   */
  private settled = false;

  /** False while some instrument's latest row may not have been sent yet. */
  get idle(): boolean {
    return this.settled;
  }

  /** Notes the state's version before a batch is built; a change owes a new pass. */
  observe(version: number): void {
    if (version === this.seenVersion) return;
    this.seenVersion = version;
    this.settled = false;
  }

  /** The ids (of `ids`, in order) due a compact row at `now`; `all` for every one (a reset). */
  due(ids: readonly string[], now: number, version: number, all: boolean): string[] {
    if (ids.length === 0) return [];
    if (this.next >= ids.length) this.next = 0; // the list shrank
    if (all) {
      this.next = 0;
      this.passVersion = version;
      this.lastAt = now;
      this.credit = 0;
      this.settled = true;
      return [...ids];
    }
    this.credit = Math.min(
      ids.length,
      this.credit + (ids.length * (now - this.lastAt)) / COMPACT_INTERVAL_MS,
    );
    this.lastAt = now;
    const count = Math.floor(this.credit);
    if (!(count > 0)) return [];
    this.credit -= count;
    const out = ids.slice(this.next, this.next + count);
    this.next += out.length;
    if (out.length < count) {
      this.wrap(version);
      this.next = count - out.length;
      out.push(...ids.slice(0, this.next));
    }
    if (this.next >= ids.length) this.wrap(version);
    return out;
  }

  private wrap(version: number): void {
    this.settled = this.passVersion === version;
    this.passVersion = version;
    this.next = 0;
  }
}
