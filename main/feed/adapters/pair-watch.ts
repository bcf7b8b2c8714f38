/**
 * What an exchange source says about single instruments beyond their ticks: a pair whose data
 * stopped while its connection delivers, and a pair the venue says is not trading. Both are
 * read by the health bar at its own pace ({@link PairWatch.notices}), so a notice says for how
 * long and goes as soon as it no longer holds. It outlives connections, as the
 * {@link AdapterContext} holding it does.
 *
 * A quiet pair is normal on a real venue (Kraken's ticker sends on change only), so silence is
 * measured against the pair's own pace: named after {@link SILENT_PAIR_MIN_MS} and
 * {@link SILENT_PAIR_INTERVALS} times its usual gap, whichever is longer.
 */
import type { InstrumentNotice } from '../../../protocol/health';

/** A pair is never named silent before this much silence, ms. */
export const SILENT_PAIR_MIN_MS = 60_000;
/** Nor before this many of its usual gaps between data. */
export const SILENT_PAIR_INTERVALS = 10;
/** Weight of the newest gap in the pair's running usual gap. */
const PACE_WEIGHT = 0.2;

/**
 * The venues' statuses under which no order matches: the pair is halted. Kraken's:
 * cancel_only and post_only match nothing, maintenance takes no orders, work_in_progress is
 * not yet listed; Coinbase's: an `offline` product, or one with `trading_disabled`,
 * `cancel_only` or `post_only` set (coinbase-status.ts). `limit_only` and `reduce_only` still
 * trade, so they are named only.
 */
const HALTING_STATUSES = new Set([
  'maintenance',
  'cancel_only',
  'post_only',
  'work_in_progress',
  'offline',
  'trading_disabled',
]);

interface Pace {
  lastAt: number;
  /** Running average of the time between data, ms; null until a second arrival. */
  usualMs: number | null;
}

export class PairWatch {
  private readonly paces = new Map<string, Pace>();
  private readonly statuses = new Map<string, { status: string; since: number }>();
  /** The first frame of the current connection: silence is not counted across an outage. */
  private connectedAt: number | null = null;

  /** A new connection: each pair's silence counts again from its first frame. */
  newConnection(): void {
    this.connectedAt = null;
  }

  /** A frame arrived (data or not). */
  frame(at: number): void {
    this.connectedAt ??= at;
  }

  /** Pair `id` sent data at `at`. */
  heard(id: string, at: number): void {
    const pace = this.paces.get(id);
    if (pace === undefined) return void this.paces.set(id, { lastAt: at, usualMs: null });
    const gap = at - pace.lastAt;
    if (gap <= 0) return; // the same frame, or one read out of order
    // A silence is not the pair's pace: learning it would make the next one take longer to see.
    if (pace.usualMs === null) pace.usualMs = gap;
    else if (gap < silentBound(pace.usualMs)) pace.usualMs += PACE_WEIGHT * (gap - pace.usualMs);
    pace.lastAt = at;
  }

  /** The venue's status for pair `id` (`online` lifts any other). */
  status(id: string, status: string, at: number): void {
    if (status === 'online') this.statuses.delete(id);
    else if (this.statuses.get(id)?.status !== status) this.statuses.set(id, { status, since: at });
  }

  /** What holds at `now`: pairs not trading, then pairs silent beyond their bound. */
  notices(now: number): InstrumentNotice[] {
    const out: InstrumentNotice[] = [];
    for (const [instrument, { status, since }] of this.statuses)
      out.push({ instrument, kind: 'status', status, halted: HALTING_STATUSES.has(status), since });
    if (this.connectedAt === null) return out;
    for (const [instrument, { lastAt, usualMs }] of this.paces) {
      if (usualMs === null || this.statuses.has(instrument)) continue;
      const silentMs = now - Math.max(lastAt, this.connectedAt);
      if (silentMs >= silentBound(usualMs))
        out.push({ instrument, kind: 'silent', halted: false, since: lastAt, usualMs });
    }
    return out;
  }
}

/** How long a pair whose usual gap is `usualMs` may stay without data before it is named. */
function silentBound(usualMs: number): number {
  return Math.max(SILENT_PAIR_MIN_MS, SILENT_PAIR_INTERVALS * usualMs);
}
