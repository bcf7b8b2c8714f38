/**
 * How far behind a NATS session's engine reads, from the relay's heartbeats: nats-server queues
 * for a desk that reads too slowly, so its heartbeats arrive late. Each heartbeat's age (this
 * clock minus the relay's) is measured against the freshest seen, not against zero: the
 * relay's clock may differ from this machine's by minutes.
 *
 * A heartbeat far off the freshest (a peer publishing one of 1970 or of the future, the relay's
 * clock stepped) is no measure of a queue: a desk that far behind was cut long before. It is
 * not taken as lag, nor as the freshest; three such in a row mean the clock it keeps is the
 * relay's now, and ages are measured against it from then on.
 */

/** A heartbeat this much older than the freshest one seen means the engine is behind, ms. */
export const MAX_LAG_MS = 3_000;
/** A heartbeat further than this off the freshest is another clock's, ms. */
export const MAX_CLOCK_STEP_MS = 60_000;
/** Heartbeats off the freshest in a row after which their clock is taken as the relay's. */
const CLOCK_STEP_HEARTBEATS = 3;

/** `behind`: the engine reads `lagMs` late; `off`: the heartbeat's time was `offMs` off. */
export type HeartbeatVerdict =
  | { readonly kind: 'ok' }
  | { readonly kind: 'behind'; readonly lagMs: number }
  | { readonly kind: 'off'; readonly offMs: number };

export class HeartbeatLag {
  /** The smallest heartbeat age seen (this clock minus the relay's), ms. */
  private minAgeMs = Infinity;
  private offInARow = 0;

  /** A heartbeat of the relay's time `ts`, heard at `now` (both ms since the epoch). */
  heard(ts: number, now = Date.now()): HeartbeatVerdict {
    const ageMs = now - ts;
    const offMs = ageMs - this.minAgeMs;
    if (this.minAgeMs !== Infinity && Math.abs(offMs) > MAX_CLOCK_STEP_MS) {
      if (++this.offInARow >= CLOCK_STEP_HEARTBEATS) {
        this.minAgeMs = ageMs;
        this.offInARow = 0;
      }
      return { kind: 'off', offMs };
    }
    this.offInARow = 0;
    this.minAgeMs = Math.min(this.minAgeMs, ageMs);
    return offMs > MAX_LAG_MS ? { kind: 'behind', lagMs: offMs } : { kind: 'ok' };
  }
}
