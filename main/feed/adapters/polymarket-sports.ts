/**
 * Polymarket's public sports WebSocket: no subscription, every message the whole state of one
 * game (`sport_result`). https://docs.polymarket.com/market-data/websocket/sports
 *
 * Rules honoured: the server sends the text frame `ping` every 5 s and closes the connection
 * without a text `pong` within 10 s; we answer each ping at once. Games appear as they go
 * live, so the instrument list grows while connected. Symbols, when given, filter by league
 * (`polymarket-sports:nfl,nba`) or by game slug.
 *
 * Each game becomes a sports instrument with status, score and clock ticks (its texts read in
 * polymarket-game-fields.ts), sent only when they changed; there are no odds.
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
import { matchStatus, parseElapsed, parseScore } from './polymarket-game-fields';
import { TranslationBuilder } from './translation-builder';
import type { AdapterContext, ConnectionRules, Translation, Translator } from './translator';

export const POLYMARKET_SPORTS_ENDPOINT = 'wss://sports-api.polymarket.com/ws';

/** How long a finished game stays listed after it was first seen finished, ms. */
export const FINISHED_GAME_GRACE_MS = 5 * 60_000;

export const POLYMARKET_SPORTS_RULES: ConnectionRules = {
  defaultEndpoint: POLYMARKET_SPORTS_ENDPOINT,
  heartbeatMs: 6_000, // a ping every 5 s
  maxSendPerSecond: 5,
};

/** Phases of a game that is over: listed for FINISHED_GAME_GRACE_MS more, then dropped. */
const OVER: ReadonlySet<MatchStatus> = new Set(['finished', 'abandoned', 'cancelled']);

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
        // A game's state is the venue's word now, as its ping is, even unchanged or not asked
        // for: a filtered source read connecting until the next ping (up to 5 s).
        if (out.ticks.length === 0) out.heartbeat = true;
      } catch (e) {
        out.malformed(e);
      }
      return out.done();
    },
    resyncFrames: () => [],
  };
}
