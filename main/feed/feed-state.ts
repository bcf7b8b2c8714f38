/**
 * Everything the engine knows about the feed: the announced instruments and the folded state
 * of each, with sequence continuity. Batchers read it; only the engine writes it. The fold of
 * ticks (the hot path) is here whole; which states a new instrument list keeps, makes or drops
 * is ./instrument-roster.ts's.
 */
import type { Instrument, SnapshotMessage, SnapshotState, Tick } from '../../protocol/feed';
import { SPORTS_TICK_KINDS } from '../../protocol/feed-ticks';
import { seekMarket, type SeekBars } from './bar-rebuild';
import { adoptInstruments, type Slot } from './instrument-roster';
import { MarketLogs } from './market-logs';
import { resumeSnapshots } from './resume-snapshots';
import type { MarketState } from './market-state';
import type { MatchState } from './match-state';
import { SequenceTracker, type SeqCell } from './sequence-tracker';

/**
 * What became of a snapshot: taken, refused as of an instrument the feed did not announce (or
 * of the other kind), or refused as late, older than what the feed session already applied.
 */
export type SnapshotOutcome = 'applied' | 'unknown' | 'late';

export class FeedState {
  instruments: readonly Instrument[] = [];
  /** Rises when the instrument list changes. */
  instrumentsVersion = 0;
  /** Rises when history was dropped (new source, replay seek): every consumer must reset. */
  epoch = 0;
  /** Rises on any change to any instrument. */
  version = 0;
  readonly markets = new Map<string, MarketState>();
  readonly matches = new Map<string, MatchState>();
  readonly sequence = new SequenceTracker();
  /** Event time of the newest tick folded, epoch ms. */
  newestTickTs: number | null = null;
  /** Events the feed conflated into fewer ticks (sum of `conflated - 1`). */
  conflatedTicks = 0;
  /**
   * Hears every tick folded, in order, before any conflation into batches: the alert
   * evaluator, so a spike between two batches still fires. `state` is the instrument's (null
   * for a kind of a later protocol version), where the evaluator keeps its index.
   */
  onTickFolded: ((tick: Tick, state: MarketState | MatchState | null) => void) | null = null;
  /** Hears every snapshot applied: a match's rules start from its score and phase. */
  onSnapshotFolded: ((instrument: string, state: SnapshotState) => void) | null = null;
  /** Folds past a gap, not waiting for a snapshot: a recording read on disk has none (bug 268). */
  foldsAcrossGaps = false;
  private instrumentsKey = '';
  /**
   * Markets whose series bucket opened since the last seal. With thousands of instruments a
   * batch touches a fraction of them, and visiting every state to seal it missed the cache.
   */
  private readonly unsealed: MarketState[] = [];
  private readonly slots = new Map<string, Slot>();
  /** Series points, tape trades and closed bars of every market, before they reach their rings. */
  private readonly logs = new MarketLogs();

  /**
   * Adopts the feed's instrument list (./instrument-roster.ts). State of instruments still
   * announced (same id and kind) survives a reconnect so the session can resume; the rest is
   * dropped.
   */
  setInstruments(list: readonly Instrument[]): void {
    const key = JSON.stringify(list);
    if (key === this.instrumentsKey) return;
    this.instrumentsKey = key;
    this.instruments = list;
    this.instrumentsVersion++;
    const { markets, matches, slots, sequence, logs } = this;
    adoptInstruments({ markets, matches, slots, sequence, logs }, list);
    this.version++;
  }

  /**
   * Replaces an instrument's state, unless the instrument is unknown or of another kind, or the
   * snapshot is older than what this feed session already applied to it
   * (`SequenceTracker.isBehind`): late.
   */
  applySnapshot(message: SnapshotMessage): SnapshotOutcome {
    const { instrument, state } = message;
    const target =
      state.kind === 'market' ? this.markets.get(instrument) : this.matches.get(instrument);
    if (target === undefined) return 'unknown';
    if (this.sequence.isBehind(instrument, message.seq)) return 'late';
    if (state.kind === 'market') {
      const market = target as MarketState;
      const wasOpen = market.bucketOpen;
      market.applySnapshot(state);
      if (!wasOpen && market.bucketOpen) this.unsealed.push(market);
    } else (target as MatchState).applySnapshot(state);
    this.sequence.snapshot(instrument, message.seq);
    this.version++;
    this.onSnapshotFolded?.(instrument, state);
    return 'applied';
  }

  /** What a fresh subscriber receives: each instrument's snapshot (./resume-snapshots.ts). */
  snapshots(): SnapshotMessage[] {
    return resumeSnapshots(this);
  }

  /** True when the feed announced this instrument (in its last hello). */
  has(instrument: string): boolean {
    return this.markets.has(instrument) || this.matches.has(instrument);
  }

  /**
   * Folds ticks in order; returns how many were applied. `onGap` hears of each instrument
   * whose sequence broke (its later ticks are refused until a snapshot arrives). Ticks of
   * instruments the hello did not announce (or of another kind) are skipped before the
   * sequence check, so a feed cannot grow the tracker with ids it never announced.
   */
  applyTicks(ticks: readonly Tick[], onGap: (instrument: string) => void): number {
    let applied = 0;
    for (const tick of ticks) {
      let state: MarketState | MatchState | null = null;
      if (tick.kind === 'quote' || tick.kind === 'trade' || tick.kind === 'book') {
        const market = this.markets.get(tick.instrument);
        if (market === undefined || !this.admit(market, tick, onGap)) continue;
        const wasOpen = market.bucketOpen;
        market.applyTick(tick);
        if (!wasOpen && market.bucketOpen) this.unsealed.push(market);
        state = market;
      } else {
        const slot = this.slots.get(tick.instrument);
        if (slot === undefined) continue;
        if (SPORTS_TICK_KINDS.has(tick.kind)) {
          const match = slot.match;
          if (match === null || !this.admit(slot.seq, tick, onGap)) continue;
          match.applyTick(tick);
          state = match;
        }
        // A kind of a later protocol version: its seq counts, its content is not ours to read.
        else if (!this.admit(slot.seq, tick, onGap)) continue;
      }
      applied++;
      this.onTickFolded?.(tick, state);
      this.conflatedTicks += (tick.conflated ?? 1) - 1;
      if (this.newestTickTs === null || tick.ts > this.newestTickTs) this.newestTickTs = tick.ts;
    }
    if (applied > 0) this.version++;
    return applied;
  }

  /** The sequence verdict on a tick of a known instrument: true to fold it. */
  private admit(cell: SeqCell, tick: Tick, onGap: (instrument: string) => void): boolean {
    const verdict = this.sequence.checkCell(cell, tick.instrument, tick.seq, tick.conflated ?? 1);
    if (verdict === 'gap') {
      this.invalidateBook(tick.instrument);
      onGap(tick.instrument);
      if (this.foldsAcrossGaps) {
        this.sequence.snapshot(tick.instrument, tick.seq);
        return true;
      }
    }
    return verdict === 'apply';
  }

  /** The instrument's book missed changes (a gap, a checksum mismatch): empty until resynced. */
  invalidateBook(instrument: string): void {
    const depth = this.markets.get(instrument)?.depth;
    if (depth?.book == null) return;
    depth.invalidateBook();
    this.version++;
  }

  /** Ends every open series bucket so batches carry each series up to its latest price. */
  sealSeries(): void {
    let sealed = false;
    // A market listed whose instrument has since left seals harmlessly: nobody reads it.
    this.logs.seals++;
    for (const market of this.unsealed) if (market.sealSeries()) sealed = true;
    this.unsealed.length = 0;
    if (sealed) this.version++;
  }

  /**
   * A replay seek to `t`: price history after `t` is dropped, earlier history stays (it is
   * still true at the new position); odds history, kept over match time, is dropped. Current
   * values stay until the seek's snapshots replace them. `rebuilt`: the bars open at `t` read
   * from the recording, by instrument (bar-rebuild.ts's `SeekBars`), where the host has them.
   */
  seekTo(t: number, rebuilt?: SeekBars): void {
    for (const [id, market] of this.markets) market.keepHistoryUpTo(t, seekMarket(rebuilt, id));
    for (const match of this.matches.values()) match.clearHistory();
    this.sequence.clear();
    this.epoch++;
    this.version++;
  }

  /** Forgets everything (a new source). */
  clear(): void {
    this.setInstruments([]);
    this.sequence.clear();
    this.newestTickTs = null;
    this.epoch++;
  }
}
