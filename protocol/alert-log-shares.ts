/**
 * The alert log's bound, shared between rules: past it, the rule with the most entries loses
 * its oldest (among rules holding as many, the one whose oldest fired first). So an `every 0s`
 * rule in a crash fills only the room the other rules leave, and their alerts stay: the log
 * was one list, and such a flood pushed every other rule's alert out within a minute.
 * The host's log keeps its entries so (main/alerts/alert-log.ts), and reads its file back
 * through the same steps, so a restart keeps what the log held; the page keeps its newest so.
 */
import type { AlertEvent } from './alerts';

export class AlertLogShares {
  /** Oldest first. */
  #entries: AlertEvent[] = [];
  /** Entries per rule id. */
  readonly #counts = new Map<string, number>();

  /** Keeps at most `max` entries (at least 1). */
  constructor(readonly max: number) {}

  get size(): number {
    return this.#entries.length;
  }

  /** Adds the newest entry; past the bound, the most logged rule's oldest goes. */
  add(event: AlertEvent): void {
    this.#entries.push(event);
    const id = event.rule.id;
    this.#counts.set(id, (this.#counts.get(id) ?? 0) + 1);
    if (this.#entries.length > this.max) this.#evict();
  }

  /** The entries oldest first (a copy). */
  oldestFirst(): AlertEvent[] {
    return this.#entries.slice();
  }

  /** The entries newest first (a copy). */
  newestFirst(): AlertEvent[] {
    return this.#entries.slice().reverse();
  }

  clear(): void {
    this.#entries = [];
    this.#counts.clear();
  }

  #evict(): void {
    let most = 0;
    for (const n of this.#counts.values()) if (n > most) most = n;
    // Oldest first: the first entry of a rule holding `most` is the oldest of those rules'.
    const at = this.#entries.findIndex((e) => this.#counts.get(e.rule.id) === most);
    const [gone] = this.#entries.splice(at, 1);
    const id = gone!.rule.id;
    if (most === 1) this.#counts.delete(id);
    else this.#counts.set(id, most - 1);
  }
}

/** The newest entries of `newestFirst` kept as the log keeps them, at most `max`, newest first. */
export function withinAlertShares(newestFirst: readonly AlertEvent[], max: number): AlertEvent[] {
  const shares = new AlertLogShares(max);
  for (let i = newestFirst.length - 1; i >= 0; i--) shares.add(newestFirst[i]!);
  return shares.newestFirst();
}
