/**
 * Turns the folded feed state into batches, per consumer. Each consumer keeps cursors (which
 * version, series point, bar and incident it has seen) so a batch holds only what changed for
 * it. A consumer that declared an interest (protocol/interest.ts) gets full detail only for the
 * instruments it names, from where its cursor stands (so an instrument newly named gets its
 * recent history at once), and compact rows for the rest at 2 Hz (./compact-sweep.ts), or none
 * when it asked for none (a popped-out chart). Flow control is pull-based: a consumer holding
 * FLOW_WINDOW unacknowledged batches gets nothing more, so a hidden or slow window holds at
 * most that many and builds no backlog; when it acks, the next batch carries the current
 * state, not the history of everything it missed.
 */
import {
  FLOW_WINDOW,
  MAX_CHARTED_SERIES_POINTS_PER_BATCH,
  MAX_SERIES_POINTS_PER_BATCH,
  type Batch,
  type BarDelta,
  type MatchRow,
  type SeriesDelta,
} from '../../protocol/batch';
import type { Health } from '../../protocol/health';
import type { MarketRow } from '../../protocol/market-rows';
import { consumerHandle, newConsumer, type BatchConsumer, type Consumer } from './batch-consumer';
import { cursorFor } from './batch-cursor';
import { addBars, addSeries, matchRowOf } from './batch-history';
import { catchUp } from './batch-restarts';
import { compactRows } from './compact-rows';
import { depthFor } from './depth-batch';
import { tickTime } from './tick-time';
import type { MarketState } from './market-state';
import type { BatchState } from './merged-state';

/** When only health changed, a consumer still hears it this often (the health bar ages), ms. */
export const HEALTH_ONLY_INTERVAL_MS = 500;

/** What one batch is gathering, and the newest tick time of the rows in it. */
interface BatchParts {
  readonly market: MarketRow[];
  readonly series: SeriesDelta[];
  readonly bars: BarDelta[];
  newest: number | null;
  /** True on a reset: every instrument is re-sent, fresh or not, so no age is latency. */
  readonly reset: boolean;
  readonly now: number;
}

export class Batcher {
  private readonly consumers = new Set<Consumer>();
  /** The market ids in feed order, for compact sweeps; rebuilt when the list changes. */
  private marketIds: readonly string[] = [];
  private marketIdsKey = '';

  constructor(
    private readonly state: BatchState,
    /** A row's tick age as it is sent, ms, with the instrument's id. */
    private readonly onLatency: (ms: number, id: string) => void,
  ) {}

  get size(): number {
    return this.consumers.size;
  }

  attach(send: (batch: Batch) => void): BatchConsumer {
    const consumer = newConsumer(send);
    this.consumers.add(consumer);
    return consumerHandle(consumer, () => this.consumers.delete(consumer));
  }

  /**
   * Sends every consumer with room in its window what changed for it; returns batches sent.
   * `healthVersion` rises when something the user must see at once changed (connection state,
   * an error); other health figures ride along with data or every half second.
   */
  flush(now: number, health: () => Health, healthVersion: number): number {
    this.state.sealSeries();
    let sent = 0;
    for (const consumer of this.consumers) {
      if (consumer.unacked.length >= FLOW_WINDOW) continue;
      const batch = this.build(consumer, now, health, healthVersion);
      if (batch === null) continue;
      consumer.unacked.push(batch.seq);
      consumer.lastSentAt = now;
      consumer.send(batch);
      sent++;
    }
    return sent;
  }

  private build(
    c: Consumer,
    now: number,
    health: () => Health,
    healthVersion: number,
  ): Batch | null {
    const s = this.state;
    const { reset, instrumentsChanged, restarted } = catchUp(s, c);
    const sweeping = c.interest !== null && c.compactOthers;
    if (sweeping) c.sweep.observe(s.version);
    const changed =
      reset ||
      restarted.length > 0 ||
      instrumentsChanged ||
      c.stateVersion !== s.version ||
      c.interestChanged ||
      (sweeping && !c.sweep.idle);
    const healthDue =
      c.healthVersion !== healthVersion || now - c.lastSentAt >= HEALTH_ONLY_INTERVAL_MS;
    if (!changed && !healthDue) return null;
    c.healthVersion = healthVersion;
    c.interestChanged = false;
    const parts: BatchParts = { market: [], series: [], bars: [], newest: null, reset, now };
    const sports: MatchRow[] = [];
    let compact;
    if (changed) {
      if (c.interest === null) {
        for (const [id, state] of s.markets) this.addDetail(c, id, state, parts);
      } else {
        for (const id of c.interest) {
          const state = s.markets.get(id);
          if (state !== undefined) this.addDetail(c, id, state, parts);
        }
        if (c.compactOthers) {
          const due = c.sweep.due(this.currentMarketIds(), now, s.version, reset);
          // Held back by design: a compact row's age is not the engine's latency.
          compact = compactRows(due, c.interest, s.markets, c.cursors, (ts) =>
            this.sawTick(parts, ts, false, ''),
          );
        }
      }
      for (const [id, state] of s.matches) {
        const cursor = cursorFor(c.cursors, id, state);
        if (cursor.version === state.version) continue;
        cursor.version = state.version;
        sports.push(matchRowOf(id, state, cursor));
        this.sawTick(parts, tickTime(state), true, id);
      }
    }
    c.stateVersion = s.version;
    const depth = changed ? depthFor(c.selection, s.markets, c.depth) : undefined;
    const batch: Batch = {
      seq: c.nextSeq++,
      ts: now,
      reset,
      ...(reset || instrumentsChanged ? { instruments: s.instruments } : {}),
      ...(restarted.length > 0 && { restarted }),
      market: parts.market,
      ...(compact && { compact }),
      series: parts.series,
      bars: parts.bars,
      sports,
      ...(depth && { depth }),
      newestTickTs: parts.newest,
      health: health(),
    };
    c.instrumentsVersion = s.instrumentsVersion;
    return batch;
  }

  /**
   * Notes a row's tick time sent: the batch's newest, and with `sample`, a latency. Neither for
   * a reset, whose rows are the whole state a consumer joins: their age is the data's, not the
   * path's (a page opened while the feed was down read tick→pixel 46 s: bug 191).
   */
  private sawTick(parts: BatchParts, ts: number, sample: boolean, id: string): void {
    if (ts === 0 || parts.reset) return; // no tick (yet, or since a snapshot), or not new to it
    parts.newest = Math.max(parts.newest ?? 0, ts);
    if (sample) this.onLatency(Math.max(0, parts.now - ts), id);
  }

  /**
   * An instrument's row when it changed, and its new series points and bars (all it has, for a
   * cursor that has seen none): what a consumer shows in full.
   */
  private addDetail(c: Consumer, id: string, state: MarketState, parts: BatchParts): void {
    const cursor = cursorFor(c.cursors, id, state);
    // Series and bars follow their own cursors: an instrument whose rows went out compact
    // still owes its points when it comes into interest.
    const maxPoints = c.charted.has(id)
      ? MAX_CHARTED_SERIES_POINTS_PER_BATCH
      : MAX_SERIES_POINTS_PER_BATCH;
    addSeries(id, state, cursor, parts.series, maxPoints);
    addBars(id, state, cursor, parts.bars);
    if (cursor.version === state.version) return;
    cursor.version = state.version;
    parts.market.push(state.row(id));
    this.sawTick(parts, tickTime(state), true, id);
  }

  private currentMarketIds(): readonly string[] {
    const key = `${this.state.epoch}/${this.state.instrumentsVersion}`;
    if (key !== this.marketIdsKey) {
      this.marketIdsKey = key;
      this.marketIds = [...this.state.markets.keys()];
    }
    return this.marketIds;
  }
}
