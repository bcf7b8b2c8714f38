/**
 * How fresh each watchlist row is: the age of its latest tick and whether the instrument is
 * halted, i.e. silent for many times its usual interval while its source is live. The usual
 * interval is learnt per instrument from the gaps between its updates, so a slow instrument
 * is not called halted for ticking slowly.
 */
import type { MarketRow } from '../../../protocol/market-rows';

/** Silent for this many usual intervals: halted. */
export const HALT_INTERVALS = 10;
/** Never halted before this much silence, however busy the instrument usually is, ms. */
export const HALT_MIN_MS = 3_000;
/** Weight of the newest interval in the running average. */
const PACE_WEIGHT = 0.2;

export interface RowFreshness {
  /** Age of the latest tick at the reference time, ms; null before any tick. */
  readonly ageMs: number | null;
  readonly halted: boolean;
  /** Its source is not live: whatever its age, its figures are old (grey, no flash). */
  readonly stale: boolean;
}

interface Pace {
  /** The row's own time (the source's clock). */
  ts: number;
  /** When it dates the row: `ts`, or its first arrival if that was sooner (bug 238). */
  at: number;
  /** Running average of the time between updates, ms; null until a second update. */
  intervalMs: number | null;
  /**
   * `ts` came while its source was not live (a NATS desk's stored state, minutes old): it dates
   * the row, but the gap from it to the next update is no pace of the instrument's (bug 187).
   */
  stored: boolean;
}

export class RowPace {
  private readonly paces = new Map<string, Pace>();

  /**
   * Folds a batch's market rows in; `reset` forgets every instrument first, `restarted` those
   * instruments (their time may run from earlier: a replay sought back). `sourceLive` says
   * whether an instrument's source is live (omitted: every source is); a pace is learnt only
   * between updates that came while it was. No row is dated after `arrivedAt` (the page's
   * clock when the batch came): a source's clock ahead of ours made every row read "0 ms" over
   * a dead relay's data (bug 238). `clockAhead` (ms, by instrument) is how far ahead the source
   * is known to stamp: a row is dated by its own time less that, so a page opened after the
   * desk started does not date a silent row from its own first batch (bug 259).
   */
  fold(
    rows: readonly MarketRow[],
    reset: boolean,
    restarted: readonly string[] = [],
    sourceLive?: (id: string) => boolean,
    arrivedAt = Infinity,
    clockAhead?: (id: string) => number,
  ): void {
    if (reset) this.paces.clear();
    for (const id of restarted) this.paces.delete(id);
    for (const row of rows) {
      if (row.ts === 0) continue; // no tick yet
      // A row sent again (a reconnect serving the same stored state) keeps its first arrival.
      const at = Math.min(row.ts - (clockAhead?.(row.id) ?? 0), arrivedAt);
      const stored = sourceLive !== undefined && !sourceLive(row.id);
      const pace = this.paces.get(row.id);
      if (pace === undefined) {
        this.paces.set(row.id, { ts: row.ts, at, intervalMs: null, stored });
      } else if (row.ts > pace.ts) {
        if (!stored && !pace.stored)
          pace.intervalMs = learnInterval(pace.intervalMs, Math.max(0, at - pace.at));
        pace.ts = row.ts;
        pace.at = at;
        pace.stored = stored;
      }
    }
  }

  /**
   * Freshness of one instrument at `ref` (epoch ms: now, or a replay's position); halted only
   * while `sourceLive`, since a dead source silences every instrument alike.
   */
  freshness(id: string, ref: number, sourceLive: boolean): RowFreshness {
    const pace = this.paces.get(id);
    const stale = !sourceLive;
    if (pace === undefined) return { ageMs: null, halted: false, stale };
    const ageMs = Math.max(0, ref - pace.at);
    const halted = sourceLive && pace.intervalMs !== null && isHalt(ageMs, pace.intervalMs);
    return { ageMs, halted, stale };
  }
}

/**
 * True when `silentMs` without data is a halt for an instrument that usually updates every
 * `intervalMs`. Price lines break across such a silence too (charts/min-max-buckets.ts).
 */
export function isHalt(silentMs: number, intervalMs: number): boolean {
  return silentMs > Math.max(HALT_MIN_MS, HALT_INTERVALS * intervalMs);
}

/**
 * The usual interval after one more gap between updates (null: none known yet). A halt is not
 * the instrument's pace: learning it would make the next halt take longer to see.
 */
export function learnInterval(intervalMs: number | null, gapMs: number): number {
  if (intervalMs === null) return gapMs;
  return isHalt(gapMs, intervalMs) ? intervalMs : intervalMs + PACE_WEIGHT * (gapMs - intervalMs);
}
