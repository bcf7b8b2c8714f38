/**
 * The dashboard's state: what the DOM shows lives in `$state.raw` fields replaced whole (never
 * deep-proxied); chart series live in ring buffers in `series`, outside reactive state.
 * `apply` folds one batch in; the caller acks it and the frame loop draws it.
 */
import type { Batch } from '../../../protocol/batch';
import type { Health, InstrumentNotice } from '../../../protocol/health';
import { compactMarketRows } from '../../../protocol/market-rows';
import type { Instrument, MarketInstrument } from '../../../protocol/feed';
import { DEFAULT_SETTINGS, type Settings } from '../../../protocol/ipc';
import {
  anySourceLive,
  chartStaleLabel,
  everySourceLive,
  haltedLabel,
  hostSilentHealth,
  HOST_SILENT_MS,
  HOST_SILENT_TITLE,
  instrumentReplayed,
  replayPosition,
  instrumentSourceLive,
} from './freshness';
import { foldMatches, type MatchView } from './match-view';
import { RowPace, type RowFreshness } from './row-pace';
import { chooseCharts } from './chart-choice';
import { focusAfterSelect, foldRows, sortRows, type RowView, type SortSpec } from './row-view';
import { agesPosition } from './replay-view';
import { SeriesStore } from './series-store';
import { clockAheadOf } from './source-clock';
import { foldBook, Tape, type BookView, type TapeRow } from './depth-view';

/** The health bar is refreshed at most this often, so its figures are readable. */
export const HEALTH_REFRESH_MS = 250;

export class DashboardState {
  instruments = $state.raw<readonly Instrument[]>([]);
  /** Watchlist rows in the feed's instrument order. */
  rows = $state.raw<readonly RowView[]>([]);
  matches = $state.raw<readonly MatchView[]>([]);
  health = $state.raw<Health | null>(null);
  settings = $state.raw<Settings>(DEFAULT_SETTINGS);
  sort = $state.raw<SortSpec>({ key: 'none', dir: 1 });
  /** Charts frozen by the user (data keeps flowing into the rings). */
  paused = $state.raw(false);
  /** Wall-clock time of the last batch, for "n s ago" displays. */
  lastBatchAt = $state.raw<number | null>(null);
  /** The selected instrument's order book (the interest's `selected`), or null. */
  book = $state.raw<BookView | null>(null);
  /** Its latest trades, newest first; frozen while `tapePaused` (trades keep arriving). */
  tape = $state.raw<readonly TapeRow[]>([]);
  tapePaused = $state.raw(false);
  private readonly tapeStore = new Tape();

  /**
   * The page's replay playhead (App.svelte's) or null, which ages follow between reports;
   * read untracked, so rows do not redraw every frame.
   */
  replayPlayhead: () => number | null = () => null;

  readonly series = new SeriesStore();
  /** Each instrument's tick pace, for row ages and halts (not reactive: read with a clock). */
  private readonly pace = new RowPace();
  /** True while no source delivers: everything the page shows is old. */
  noSourceLive = $derived(this.health !== null && !anySourceLive(this.health));
  /** The sources' names in the order added (the watchlist groups its rows by them). */
  sourceNames = $derived(this.health?.sources?.map((s) => s.name) ?? []);

  marketInstruments = $derived(
    this.instruments.filter((i): i is MarketInstrument => i.kind === 'market'),
  );
  sortedRows = $derived(sortRows(this.rows, this.sort));
  /** The chart cells: the saved instruments the sources have, and those they wait for. */
  charts = $derived(
    chooseCharts(
      this.settings.focused,
      this.marketInstruments.map((i) => i.id),
      this.settings.chartGrid,
    ),
  );
  /** Instruments charted: the saved choice as far as the chart grid holds, or the first instrument. */
  focused = $derived(this.charts.charted);

  private healthShownAt = 0;
  /** No batch for {@link HOST_SILENT_MS}: {@link hostSilentHealth} shown, host commands hidden. */
  hostSilent = $state.raw(false);
  /** Why commands that need the host are not offered ({@link HOST_SILENT_TITLE}), or null. */
  hostSilentTitle = $derived(this.hostSilent ? HOST_SILENT_TITLE : null);

  /** Folds one batch in. */
  apply(batch: Batch, now = Date.now()): void {
    if (batch.instruments) {
      this.instruments = batch.instruments;
      this.series.setInstrumentCount(this.marketInstruments.length);
    }
    // Before folding: an instrument just charted keeps every point from this batch on.
    this.series.pin(this.focused);
    this.series.apply(batch);
    const restarted: readonly string[] = batch.restarted ?? [];
    // Compact rows (instruments outside the interest) fold as rows like the others.
    const market = batch.compact
      ? [...batch.market, ...compactMarketRows(batch.compact)]
      : batch.market;
    // Rows of a source not live date their rows but teach no pace (a stored state's gap to the
    // first update is minutes); the common batch, every source live, asks nothing a row.
    const health = batch.health;
    const live = everySourceLive(health)
      ? undefined
      : (id: string) => instrumentSourceLive(health, id);
    const ahead =
      health.clockAheadMs === undefined ? undefined : (id: string) => clockAheadOf(health, id);
    this.pace.fold(market, batch.reset, restarted, live, now, ahead);
    // A restarted instrument (a replay sought) starts from this batch's state, like a reset.
    const kept = <T extends { readonly id: string }>(views: readonly T[]) =>
      restarted.length === 0 ? views : views.filter((v) => !restarted.includes(v.id));

    if (batch.reset || market.length > 0) {
      this.rows = foldRows(kept(this.rows), market, this.instruments, batch.reset);
    }
    if (batch.reset || batch.sports.length > 0) {
      this.matches = foldMatches(kept(this.matches), batch.sports, this.instruments, batch.reset);
    }

    if (batch.depth) {
      this.book = foldBook(this.book, batch.depth);
      this.tapeStore.fold(batch.depth);
      if (!this.tapePaused) this.tape = this.tapeStore.rows;
    } else if (batch.reset) {
      this.book = null;
      this.tape = [];
    }

    const connectionChanged = this.health?.connection.state !== batch.health.connection.state;
    if (
      connectionChanged ||
      batch.reset ||
      this.hostSilent ||
      now - this.healthShownAt >= HEALTH_REFRESH_MS
    ) {
      this.hostSilent = false;
      this.health = batch.health;
      this.healthShownAt = now;
    }
    this.lastBatchAt = now;
  }

  /** At wall-clock `now`: no batch for {@link HOST_SILENT_MS}, the data shown as old until one. */
  checkHost(now: number): void {
    if (this.hostSilent || this.health === null || this.lastBatchAt === null) return;
    if (now - this.lastBatchAt < HOST_SILENT_MS) return;
    this.hostSilent = true;
    this.health = hostSilentHealth(this.health, this.lastBatchAt);
  }

  /**
   * How fresh an instrument's row is at wall-clock `now`. A replay's instruments measure ages
   * at its position in recorded time, where their ticks live; live ones beside it at `now`.
   */
  rowFreshness(id: string, now: number): RowFreshness {
    const replayed = replayPosition(this.health, id);
    const freshness = this.pace.freshness(
      id,
      agesPosition(this.health, replayed, this.replayPlayhead()) ?? now,
      instrumentSourceLive(this.health, id),
    );
    return this.venueHalt(id) ? { ...freshness, halted: true } : freshness;
  }

  /**
   * The venue's notice that `id` does not trade (Kraken's pair status), whatever its ticks look
   * like, or null.
   */
  private venueHalt(id: string): InstrumentNotice | null {
    return this.health?.notices?.find((n) => n.halted && n.instrument === id) ?? null;
  }

  /** Whether instrument or match `id` comes from the open replay. */
  replayed(id: string): boolean {
    return instrumentReplayed(this.health, id);
  }

  /**
   * Why instrument `id`'s charts, book and tape show old data at wall-clock `now`: its source
   * is not live, or it is halted (its row's freshness) while the source is; null otherwise.
   */
  chartStale(id: string, now: number): string | null {
    const down = chartStaleLabel(this.health, id, now);
    return down ?? haltedLabel(this.rowFreshness(id, now), this.venueHalt(id), now);
  }

  /** Pauses or resumes the tape; resuming shows every trade that came meanwhile. */
  pauseTape(paused: boolean): void {
    this.tapePaused = paused;
    if (!paused) this.tape = this.tapeStore.rows;
  }

  /** Focus after selecting a watchlist row (alone, or toggled in the compare set). */
  focusedAfter(id: string, compare: boolean): string[] {
    return focusAfterSelect(this.focused, id, compare, this.settings.chartGrid);
  }
}
