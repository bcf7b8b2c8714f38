/**
 * Polymarket's public sports WebSocket: no subscription, every message the whole state of one
 * game (`sport_result`). https://docs.polymarket.com/market-data/websocket/sports
 *
 * Rules honoured: the server sends the text frame `ping` every 5 s and closes the connection
 * without a text `pong` within 10 s; we answer each ping at once. Games appear as they go
 * live, so the instrument list grows while connected. Symbols, when given, filter by league
 * (`polymarket-sports:nfl,nba`) or by game slug.
 *
 * Mapping (score and clock are not documented beyond the examples): `score` "3-16" is read as
 * home-away in the order of `homeTeam`/`awayTeam`; esports "000-000|2-0|Bo3" uses the series
 * score (the part before "BoN"). `elapsed` "5:18" becomes the clock; there are no odds.
 *
 * Games leave as well: a game seen finished stays {@link FINISHED_GAME_GRACE_MS} so its final
 * score can be read, then leaves the instrument list for the rest of the session (the feed
 * keeps sending finished games, which would otherwise pile up in the sports panel).
 */
import type {
  ClockTick,
  MatchStatus,
  ScoreTick,
  SportsInstrument,
  StatusTick,
} from '../../../protocol/feed';
import type { Obj } from './fields';
import { FieldError, bool, int, parseFrame, str } from './fields';
import { TranslationBuilder } from './translation-builder';
import type { AdapterContext, FeedRules, Translation, Translator } from './translator';

export const POLYMARKET_SPORTS_ENDPOINT = 'wss://sports-api.polymarket.com/ws';

/** How long a finished game stays listed after it was first seen finished, ms. */
export const FINISHED_GAME_GRACE_MS = 5 * 60_000;

export const POLYMARKET_SPORTS_RULES: FeedRules = {
  defaultEndpoint: POLYMARKET_SPORTS_ENDPOINT,
  heartbeatMs: 6_000, // a ping every 5 s
  maxSendPerSecond: 5,
};

const SCHEDULED = new Set(['scheduled', 'not_started', 'delayed']);
const FINISHED = new Set([
  'final',
  'f/ot',
  'f/so',
  'finished',
  'forfeit',
  'awarded',
  'notnecessary',
]);
/** Status texts of play that did not go as planned, by the app's phase for them. */
const CALLED: ReadonlyMap<string, MatchStatus> = new Map([
  ['suspended', 'suspended'],
  ['interrupted', 'suspended'],
  ['postponed', 'postponed'],
  ['abandoned', 'abandoned'],
  ['canceled', 'cancelled'],
  ['cancelled', 'cancelled'],
]);
/** Phases of a game that is over: listed for FINISHED_GAME_GRACE_MS more, then dropped. */
const OVER: ReadonlySet<MatchStatus> = new Set(['finished', 'abandoned', 'cancelled']);

/** Maps the sport-specific status text (and the period, for half time) to the app's phases. */
export function matchStatus(
  status: string,
  period: string | undefined,
  live: boolean,
  ended: boolean,
): MatchStatus {
  const s = status.toLowerCase();
  const called = CALLED.get(s);
  if (called !== undefined) return called;
  if (ended || FINISHED.has(s)) return 'finished';
  if (s === 'break' || period === 'HT') return 'halftime';
  if (SCHEDULED.has(s)) return 'scheduled';
  return live || s === 'inprogress' || s === 'running' ? 'live' : 'scheduled';
}

/**
 * A score part and an elapsed clock, each count of at most 6 digits: no game counts a million
 * points or minutes, and 400 digits would read as Infinity, which no tick may carry.
 */
const SCORE_PART = /^(\d{1,6})-(\d{1,6})$/;
const ELAPSED = /^(\d{1,6})(?::(\d{1,2}))?$/;

/** "3-16" -> [3, 16]; "000-000|2-0|Bo3" -> [2, 0]; null when unreadable. */
export function parseScore(score: string): [number, number] | null {
  const parts = score.split('|');
  const bestOf = parts.length > 1 && /^Bo\d+$/i.test(parts[parts.length - 1]!);
  const part = bestOf ? parts[parts.length - 2]! : parts[0]!;
  const m = SCORE_PART.exec(part.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** "5:18" -> 318000 ms, "90" -> 5400000 ms (minutes); null when unreadable. */
export function parseElapsed(elapsed: string): number | null {
  const m = ELAPSED.exec(elapsed.trim());
  if (!m) return null;
  return m[2] === undefined ? Number(m[1]) * 60_000 : (Number(m[1]) * 60 + Number(m[2])) * 1000;
}

interface GameState {
  home: number;
  away: number;
  clockMs: number;
  running: boolean;
  status: MatchStatus | null;
}

export function createPolymarketSportsTranslator(
  filters: readonly string[],
  ctx: AdapterContext,
): Translator {
  const wanted = filters.map((f) => f.toLowerCase());
  // Per connection: a reconnect re-emits every game's state once (the feed has no replay).
  const games = new Map<string, GameState>();

  function read(out: TranslationBuilder, m: Obj, receivedAt: number): void {
    const gameId = int(m, 'gameId', 'frame');
    const league = str(m, 'leagueAbbreviation', 'frame');
    const slug = str(m, 'slug', 'frame');
    if (
      wanted.length > 0 &&
      !wanted.includes(league.toLowerCase()) &&
      !wanted.includes(slug.toLowerCase())
    )
      return;
    const home = str(m, 'homeTeam', 'frame');
    const away = str(m, 'awayTeam', 'frame');
    const scoreText = str(m, 'score', 'frame');
    const score = parseScore(scoreText);
    if (!score) throw new FieldError('frame.score', 'a score like "3-16"', scoreText);
    const live = bool(m, 'live', 'frame');
    const ended = bool(m, 'ended', 'frame');
    const period = typeof m.period === 'string' ? m.period : undefined;
    const status = matchStatus(str(m, 'status', 'frame'), period, live, ended);
    const elapsed = m.elapsed === undefined ? null : parseElapsed(str(m, 'elapsed', 'frame'));
    const id = `pm-${gameId}`;
    const finishedAt = ctx.finishedAt.get(id);
    if (finishedAt !== undefined && receivedAt - finishedAt >= FINISHED_GAME_GRACE_MS) return;
    // Messages carry no event time; finished games carry when they ended.
    const endedTs =
      typeof m.finished_timestamp === 'string' ? Date.parse(m.finished_timestamp) : NaN;
    // Read when a tick needs it: the feed repeats a game's whole state, most often unchanged.
    let ts: number | undefined;
    const at = () =>
      (ts ??= Number.isFinite(endedTs)
        ? out.eventTime(endedTs, 'frame.finished_timestamp')
        : receivedAt);
    if (!OVER.has(status)) ctx.finishedAt.delete(id);
    else if (finishedAt === undefined) ctx.finishedAt.set(id, receivedAt);
    const instrument: SportsInstrument = {
      id,
      kind: 'sports',
      name: `${home} v ${away}`,
      home,
      away,
      competition: league.toUpperCase(),
    };
    ctx.instruments.put(instrument);
    let g = games.get(id);
    if (!g) {
      g = { home: -1, away: -1, clockMs: -1, running: false, status: null };
      games.set(id, g);
    }
    if (status !== g.status) {
      g.status = status;
      out.tick<StatusTick>({ kind: 'status', instrument: id, ts: at(), status });
    }
    if (score[0] !== g.home || score[1] !== g.away) {
      [g.home, g.away] = score;
      out.tick<ScoreTick>({
        kind: 'score',
        instrument: id,
        ts: at(),
        home: score[0],
        away: score[1],
      });
    }
    const running = status === 'live';
    const clockMs = elapsed ?? Math.max(g.clockMs, 0);
    if (clockMs !== g.clockMs || running !== g.running) {
      g.clockMs = clockMs;
      g.running = running;
      out.tick<ClockTick>({ kind: 'clock', instrument: id, ts: at(), clockMs, running });
    }
  }

  /** Finished games past their grace leave the list (announced with this frame's result). */
  function retire(now: number): void {
    for (const [id, at] of ctx.finishedAt)
      if (now - at >= FINISHED_GAME_GRACE_MS && ctx.instruments.has(id)) {
        ctx.instruments.remove(id);
        games.delete(id);
      }
  }

  return {
    exchange: 'polymarket-sports',
    rules: POLYMARKET_SPORTS_RULES,
    url: (endpoint) => endpoint ?? POLYMARKET_SPORTS_ENDPOINT,
    onOpen: () => [], // "No subscription message required"
    onMessage(text: string, receivedAt: number): Translation {
      const out = new TranslationBuilder(ctx, receivedAt);
      // The server pings every 5 s, so this runs often enough even when no game changes.
      retire(receivedAt);
      // Heartbeats are plain text, checked before JSON.parse as the docs say.
      if (text === 'ping') {
        out.reply.push('pong');
        out.heartbeat = true;
        return out.done();
      }
      try {
        read(out, parseFrame(text), receivedAt);
      } catch (e) {
        out.malformed(e);
      }
      return out.done();
    },
    resyncFrames: () => [],
  };
}
