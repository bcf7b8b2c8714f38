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
  /** Rises when history was dropped: every consumer must reset. */
  readonly epoch: number;
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
}

export class MergedState implements BatchState {
  private parts: readonly MergedPart[] = [];
  /** Rises when the set of sources or their names change: ids change, so consumers reset. */
  private setVersion = 0;
  private builtKey = '';
  private mergedInstruments: readonly Instrument[] = [];
  private readonly mergedMarkets = new Map<string, MarketState>();
  private readonly mergedMatches = new Map<string, MatchState>();

  setParts(parts: readonly MergedPart[]): void {
    this.parts = parts;
    this.setVersion++;
  }

  // Sums of counters that only rise rise whenever any one of them does.
  get epoch(): number {
    return this.sum((s) => s.epoch);
  }

  get version(): number {
    return this.sum((s) => s.version);
  }

  get instrumentsVersion(): number {
    return this.sum((s) => s.instrumentsVersion);
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

  has(id: string): boolean {
    return this.markets.has(id) || this.matches.has(id);
  }

  sealSeries(): void {
    for (const part of this.parts) part.state.sealSeries();
  }

  private sum(of: (state: FeedState) => number): number {
    let total = this.setVersion;
    for (const part of this.parts) total += of(part.state);
    return total;
  }

  private rebuild(): void {
    const key = `${this.instrumentsVersion}/${this.epoch}`;
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
