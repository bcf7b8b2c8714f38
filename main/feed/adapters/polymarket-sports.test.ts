import { afterEach, describe, expect, it } from 'vitest';
import { POLYMARKET_CS2, POLYMARKET_NFL } from '../../../test-support/polymarket-payloads';
import { FeedState } from '../feed-state';
import { createExchangeProtocol } from './exchange-protocol';
import { FINISHED_GAME_GRACE_MS, createPolymarketSportsTranslator } from './polymarket-sports';
import { createAdapterContext } from './translator';
import type { Harness } from '../../../test-support/exchange-feed';
import { harness } from '../../../test-support/exchange-feed';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const game = (fields: Record<string, unknown>) =>
  JSON.stringify({ ...JSON.parse(POLYMARKET_NFL), ...fields });

describe('Polymarket sports adapter over a socket, through the engine', () => {
  it('sends nothing on open and answers each text ping with a text pong', async () => {
    h = await harness('polymarket-sports', []);
    const client = await h.exchange.client();
    h.exchange.play(client, 'ping');
    await h.until(() => client.received.length === 1);
    expect(client.received.map((r) => r.text)).toEqual(['pong']);
    expect(h.results[0]).toMatchObject({ ok: true, reply: ['pong'] });
    expect(h.results[0]!.ok && h.results[0]!.messages.map((m) => m.op)).toEqual([
      'hello',
      'heartbeat',
    ]);
  });

  it('maps whole-game messages to a sports instrument and status, score and clock ticks', async () => {
    h = await harness('polymarket-sports', []);
    const client = await h.exchange.client();
    h.exchange.play(
      client,
      POLYMARKET_NFL,
      POLYMARKET_NFL,
      game({ score: '10-16', elapsed: '4:02' }),
    );
    await h.until(() => h!.results.length === 3);
    const [first, repeat, next] = h.results.map((r) => (r.ok ? r.messages : []));
    const ticksOf = (messages: typeof first) =>
      messages!.flatMap((m) => (m.op === 'ticks' ? m.ticks : []));
    expect(first!.find((m) => m.op === 'hello')).toMatchObject({
      instruments: [
        {
          id: 'pm-19439',
          kind: 'sports',
          name: 'LAC v BUF',
          home: 'LAC',
          away: 'BUF',
          competition: 'NFL',
        },
      ],
    });
    expect(ticksOf(first).map(({ ts: _ts, ...t }) => t)).toEqual([
      { kind: 'status', instrument: 'pm-19439', seq: 1, status: 'live' },
      { kind: 'score', instrument: 'pm-19439', seq: 2, home: 3, away: 16 },
      { kind: 'clock', instrument: 'pm-19439', seq: 3, clockMs: 318_000, running: true },
    ]);
    // The same state again changes nothing.
    expect(ticksOf(repeat)).toEqual([]);
    expect(ticksOf(next).map((t) => [t.kind, t.seq])).toEqual([
      ['score', 4],
      ['clock', 5],
    ]);
    // The sports panel shows the latest score.
    await h.until(() => h!.view.sports.get('pm-19439')?.home === 10);
    expect(h.view.sports.get('pm-19439')).toMatchObject({ away: 16, status: 'live' });
  });

  it('reads a finished esports game: series score, final status, finish time as event time', async () => {
    h = await harness('polymarket-sports', []);
    const client = await h.exchange.client();
    h.exchange.play(client, POLYMARKET_CS2);
    await h.until(() => h!.results.length === 1);
    expect(h.ticks()).toEqual([
      {
        kind: 'status',
        instrument: 'pm-1317359',
        seq: 1,
        ts: Date.parse('2025-07-20T18:30:00.000Z'),
        status: 'finished',
      },
      {
        kind: 'score',
        instrument: 'pm-1317359',
        seq: 2,
        ts: Date.parse('2025-07-20T18:30:00.000Z'),
        home: 2,
        away: 0,
      },
      {
        kind: 'clock',
        instrument: 'pm-1317359',
        seq: 3,
        ts: Date.parse('2025-07-20T18:30:00.000Z'),
        clockMs: 0,
        running: false,
      },
    ]);
  });

  it('filters by league and counts malformed games, naming the field', async () => {
    h = await harness('polymarket-sports', ['cs2']);
    const client = await h.exchange.client();
    h.exchange.play(
      client,
      POLYMARKET_NFL,
      game({ leagueAbbreviation: 'cs2', score: 'three-nil' }),
      game({ leagueAbbreviation: 'cs2', gameId: '19439' }),
      game({ leagueAbbreviation: 'cs2', live: 'yes' }),
      '{',
      POLYMARKET_CS2,
    );
    await h.until(() => h!.results.length === 6);
    expect(h.errors()).toEqual([
      'frame.score: expected a score like "3-16", got the string "three-nil"',
      'frame.gameId: expected a whole number, got the string "19439"',
      'frame.live: expected true or false, got the string "yes"',
      'frame: expected JSON, got the string "{"',
    ]);
    expect(h.instruments().map((i) => i.id)).toEqual(['pm-1317359']);
    await h.until(() => h!.health().malformed === 4);
  });
});

describe('Polymarket finished games', () => {
  it('keep their final score for the grace period, then leave the sports panel for the session', () => {
    // After the documented game's finished_timestamp (2025-07-20T18:30:00Z).
    let clock = Date.parse('2025-07-21T00:00:00Z');
    const protocol = createExchangeProtocol(
      { kind: 'exchange', exchange: 'polymarket-sports', symbols: [] },
      null,
      () => clock,
    );
    // What the engine holds: the announced games and their state.
    const state = new FeedState();
    const feed = (session: ReturnType<typeof protocol.createConnection>, text: string) => {
      const r = session.decode(text);
      if (!r.ok) throw new Error(r.error);
      for (const m of r.messages) {
        if (m.op === 'hello') state.setInstruments(m.instruments);
        if (m.op === 'ticks') state.applyTicks(m.ticks, () => {});
      }
    };
    const session = protocol.createConnection();
    feed(session, POLYMARKET_NFL);
    feed(session, POLYMARKET_CS2);
    expect([...state.matches.keys()]).toEqual(['pm-19439', 'pm-1317359']);
    expect(state.matches.get('pm-1317359')).toMatchObject({ status: 'finished', home: 2 });
    // Still listed just before the grace period ends (the server pings every 5 s).
    clock += FINISHED_GAME_GRACE_MS - 1;
    feed(session, 'ping');
    expect(state.matches.has('pm-1317359')).toBe(true);
    clock += 1;
    feed(session, 'ping');
    expect([...state.matches.keys()]).toEqual(['pm-19439']);
    // The feed keeps sending the finished game, also after a reconnect: it stays gone.
    feed(session, POLYMARKET_CS2);
    const next = protocol.createConnection();
    feed(next, POLYMARKET_CS2);
    feed(next, POLYMARKET_NFL);
    expect([...state.matches.keys()]).toEqual(['pm-19439']);
  });

  it('count the grace from when the game was first seen finished; a game that resumes stays', () => {
    const ctx = createAdapterContext();
    const t = createPolymarketSportsTranslator([], ctx);
    const ended = game({ status: 'Final', live: false, ended: true });
    expect(t.onMessage(ended, 0).instruments?.map((i) => i.id)).toEqual(['pm-19439']);
    // A repeat later does not restart the clock.
    t.onMessage(ended, FINISHED_GAME_GRACE_MS / 2);
    expect(t.onMessage('ping', FINISHED_GAME_GRACE_MS).instruments).toEqual([]);
    // A game marked finished by mistake and then live again is not dropped.
    const other = game({ gameId: 7, status: 'Final', live: false, ended: true });
    t.onMessage(other, 10 * FINISHED_GAME_GRACE_MS);
    t.onMessage(game({ gameId: 7 }), 10 * FINISHED_GAME_GRACE_MS + 1);
    const r = t.onMessage('ping', 12 * FINISHED_GAME_GRACE_MS);
    expect(r.instruments).toBeUndefined();
    expect(ctx.instruments.list().map((i) => i.id)).toEqual(['pm-7']);
  });

  it('drop an abandoned or cancelled game after the grace, and keep a postponed one', () => {
    const ctx = createAdapterContext();
    const t = createPolymarketSportsTranslator([], ctx);
    t.onMessage(game({ gameId: 1, status: 'Abandoned', live: false, ended: true }), 0);
    t.onMessage(game({ gameId: 2, status: 'Cancelled', live: false, ended: true }), 0);
    t.onMessage(game({ gameId: 3, status: 'Postponed', live: false }), 0);
    t.onMessage('ping', FINISHED_GAME_GRACE_MS);
    expect(ctx.instruments.list().map((i) => i.id)).toEqual(['pm-3']);
  });
});
