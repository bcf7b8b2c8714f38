/**
 * What the batcher reads when the engine holds several sources: one view over each source's
 * own {@link FeedState}, with instrument ids qualified by source (`kraken:BTC/USD`) when there
 * is more than one. The states themselves are not copied: the view's maps hold the sources'
 * own MarketState and MatchState objects, rebuilt only when an instrument list changes.
 */
import type { Instrument } from '../../protocol/feed';
import { formatInstrumentName } from '../../protocol/source-names';
import type { FeedState } from './feed-state';
import type { MarketState } from './market-state';
import type { MatchState } from './match-state';

/** The part of the feed state the batcher reads; a FeedState is one, and so is a merge. */
export interface BatchState {
  readonly instruments: readonly Instrument[];
  /** Rises when the instrument list changes. */
  readonly instrumentsVersion: number;
  /** Rises when history was dropped or ids renamed: every consumer must reset. */
  readonly epoch: number;
  /**
   * Rises when some instruments' history was dropped without `epoch` rising: the batcher then
   * looks for the instruments whose `historyEpoch` rose and restarts those alone. Absent: never.
   */
  readonly historyEpoch?: number;
  /** Rises on any change to any instrument. */
  readonly version: number;
  readonly markets: ReadonlyMap<string, MarketState>;
  readonly matches: ReadonlyMap<string, MatchState>;
  sealSeries(): void;
}

/** One source's state and the name its ids are qualified with (null: unprefixed). */
export interface MergedPart {
  readonly prefix: string | null;
  readonly state: FeedState;
  /**
   * True for a replay beside live sources: when its history is dropped (a seek, a new
   * recording) only its own instruments restart, so the live ones keep theirs.
   */
  readonly ownHistory?: boolean;
}

/** The counters a part's state adds to the merge. */
interface Counts {
  epoch: number;
  version: number;
  instrumentsVersion: number;
}

const counts = (s: FeedState): Counts => ({
  epoch: s.epoch,
  version: s.version,
  instrumentsVersion: s.instrumentsVersion,
});

export class MergedState implements BatchState {
  private parts: readonly MergedPart[] = [];
  /**
   * The merge's counters when the parts were last set, and each part's own counters then:
   * a counter is its base plus what the parts added since, so it never falls when a part
   * leaves (a sum over the parts would, and a consumer could miss the change).
   */
  private base = { epoch: 0, historyEpoch: 0, version: 0, instrumentsVersion: 0 };
  private since: readonly Counts[] = [];
  private builtKey = '';
  private mergedInstruments: readonly Instrument[] = [];
  private readonly mergedMarkets = new Map<string, MarketState>();
  private readonly mergedMatches = new Map<string, MatchState>();

  /**
   * Sets the sources. Every consumer resets only when a source kept from before changed its
   * prefix (its ids changed); a source added or removed changes the instrument list alone.
   */
  setParts(parts: readonly MergedPart[]): void {
    const renamed = parts.some((part) =>
      this.parts.some((old) => old.state === part.state && old.prefix !== part.prefix),
    );
    this.base = {
      epoch: this.epoch + (renamed || this.parts.length === 0 ? 1 : 0),
      historyEpoch: this.historyEpoch + 1,
      version: this.version + 1,
      instrumentsVersion: this.instrumentsVersion + 1,
    };
    this.parts = parts;
    this.since = parts.map((part) => counts(part.state));
  }

  get epoch(): number {
    let total = this.base.epoch;
    for (let i = 0; i < this.parts.length; i++) {
      const part = this.parts[i]!;
      if (!part.ownHistory) total += part.state.epoch - this.since[i]!.epoch;
    }
    return total;
  }

  /**
   * Its own loop on `epoch`, not {@link added}: the engine's alert hook reads this for every
   * folded tick, and `added`'s `state[key]`, which sees three keys, is a megamorphic keyed
   * load, about 22 against 6 ns a read (docs/PERFORMANCE.md, "Alerts at scale: the epoch read
   * once a tick, monomorphic").
   */
  get historyEpoch(): number {
    let total = this.base.historyEpoch;
    for (let i = 0; i < this.parts.length; i++)
      total += this.parts[i]!.state.epoch - this.since[i]!.epoch;
    return total;
  }

  get version(): number {
    return this.base.version + this.added('version');
  }

  get instrumentsVersion(): number {
    return this.base.instrumentsVersion + this.added('instrumentsVersion');
  }

  get instruments(): readonly Instrument[] {
    this.rebuild();
    return this.mergedInstruments;
  }

  get markets(): ReadonlyMap<string, MarketState> {
    this.rebuild();
    return this.mergedMarkets;
  }

  get matches(): ReadonlyMap<string, MatchState> {
    this.rebuild();
    return this.mergedMatches;
  }

  /** Whether the feed has `id`: as a market or a match when `kind` says which, else as either. */
  has(id: string, kind?: 'market' | 'match'): boolean {
    if (kind === 'market') return this.markets.has(id);
    if (kind === 'match') return this.matches.has(id);
    return this.markets.has(id) || this.matches.has(id);
  }

  sealSeries(): void {
    for (const part of this.parts) part.state.sealSeries();
  }

  /**
   * What the parts added to one counter since they were set (read a few times a batch). A plain
   * loop, not `forEach` with a closure, which cost 12-30 ns a read (docs/PERFORMANCE.md,
   * "Alerts at scale").
   */
  private added(key: keyof Counts): number {
    let total = 0;
    for (let i = 0; i < this.parts.length; i++)
      total += this.parts[i]!.state[key] - this.since[i]![key];
    return total;
  }

  private rebuild(): void {
    const key = `${this.instrumentsVersion}/${this.historyEpoch}`;
    if (key === this.builtKey) return;
    this.builtKey = key;
    this.mergedMarkets.clear();
    this.mergedMatches.clear();
    if (this.parts.length === 1 && this.parts[0]!.prefix === null) {
      const { state } = this.parts[0]!;
      this.mergedInstruments = state.instruments;
      for (const [id, market] of state.markets) this.mergedMarkets.set(id, market);
      for (const [id, match] of state.matches) this.mergedMatches.set(id, match);
      return;
    }
    const instruments: Instrument[] = [];
    for (const { prefix, state } of this.parts) {
      for (const inst of state.instruments)
        instruments.push({ ...inst, id: formatInstrumentName(prefix, inst.id) });
      for (const [id, market] of state.markets)
        this.mergedMarkets.set(formatInstrumentName(prefix, id), market);
      for (const [id, match] of state.matches)
        this.mergedMatches.set(formatInstrumentName(prefix, id), match);
    }
    this.mergedInstruments = instruments;
  }
}
