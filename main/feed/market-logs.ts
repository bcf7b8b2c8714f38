/**
 * A feed's ring logs (ring-log.ts), one per kind of row its markets write on the fold: series
 * points, tape trades, closed bars. Shared by the feed's markets; a market made alone (tests,
 * tools) gets small ones of its own.
 */
import { BAR_COLUMNS } from './market-bars';
import { TAPE_COLUMNS } from './depth-state';
import { RING_LOG_ENTRIES, RingLog } from './ring-log';
import { SERIES_COLUMNS } from './series-bucket';

export class MarketLogs {
  readonly series: RingLog;
  readonly tape: RingLog;
  readonly bars: RingLog;
  /**
   * Batches sealed so far (`FeedState.sealSeries`): a market whose series no consumer read in
   * the last few keeps wide buckets (series-bucket.ts).
   */
  seals = 0;

  /** `entries`: rows each log holds before it moves every market's rows into their rings. */
  constructor(entries = RING_LOG_ENTRIES) {
    this.series = new RingLog(SERIES_COLUMNS, entries);
    this.tape = new RingLog(TAPE_COLUMNS, entries);
    this.bars = new RingLog(BAR_COLUMNS, entries);
  }

  /** Moves every market's rows into their rings (before markets leave or move). */
  drainAll(): void {
    this.series.drainAll();
    this.tape.drainAll();
    this.bars.drainAll();
  }
}
