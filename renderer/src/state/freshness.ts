/**
 * Whether what the page shows is live: the health badge, and what a chart says of old data
 * (the connection's state and reason in words are connection-words.ts's, the stale banner's
 * sentences freshness-banner.ts's). Old data must never look live, so everything that marks
 * data stale asks {@link sourceIsLive}.
 */
import type {
  ConnectionState,
  Health,
  InstrumentNotice,
  SourceHealth,
} from '../../../protocol/health';
import { REPLAY_SOURCE_NAME, sourceOfInstrument } from '../../../protocol/source-names';
import { stateWords } from './connection-words';
import type { RowFreshness } from './row-pace';

/** The health bar's one-word verdict. */
export type Badge = 'live' | 'delayed' | 'stale' | 'down';

/** A median feed delay (source timestamp to batch) above this shows as delayed, ms. */
export const DELAYED_AFTER_MS = 2_000;

/** True while the shown source delivers: connected and not stalled. */
export function sourceIsLive(health: Health | null): boolean {
  return health !== null && health.connection.state === 'live';
}

/**
 * The source instrument `id` comes from: with several sources its own (`source:id`), with one
 * the page's; null for an id of no source the engine holds.
 */
function sourceOf(
  health: Health,
  id: string,
): Pick<SourceHealth, 'connection' | 'lastDataAt' | 'storedDataAt' | 'replaying'> | null {
  const sources = health.sources;
  if (sources === undefined) return health;
  const name = sourceOfInstrument(
    id,
    sources.map((s) => s.name),
  );
  return sources.find((s) => s.name === name) ?? null;
}

/** True while every source delivers (the page's one, with one). */
export function everySourceLive(health: Health): boolean {
  return health.sources?.every((s) => s.connection.state === 'live') ?? sourceIsLive(health);
}

/**
 * True while the source of instrument `id` delivers. With several sources each instrument
 * follows its own (`source:id`), so one venue's outage never greys another's live prices;
 * with one source, this is {@link sourceIsLive}.
 */
export function instrumentSourceLive(health: Health | null, id: string): boolean {
  return health !== null && sourceOf(health, id)?.connection.state === 'live';
}

/**
 * What a chart of instrument `id` says while its source is not live, e.g. "Disconnected ·
 * data 41 s old"; null while the source delivers (or before the first health). Charts, like
 * rows, follow their own source: a down venue greys its charts and no other's.
 */
export function chartStaleLabel(health: Health | null, id: string, now: number): string | null {
  if (health === null || instrumentSourceLive(health, id)) return null;
  const source = sourceOf(health, id);
  if (source === null) return 'Source removed';
  return `${stateWords(source.connection, source.lastDataAt !== null)} · ${dataAge(source, now)}`;
}

/**
 * How old the data a source shows is, in words: "data 41 s old" since its last update; "stored
 * data 3 min old" when all it has shown are states served before it proved live, by their own
 * times (a NATS desk started while its relay is away: `Health.storedDataAt`); "no data yet".
 */
export function dataAge(
  source: Pick<SourceHealth, 'lastDataAt' | 'storedDataAt'>,
  now: number,
): string {
  if (source.lastDataAt !== null) return `data ${formatAge(now - source.lastDataAt)} old`;
  if (source.storedDataAt !== null)
    return `stored data ${formatAge(now - source.storedDataAt)} old`;
  return 'no data yet';
}

/**
 * What a chart, book or tape of an instrument says while it is halted though its source is
 * live (`RowFreshness.halted`, the watchlist row's one definition): "Halted · no data for 12 s";
 * or, when its exchange halted it (`venue`, its notice), the venue's word, since when, and how
 * old its data is: "Halted by the venue (cancel only) for 4 min · data 2 s old". A halted pair
 * may still tick (its book moves in cancel-only or post-only), so the age says whether the
 * shown prices still move; "for" says how long the trader has been unable to trade (bug 198).
 * Null while it is not halted. Only the venue's word halts an instrument with no data (a
 * silence is a halt only against a pace learnt from its updates, row-pace.ts), so a halt by
 * silence always has an age; a stored state's (`storedDataAt`) is the first point of that pace.
 */
export function haltedLabel(
  row: RowFreshness,
  venue: Pick<InstrumentNotice, 'status' | 'since'> | null,
  now: number,
): string | null {
  if (!row.halted) return null;
  if (venue !== null) {
    const why = venue.status ? ` (${venue.status.replace(/_/g, ' ')})` : '';
    const data = row.ageMs === null ? 'no data yet' : `data ${formatAge(row.ageMs)} old`;
    return `Halted by the venue${why} for ${formatAge(now - venue.since)} · ${data}`;
  }
  return row.ageMs === null ? 'Halted' : `Halted · no data for ${formatAge(row.ageMs)}`;
}

/**
 * True while some live source delivers: the page as a whole is stale only when none does. A
 * replay open beside live sources does not count (its data is not live); one open alone does.
 */
export function anySourceLive(health: Health | null): boolean {
  const sources = health?.sources;
  if (sources === undefined) return sourceIsLive(health);
  const live = sources.filter((s) => s.name !== REPLAY_SOURCE_NAME);
  return live.some((s) => s.connection.state === 'live');
}

/**
 * True when instrument `id` comes from the open replay: the replay is the one source shown, or
 * the id is the replay's (`replay:<id>`) beside live sources.
 */
function openReplayHas(health: Health, id: string): boolean {
  if (!health.replay) return false;
  if (health.source.kind === 'replay') return true;
  return sourceOfInstrument(id, health.sources?.map((s) => s.name) ?? []) === REPLAY_SOURCE_NAME;
}

/**
 * The recorded time instrument `id`'s ages are measured at: the position of the replay it
 * comes from, the one opened here or its source's server replaying (a `--feed` of
 * `npm run feed -- replay`), or null for live data. The server's instruments were measured
 * against the wall clock: every row, chart and book read "halted 52 s" while it played (bug 202).
 */
export function replayPosition(health: Health | null, id: string): number | null {
  if (health === null) return null;
  if (health.replay && openReplayHas(health, id)) return health.replay.position;
  return sourceOf(health, id)?.replaying?.position ?? null;
}

/** True when instrument `id` comes from a replay (see {@link replayPosition}). */
export function instrumentReplayed(health: Health | null, id: string): boolean {
  return replayPosition(health, id) !== null;
}

/** live: data flows on time; delayed: it flows late; stale: the feed went quiet; down: no feed. */
export function connectionBadge(c: ConnectionState, feedDelayMs: number | null): Badge {
  switch (c.state) {
    case 'live':
      return (feedDelayMs ?? 0) > DELAYED_AFTER_MS ? 'delayed' : 'live';
    case 'stalled':
      return 'stale';
    default:
      return 'down';
  }
}

/** An age for people: "120 ms", "41 s", "3 min", "1.5 h". */
export function formatAge(ms: number): string {
  const t = Math.max(0, ms);
  if (t < 1_000) return `${Math.round(t / 10) * 10} ms`;
  if (t < 60_000) return `${Math.floor(t / 1_000)} s`;
  if (t < 3_600_000) return `${Math.floor(t / 60_000)} min`;
  return `${(t / 3_600_000).toFixed(1)} h`;
}

/**
 * No batch for this long means the host is gone (the browser mode's socket lost, the engine's
 * worker stopped for good): the engine sends a page a batch at least every 500 ms
 * (`HEALTH_ONLY_INTERVAL_MS`) while it acknowledges them, which a page does on arrival, ms.
 */
export const HOST_SILENT_MS = 5_000;

/**
 * Why a command that needs the host is not offered while the host is silent: the tooltip (and
 * accessible description) of every such control, which would only fail.
 */
export const HOST_SILENT_TITLE = `Not available: nothing from the Tickdeck host for ${formatAge(HOST_SILENT_MS)} (back when it answers)`;

/**
 * The health a page shows once the host has been silent since `since` (epoch ms, the last
 * batch): every source failed, saying why, so every row, chart, card and badge reads the page's
 * data as old. The last batch's health said live, and would have gone on saying so.
 */
export function hostSilentHealth(health: Health, since: number): Health {
  const connection: ConnectionState = {
    state: 'failed',
    reason: `nothing from the Tickdeck host for ${formatAge(HOST_SILENT_MS)}: its connection was lost or its feed engine stopped`,
  };
  return {
    ...health,
    connection,
    connectionSince: since,
    sources: health.sources?.map((s) => ({ ...s, connection, connectionSince: since })),
  };
}
