/**
 * One connection's subscriptions, and the filter that applies them to a recorded frame: a
 * frame for everything subscribed passes verbatim; a ticks frame mixing instruments is cut
 * down to the subscribed ones.
 */
import type { Tick } from '../protocol/feed';

export class Subscriptions {
  private subs: Set<string> | 'all' | null = null;

  /** True once the client subscribed to anything (playback waits for it). */
  get active(): boolean {
    return this.subs !== null;
  }

  /** An independent copy (to compare with after a change). */
  copy(): Subscriptions {
    const copy = new Subscriptions();
    copy.subs = this.subs instanceof Set ? new Set(this.subs) : this.subs;
    return copy;
  }

  add(ids: readonly string[]): void {
    if (ids.includes('*')) this.subs = 'all';
    else if (this.subs !== 'all') this.subs = new Set([...(this.subs ?? []), ...ids]);
  }

  remove(ids: readonly string[]): void {
    if (ids.includes('*')) this.subs = new Set();
    else if (this.subs instanceof Set) for (const id of ids) this.subs.delete(id);
  }

  wants(id: string): boolean {
    return this.subs === 'all' || (this.subs?.has(id) ?? false);
  }

  /** The text to send for a recorded frame, or null: only snapshot and ticks frames replay. */
  filter(raw: string): string | null {
    let m: { op?: unknown; instrument?: unknown; ticks?: unknown };
    try {
      m = JSON.parse(raw) as typeof m;
    } catch {
      return null;
    }
    if (m.op === 'snapshot')
      return typeof m.instrument === 'string' && this.wants(m.instrument) ? raw : null;
    if (m.op !== 'ticks' || !Array.isArray(m.ticks)) return null;
    if (this.subs === 'all') return raw;
    const ticks = (m.ticks as Tick[]).filter((t) => this.wants(t.instrument));
    return ticks.length > 0 ? JSON.stringify({ op: 'ticks', ticks }) : null;
  }
}
