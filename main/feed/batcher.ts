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
import type {
  BarDelta,
  Batch,
  DepthDelta,
  Health,
  MarketRow,
  MatchRow,
  SeriesDelta,
} from '../../protocol/batch';
import { MAX_SERIES_POINTS_PER_BATCH } from '../../protocol/batch';
import type { Interest } from '../../protocol/interest';
import { DEFAULT_DEPTH_LEVELS, interestIds } from '../../protocol/interest';
import { CompactSweep } from './compact-sweep';
import type { BatchState } from './merged-state';
import type { MarketState } from './market-state';
import { BAR_C, BAR_H, BAR_L, BAR_O, BAR_T, BAR_V, SERIES_PRICE, SERIES_T } from './market-state';
import type { MatchState } from './match-state';
import { ODDS_AWAY, ODDS_CLOCK, ODDS_DRAW, ODDS_HOME } from './match-state';
import type { ColumnarRing } from '../../shared/columnar-ring';
import { thinIndices } from './thin';
import { depthDelta, emptyDepthCursor, type DepthCursor, type DepthSelection } from './depth-batch';

/**
 * Unacknowledged batches a consumer may hold. Two, not one: with one, the next batch waits for
 * the first flush after the ack reaches the engine, so a round trip (delivery, fold, ack) a
 * little over the rest of the interval costs a whole interval; at 5,000 instruments that held
 * a page to 14-21 batches a second. With two the engine builds batch n+1 while the page folds
 * n (docs/PERFORMANCE.md, "Scale curve: instruments").
 */
export const FLOW_WINDOW = 2;
/** When only health changed, a consumer still hears it this often (the health bar ages), ms. */
export const HEALTH_ONLY_INTERVAL_MS = 500;

/** A consumer's handle: acknowledge batches to receive more; detach to stop. */
export interface BatchConsumer {
  ack(seq: number): void;
  /** Replaces what the consumer shows; from its next batch on, full detail only for that. */
  declareInterest(interest: Interest): void;
  detach(): void;
}

/** What one consumer has seen of one instrument. */
interface Cursor {
  readonly state: MarketState | MatchState;
  /** The state's `historyEpoch` this cursor follows; when it rises, the instrument restarts. */
  readonly historyEpoch: number;
  version: number;
  /** End of the price series (market) or of the odds history (match) already sent. */
  pointsEnd: number;
  readonly barEnds: number[];
  readonly barUpdates: number[];
  incidentsEnd: number;
}

interface Consumer {
  readonly send: (batch: Batch) => void;
  readonly cursors: Map<string, Cursor>;
  nextSeq: number;
  /** Sequence numbers sent and not yet acknowledged. */
  unacked: number[];
  epoch: number;
  /** The state's `historyEpoch` last looked at. */
  historyEpoch: number | undefined;
  /**
   * Instruments this consumer was sent that left the list: should one come back, it restarts
   * (its history is not the one the consumer holds). Cleared on reset.
   */
  readonly gone: Set<string>;
  instrumentsVersion: number;
  stateVersion: number;
  healthVersion: number;
  lastSentAt: number;
  /** Instruments given full detail; null (nothing declared): every instrument. */
  interest: ReadonlySet<string> | null;
  /** Instruments outside the interest get compact rows (Interest.others). */
  compactOthers: boolean;
  interestChanged: boolean;
  readonly sweep: CompactSweep;
  /** The instrument whose book and tape this consumer is sent (its interest's), or null. */
  selection: DepthSelection | null;
  readonly depth: DepthCursor;
}

/** Adds the newest tick time of a row sent; `sample` when its age is latency. */
type SawTick = (ts: number, sample: boolean, id: string) => void;

/** What one batch is gathering. */
interface BatchParts {
  readonly market: MarketRow[];
  readonly series: SeriesDelta[];
  readonly bars: BarDelta[];
}

function column(ring: ColumnarRing, indices: readonly number[], col: number): number[] {
  return indices.map((i) => ring.at(i, col));
}

function cursorFor(c: Consumer, id: string, state: MarketState | MatchState): Cursor {
  let cursor = c.cursors.get(id);
  // A cursor of another state object was dropped when the instrument list changed (build()).
  if (cursor === undefined) {
    cursor = {
      state,
      historyEpoch: state.historyEpoch,
      version: -1,
      pointsEnd: 0,
      barEnds: [],
      barUpdates: [],
      incidentsEnd: 0,
    };
    c.cursors.set(id, cursor);
  }
  return cursor;
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
    const consumer: Consumer = {
      send,
      cursors: new Map(),
      nextSeq: 1,
      unacked: [],
      epoch: -1,
      historyEpoch: undefined,
      gone: new Set(),
      instrumentsVersion: -1,
      stateVersion: -1,
      healthVersion: -1,
      lastSentAt: -Infinity,
      interest: null,
      compactOthers: true,
      interestChanged: false,
      sweep: new CompactSweep(),
      selection: null,
      depth: emptyDepthCursor(),
    };
    this.consumers.add(consumer);
    return {
      ack: (seq) => {
        consumer.unacked = consumer.unacked.filter((s) => s > seq);
      },
      declareInterest: (interest) => {
        consumer.interest = interestIds(interest);
        consumer.compactOthers = interest.others !== 'none';
        consumer.selection =
          interest.selected === null
            ? null
            : { id: interest.selected, levels: interest.depthLevels ?? DEFAULT_DEPTH_LEVELS };
        consumer.interestChanged = true;
      },
      detach: () => {
        this.consumers.delete(consumer);
      },
    };
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
    const reset = c.epoch !== s.epoch || this.fellBehind(c);
    if (reset) {
      c.cursors.clear();
      c.gone.clear();
      Object.assign(c.depth, emptyDepthCursor());
      c.epoch = s.epoch;
    }
    const instrumentsChanged = c.instrumentsVersion !== s.instrumentsVersion;
    if (instrumentsChanged) {
      // A new state object under a known id left and came back between two of this
      // consumer's batches (one unacked meanwhile): its history is not the one the page holds.
      for (const [id, cursor] of c.cursors) {
        if ((s.markets.get(id) ?? s.matches.get(id)) === cursor.state) continue;
        c.cursors.delete(id);
        c.gone.add(id);
      }
    }
    const restarted = reset ? [] : this.restarts(c, instrumentsChanged);
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
    const parts: BatchParts = { market: [], series: [], bars: [] };
    const sports: MatchRow[] = [];
    let newest: number | null = null;
    const sawTick: SawTick = (ts, sample, id) => {
      if (ts === 0) return; // no tick yet
      newest = Math.max(newest ?? 0, ts);
      // A reset re-sends every instrument, fresh or not: that is not latency.
      if (sample && !reset) this.onLatency(Math.max(0, now - ts), id);
    };
    if (changed) {
      if (c.interest === null) {
        for (const [id, state] of s.markets) this.addDetail(c, id, state, parts, sawTick);
      } else {
        for (const id of c.interest) {
          const state = s.markets.get(id);
          if (state !== undefined) this.addDetail(c, id, state, parts, sawTick);
        }
        if (c.compactOthers) this.addCompactRows(c, now, reset, parts, sawTick);
      }
      for (const [id, state] of s.matches) {
        const cursor = cursorFor(c, id, state);
        if (cursor.version === state.version) continue;
        cursor.version = state.version;
        sports.push(this.matchRow(id, state, cursor));
        sawTick(state.ts, true, id);
      }
    }
    c.stateVersion = s.version;
    const depth = changed ? this.depthFor(c) : undefined;
    const batch: Batch = {
      seq: c.nextSeq++,
      ts: now,
      reset,
      ...(reset || instrumentsChanged ? { instruments: s.instruments } : {}),
      ...(restarted.length > 0 && { restarted }),
      ...parts,
      sports,
      ...(depth && { depth }),
      newestTickTs: newest,
      health: health(),
    };
    c.instrumentsVersion = s.instrumentsVersion;
    return batch;
  }

  /**
   * An instrument's row when it changed, and its new series points and bars (all it has, for a
   * cursor that has seen none): what a consumer shows in full.
   */
  private addDetail(
    c: Consumer,
    id: string,
    state: MarketState,
    parts: BatchParts,
    sawTick: SawTick,
  ): void {
    const cursor = cursorFor(c, id, state);
    // Series and bars follow their own cursors: an instrument whose rows went out compact
    // still owes its points when it comes into interest.
    this.addSeries(id, state, cursor, parts.series);
    this.addBars(id, state, cursor, parts.bars);
    if (cursor.version === state.version) return;
    cursor.version = state.version;
    parts.market.push(state.row(id));
    sawTick(state.ts, true, id);
  }

  /** Latest rows, without series or bars, of the instruments outside the interest now due. */
  private addCompactRows(
    c: Consumer,
    now: number,
    reset: boolean,
    parts: BatchParts,
    sawTick: SawTick,
  ): void {
    const s = this.state;
    for (const id of c.sweep.due(this.currentMarketIds(), now, s.version, reset)) {
      if (c.interest?.has(id)) continue;
      const state = s.markets.get(id)!;
      const cursor = cursorFor(c, id, state);
      if (cursor.version === state.version) continue;
      cursor.version = state.version;
      parts.market.push(state.row(id));
      // Held back by design: a compact row's age is not the engine's latency.
      sawTick(state.ts, false, id);
    }
  }

  private currentMarketIds(): readonly string[] {
    const key = `${this.state.epoch}/${this.state.instrumentsVersion}`;
    if (key !== this.marketIdsKey) {
      this.marketIdsKey = key;
      this.marketIds = [...this.state.markets.keys()];
    }
    return this.marketIds;
  }

  private depthFor(c: Consumer): DepthDelta | undefined {
    const selection = c.selection;
    const state = selection === null ? undefined : this.state.markets.get(selection.id);
    if (selection === null || state === undefined) {
      Object.assign(c.depth, emptyDepthCursor());
      return undefined;
    }
    return depthDelta(selection, state.depth, c.depth);
  }

  /**
   * The instruments whose history started over since the consumer's last batch (their state's
   * `historyEpoch` rose, or one that left came back): their cursors start afresh, so the batch
   * carries their whole state. Looked for only when the state's `historyEpoch` or instrument
   * list moved.
   */
  private restarts(c: Consumer, instrumentsChanged: boolean): string[] {
    const s = this.state;
    const moved = s.historyEpoch !== undefined && c.historyEpoch !== s.historyEpoch;
    if (!moved && !instrumentsChanged) return [];
    c.historyEpoch = s.historyEpoch;
    const restarted: string[] = [];
    if (moved) {
      for (const [id, cursor] of c.cursors) {
        const state = s.markets.get(id) ?? s.matches.get(id);
        if (state === cursor.state && state.historyEpoch === cursor.historyEpoch) continue;
        c.cursors.delete(id);
        restarted.push(id);
      }
    }
    for (const id of c.gone) {
      if (!s.markets.has(id) && !s.matches.has(id)) continue;
      c.gone.delete(id);
      restarted.push(id);
    }
    if (c.selection !== null && restarted.includes(c.selection.id))
      Object.assign(c.depth, emptyDepthCursor());
    return restarted;
  }

  /**
   * True when a consumer's series cursor fell out of a ring: deltas can no longer join up. Only
   * instruments it shows in full count; the others send no series, and their points resume
   * from the ring's start when they come into interest.
   */
  private fellBehind(c: Consumer): boolean {
    // With an interest, walk its few ids rather than every cursor: compact rows give each of
    // thousands of instruments a cursor, and this runs before every batch.
    for (const id of c.interest ?? c.cursors.keys()) {
      const cursor = c.cursors.get(id);
      if (cursor === undefined) continue;
      const state = this.state.markets.get(id);
      if (state === cursor.state && cursor.pointsEnd < state.series.start) return true;
    }
    return false;
  }

  private addSeries(id: string, state: MarketState, cursor: Cursor, out: SeriesDelta[]): void {
    const ring = state.series;
    const from = Math.max(cursor.pointsEnd, ring.start);
    cursor.pointsEnd = ring.end;
    if (ring.end <= from) return;
    const picked = thinIndices(from, ring.end, MAX_SERIES_POINTS_PER_BATCH, (i) =>
      ring.at(i, SERIES_PRICE),
    );
    out.push({ id, t: column(ring, picked, SERIES_T), price: column(ring, picked, SERIES_PRICE) });
  }

  private addBars(id: string, state: MarketState, cursor: Cursor, out: BarDelta[]): void {
    state.bars.forEach((bars, k) => {
      if (cursor.barUpdates[k] === bars.updates) return;
      cursor.barUpdates[k] = bars.updates;
      const ring = bars.ring;
      // Re-send the bar that was newest last time: it may have changed since.
      const seen = cursor.barEnds[k] ?? 0;
      const from = seen === 0 ? ring.start : Math.max(ring.start, seen - 1);
      // Bars went by that the ring no longer holds (the consumer was not shown them).
      const replace = seen > 0 && seen - 1 < ring.start;
      cursor.barEnds[k] = ring.end;
      if (ring.end <= from) return;
      const rows = Array.from({ length: ring.end - from }, (_, i) => from + i);
      out.push({
        id,
        intervalMs: bars.intervalMs,
        ...(replace ? { replace } : {}),
        t: column(ring, rows, BAR_T),
        o: column(ring, rows, BAR_O),
        h: column(ring, rows, BAR_H),
        l: column(ring, rows, BAR_L),
        c: column(ring, rows, BAR_C),
        v: column(ring, rows, BAR_V),
      });
    });
  }

  private matchRow(id: string, state: MatchState, cursor: Cursor): MatchRow {
    const odds = state.odds;
    const from = Math.max(cursor.pointsEnd, odds.start);
    cursor.pointsEnd = odds.end;
    const picked = thinIndices(from, odds.end, MAX_SERIES_POINTS_PER_BATCH);
    const newIncidents = state.incidentsSince(cursor.incidentsEnd);
    cursor.incidentsEnd = state.incidentsEnd;
    return {
      id,
      status: state.status,
      home: state.home,
      away: state.away,
      clockMs: state.clockMs,
      running: state.running,
      odds: state.latestOdds(),
      oddsDelta: {
        clockMs: column(odds, picked, ODDS_CLOCK),
        home: column(odds, picked, ODDS_HOME),
        draw: column(odds, picked, ODDS_DRAW),
        away: column(odds, picked, ODDS_AWAY),
      },
      newIncidents,
    };
  }
}
